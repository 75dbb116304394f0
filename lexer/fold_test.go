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
