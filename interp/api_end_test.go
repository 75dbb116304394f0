package interp_test

import (
	"bytes"
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestEndProgram checks that Thread.EndProgram ends the run normally from deep inside
// procedures, past CAS EXCEPTION, CAS ERREUR and QUAND EXCEPTION.
func TestEndProgram(t *testing.T) {
	lib := interp.NewLibrary()
	for _, b := range []*interp.Builtin{
		{Names: []string{"Termine"}, Fn: func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
			th.EndProgram()
			return interp.Null, nil
		}},
		{Names: []string{"Trace"}, MaxArgs: -1, Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			th.Stdout().Write([]byte(a[0].String() + "\n"))
			return interp.Null, nil
		}},
	} {
		if err := lib.AddFunc(b); err != nil {
			t.Fatal(err)
		}
	}
	prog := compile(t, lib, interp.CompileOptions{}, `
Trace("début")
QUAND EXCEPTION DANS
	Externe()
FAIRE
	Trace("QUAND EXCEPTION a vu la fin")
FIN
Trace("après")

PROCEDURE Externe()
Interne()
Trace("retour dans Externe")
CAS EXCEPTION:
	Trace("CAS EXCEPTION a vu la fin")

PROCEDURE Interne()
Trace("dans Interne")
Termine()
Trace("après Termine")
CAS ERREUR:
	Trace("CAS ERREUR a vu la fin")
`)
	var out bytes.Buffer
	if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got, want := out.String(), "début\ndans Interne\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}
