package lexer

import "testing"

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
