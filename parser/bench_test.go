package parser

import (
	"strings"
	"testing"
)

// startupScript is a representative 20-line script (the shared start-up workload).
const startupScript = `t est un tableau d'entiers
POUR i = 1 _A_ 50
	Ajoute(t, sq(i))
FIN
total est un entier = 0
POUR TOUT v DE t
	total += v
FIN
s est une chaîne
POUR i = 1 _A_ 10
	s += "x"
FIN
SI total > 1000 ALORS
	total += Taille(s)
FIN
Trace(total)

PROCÉDURE sq(x est un entier)
RENVOYER x * x
`

func BenchmarkParseStartup(b *testing.B) {
	p, err := New()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse("s.wl", startupScript); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLines(b *testing.B) {
	p, _ := New()
	src := strings.Repeat("x = 1 + 2 * 3\nSI x > 2 ALORS Trace(x)\n", 500)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Parse("s.wl", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildGrammar builds the whole grammar: what the first New of a process builds,
// plus every statement production, which is built on first use.
func BenchmarkBuildGrammar(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		g, err := newGrammar()
		if err != nil {
			b.Fatal(err)
		}
		if err := g.stmts.buildAll(g.opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildGrammarFirst builds what the first New of a process builds.
func BenchmarkBuildGrammarFirst(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newGrammar(); err != nil {
			b.Fatal(err)
		}
	}
}
