package lexer

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestFoldEquivalences(t *testing.T) {
	same := [][2]string{
		{"ErreurDetectee", "ErreurDétectée"},
		{"PROCEDURE", "procédure"},
		{"chaine", "CHAÎNE"},
		{"_a_", "_À_"},
		{"Expediteur", "Expéditeur"},
		{"EmailOptionSecuriseTLS", "emailOptionSécuriséTLS"},
		{"EmailRécupèreTout", "emailrecuperetout"},
		{"Élément", "ELEMENT"},
		{"cœur", "coeur"},
		{"Straße", "STRASSE"},
	}
	for _, p := range same {
		if Fold(p[0]) != Fold(p[1]) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q: want equal", p[0], Fold(p[0]), p[1], Fold(p[1]))
		}
	}
	different := [][2]string{
		{"a", "b"},
		{"Sujet", "Sujets"},
		{"Message", "Messages"},
		{"x1", "x2"},
	}
	for _, p := range different {
		if Fold(p[0]) == Fold(p[1]) {
			t.Errorf("Fold(%q) == Fold(%q): want different", p[0], p[1])
		}
	}
}

func TestFoldIsLowerASCIIForASCII(t *testing.T) {
	if got := Fold("EmailStartSMTPSession"); got != "emailstartsmtpsession" {
		t.Errorf("Fold = %q", got)
	}
}

// TestFoldLatinMatchesChain checks the fast path for accented Latin letters against the
// x/text chain it replaces, letter by letter.
func TestFoldLatinMatchesChain(t *testing.T) {
	for _, r := range "àâäáãåÀÂÄÁÃÅéèêëÉÈÊËîïíìÎÏÍÌôöóòõÔÖÓÒÕùûüúÙÛÜÚçÇÿŸýÝñÑœŒæÆ" {
		name := "Ab" + string(r) + "Z_9"
		fast, ok := foldLatin(name)
		if !ok {
			t.Fatalf("%q: not handled", name)
		}
		chain := Fold(name + "\u0301") // a combining mark forces the x/text chain
		if fast != chain {
			t.Errorf("%q: fast %q, chain %q", name, fast, chain)
		}
	}
	if _, ok := foldLatin("Straße"); ok {
		t.Error("ß must take the x/text chain (it folds to ss)")
	}
}

// foldChain is how Fold folded names outside Latin letters before foldUnicode: x/text's
// transforms with cases.Fold (a test dependency only).
func foldChain(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), cases.Fold(), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// TestFoldUnicode checks that foldUnicode folds every rune of Unicode as x/text's cases.Fold
// chain does (each rune in a block of 256, blocks compared whole, then rune by rune when
// they differ), and strings mixing scripts, accents and multi-rune foldings too.
func TestFoldUnicode(t *testing.T) {
	var block []rune
	check := func() {
		s := string(block)
		if foldUnicode(s) == foldChain(s) {
			return
		}
		for _, r := range block {
			if got, want := foldUnicode(string(r)), foldChain(string(r)); got != want {
				t.Errorf("foldUnicode(%U %q) = %q, want %q", r, r, got, want)
			}
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		// A space between runes keeps NFC from composing neighbours across the comparison.
		block = append(block, r, ' ')
		if len(block) == 512 {
			check()
			block = block[:0]
		}
	}
	check()
	for _, s := range []string{
		"Straßenbahn", "ΣΊΣΥΦΟΣ", "ὈΔΥΣΣΕΎΣ", "ﬁnﬂux", "ᏣᎳᎩ ꭰꭱ", "İstanbul ıi", "Ǆǅǆ", "한국어 낱말",
		"Ⅻ ⓐⒶ", "𐐀𐐨", "ŉ ẚ և ﬓ", "Cœur À l'œil", "kelvin K Å", "ǰ ẖ ẗ ẘ ẙ", "ᾈᾀ ῼ",
	} {
		if got, want := foldUnicode(s), foldChain(s); got != want {
			t.Errorf("foldUnicode(%q) = %q, want %q", s, got, want)
		}
	}
}
