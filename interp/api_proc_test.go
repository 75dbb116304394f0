package interp_test

import (
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
)

func TestProcArity(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		n            int
		variadic, ok bool
	}
	var got []result
	probe := &interp.Builtin{Names: []string{"SondeArité"}, MinArgs: 1, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			n, variadic, ok := th.ProcArity(a[0])
			got = append(got, result{n, variadic, ok})
			return interp.Null, nil
		}}
	if err := lib.AddFunc(probe); err != nil {
		t.Fatal(err)
	}
	prog := compile(t, lib, interp.CompileOptions{}, `
SondeArité("Deux")
SondeArité("deux")
SondeArité(procedure(a, b, c) { renvoyer a })
SondeArité("Absente")
SondeArité(12)
PROCEDURE Deux(x, y = 1)
`)
	if err := prog.Run(interp.Options{}); err != nil {
		t.Fatal(err)
	}
	want := []result{{2, false, true}, {2, false, true}, {3, false, true}, {0, false, false}, {0, false, false}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: got %+v, want %+v", i+1, got[i], want[i])
		}
	}
}
