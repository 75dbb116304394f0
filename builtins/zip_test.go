package builtins_test

import (
	"archive/zip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestZipOpensElsewhere checks that an archive wl writes is a standard ZIP archive: Go's
// archive/zip reads its names (UTF-8) and contents, compressed with Deflate, and, when the
// unzip command is installed, unzip lists and tests it.
func TestZipOpensElsewhere(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{"a.txt": "alpha\n", "sous/été.txt": strings.Repeat("été ", 100)} {
		p := filepath.Join(dir, "docs", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := run(t, `
Trace(zipCrée("A", "out.zip"), zipAjouteRépertoire("A", "docs"), zipNbFichier("A"))
zipFerme("A")
`, interp.Options{Dir: dir})
	if out != "0, 0, 2\n" {
		t.Fatalf("wl printed %q", out)
	}
	archive := filepath.Join(dir, "out.zip")
	r, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got := map[string]string{}
	for _, f := range r.File {
		if f.Method != zip.Deflate {
			t.Errorf("%s: method %d, want Deflate", f.Name, f.Method)
		}
		if f.Modified.IsZero() {
			t.Errorf("%s: no modification time", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		got[f.Name] = string(b)
	}
	if got["docs/a.txt"] != "alpha\n" || got["docs/sous/été.txt"] != strings.Repeat("été ", 100) || len(got) != 2 {
		t.Errorf("archive holds %q", got)
	}
	unzip, err := exec.LookPath("unzip")
	if err != nil {
		t.Log("unzip is not installed: only archive/zip read the archive")
		return
	}
	for _, args := range [][]string{{"-l", archive}, {"-tq", archive}} {
		b, err := exec.Command(unzip, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("unzip %v: %v\n%s", args, err, b)
		}
		if args[0] == "-l" && (!strings.Contains(string(b), "docs/a.txt") || !strings.Contains(string(b), "2 files")) {
			t.Errorf("unzip -l:\n%s", b)
		}
	}
}
