package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/lexer"
)

// sameInEnglish are the functions whose English name is the French one.
var sameInEnglish = map[string]bool{"EmailNbMessage": true}

// TestEmailGoldenNames checks that the golden cases of testdata/email call every email
// function under its French name and under its English name (the first two names it is
// registered with), so neither language is left untested.
func TestEmailGoldenNames(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/email/*.txtar")
	if len(files) == 0 {
		t.Fatal("no golden cases in testdata/email")
	}
	used := map[string]bool{}
	word := regexp.MustCompile(`[\pL_][\pL\pN_]*`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range word.FindAllString(string(data), -1) {
			used[lexer.Fold(w)] = true
		}
	}
	seen := map[string]bool{}
	for _, name := range lib.FuncNames() {
		b := lib.Func(name)
		if seen[b.Names[0]] || !strings.HasPrefix(b.Names[0], "Email") || b.Unavailable != "" {
			continue
		}
		seen[b.Names[0]] = true
		if len(b.Names) < 2 {
			t.Errorf("%s has no English name", b.Names[0])
			continue
		}
		names := b.Names[:2]
		if sameInEnglish[b.Names[0]] {
			names = names[:1]
		}
		for _, n := range names {
			if !used[lexer.Fold(n)] {
				t.Errorf("no golden case of testdata/email calls %s", n)
			}
		}
	}
}
