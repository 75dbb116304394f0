package builtins

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// runWith compiles src against an extension of lib and runs it; it returns standard output.
func runWith(t *testing.T, lib *interp.Library, src string) string {
	t.Helper()
	p, err := parser.New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.Parse("t.wl", src)
	if err != nil {
		t.Fatal(err)
	}
	prog, _, err := interp.CompileWith(lib.Extend(), interp.CompileOptions{}, f)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if err := prog.Run(interp.Options{Stdout: &stdout, Stderr: &stderr}); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

// TestLazyLibraryRegistersWhatIsNamed runs scripts against a fresh shared library (as the
// first New of a process makes it) and checks how many groups of libraryGroups each made it
// register: hello registers the core group alone, so an eager registration creeping back
// into New (or a listing on the path of a run) fails here. Each script's output is the same
// as with every builtin registered at once.
func TestLazyLibraryRegistersWhatIsNamed(t *testing.T) {
	eager := interp.NewLibrary()
	if err := Register(eager); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, src string
		groups    int
	}{
		{"hello", "Trace(\"Bonjour\")\n", 1},
		{"a string function", "Trace(Majuscule(\"abc\"), Vrai)\n", 2},
		// A Null variant receiving a member becomes a JSON object (registerJSON's group)
		// without the script naming anything of that group.
		{"dynamic object", "v est un Variant\nv.nom = \"x\"\nTrace(v.nom)\n", 2},
		{"HTTP reads the AuthToken type of the auth group", "r est un httpRequête\nr..URL = \"http://x\"\nTrace(r..URL)\n", 3},
		{"groups named in English", "Trace(Upper(\"é\"), DateToString(\"20240131\"), ArrayCount([1,2]))\n", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lib := newShared()
			got := runWith(t, lib, tc.src)
			if want := runWith(t, eager, tc.src); got != want {
				t.Errorf("output %q, with the eager library %q", got, want)
			}
			if n := lib.GroupsLoaded(); n != tc.groups {
				t.Errorf("the script registered %d groups of %d, want %d", n, len(libraryGroups), tc.groups)
			}
		})
	}
}

// TestLazyLibraryMatchesRegister checks that every name of the library, looked up in a lazy
// library, gives what Register gives: the same function (names, arguments, flags), constant
// value, variable and type.
func TestLazyLibraryMatchesRegister(t *testing.T) {
	eager := interp.NewLibrary()
	if err := Register(eager); err != nil {
		t.Fatal(err)
	}
	lazy := newShared()
	for _, name := range eager.FuncNames() {
		want, got := *eager.Func(name), lazy.Func(name)
		if got == nil {
			t.Errorf("function %s missing", name)
			continue
		}
		g := *got
		want.Fn, g.Fn = nil, nil
		if !reflect.DeepEqual(g, want) {
			t.Errorf("function %s: %+v, want %+v", name, g, want)
		}
	}
	for _, name := range eager.ConstNames() {
		want, _ := eager.Const(name)
		if got, ok := lazy.Const(name); !ok || got.Kind() != want.Kind() || got.String() != want.String() {
			t.Errorf("constant %s = %v, want %v", name, got, want)
		}
	}
	for _, name := range eager.VarNames() {
		if got := lazy.Var(name); got == nil || !reflect.DeepEqual(got.Names, eager.Var(name).Names) {
			t.Errorf("variable %s: %v", name, got)
		}
	}
	for _, ty := range eager.Types() {
		for _, name := range ty.Names {
			if got := lazy.Type(name); got == nil || got.Name != ty.Name {
				t.Errorf("type %s: %v", name, got)
			}
		}
	}
	if n := lazy.GroupsLoaded(); n != len(libraryGroups) {
		t.Errorf("%d groups registered after looking every name up, want %d", n, len(libraryGroups))
	}
	if got, want := len(lazy.NameSets()), len(eager.NameSets()); got != want {
		t.Errorf("NameSets: %d sets, want %d", got, want)
	}
}
