package builtins_test

import (
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// TestDocs checks the documentation table: it loads against the library and documents
// every email function, with the status README.md shows.
func TestDocs(t *testing.T) {
	lib, docs := libDocs(t)
	for _, n := range lib.FuncNames() {
		b := lib.Func(n)
		k := lexer.Fold(b.Names[0])
		if !strings.HasPrefix(k, "email") && !strings.HasPrefix(k, "auth") {
			continue
		}
		d := docs.Func(b)
		if d == nil {
			t.Errorf("doc.txt does not document %s", b.Name())
		} else if d.Readme == "" {
			t.Errorf("doc.txt gives no README status for %s", b.Name())
		}
	}
}

func TestNameLang(t *testing.T) {
	lib, docs := libDocs(t)
	for _, c := range []struct {
		name string
		lang builtins.Lang
		ok   bool
	}{
		{"EmailEnvoieMessage", builtins.French, true},
		{"emailenvoiemessage", builtins.French, true},
		{"EmailSendMessage", builtins.English, true},
		{"EmailRéinitialise", builtins.French, true},
		{"EmailReset", builtins.English, true},
		{"EmailChangeState", builtins.English, true},
		{"EmailOpenSMTPSession", builtins.English, true},
		{"Trace", builtins.French, false},
	} {
		b := lib.Func(c.name)
		lang, ok := builtins.NameLang(b, docs.Func(b), c.name)
		if lang != c.lang || ok != c.ok {
			t.Errorf("NameLang(%s) = %v, %v; want %v, %v", c.name, lang, ok, c.lang, c.ok)
		}
	}
}

// libDocs builds the library and loads its documentation table.
func libDocs(t *testing.T) (*interp.Library, *builtins.Docs) {
	t.Helper()
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	docs, err := builtins.LoadDocs(lib)
	if err != nil {
		t.Fatal(err)
	}
	return lib, docs
}
