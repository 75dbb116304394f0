package builtins

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// refSplit is the plain definition of ExtraitChaîne's pieces: s cut wherever a separator
// starts, the longest one winning where several start at the same place.
func refSplit(s string, seps []string) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); {
		n := 0
		for _, sep := range seps {
			if len(sep) > n && strings.HasPrefix(s[i:], sep) {
				n = len(sep)
			}
		}
		if n == 0 {
			i++
			continue
		}
		parts = append(parts, s[start:i])
		i += n
		start = i
	}
	return append(parts, s[start:])
}

func sepsOf(seps []string) extractSeps {
	if len(seps) == 1 {
		return extractSeps{one: seps[0], key: seps[0]}
	}
	return extractSeps{many: seps, key: strings.Join(seps, "\x00")}
}

// TestCutterMatchesSplit compares the lazy cutter with refSplit on random strings, asking
// for the pieces in a random order, from the start and from the end.
func TestCutterMatchesSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sepSets := [][]string{{","}, {"<>"}, {"\r\n"}, {",", ";"}, {"<", "<>", ";"}, {"ab", "b"}, {"zz", "q"}}
	alphabet := "ab,;<>\r\nxz"
	for n := 0; n < 2000; n++ {
		var b strings.Builder
		for k := r.IntN(30); k > 0; k-- {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		seps := sepSets[r.IntN(len(sepSets))]
		want := refSplit(s, seps)
		var c cutter
		c.reset(s, sepsOf(seps))
		fromEnd := r.IntN(2) == 0
		for k := 0; k < 2*len(want)+2; k++ {
			i := r.IntN(len(want)+2) + 1
			got, ok := c.piece(i, fromEnd)
			j := i - 1
			if fromEnd {
				j = len(want) - i
			}
			if i > len(want) {
				if ok {
					t.Fatalf("%q cut at %q: piece %d (fromEnd %v) = %q, want none (%q)", s, seps, i, fromEnd, got, want)
				}
				continue
			}
			if !ok || got != want[j] {
				t.Fatalf("%q cut at %q: piece %d (fromEnd %v) = %q, %v; want %q (%q)", s, seps, i, fromEnd, got, ok, want[j], want)
			}
		}
		if got := c.count(); got != len(want) {
			t.Fatalf("%q cut at %q: count %d, want %d", s, seps, got, len(want))
		}
	}
}

// TestCutterIsLazy checks that the first piece of a long text does not cut the rest.
func TestCutterIsLazy(t *testing.T) {
	var c cutter
	c.reset(strings.Repeat("ligne\r\n", 1000), extractSeps{one: "\r\n", key: "\r\n"})
	if p, ok := c.piece(2, false); !ok || p != "ligne" {
		t.Fatalf("piece 2 = %q, %v", p, ok)
	}
	if len(c.starts) != 2 || c.done {
		t.Errorf("asking for piece 2 cut %d pieces (done %v)", len(c.starts), c.done)
	}
}
