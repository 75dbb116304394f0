package builtins

import (
	"strings"
	"testing"

	"github.com/wl-lang/wl/lexer"
)

// TestNamePairs checks the French/English convention over the whole library: every pair
// names names of its registration, English names have no accents (a name registered alone
// stands for both languages), every exception is a
// registration of the library, and every registration whose second name has accents (a
// French name where the English one is expected) is an exception.
func TestNamePairs(t *testing.T) {
	lib, err := New()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, s := range lib.NameSets() {
		key := strings.Join(s.Names, "|")
		if _, ok := namePairExceptions[key]; ok {
			used[key] = true
		} else if len(s.Names) > 1 && !isASCII(s.Names[1]) {
			t.Errorf("%v: the second name is not English; list the registration in namePairExceptions", s.Names)
		}
		in := map[string]bool{}
		for _, n := range s.Names {
			in[lexer.Fold(n)] = true
		}
		for _, p := range NamePairs(s.Names) {
			if !in[lexer.Fold(p.French)] || !in[lexer.Fold(p.English)] {
				t.Errorf("%v: pair %v names a name the registration lacks", s.Names, p)
			}
			if p.English != p.French && !isASCII(p.English) {
				t.Errorf("%v: English name %q has accents", s.Names, p.English)
			}
		}
	}
	for k := range namePairExceptions {
		if !used[k] {
			t.Errorf("namePairExceptions lists %q, which is not a registration", k)
		}
	}
}
