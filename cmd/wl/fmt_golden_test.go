package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/format"
	"github.com/wl-lang/wl/internal/golden"
)

// columns masks the column of file:line:col positions: formatting changes the spacing of
// a line, never its number.
var columns = regexp.MustCompile(`(\.wl:\d+):\d+`)

// TestGoldenFormatted runs every golden case again with its script formatted, then
// translated to French, to English, and to English then back to French (each script knowing
// what the case's other .wl files declare, as wl fmt -I does): the output must be the one
// expected of the original script (columns of error positions aside).
func TestGoldenFormatted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every golden case three more times")
	}
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := golden.Find([]string{"../../testdata"})
	if err != nil {
		t.Fatal(err)
	}
	langs := map[string][]format.Lang{"keep": {format.Keep}, "fr": {format.French}, "en": {format.English},
		"en-fr": {format.English, format.French}}
	for _, p := range paths {
		rel, _ := filepath.Rel("../../testdata", p)
		for lname, chain := range langs {
			t.Run(strings.TrimSuffix(filepath.ToSlash(rel), ".txtar")+"/"+lname, func(t *testing.T) {
				t.Parallel()
				c, err := golden.Load(p)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range c.Archive.Files {
					if f.Name == "exit" && strings.TrimSpace(string(f.Data)) == "2" {
						// A syntax error: nothing runs, and the message quotes the
						// script's words (or the script does not lex at all).
						t.Skip("syntax error case")
					}
				}
				for i, f := range c.Archive.Files {
					switch {
					case strings.HasSuffix(f.Name, ".wl"):
						decls := &format.Declarations{}
						for _, o := range c.Archive.Files {
							if strings.HasSuffix(o.Name, ".wl") && o.Name != f.Name {
								if err := decls.Declare(o.Name, o.Data); err != nil {
									t.Fatal(err)
								}
							}
						}
						out := f.Data
						for _, lang := range chain {
							out, err = format.Source(out, format.Options{Filename: f.Name, Lang: lang, Library: lib, Declarations: decls})
							if err != nil {
								t.Fatal(err)
							}
						}
						c.Archive.Files[i].Data = out
					case f.Name == "stderr" || f.Name == "stdout":
						// stdout too: a script may print a position (ErreurInfo(errPile)).
						c.Archive.Files[i].Data = columns.ReplaceAll(f.Data, []byte("$1"))
					}
				}
				r := &golden.Runner{Sections: []*golden.Section{httpSection()}, Exec: func(ctx context.Context, inv *golden.Invocation) int {
					var outBuf, errBuf bytes.Buffer
					stdout, stderr := inv.Stdout, inv.Stderr
					inv.Stdout, inv.Stderr = &outBuf, &errBuf
					exit := execCase(ctx, inv)
					stdout.Write(columns.ReplaceAll(outBuf.Bytes(), []byte("$1")))
					stderr.Write(columns.ReplaceAll(errBuf.Bytes(), []byte("$1")))
					return exit
				}}
				if res := r.Run(context.Background(), c); !res.Passed() {
					var b bytes.Buffer
					res.Report(&b)
					t.Error(b.String())
				}
			})
		}
	}
}
