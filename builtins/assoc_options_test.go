package builtins

import (
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestAssocKeyOptions checks that the key options interp gives to an associative array's
// declaration are the values of the cc* constants scripts write there.
func TestAssocKeyOptions(t *testing.T) {
	for _, c := range []struct {
		name      string
		interp, b int64
	}{
		{"ccSansCasse", interp.KeyIgnoreCase, ccIgnoreCase},
		{"ccSansEspace", interp.KeyIgnoreSpace, ccIgnoreSpace},
		{"ccSansAccent", interp.KeyIgnoreAccent, ccIgnoreAccent},
	} {
		if c.interp != c.b {
			t.Errorf("%s: interp uses %d, the constant is %d", c.name, c.interp, c.b)
		}
	}
}
