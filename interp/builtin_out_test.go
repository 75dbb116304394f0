package interp_test

import (
	"bytes"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
)

// TestBuiltinOutputParameters checks Builtin.OutFrom: the parameters from OutFrom on that
// can be assigned (variables, elements, members) receive what the builtin left in their
// slots, converted to their types; expressions, constants and library names are passed by
// value, and the parameters before OutFrom are never assigned.
func TestBuiltinOutputParameters(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	// Remplis(x, a, b...) sets each of a, b... to x + its position and returns how many.
	fill := &interp.Builtin{Names: []string{"Remplis"}, MinArgs: 1, MaxArgs: -1, OutFrom: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			for i := 1; i < len(a); i++ {
				a[i] = interp.Str(a[0].String() + interp.Int(int64(i)).String())
			}
			a[0] = interp.Str("changed")
			return interp.Int(int64(len(a) - 1)), nil
		}}
	if err := lib.AddFunc(fill); err != nil {
		t.Fatal(err)
	}
	prog := compile(t, lib, interp.CompileOptions{}, `x est une chaîne = "v"
s est une chaîne
n est un entier
t est un tableau de 2 chaînes
CONSTANTE
	K = "k"
FIN
Trace(Remplis(x, s, n, t[2], "lit", K, RC), x, s, n, t[2], K)
Trace("w".Remplis(s), s)
interne()

PROCÉDURE interne()
loc est une chaîne
Remplis("p", loc)
Trace(loc)`)
	var out bytes.Buffer
	if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	want := "6, v, v1, 0, v3, k\n1, w1\np1\n"
	if got := out.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestBuiltinOutputRange checks Builtin.OutTo: only the parameters from OutFrom to OutTo are
// assigned (Désérialise sets its variable, never the buffer it reads, which may be a
// read-only property).
func TestBuiltinOutputRange(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	first := &interp.Builtin{Names: []string{"RemplisPremier"}, MinArgs: 2, MaxArgs: 2, OutFrom: 1, OutTo: 1,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			a[0], a[1] = interp.Str("un"), interp.Str("deux")
			return interp.Null, nil
		}}
	if err := lib.AddFunc(first); err != nil {
		t.Fatal(err)
	}
	prog := compile(t, lib, interp.CompileOptions{}, `x est une chaîne
y est une chaîne = "y"
RemplisPremier(x, y)
Trace(x, y)`)
	var out bytes.Buffer
	if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "un, y\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
