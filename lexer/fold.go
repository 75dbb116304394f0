package lexer

import (
	"strings"
	"unicode"
	"unicode/utf8"

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
	out := foldUnicode(name)
	// Ligatures that Unicode does not decompose but French writers use interchangeably.
	if strings.ContainsAny(out, "œæ") {
		out = strings.NewReplacer("œ", "oe", "æ", "ae").Replace(out)
	}
	return out
}

// foldUnicode folds any name: decomposed (NFD), its combining marks (Mn) dropped, each rune
// case-folded as Unicode's full case folding does (x/text's cases.Fold, which TestFoldUnicode
// compares it with for every rune: wl no longer links golang.org/x/text/cases, whose tables
// were built at init), and recomposed (NFC).
func foldUnicode(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range norm.NFD.String(name) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if s := foldSpecial(r); s != "" {
			b.WriteString(s)
			continue
		}
		b.WriteRune(foldRune(r))
	}
	return norm.NFC.String(b.String())
}

// foldRune is the simple case folding of r: the lower case of its upper case, except for the
// runes that Unicode folds to their upper case (Cherokee small letters) or leaves alone
// (dotless ı). x/text (v0.44.0) also folds Cherokee capitals to the small letters, so the
// two cases do not meet: kept as it is, for the keys not to change.
func foldRune(r rune) rune {
	switch {
	case r == 'ı':
		return r
	case 0x13F8 <= r && r <= 0x13FD: // Cherokee small letters ye..mv
		return r - 8
	case 0xAB70 <= r && r <= 0xABBF: // Cherokee small letters a..ya
		return r - 0xAB70 + 0x13A0
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// foldSpecial is the folding of the runes that fold to several runes (Unicode's CaseFolding
// status F, after decomposition), "" for the others.
func foldSpecial(r rune) string {
	switch r {
	case 'ß', 'ẞ':
		return "ss"
	case 'ŉ':
		return "ʼn"
	case 'և':
		return "եւ"
	case 'ẚ':
		return "aʾ"
	case 'ﬀ':
		return "ff"
	case 'ﬁ':
		return "fi"
	case 'ﬂ':
		return "fl"
	case 'ﬃ':
		return "ffi"
	case 'ﬄ':
		return "ffl"
	case 'ﬅ', 'ﬆ':
		return "st"
	case 'ﬓ':
		return "մն"
	case 'ﬔ':
		return "մե"
	case 'ﬕ':
		return "մի"
	case 'ﬖ':
		return "վն"
	case 'ﬗ':
		return "մխ"
	}
	return ""
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
