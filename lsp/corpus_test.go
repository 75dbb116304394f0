package lsp

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// corpusScript is a script of the corpus with the other .wl files of its golden case (its
// prelude), which the server loads first as wl run -I does.
type corpusScript struct {
	name, text string
	prelude    map[string]string
}

// corpusScripts gathers every published sample (when ../shared is present), every example
// and the .wl files of every golden case.
func corpusScripts(t *testing.T) []corpusScript {
	t.Helper()
	var out []corpusScript
	samples, _ := filepath.Glob("../../shared/wl-docs/samples/*.wl")
	examples, _ := filepath.Glob("../examples/*.wl")
	if len(samples) == 0 {
		t.Log("../shared/wl-docs/samples is not present: samples skipped")
	}
	for _, f := range append(samples, examples...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpusScript{name: f, text: wlex.Decode(b)})
	}
	err := filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".txtar") {
			return err
		}
		a, err := txtar.ParseFile(path)
		if err != nil {
			return err
		}
		wl := map[string]string{}
		for _, f := range a.Files {
			if strings.HasSuffix(f.Name, ".wl") {
				wl[f.Name] = wlex.Decode(f.Data)
			}
		}
		for n, text := range wl {
			s := corpusScript{name: path + "/" + n, text: text}
			if n == "script.wl" {
				s.prelude = map[string]string{}
				for m, p := range wl {
					if m != n {
						s.prelude[m] = p
					}
				}
			}
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCorpus opens every script of the corpus in the server as an editor does and asks
// for its diagnostics, folds, symbols, completion and hover: no request fails, and a script
// that wl check accepts (with its case's prelude loaded first) gets no error diagnostic.
func TestCorpus(t *testing.T) {
	scripts := corpusScripts(t)
	srv := newTestServer(t)
	plain := startClient(t, srv)
	dir := t.TempDir()
	checked := 0
	for i, s := range scripts {
		c := plain
		sdir := filepath.Join(dir, strconv.Itoa(i))
		if err := os.MkdirAll(sdir, 0o755); err != nil {
			t.Fatal(err)
		}
		var includes []string
		if len(s.prelude) > 0 {
			psrv := newTestServer(t)
			for n, text := range s.prelude {
				p := filepath.Join(sdir, n)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
				psrv.Includes = append(psrv.Includes, p)
				includes = append(includes, p)
			}
			c = startClient(t, psrv)
		}
		path := filepath.Join(sdir, filepath.Base(s.name))
		uri := pathURI(path)
		c.open(uri, s.text)
		diags := c.nextDiags(uri)
		compiles := compilesAlone(t, srv, path, s.text, includes)
		for _, d := range diags.Diagnostics {
			if compiles && d.Severity != nil && *d.Severity == protocol.DiagnosticSeverityError {
				t.Errorf("%s compiles, yet the server reports the error %q", s.name, d.Message)
			}
		}
		var folds []protocol.FoldingRange
		c.call(protocol.MethodTextDocumentFoldingRange, protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &folds)
		var syms []protocol.DocumentSymbol
		c.call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &syms)
		lines := strings.Count(s.text, "\n")
		var list protocol.CompletionList
		c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: docPos(uri, lines/2, 0)}, &list)
		var hover *protocol.Hover
		c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: docPos(uri, lines/2, 2)}, &hover)
		c.notify(protocol.MethodTextDocumentDidClose, protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}})
		c.nextDiags(uri)
		checked++
	}
	t.Logf("%d scripts opened", checked)
}

// compilesAlone reports whether text parses and compiles, after includes, without the
// server: what wl check accepts.
func compilesAlone(t *testing.T, s *Server, path, text string, includes []string) bool {
	t.Helper()
	read := func(n string) ([]byte, error) {
		if n == path {
			return []byte(text), nil
		}
		b, err := os.ReadFile(n)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return b, err
	}
	trees := make([]*parser.File, 0, len(includes)+1)
	for _, n := range append(includes, path) {
		tree, err := s.parser.Load(read, n)
		if err != nil {
			return false
		}
		trees = append(trees, tree)
	}
	_, _, err := interp.Compile(s.lib, trees...)
	return err == nil
}
