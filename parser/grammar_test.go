package parser

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestParsersShareGrammar checks that New builds the grammar once per process: a second
// parser uses the first one's grammar instead of building its own.
func TestParsersShareGrammar(t *testing.T) {
	p1, err := New()
	if err != nil {
		t.Fatal(err)
	}
	p2, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if p1.g != p2.g {
		t.Fatal("two parsers built two grammars")
	}
}

// TestSharedGrammarConcurrentParses parses from several parsers at once (run with -race):
// they share one grammar, and each parse keeps its own state and its own errors.
func TestSharedGrammarConcurrentParses(t *testing.T) {
	tests := []struct {
		src     string
		wantErr string
	}{
		{src: "x est un entier = 1\nSI x > 0 ALORS\n\tTrace(x)\nFIN\n"},
		{src: "POUR i = 1 _A_ 3\n\tTrace(i)\nFIN\n"},
		{src: "SI x ALORS\n\tTrace(1)\n", wantErr: "SI has no matching FIN"},
		{src: "Trace(1 +)\n", wantErr: `c.wl:1:10: expected an expression, found ")"`},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(tests))
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := New()
			if err != nil {
				errs <- err
				return
			}
			for i := range 20 {
				tc := tests[(w+i)%len(tests)]
				_, err := p.Parse("c.wl", tc.src)
				if got := fmt.Sprint(err); (tc.wantErr == "") != (err == nil) || tc.wantErr != "" && !strings.Contains(got, tc.wantErr) {
					errs <- fmt.Errorf("%q: got error %v, want %q", tc.src, err, tc.wantErr)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestEveryProductionBuilds builds each statement production, which parsing builds only
// when a statement of that kind appears.
func TestEveryProductionBuilds(t *testing.T) {
	g, err := newGrammar()
	if err != nil {
		t.Fatal(err)
	}
	if err := g.stmts.buildAll(g.opts); err != nil {
		t.Fatal(err)
	}
}

// TestProductionsBuiltOnUse checks that a parse builds the parsers of the statements it
// meets and no other.
func TestProductionsBuiltOnUse(t *testing.T) {
	g, err := newGrammar()
	if err != nil {
		t.Fatal(err)
	}
	p := &Parser{g: g}
	if _, err := p.Parse("hello.wl", "Trace(\"Bonjour\")\n"); err != nil {
		t.Fatal(err)
	}
	if g.stmts.simples.p == nil {
		t.Error("the parser of simple statements was not built")
	}
	if g.stmts.ifs.p != nil || g.stmts.fors.p != nil || g.stmts.decls.p != nil {
		t.Error("parsers of statements the script does not have were built")
	}
	if _, err := p.Parse("if.wl", "SI 1 ALORS\n\tTrace(1)\nFIN\n"); err != nil {
		t.Fatal(err)
	}
	if g.stmts.ifs.p == nil {
		t.Error("the parser of SI was not built by a SI")
	}
}
