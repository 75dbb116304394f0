package interp_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// FuzzRun compiles and runs arbitrary scripts with a step, a memory and a time limit:
// whatever the input, the run ends with a WLanguage error or none, never a Go panic
// ("internal error") nor a crash of the fuzzing process.
func FuzzRun(f *testing.F) {
	cases, _ := filepath.Glob("../testdata/*/*.txtar")
	for _, c := range cases {
		a, err := txtar.ParseFile(c)
		if err != nil {
			continue
		}
		for _, file := range a.Files {
			if file.Name == "script.wl" {
				f.Add(string(file.Data))
			}
		}
	}
	f.Add("t est un tableau d'entiers\nt[0] = 1\nTrace(t[1] + \"x\"[[2 SUR -1]])")
	p, err := parser.New()
	if err != nil {
		f.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(strings.ToLower(src), "sauve") || strings.Contains(strings.ToLower(src), "save") ||
			strings.Contains(strings.ToLower(src), "fsupprime") || strings.Contains(strings.ToLower(src), "fdelete") ||
			strings.Contains(strings.ToLower(src), "rep") || strings.Contains(strings.ToLower(src), "dir") {
			t.Skip("scripts that touch files are not fuzzed")
		}
		file, err := p.Parse("f.wl", src)
		if err != nil {
			return
		}
		prog, _, err := interp.Compile(lib, file)
		if err != nil {
			return
		}
		err = prog.Run(interp.Options{Stdout: io.Discard, Stderr: io.Discard, MaxSteps: 100000,
			MaxMemory: 64 << 20, Timeout: 2 * time.Second, Dir: os.TempDir()})
		if err != nil && strings.Contains(err.Error(), "internal error") {
			t.Fatalf("run of %q panicked: %v", src, err)
		}
	})
}
