package interp_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wl-lang/wl/interp"
)

// newBase is a library with one of everything, as a library of builtins is.
func newBase(t *testing.T) *interp.Library {
	t.Helper()
	base := interp.NewLibrary()
	must(t, base.AddFunc(&interp.Builtin{Names: []string{"BaseFunc", "BaseFonction"}, Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Int(1), nil }}))
	must(t, base.AddConst(interp.Int(7), "baseConst"))
	must(t, base.AddVar(&interp.Var{Names: []string{"BaseVar"}, Get: func(*interp.Thread) interp.Value { return interp.Int(2) }}))
	must(t, base.AddType(&interp.ObjectType{Name: "BaseType", Names: []string{"BaseType"}}))
	return base
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestLibraryExtend checks that an extension sees everything of its base, takes additions
// that the base does not see, and refuses names its base already has.
func TestLibraryExtend(t *testing.T) {
	base := newBase(t)
	ext := base.Extend()
	own := &interp.Builtin{Names: []string{"OwnFunc"}, Fn: base.Func("BaseFunc").Fn}
	must(t, ext.AddFunc(own))
	must(t, ext.AddConst(interp.Int(8), "ownConst"))

	if ext.Func("basefonction") == nil || ext.Var("BASEVAR") == nil || ext.Type("basetype") == nil {
		t.Error("the extension does not see its base")
	}
	if v, ok := ext.Const("BaseConst"); !ok || v.String() != "7" {
		t.Errorf("Const(BaseConst) = %v, %v", v, ok)
	}
	if ext.Func("OwnFunc") != own || base.Func("OwnFunc") != nil {
		t.Error("a function added to the extension is not its own")
	}
	if _, ok := base.Const("ownConst"); ok {
		t.Error("a constant added to the extension appears in the base")
	}
	if other := base.Extend(); other.Func("OwnFunc") != nil {
		t.Error("a second extension sees the first one's function")
	}

	refused := []struct {
		name string
		add  func() error
		want string
	}{
		{"function over a base function", func() error {
			return ext.AddFunc(&interp.Builtin{Names: []string{"BASEFUNC"}, Fn: own.Fn})
		}, "already a function"},
		{"constant over a base variable", func() error { return ext.AddConst(interp.Int(1), "baseVar") }, "already a variable"},
		{"variable over a base constant", func() error {
			return ext.AddVar(&interp.Var{Names: []string{"BaseConst"}, Get: func(*interp.Thread) interp.Value { return interp.Int(0) }})
		}, "already a constant"},
		{"type over a base type", func() error { return ext.AddType(&interp.ObjectType{Name: "x", Names: []string{"BASETYPE"}}) }, "already registered"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.add(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}

	listings := []struct {
		name string
		got  []string
		want []string
	}{
		{"FuncNames", ext.FuncNames(), []string{"BaseFonction", "BaseFunc", "OwnFunc"}},
		{"ConstNames", ext.ConstNames(), []string{"baseConst", "ownConst"}},
		{"VarNames", ext.VarNames(), []string{"BaseVar"}},
	}
	for _, tc := range listings {
		got := slices.Sorted(slices.Values(tc.got))
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
		}
	}
	if n := len(ext.Types()); n != 1 {
		t.Errorf("Types() has %d types, want 1", n)
	}
	if n := len(ext.NameSets()); n != 6 {
		t.Errorf("NameSets() has %d sets, want 6 (2 functions, 2 constants, a variable, a type): %v", n, ext.NameSets())
	}
}

// TestLibrarySized checks that a library made with size hints takes and finds names as an
// unsized one does, beyond the hints too.
func TestLibrarySized(t *testing.T) {
	lib := interp.NewLibrarySized(1, 1)
	for _, n := range []string{"Un", "Deux", "Trois"} {
		must(t, lib.AddFunc(&interp.Builtin{Names: []string{n}, Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Null, nil }}))
		must(t, lib.AddConst(interp.Int(1), "c"+n))
	}
	if lib.Func("trois") == nil || len(lib.FuncNames()) != 3 || len(lib.ConstNames()) != 3 {
		t.Errorf("functions %v, constants %v", lib.FuncNames(), lib.ConstNames())
	}
}

// TestExtendedLibraryCompiles compiles and runs a program that uses a function, a constant
// and a variable of the base and a function of the extension.
func TestExtendedLibraryCompiles(t *testing.T) {
	ext := newBase(t).Extend()
	var got int
	keep, err := interp.GoFunc([]string{"Keep"}, func(x int) int { got = x; return x })
	must(t, err)
	must(t, ext.AddFunc(keep))
	prog := compile(t, ext, interp.CompileOptions{}, "Keep(10 * BaseFunc() + baseConst + BaseVar)\n")
	must(t, prog.Run(interp.Options{}))
	if got != 19 {
		t.Errorf("got %d, want 19", got)
	}
}
