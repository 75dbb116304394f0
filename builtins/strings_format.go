package builtins

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wl-lang/wl/interp"
)

// Options of ChaîneFormate / StringFormat and ChaîneCompare / StringCompare (the cc*
// constants). The values are wl's own, distinct bits that combine with +; ccSansCasse is
// SansCasse's value, so that ChaîneCompare(a, b, SansCasse), which scripts also write,
// keeps meaning "ignoring case". (PC SOFT's WEBDEV browser runtime numbers them 1, 2, 4,
// 16, 32, 64, 8 and 128, where SansCasse would mean ccSansAccent.)
const (
	ccNormal           = 0
	ccIgnoreCase       = optIgnoreCase // ccSansCasse: in capitals (compared ignoring case)
	ccIgnoreSpace      = 8             // ccSansEspace: blanks removed at both ends
	ccIgnorePunctSpace = 16            // ccSansPonctuationNiEspace: punctuation and blanks removed
	ccIgnoreAccent     = 32            // ccSansAccent: accents removed
	ccUpper            = 64            // ccMajuscule: in capitals
	ccLower            = 128           // ccMinuscule: in small letters
	ccIgnoreInnerSpace = 256           // ccSansEspaceIntérieur: blanks inside removed
	ccLexicographic    = 512           // ccOrdreLexicographique: é between e and f
	ccNumeric          = 1024          // ccRespecteNumérique: "10" after "9"
)

func registerStringFormat(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(ccNormal, "ccNormal")
	c(ccIgnoreCase, "ccSansCasse", "ccIgnoreCase")
	c(ccIgnoreSpace, "ccSansEspace", "ccIgnoreSpace")
	c(ccIgnorePunctSpace, "ccSansPonctuationNiEspace", "ccIgnorePunctuationAndSpace")
	c(ccIgnoreAccent, "ccSansAccent", "ccIgnoreAccent")
	c(ccUpper, "ccMajuscule", "ccUpCase")
	c(ccLower, "ccMinuscule", "ccLowCase")
	c(ccIgnoreInnerSpace, "ccSansEspaceIntérieur", "ccIgnoreInsideSpace")
	c(ccLexicographic, "ccOrdreLexicographique", "ccLexicographicOrder")
	c(ccNumeric, "ccRespecteNumérique", "ccRespectNumeric")

	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	format := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(formatCC(a[0].String(), optionArg(a, 1))), nil
	}
	// ChaîneFormate(s, options) and s.Formate(options).
	fn([]string{"ChaîneFormate", "StringFormat"}, 2, 2, format)
	fn([]string{"Formate", "Format"}, 2, 2, format)
	// ChaîneInsère(s, inserted, position): inserted placed before the character at position
	// (1 is the start, Taille(s) + 1 the end).
	fn([]string{"ChaîneInsère", "StringInsert"}, 3, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, ins, pos := a[0].String(), a[1].String(), a[2].AsInt()
		if n := int64(utf8.RuneCountInString(s)); pos < 1 || pos > n+1 {
			return interp.Null, fmt.Errorf("ChaîneInsère: the position must be between 1 and %d (the length + 1), not %d", n+1, pos)
		}
		off := byteOffset(s, int(pos))
		return interp.Str(s[:off] + ins + s[off:]), nil
	})
	// ChaîneSupprime(s, removed [, options]): every occurrence of removed taken out, with
	// SansCasse and MotComplet as in Remplace.
	fn([]string{"ChaîneSupprime", "StringDelete"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(replace(a[0].String(), a[1].String(), "", optionArg(a, 2))), nil
	})
}

// isBlank is a blank of ccSansEspace: a space or a control character from TAB to CR.
func isBlank(r rune) bool { return r == ' ' || r >= '\t' && r <= '\r' }

// formatCC applies ChaîneFormate's options to s: blanks at both ends and inside, case,
// accents, then punctuation and blanks (only letters, digits and marks are kept).
func formatCC(s string, opts int64) string {
	if opts&ccIgnoreSpace != 0 {
		s = strings.TrimFunc(s, isBlank)
	}
	if opts&ccIgnoreInnerSpace != 0 {
		s = removeInnerBlanks(s)
	}
	if opts&(ccIgnoreCase|ccUpper) != 0 {
		s = strings.ToUpper(s)
	}
	if opts&ccLower != 0 {
		s = strings.ToLower(s)
	}
	if opts&ccIgnoreAccent != 0 {
		s = removeAccents(s)
	}
	if opts&ccIgnorePunctSpace != 0 {
		s = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
				return r
			}
			return -1
		}, s)
	}
	return s
}

// removeInnerBlanks drops the blanks that have something else on both sides.
func removeInnerBlanks(s string) string {
	start := len(s) - len(strings.TrimLeftFunc(s, isBlank))
	end := len(strings.TrimRightFunc(s, isBlank))
	if start >= end {
		return s
	}
	inner := strings.Map(func(r rune) rune {
		if isBlank(r) {
			return -1
		}
		return r
	}, s[start:end])
	return s[:start] + inner + s[end:]
}

// stringCompare is ChaîneCompare(a, b [, options]): -1, 0 or 1, comparing the strings
// formatted with the options byte by byte, or character by character in lexicographic
// order (a letter's accent counts only between equal letters) and with numbers compared by
// value (ccRespecteNumérique).
func stringCompare(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	opts := optionArg(a, 2)
	x, y := formatCC(a[0].String(), opts), formatCC(a[1].String(), opts)
	if opts&(ccLexicographic|ccNumeric) == 0 {
		return interp.Int(int64(strings.Compare(x, y))), nil
	}
	return interp.Int(int64(compareRunes([]rune(x), []rune(y), opts))), nil
}

// compareRunes is the comparison of ccOrdreLexicographique and ccRespecteNumérique.
func compareRunes(x, y []rune, opts int64) int {
	i, j := 0, 0
	for i < len(x) && j < len(y) {
		if opts&ccNumeric != 0 && isASCIIDigit(x[i]) && isASCIIDigit(y[j]) {
			ni, nj := i, j
			for ni < len(x) && isASCIIDigit(x[ni]) {
				ni++
			}
			for nj < len(y) && isASCIIDigit(y[nj]) {
				nj++
			}
			if c := compareDigits(x[i:ni], y[j:nj]); c != 0 {
				return c
			}
			i, j = ni, nj
			continue
		}
		if opts&ccLexicographic != 0 {
			bx, by := removeAccents(string(x[i])), removeAccents(string(y[j]))
			if c := strings.Compare(bx, by); c != 0 {
				return c
			}
		}
		if x[i] != y[j] {
			if x[i] < y[j] {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	switch {
	case len(x)-i < len(y)-j:
		return -1
	case len(x)-i > len(y)-j:
		return 1
	}
	return 0
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// compareDigits compares two runs of digits by value, whatever their length.
func compareDigits(a, b []rune) int {
	trim := func(d []rune) []rune {
		for len(d) > 1 && d[0] == '0' {
			d = d[1:]
		}
		return d
	}
	a, b = trim(a), trim(b)
	if len(a) != len(b) {
		if len(a) < len(b) {
			return -1
		}
		return 1
	}
	return strings.Compare(string(a), string(b))
}
