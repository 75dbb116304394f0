package main

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/lexer"
)

// TestEmailDocumentedNames checks README.md's completeness claim: every email name PC SOFT
// documents (testdata/pcsoft_email_names.txt) is supported by the library (a function that
// runs, a constant, a type, a property or method of Email, of emailAttache or of every
// session type) or listed in README.md's "What wl does not do" with a reason; and every email function that only stops the script is listed there.
func TestEmailDocumentedNames(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	notDone := map[string]bool{}
	for _, r := range readmeTable(t, readmeSection(t, readREADME(t), "### What wl does not do")) {
		if r.third == "" {
			t.Errorf("README.md: no reason for %s", r.names[0])
		}
		for _, n := range r.names {
			notDone[lexer.Fold(n)] = true
		}
	}
	member := func(typ, name string) bool {
		t := lib.Type(typ)
		if t == nil {
			return false
		}
		for _, p := range t.Props {
			if containsFold(p.Names, name) {
				return true
			}
		}
		for _, m := range t.Methods {
			if containsFold(m.Names, name) {
				return true
			}
		}
		return false
	}
	f, err := os.Open("testdata/pcsoft_email_names.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, name, _ := strings.Cut(line, " ")
		n++
		var supported bool
		switch kind {
		case "func":
			b := lib.Func(name)
			supported = b != nil && b.Unavailable == ""
		case "const":
			_, supported = lib.Const(name)
		case "type":
			supported = lib.Type(name) != nil
		case "member":
			supported = member("Email", name)
		case "attach":
			supported = member("emailAttache", name)
		case "session":
			supported = member("emailSessionSMTP", name) && member("emailSessionPOP3", name) && member("emailSessionIMAP", name)
		case "smtp":
			supported = member("emailSessionSMTP", name)
		default:
			t.Fatalf("pcsoft_email_names.txt: unknown kind in %q", line)
		}
		listed := notDone[lexer.Fold(name)]
		switch {
		case !supported && !listed:
			t.Errorf("%s %s is documented by PC SOFT but neither supported nor in README.md's \"What wl does not do\"", kind, name)
		case supported && listed && kind != "func":
			t.Errorf("%s %s is supported but listed in README.md's \"What wl does not do\"", kind, name)
		}
	}
	if n < 100 {
		t.Errorf("only %d documented names read", n)
	}
	for _, name := range lib.FuncNames() {
		if b := lib.Func(name); isEmailFunc(b) && b.Unavailable != "" && !notDone[lexer.Fold(name)] {
			t.Errorf("%s only stops the script but is not in README.md's \"What wl does not do\"", name)
		}
	}
}
