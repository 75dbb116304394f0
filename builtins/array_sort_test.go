package builtins

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/wl-lang/wl/interp"
)

// refSortValues is TableauTrie's order by its definition: a stable sort with
// compareForSort.
func refSortValues(items []interp.Value, desc bool) {
	sort.SliceStable(items, func(i, j int) bool {
		c := compareForSort(items[i], items[j])
		if desc {
			return c > 0
		}
		return c < 0
	})
}

// describe shows the kinds and string forms of values: two sorts agree, stability
// included, when these are the same (1, 1.0 and Vrai all print 1).
func describe(items []interp.Value) string {
	s := ""
	for _, v := range items {
		s += fmt.Sprintf("%s:%s ", v.Kind(), v.String())
	}
	return s
}

// TestSortValuesMatchesReference checks the typed paths of TableauTrie (integers only,
// strings only, anything else) against a stable sort with compareForSort, ascending and
// descending, on random arrays with many equal elements.
func TestSortValuesMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"abricot", "Abricot", "kiwi", "", "été", "z", "kiwis", "10", "9"}
	gens := map[string]func() interp.Value{
		"int": func() interp.Value { return interp.Int(r.Int64N(50) - 25) },
		"bigint": func() interp.Value {
			return interp.Int(1<<62 + r.Int64N(4)) // beyond float64 precision
		},
		"string": func() interp.Value { return interp.Str(words[r.IntN(len(words))]) },
		"number": func() interp.Value {
			switch r.IntN(3) {
			case 0:
				return interp.Int(r.Int64N(5))
			case 1:
				return interp.Real(float64(r.IntN(10)) / 2)
			}
			return interp.Bool(r.IntN(2) == 0)
		},
		// Strings that begin with a letter sort after every number's string form, so the
		// mixed order is a total preorder and any correct stable sort gives the same result.
		"mixed": func() interp.Value {
			switch r.IntN(4) {
			case 0:
				return interp.Int(r.Int64N(20) - 5)
			case 1:
				return interp.Real(float64(r.IntN(8)) / 4)
			case 2:
				return interp.Str(words[r.IntN(3)])
			}
			return interp.Str(words[1+r.IntN(2)])
		},
		"dates": func() interp.Value {
			if r.IntN(2) == 0 {
				return interp.Str(words[r.IntN(3)])
			}
			return interp.DateOf(2026, time.Month(1+r.IntN(3)), 1+r.IntN(3))
		},
	}
	for name, gen := range gens {
		for n := 0; n < 200; n++ {
			items := make([]interp.Value, r.IntN(60))
			for i := range items {
				items[i] = gen()
			}
			for _, desc := range []bool{false, true} {
				got, want := slices.Clone(items), slices.Clone(items)
				sortValues(got, desc)
				refSortValues(want, desc)
				if g, w := describe(got), describe(want); g != w {
					t.Fatalf("%s, desc %v: sorting %s\ngot  %s\nwant %s", name, desc, describe(items), g, w)
				}
			}
		}
	}
}

// TestSortIntsKeepsPrecision checks that integers beyond 2^53 are compared as integers.
func TestSortIntsKeepsPrecision(t *testing.T) {
	items := []interp.Value{interp.Int(1<<60 + 1), interp.Int(1 << 60), interp.Int(-3)}
	sortValues(items, false)
	if got, want := describe(items), describe([]interp.Value{interp.Int(-3), interp.Int(1 << 60), interp.Int(1<<60 + 1)}); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
