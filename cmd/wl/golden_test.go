package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"golang.org/x/tools/txtar"

	"github.com/wl-lang/wl/builtins"
)

// goldenNow is the clock of golden cases: Tuesday 24 November 2026, 13:45:30.25 UTC.
var goldenNow = time.Date(2026, 11, 24, 13, 45, 30, 250_000_000, time.UTC)

var update = flag.Bool("update", false, "rewrite the expected output of golden cases (review the diff!)")

// goldenCase is one testdata/**/NAME.txtar archive: script.wl, optional prelude.wl,
// seed/*.eml, faults.json (given to --sandbox-faults) and other files, optional flags,
// optional http.json (a web server for the case, see goldenHTTP), and
// the expected stdout, stderr and exit status.
type goldenCase struct {
	path    string
	archive *txtar.Archive
	files   map[string][]byte
}

func loadGolden(t *testing.T, path string) *goldenCase {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatal(err)
	}
	gc := &goldenCase{path: path, archive: a, files: map[string][]byte{}}
	for _, f := range a.Files {
		gc.files[f.Name] = f.Data
	}
	if _, ok := gc.files["script.wl"]; !ok {
		t.Fatalf("%s: no script.wl", path)
	}
	return gc
}

// expected names the sections compared with the run's results.
var expected = []string{"stdout", "stderr", "exit"}

// TestGolden runs every golden case through the code path of `wl run`.
func TestGolden(t *testing.T) {
	var paths []string
	err := filepath.WalkDir("../../testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".txtar") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no golden cases found")
	}
	for _, p := range paths {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.ToSlash(p), "../../testdata/"), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			runGolden(t, loadGolden(t, p))
		})
	}
}

func runGolden(t *testing.T, gc *goldenCase) {
	dir := t.TempDir()
	for name, data := range gc.files {
		if isExpectation(name) || name == "flags" || name == "http.json" {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := strings.Fields(string(gc.files["flags"]))
	_, wantMail := gc.files["mail.json"]
	if wantMail {
		args = append(args, "--sandbox", "--sandbox-json", "mail.out.json")
	}
	if hasSeed(gc) {
		args = append(args, "--sandbox-seed", "seed")
	}
	if _, ok := gc.files["faults.json"]; ok {
		args = append(args, "--sandbox-faults", "faults.json")
	}
	if _, ok := gc.files["prelude.wl"]; ok {
		args = append(args, "-I", "prelude.wl")
	}
	args = append(args, "script.wl")
	serverURL, httpCfg := startGoldenHTTP(t, gc)
	if serverURL != "" {
		args = append(args, "/http="+serverURL)
	}
	var stdout, stderr bytes.Buffer
	cfg, err := parseRunFlags(args, &stderr)
	code := exitUsage
	if err == nil {
		cfg.dir = dir
		cfg.ext = map[any]any{builtins.NowKey{}: func() time.Time { return goldenNow }}
		if httpCfg != nil {
			cfg.ext[builtins.HTTPKey{}] = httpCfg
		}
		code = runScript(context.Background(), cfg, &stdout, &stderr)
	}
	got := map[string]string{
		"stdout": hideServer(stdout.String(), serverURL),
		"stderr": hideServer(stderr.String(), serverURL),
		"exit":   strconv.Itoa(code) + "\n",
	}
	if wantMail {
		b, err := os.ReadFile(filepath.Join(dir, "mail.out.json"))
		if err != nil {
			t.Fatalf("%s: no captured mail: %v", gc.path, err)
		}
		got["mail.json"] = string(b)
	}
	if *update {
		writeExpectations(t, gc, got)
		return
	}
	for _, name := range expected {
		want := string(gc.files[name])
		if name == "exit" && want == "" {
			want = "0\n"
		}
		if diff := cmp.Diff(want, got[name]); diff != "" {
			t.Errorf("%s: %s mismatch (-want +got):\n%s", gc.path, name, diff)
		}
	}
	if wantMail {
		var w, g any
		if err := json.Unmarshal(gc.files["mail.json"], &w); err != nil {
			t.Fatalf("%s: mail.json: %v", gc.path, err)
		}
		if err := json.Unmarshal([]byte(got["mail.json"]), &g); err != nil {
			t.Fatalf("%s: captured mail: %v", gc.path, err)
		}
		if diff := cmp.Diff(w, g, cmpopts.SortSlices(messageLess)); diff != "" {
			t.Errorf("%s: mail.json mismatch (-want +got):\n%s", gc.path, diff)
		}
	}
}

// messageLess orders captured messages for comparison: asynchronous sending delivers them
// in any order, so the order of mail.json is not part of the expectation.
func messageLess(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) < string(jb)
}

func hasSeed(gc *goldenCase) bool {
	for name := range gc.files {
		if strings.HasPrefix(name, "seed/") {
			return true
		}
	}
	return false
}

func isExpectation(name string) bool {
	for _, e := range expected {
		if name == e {
			return true
		}
	}
	return name == "mail.json"
}

// writeExpectations rewrites the expected sections of the archive with what the run gave.
func writeExpectations(t *testing.T, gc *goldenCase, got map[string]string) {
	var files []txtar.File
	for _, f := range gc.archive.Files {
		if f.Name == "stdout" || f.Name == "stderr" || f.Name == "exit" {
			continue
		}
		files = append(files, f)
	}
	for _, name := range expected {
		if got[name] == "" || (name == "exit" && got[name] == "0\n") {
			continue
		}
		files = append(files, txtar.File{Name: name, Data: []byte(got[name])})
	}
	if m, ok := got["mail.json"]; ok {
		for i := range files {
			if files[i].Name == "mail.json" {
				files[i].Data = []byte(m)
			}
		}
	}
	gc.archive.Files = files
	if err := os.WriteFile(gc.path, txtar.Format(gc.archive), 0o644); err != nil {
		t.Fatal(err)
	}
}
