package interp_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// warnings compiles src and returns its diagnostics as "line:col: message" (warnings only;
// an error fails the test).
func warnings(t *testing.T, src string) []string {
	t.Helper()
	p, err := parser.New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.Parse("t.wl", src)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	_, diags, err := interp.CompileWith(lib, interp.CompileOptions{}, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range diags {
		if !d.Warning {
			t.Fatalf("unexpected error %v", d)
		}
		out = append(out, fmt.Sprintf("%d:%d: %s", d.Pos.Line, d.Pos.Column, d.Msg))
	}
	return out
}

// TestCheckWarnings: the names wl check reports, and those it must not report.
func TestCheckWarnings(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"unknown names in the arguments of an unknown call",
			"Inconnue(x, 1 + y, Majuscule(z))",
			[]string{"1:1: unknown procedure Inconnue", "1:10: unknown identifier x", "1:17: unknown identifier y", "1:30: unknown identifier z"}},
		{"known names in the arguments of an unknown call",
			"n est un entier\nInconnue(n, Majuscule(\"a\"), True)",
			[]string{"2:1: unknown procedure Inconnue"}},
		{"unknown property of an email type, read and written",
			"m est un Email\nm.Sujett = \"a\"\nTrace(m.Expediteurr)",
			[]string{"2:2: unknown property Sujett for type Email", "3:8: unknown property Expediteurr for type Email"}},
		{"unknown method of a session type",
			"s est une emailSessionSMTP\ns.EnvoieTout()",
			[]string{"2:2: unknown method EnvoieTout for type emailSessionSMTP"}},
		{"member of an array element and of a structure member",
			"ST est une Structure\n\tm est un Email\nFIN\nt est un tableau de Email\ns est un ST\nTrace(t[1].Sujet, t[1].Sujeet, s.m.Sujeet)",
			[]string{"6:23: unknown property Sujeet for type Email", "6:35: unknown property Sujeet for type Email"}},
		{"known properties, methods and prefix syntax",
			"m est un Email\nm.Sujet = \"a\"\nTrace(m.Expediteur, m.Message, m..Sujet)\ns est une emailSessionSMTP\ns.AdresseServeur = \"h\"\ns.Envoie(m)\nTrace(m.Sujet.Majuscule())",
			nil},
		{"JSON members are data", "j est un JSON\nj.nimporte = 1\nTrace(j.quoi.encore)", nil},
		{"a variant is not checked", "v est un Variant\nTrace(v.Sujeet)\nv.Truc()", nil},
		{"a procedure's result is not checked", "Trace(P().Sujeet)\nPROCÉDURE P()\nm est un Email\nRENVOYER m", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, warnings(t, tt.src)); diff != "" {
				t.Errorf("warnings (-want +got):\n%s", diff)
			}
		})
	}
}
