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
	if out, ok := foldLatin(name); ok {
		return out
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

// foldLatin folds a name whose letters are ASCII or the accented Latin letters of French
// (and its neighbours) without building the x/text chain, which costs about a microsecond
// per name; it gives what the chain gives for them, and reports false for any other rune.
func foldLatin(name string) (string, bool) {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		base := latinBase(r)
		if base == "" {
			return "", false
		}
		b.WriteString(base)
	}
	return b.String(), true
}

// latinBase is the folded base letter(s) of an accented Latin letter, "" for other runes.
func latinBase(r rune) string {
	switch r {
	case 'à', 'â', 'ä', 'á', 'ã', 'å', 'À', 'Â', 'Ä', 'Á', 'Ã', 'Å':
		return "a"
	case 'é', 'è', 'ê', 'ë', 'É', 'È', 'Ê', 'Ë':
		return "e"
	case 'î', 'ï', 'í', 'ì', 'Î', 'Ï', 'Í', 'Ì':
		return "i"
	case 'ô', 'ö', 'ó', 'ò', 'õ', 'Ô', 'Ö', 'Ó', 'Ò', 'Õ':
		return "o"
	case 'ù', 'û', 'ü', 'ú', 'Ù', 'Û', 'Ü', 'Ú':
		return "u"
	case 'ç', 'Ç':
		return "c"
	case 'ÿ', 'Ÿ', 'ý', 'Ý':
		return "y"
	case 'ñ', 'Ñ':
		return "n"
	case 'œ', 'Œ':
		return "oe"
	case 'æ', 'Æ':
		return "ae"
	}
	return ""
}

// StripAccents returns s without its accents (combining marks dropped after NFD), its case
// kept: "Élève" gives "Eleve".
func StripAccents(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}
