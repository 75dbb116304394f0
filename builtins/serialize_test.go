package builtins_test

import (
	"strings"
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestSerializeJSON checks the JSON Sérialise writes and what Désérialise reads back, one
// script per case: the layout of members, escapes, dates, arrays of several dimensions,
// annotations, nesting, and the errors of bad documents (ErreurDétectée, no panic).
func TestSerializeJSON(t *testing.T) {
	const decl = `S est une Structure
	num est un entier
	txt est une chaîne <Sérialise = "Texte">
	flag est un booléen <Sérialise = Faux>
	jour est une date
	h est une heure
	r est un réel
FIN
`
	tests := []struct {
		name, src, want string
	}{
		{"members in order, renamed, left out", decl + `s est un S
s.num = 1; s.txt = "x"; s.flag = Vrai; s.jour = "20240229"; s.h = "235959"; s.r = 0.5
Sérialise(s, buf, psdJSON)
Trace(buf)`, `{"num":1,"Texte":"x","jour":"2024-02-29","h":"23:59:59.000","r":0.5}`},
		{"member names that are also keywords keep their spelling", `K est une Structure
	valeur est un entier
	a, d sont des chaînes
FIN
k est un K
Sérialise(k, buf, psdJSON)
Trace(buf)`, `{"valeur":0,"a":"","d":""}`},
		{"7-bit ASCII with escapes", `t est un tableau de chaînes = ["é", "€", "😀", "a""b\c", Caract(9)]
Sérialise(t, buf, psdJSON)
Trace(buf)`, `["\u00e9","\u20ac","\ud83d\ude00","a\"b\\c","\t"]`},
		{"array of two dimensions as rows", `t est un tableau de 2 par 3 entiers
t[1,1] = 1; t[1,3] = 3; t[2,2] = 5
Sérialise(t, buf, psdJSON)
Trace(buf)`, `[[1,0,3],[0,5,0]]`},
		{"round trip of nested structures", decl + `T est une Structure
	s est un S
	l est un tableau de S
FIN
x est un T
x.s.num = 7
y est un S
y.txt = "é"
Ajoute(x.l, y)
Sérialise(x, buf, psdJSON)
z est un T
Désérialise(z, buf, psdJSON)
Trace(z.s.num, z.l[1].txt, TableauOccurrence(z.l))`, `7, é, 1`},
		{"case-blind member names, absent kept", decl + `s est un S
s.num = 5; s.r = 2
Désérialise(s, "{""NUM"": 9, ""txt"": ""y""}", psdJSON)
Trace(s.num, "[" + s.txt + "]", s.r)`, `9, [], 2`},
		{"annotated name read, skipped member kept", decl + `s est un S
s.flag = Vrai
Désérialise(s, "{""texte"": ""y"", ""flag"": false}", psdJSON)
Trace(s.txt, s.flag)`, `y, 1`},
		{"null empties a member", decl + `s est un S
s.txt = "x"
Désérialise(s, "{""Texte"": null}", psdJSON)
Trace("[" + s.txt + "]")`, `[]`},
		{"null empties a structure in place", decl + `s est un S
s.num = 3; s.txt = "x"; s.flag = Vrai
Trace(Désérialise(s, "null", psdJSON), s.num, "[" + s.txt + "]", s.flag)`, `1, 0, [], 1`},
		{"truncated text", decl + `s est un S
Trace(Désérialise(s, "{""num"": 1", psdJSON), ErreurDétectée, ErreurInfo())`, `0, 1, Désérialise: the buffer is not valid JSON: the text ends before the end of the document`},
		{"empty text", decl + `s est un S
Trace(Désérialise(s, "", psdJSON), ErreurInfo())`, `0, Désérialise: the buffer is not valid JSON: the text is empty`},
		{"garbage after the document", `v est un Variant
Trace(Désérialise(v, "[1] x", psdJSON), ErreurDétectée)`, `0, 1`},
		{"wrong shape for a member", decl + `T est une Structure
	s est un S
FIN
x est un T
QUAND EXCEPTION DANS
	Désérialise(x, "{""s"": [1]}", psdJSON)
FAIRE
	Trace(ExceptionInfo())
FIN`, `Désérialise: s: structure S needs a JSON object, the document has an array`},
		{"object for a number", decl + `s est un S
QUAND EXCEPTION DANS
	Désérialise(s, "{""num"": {}}", psdJSON)
FAIRE
	Trace(ExceptionInfo())
FIN`, `Désérialise: num: a entier cannot receive an object`},
		{"object for an array element", `t est un tableau d'entiers
QUAND EXCEPTION DANS
	Désérialise(t, "[1, [2]]", psdJSON)
FAIRE
	Trace(ExceptionInfo())
FIN`, `Désérialise: [2]: a entier cannot receive an array`},
		{"unknown format", `t est un tableau d'entiers
QUAND EXCEPTION DANS
	Sérialise(t, buf, 3)
FAIRE
	Trace(ExceptionInfo())
FIN`, `Sérialise: 3 is not a serialization format (psdJSON, psdXML, psdBinaire)`},
		{"library object", `e est un Email
QUAND EXCEPTION DANS
	Sérialise(e, buf, psdJSON)
FAIRE
	Trace(ExceptionInfo())
FIN`, `Sérialise: a value of type Email cannot be converted to JSON`},
		{"object holding itself", `C est une Classe
	suivant est un C dynamique
FIN
o est un C dynamique = allouer un C
o.suivant = o
QUAND EXCEPTION DANS
	Sérialise(o, buf, psdJSON)
FAIRE
	Trace(Gauche(ExceptionInfo(), 30))
FIN`, `Sérialise: member suivant of C`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.TrimSuffix(run(t, "buf est un Buffer\n"+tt.src, interp.Options{}), "\n")
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
