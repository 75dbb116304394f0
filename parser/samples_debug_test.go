package parser

import (
	"os"
	"path/filepath"
	"testing"

	wlex "github.com/wl-lang/wl/lexer"
)

func TestDebugSamples(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../shared/wl-docs/samples/*.wl")
	files2, _ := filepath.Glob("../../shared/perf-workloads/wl/*.wl")
	ok := 0
	for _, f := range append(files, files2...) {
		b, _ := os.ReadFile(f)
		_, err := p.Parse(filepath.Base(f), wlex.Decode(b))
		if err != nil {
			t.Logf("%v", err)
		} else {
			ok++
		}
	}
	t.Logf("%d/%d ok", ok, len(files)+len(files2))
}
