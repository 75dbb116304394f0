package format

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// corpus gathers the scripts the property tests run on: every published sample (when
// ../shared is present), every golden case's script.wl and prelude.wl, every example.
func corpus(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	samples, _ := filepath.Glob("../../shared/wl-docs/samples/*.wl")
	examples, _ := filepath.Glob("../examples/*.wl")
	for _, f := range append(samples, examples...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	err := filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txtar") {
			return err
		}
		a, err := txtar.ParseFile(path)
		if err != nil {
			return err
		}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".wl") {
				out[path+"/"+f.Name] = f.Data
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(samples) == 0 {
		t.Log("../shared/wl-docs/samples is not present: samples skipped")
	}
	return out
}

// TestCorpus checks, over every script of the corpus: formatting is idempotent, in each
// language; what parses before parses after formatting, after each translation and after
// the round trip to English and back to French; and what compiles before compiles after
// them with no more warnings (a translated name the library does not know would be one).
func TestCorpus(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := parser.New()
	if err != nil {
		t.Fatal(err)
	}
	files := corpus(t)
	checked := 0
	for name, src := range files {
		tree, perr := ps.Parse(name, lexer.Decode(src))
		warnings := -1
		if perr == nil {
			if _, diags, err := interp.Compile(lib, tree); err == nil {
				warnings = len(diags)
			}
		}
		for _, lang := range []Lang{Keep, French, English, roundTrip} {
			opts := Options{Filename: name, Lang: lang, Library: lib}
			var once []byte
			var err error
			if lang == roundTrip {
				opts.Lang = English
				if once, err = Source(src, opts); err == nil {
					opts.Lang = French
					once, err = Source(once, opts)
				}
			} else {
				once, err = Source(src, opts)
			}
			if err != nil {
				if _, lexErr := lexer.New().Tokens(name, lexer.Decode(src)); lexErr == nil {
					t.Errorf("%s (lang %d): %v", name, lang, err)
				}
				continue
			}
			twice, err := Source(once, opts)
			if err != nil || !bytes.Equal(once, twice) {
				t.Errorf("%s (lang %d): not idempotent (%v)\nfirst:\n%s\nsecond:\n%s", name, lang, err, once, twice)
			}
			if perr == nil {
				tree, err := ps.Parse(name, lexer.Decode(once))
				if err != nil {
					t.Errorf("%s (lang %d): parsed before formatting, not after: %v\n%s", name, lang, err, once)
					continue
				}
				if warnings >= 0 {
					_, diags, err := interp.Compile(lib, tree)
					if err != nil || len(diags) > warnings {
						t.Errorf("%s (lang %d): compiled with %d warnings before, after: %v %v\n%s", name, lang, warnings, err, diags, once)
					}
				}
			}
			checked++
		}
	}
	t.Logf("%d scripts, %d formattings checked", len(files), checked)
}

// roundTrip, as a language of TestCorpus, translates to English then back to French.
const roundTrip Lang = -1
