package parser

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// seedScripts adds the published samples and the golden scripts to a fuzz corpus.
func seedScripts(f *testing.F) {
	samples, _ := filepath.Glob("../../shared/wl-docs/samples/*.wl")
	for _, s := range samples {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(string(b))
		}
	}
	cases, _ := filepath.Glob("../testdata/*/*.txtar")
	for _, c := range cases {
		a, err := txtar.ParseFile(c)
		if err != nil {
			continue
		}
		for _, file := range a.Files {
			if strings.HasSuffix(file.Name, ".wl") {
				f.Add(string(file.Data))
			}
		}
	}
	f.Add("SI x ALORS y = 1 SINON z = [\n]\n")
	f.Add("x = s[[1 À]] + [\",\"] + {\"a\"}..b")
}

var positioned = regexp.MustCompile(`^f\.wl:\d+:\d+: `)

// FuzzParse checks that no input makes the parser panic and that every error is positioned.
func FuzzParse(f *testing.F) {
	seedScripts(f)
	p, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		_, err := p.Parse("f.wl", src)
		if err == nil {
			return
		}
		msg := err.Error()
		if strings.Contains(msg, "internal parser error") {
			t.Fatalf("parser panicked on %q: %s", src, msg)
		}
		if !positioned.MatchString(msg) {
			t.Fatalf("error without file:line:col for %q: %s", src, msg)
		}
	})
}
