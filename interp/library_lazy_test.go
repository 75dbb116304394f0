package interp_test

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// lazyTestLibrary is a lazy library of three groups: a function and a constant; a variable
// and a type named like the first group's function; a function. registered counts each
// group's registrations.
func lazyTestLibrary(t *testing.T, registered *[3]atomic.Int32) *interp.Library {
	t.Helper()
	one := func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Int(1), nil }
	groups := []func(*interp.Library) error{
		func(l *interp.Library) error {
			registered[0].Add(1)
			if err := l.AddFunc(&interp.Builtin{Names: []string{"Première", "First"}, Fn: one}); err != nil {
				return err
			}
			return l.AddConst(interp.Int(7), "constSept")
		},
		func(l *interp.Library) error {
			registered[1].Add(1)
			if err := l.AddVar(&interp.Var{Names: []string{"VarDeux"}, Get: func(*interp.Thread) interp.Value { return interp.Int(2) }}); err != nil {
				return err
			}
			return l.AddType(&interp.ObjectType{Name: "First", Names: []string{"First"}})
		},
		func(l *interp.Library) error {
			registered[2].Add(1)
			return l.AddFunc(&interp.Builtin{Names: []string{"Troisième"}, Fn: one})
		},
	}
	index := map[string]uint64{
		lexer.Fold("Première"): 1, "first": 1 | 2, "constsept": 1,
		"vardeux": 2, lexer.Fold("Troisième"): 4,
	}
	return interp.NewLazyLibrary(groups, func(key string) uint64 { return index[key] })
}

// TestLazyLibrary checks that a lazy library registers a group on the first lookup of one
// of its names and never again, finds every kind of name, registers nothing for a name no
// group holds, refuses in an extension the names of groups not registered yet, and lists
// everything.
func TestLazyLibrary(t *testing.T) {
	var registered [3]atomic.Int32
	lib := lazyTestLibrary(t, &registered)
	counts := func() [3]int32 {
		return [3]int32{registered[0].Load(), registered[1].Load(), registered[2].Load()}
	}
	if lib.GroupsLoaded() != 0 || counts() != [3]int32{} {
		t.Fatalf("groups registered before any lookup: %v", counts())
	}
	if lib.Func("Nothing") != nil || lib.GroupsLoaded() != 0 {
		t.Fatal("an unknown name registered a group")
	}
	if b := lib.Func("PREMIERE"); b == nil || b.Name() != "Première" {
		t.Fatalf("Func(PREMIERE) = %v", b)
	}
	if got := counts(); got != [3]int32{1, 0, 0} || lib.GroupsLoaded() != 1 {
		t.Fatalf("after one function: registrations %v, loaded %d", got, lib.GroupsLoaded())
	}
	if v, ok := lib.Const("constsept"); !ok || v.String() != "7" {
		t.Errorf("Const(constsept) = %v, %v", v, ok)
	}
	// "First" is a function of group 0 and a type of group 1.
	if ty := lib.Type("first"); ty == nil || ty.Name != "First" {
		t.Errorf("Type(first) = %v", ty)
	}
	if lib.Var("VarDeux") == nil {
		t.Error("Var(VarDeux) not found")
	}
	if got := counts(); got != [3]int32{1, 1, 0} {
		t.Errorf("registrations %v, want [1 1 0]", got)
	}
	ext := lib.Extend()
	err := ext.AddFunc(&interp.Builtin{Names: []string{"troisieme"}, Fn: lib.Func("First").Fn})
	if err == nil || !strings.Contains(err.Error(), "already a function") {
		t.Errorf("adding a name of an unregistered group to an extension: %v", err)
	}
	if got := counts(); got != [3]int32{1, 1, 1} || lib.GroupsLoaded() != 3 {
		t.Errorf("registrations %v, loaded %d, want each group once", got, lib.GroupsLoaded())
	}
	if n := len(ext.FuncNames()); n != 3 {
		t.Errorf("FuncNames: %d names, want 3 (Première, First, Troisième)", n)
	}
	if names := ext.ConstNames(); len(names) != 1 || names[0] != "constSept" {
		t.Errorf("ConstNames = %v", names)
	}
	if n := len(ext.NameSets()); n != 5 {
		t.Errorf("NameSets: %d sets, want 5", n)
	}
}

// TestLazyLibraryListsRegisterAll checks that a listing registers every group, and that a
// script compiled against an extension of a lazy library runs what the groups registered.
func TestLazyLibraryListsRegisterAll(t *testing.T) {
	var registered [3]atomic.Int32
	lib := lazyTestLibrary(t, &registered)
	if len(lib.Types()) != 1 || lib.GroupsLoaded() != 3 {
		t.Fatalf("Types: loaded %d groups, want 3", lib.GroupsLoaded())
	}

	lib = lazyTestLibrary(t, &registered)
	p, err := parser.New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.Parse("t.wl", "Trace(Troisième() + constSept)\n")
	if err != nil {
		t.Fatal(err)
	}
	ext := lib.Extend()
	must(t, ext.AddFunc(&interp.Builtin{Names: []string{"Trace"}, MaxArgs: -1, Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		_, err := th.Stdout().Write([]byte(a[0].String() + "\n"))
		return interp.Null, err
	}}))
	prog, _, err := interp.CompileWith(ext, interp.CompileOptions{}, f)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "8\n" {
		t.Errorf("output %q, want 8", out.String())
	}
	if lib.GroupsLoaded() != 2 {
		t.Errorf("the script registered %d groups, want 2 (Troisième's and constSept's)", lib.GroupsLoaded())
	}
}

// TestLazyLibraryConcurrent looks the same names up from many goroutines at once (run with
// -race): each group is registered once and every lookup finds its name.
func TestLazyLibraryConcurrent(t *testing.T) {
	var registered [3]atomic.Int32
	lib := lazyTestLibrary(t, &registered)
	var wg sync.WaitGroup
	var missing atomic.Int32
	for range 8 {
		wg.Go(func() {
			ext := lib.Extend()
			if ext.Func("Troisième") == nil || ext.Type("First") == nil || ext.Var("VarDeux") == nil {
				missing.Add(1)
			}
			if _, ok := ext.Const("constSept"); !ok {
				missing.Add(1)
			}
		})
	}
	wg.Wait()
	if missing.Load() != 0 {
		t.Errorf("%d lookups failed", missing.Load())
	}
	for i := range registered {
		if n := registered[i].Load(); n != 1 {
			t.Errorf("group %d registered %d times", i, n)
		}
	}
}
