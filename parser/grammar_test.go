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
