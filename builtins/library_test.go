package builtins

import (
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestNewSharesBuiltins checks that New registers the builtins once per process (two
// libraries hold the same *Builtin) and that each library still takes additions of its own.
func TestNewSharesBuiltins(t *testing.T) {
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	b, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if a.Func("Taille") == nil || a.Func("Taille") != b.Func("Taille") {
		t.Fatal("the builtins were registered twice")
	}
	host, err := interp.GoFunc([]string{"HostOnly"}, func() int { return 1 })
	if err != nil {
		t.Fatal(err)
	}
	if err := a.AddFunc(host); err != nil {
		t.Fatal(err)
	}
	if a.Func("HostOnly") == nil {
		t.Error("the function added is missing")
	}
	if b.Func("HostOnly") != nil {
		t.Error("a function added to one library appears in another")
	}
	if c, err := New(); err != nil || c.Func("hostonly") != nil {
		t.Errorf("a later library has the function added to an earlier one (err %v)", err)
	}
	if err := a.AddFunc(host); err == nil {
		t.Error("adding a name twice is not an error")
	}
}

func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRegister registers every builtin in an empty library, as the first New of a
// process does.
func BenchmarkRegister(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := Register(interp.NewLibrarySized(800, 400)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstNewHello is what the first New of a process now costs a script that names
// one builtin (hello.wl's Trace): a lazy library, and the core group registered on lookup.
// BenchmarkRegister is what it cost when New registered everything.
func BenchmarkFirstNewHello(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if newShared().Extend().Func("Trace") == nil {
			b.Fatal("no Trace")
		}
	}
}
