package format

import (
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/lexer"
)

// FuzzSource formats and translates arbitrary text and finds its folds: a text that lexes
// always formats in each language (the result checked by lexing it again), nothing panics.
func FuzzSource(f *testing.F) {
	for _, s := range []string{
		"x est un tableau associatif (ccSansCasse) de 3 par 2 entiers sans signe sur 2 octets\n",
		"PROCEDURE P(a est une chaîne, b entier = 2) : (booléen, réel)\nRENVOYER (Vrai, 1)\n",
		"m is array of Email\nFOR EACH e OF m\nTrace(e.Subject, e..Sender, m[1].Size, f(x).y.z)\nEND\n",
		"j est un JSON\nSI j..Existe ALORS Trace(j.a.b[2]..Occurrence)\n",
		"C est une Classe\nPRIVÉ\na, b sont des entiers\nFIN\nx is a C dynamic\n// c\n// d\n",
		"t is ASSOCIATIVE ARRAY of int\nf(procedure(p string) { RESULT p })\n",
	} {
		f.Add(s)
	}
	lib, err := builtins.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, lexErr := lexer.New().Tokens("f.wl", lexer.Decode([]byte(src)))
		for _, lang := range []Lang{Keep, French, English} {
			if _, err := Source([]byte(src), Options{Filename: "f.wl", Lang: lang, Library: lib}); err != nil && lexErr == nil {
				t.Errorf("lang %d: %v", lang, err)
			}
		}
		if _, err := Folds("f.wl", lexer.Decode([]byte(src))); err != nil && lexErr == nil {
			t.Errorf("folds: %v", err)
		}
	})
}
