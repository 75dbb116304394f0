package wl_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// TestConcurrentGoldenScripts runs each golden script of the language, the builtin library
// and email sending several times at once from one compiled Program, so that `go test -race`
// looks for state a run shares with another: the program, its library, the email types.
// Language and library scripts must print what their golden file says in every run.
func TestConcurrentGoldenScripts(t *testing.T) {
	const runs = 8
	now := time.Date(2026, 11, 24, 13, 45, 30, 250_000_000, time.UTC)
	var paths []string
	for _, dir := range []string{"lang", "builtins", "email"} {
		p, err := filepath.Glob(filepath.Join("testdata", dir, "*.txtar"))
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p...)
	}
	if len(paths) == 0 {
		t.Fatal("no golden scripts")
	}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.ToSlash(strings.TrimPrefix(path, "testdata"+string(filepath.Separator))), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			a, err := txtar.ParseFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fsys := fstest.MapFS{}
			var stdout *string
			email := strings.HasPrefix(name, "email/")
			var cfg sandbox.Config
			var seeds [][]byte
			for _, f := range a.Files {
				switch {
				case f.Name == "flags":
					flags := strings.Fields(string(f.Data))
					if len(flags) != 2 || flags[0] != "--sandbox-auth" {
						t.Skip("flags the test does not know:", flags)
					}
					cfg.Auth = flags[1]
				case f.Name == "env":
					// RunOptions has no environment of its own: the runs would see the
					// process's, not the case's.
					t.Skip("an env section: the test runs in the process's environment")
				case f.Name == "faults.json":
					cfg.Faults = faults(t, f.Data)
				case strings.HasPrefix(f.Name, "seed/"):
					seeds = append(seeds, f.Data) // txtar keeps the order of the archive
				case f.Name == "stdout":
					s := string(f.Data)
					stdout = &s
				case f.Name == "stderr" || f.Name == "exit" || f.Name == "mail.json":
				default:
					fsys[f.Name] = &fstest.MapFile{Data: f.Data}
				}
			}
			var includes []string
			if _, ok := fsys["prelude.wl"]; ok {
				includes = []string{"prelude.wl"}
			}
			prog, err := wl.CompileFS(fsys, "script.wl", &wl.CompileOptions{Includes: includes})
			if err != nil {
				t.Skip("does not compile:", err)
			}
			var mail *wl.MailSettings
			if email {
				srv, err := sandbox.Start(cfg)
				if err != nil {
					t.Fatal(err)
				}
				defer srv.Close()
				for _, eml := range seeds {
					if err := srv.Seed(eml); err != nil {
						t.Fatal(err)
					}
				}
				mail = &wl.MailSettings{Sandbox: srv}
			}
			var wg sync.WaitGroup
			for i := range runs {
				dir := t.TempDir()
				for n, f := range fsys {
					full := filepath.Join(dir, filepath.FromSlash(n))
					if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(full, f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					var out, errOut bytes.Buffer
					prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &errOut, Dir: dir, Mail: mail, Seed: 1,
						Now: func() time.Time { return now }})
					if !email && stdout != nil && out.String() != *stdout {
						t.Errorf("run %d: stdout\n%s\nwant\n%s", i, out.String(), *stdout)
					}
				}()
			}
			wg.Wait()
		})
	}
}

// faults reads the faults.json of a golden email case.
func faults(t *testing.T, data []byte) sandbox.Faults {
	t.Helper()
	var f sandbox.Faults
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return f
}
