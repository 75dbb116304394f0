package lexer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns the key under which WLanguage compares names: case-insensitive and
// accent-insensitive. The name is decomposed (NFD), its combining marks are dropped and the
// rest is case-folded, so Fold("ErreurDétectée") == Fold("ErreurDetectee") and
// Fold("_À_") == Fold("_a_"). Keywords, variables, procedures, builtins, properties and
// constants are all looked up by this key.
func Fold(name string) string {
	ascii := true
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(name)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), cases.Fold(), norm.NFC)
	out, _, err := transform.String(t, name)
	if err != nil {
		return strings.ToLower(name)
	}
	// Ligatures that Unicode does not decompose but French writers use interchangeably.
	if strings.ContainsAny(out, "œæ") {
		out = strings.NewReplacer("œ", "oe", "æ", "ae").Replace(out)
	}
	return out
}
