package builtins_test

import (
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestExtractCacheFollowsTheString checks that the cache and the rangSuivant walk belong to
// the string and separators used: changing the text (an assignment, an append in place, a
// text of the same length), or the separator, gives the pieces of the new one.
func TestExtractCacheFollowsTheString(t *testing.T) {
	got := run(t, `
t est une chaîne = "a,b,c"
Trace(ExtraitChaîne(t, 2, ","), ExtraitChaîne(t, rangPremier, ","), ExtraitChaîne(t, rangSuivant, ","))
t = "x,y,z"
Trace(ExtraitChaîne(t, 2, ","), ExtraitChaîne(t, rangSuivant, ","), ExtraitChaîne(t, rangSuivant, ","))
t += ",w"
Trace(ExtraitChaîne(t, 4, ","), ExtraitChaîne(t, 3, ";") = EOT, ExtraitChaîne(t, 1, ";"))
u est une chaîne = "x;y;z;w"
Trace(ExtraitChaîne(u, 2, ";"), ExtraitChaîne(t, 2, ","), ExtraitChaîne(u, 2, [";", ","]))
// A walk is broken by a call on another string, then starts again.
Trace(ExtraitChaîne(t, rangPremier, ","), ExtraitChaîne(t, rangSuivant, ","), ExtraitChaîne(u, 1, ";"), ExtraitChaîne(t, rangSuivant, ","))
// Five strings in turn: more than the cache holds, each still cut right.
POUR i = 1 _A_ 3
	Trace(ExtraitChaîne("1,2", 2, ","), ExtraitChaîne("3,4", 2, ","), ExtraitChaîne("5,6", 2, ","), ExtraitChaîne("7,8", 2, ","), ExtraitChaîne("9,0", 2, ","))
FIN
`, interp.Options{})
	want := `b, a, b
y, x, y
w, 1, x,y,z,w
y, y, y
x, y, x, x
2, 4, 6, 8, 0
2, 4, 6, 8, 0
2, 4, 6, 8, 0
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
