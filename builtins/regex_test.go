package builtins

import (
	"regexp"
	"strings"
	"testing"
)

// TestRegexErrorsNameWhatIsMissing checks that an expression RE2 refuses gets a message
// naming the construct wl lacks.
func TestRegexErrorsNameWhatIsMissing(t *testing.T) {
	tests := []struct{ expr, hint string }{
		{`(a)\1`, "back-references"},
		{`a(?=b)`, "look-ahead and look-behind"},
		{`(?<!a)b`, "look-ahead and look-behind"},
		{`(?>ab)`, "atomic groups"},
		{`a++`, "possessive"},
		{`(?(1)a|b)`, "conditions"},
		{`[a-`, ""},
	}
	for _, tt := range tests {
		_, err := regexp.Compile(`\A(?:` + tt.expr + `)\z`)
		if err == nil {
			t.Fatalf("%q compiled", tt.expr)
		}
		msg := regexError("F", tt.expr, err).Error()
		if !strings.HasPrefix(msg, "F: invalid regular expression ") || tt.hint != "" && !strings.Contains(msg, tt.hint) {
			t.Errorf("%q: %s", tt.expr, msg)
		}
	}
}
