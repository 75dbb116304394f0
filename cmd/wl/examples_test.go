package main

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/internal/golden"
	"github.com/wl-lang/wl/internal/realmail"
	"github.com/wl-lang/wl/parser"
)

// TestExamples checks every examples/*.wl: it passes `wl check --strict`, and the golden
// cases of examples/testdata (which CI also runs with `wl test examples`) cover it. It runs
// those cases through the runner of `wl test`, each checked for leaving no file in its
// temporary folder.
func TestExamples(t *testing.T) {
	scripts, err := filepath.Glob("../../examples/*.wl")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no examples found")
	}
	tested, err := exampleScriptsTested("../../examples/testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, script := range scripts {
		name := filepath.Base(script)
		if !tested[name] {
			t.Errorf("examples/%s has no golden case in examples/testdata: add one (a script section naming ../%s), or include it with EXTERN from an example that has one", name, name)
		}
		delete(tested, name)
		t.Run(strings.TrimSuffix(name, ".wl")+"/check", func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Main([]string{"check", "--strict", script}, nil, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
				t.Errorf("wl check --strict: exit %d\n%s", code, stderr.String())
			}
		})
	}
	for name := range tested {
		t.Errorf("a case of examples/testdata runs %s, which is not in examples/", name)
	}
	runGoldenDir(t, "../../examples/testdata", func(t *testing.T, inv *golden.Invocation, _ int) {
		left, err := os.ReadDir(inv.TempDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range left {
			t.Errorf("the example left %s in its temporary folder", e.Name())
		}
	})
}

// exampleScriptsTested lists the examples that the cases of dir run through their script
// section (../NAME.wl), and the examples those include with EXTERN (the classes of
// lettre_info.wl): the case of the including script runs them too.
func exampleScriptsTested(dir string) (map[string]bool, error) {
	paths, err := golden.Find([]string{dir})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, p := range paths {
		a, err := txtar.ParseFile(p)
		if err != nil {
			return nil, err
		}
		for _, f := range a.Files {
			if f.Name == "script" {
				out[strings.TrimPrefix(strings.TrimSpace(string(f.Data)), "../")] = true
			}
		}
	}
	p, err := parser.New()
	if err != nil {
		return nil, err
	}
	examples := filepath.Clean(filepath.Join(dir, ".."))
	for _, name := range slices.Collect(maps.Keys(out)) {
		// Load reads every file the script includes, at any depth.
		read := func(file string) ([]byte, error) {
			if filepath.Dir(file) == examples {
				out[filepath.Base(file)] = true
			}
			return os.ReadFile(file)
		}
		if _, err := p.Load(read, filepath.Join(examples, name)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// TestExamplesRealServers runs the examples that take their account from the environment
// against the real Postfix of .ci/mail-servers.sh (submission port: STARTTLS required, then
// AUTH), without the sandbox, trusting the servers' CA through WL_CA_FILE, and waits for
// each report in the Maildir. It skips where the servers are not running.
func TestExamplesRealServers(t *testing.T) {
	env := realmail.Require(t)
	// A clock on a day of its own gives each run's reports a subject of their own in the
	// shared mailbox.
	day := time.Date(1990, 1, 1, 3, 0, 0, 0, time.Local).AddDate(0, 0, int(time.Now().UnixNano()%36500))
	for _, ex := range []struct{ script, subject string }{
		{"envoi_env.wl", "Rapport de nuit du " + day.Format("02/01/2006")},
		{"send_env.wl", "Nightly report of " + day.Format("2006-01-02")},
	} {
		t.Run(strings.TrimSuffix(ex.script, ".wl"), func(t *testing.T) {
			t.Setenv("SMTP_SERVER", env.Host)
			t.Setenv("SMTP_PORT", strconv.Itoa(env.SubmissionPort))
			t.Setenv("SMTP_USER", env.User)
			t.Setenv("SMTP_PASSWORD", env.Pass)
			t.Setenv("MAIL_FROM", env.Addr)
			t.Setenv("MAIL_TO", env.Addr)
			t.Setenv("WL_CA_FILE", env.CAFile)
			var stdout, stderr bytes.Buffer
			cfg, err := parseRunFlags([]string{filepath.Join("../../examples", ex.script)}, &stderr)
			if err != nil {
				t.Fatal(err)
			}
			cfg.ext = map[any]any{builtins.NowKey{}: func() time.Time { return day }}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if code := runScript(ctx, cfg, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
				t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", code, stderr.String(), stdout.String())
			}
			if strings.Contains(stdout.String(), env.Pass) {
				t.Error("the password shows in the output")
			}
			m, err := env.Mailbox().WaitFor(ctx, realmail.HasSubject(ex.subject))
			if err != nil {
				t.Fatalf("the report %q did not arrive: %v", ex.subject, err)
			}
			if !bytes.Contains(m.Data, []byte("From: <"+env.Addr+">")) && !bytes.Contains(m.Data, []byte("From: "+env.Addr)) {
				t.Errorf("the report is not from %s:\n%s", env.Addr, m.Data)
			}
		})
	}
}
