package pyexec

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFindSkipsShim puts a shell-script shim in front of the real interpreter, as pyenv
// does, and checks that Find returns the interpreter behind it.
func TestFindSkipsShim(t *testing.T) {
	real, err := Find()
	if err == ErrNotFound {
		t.Skip("python3 is not installed")
	}
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	shim := filepath.Join(dir, "python3")
	if err := os.WriteFile(shim, []byte("#!/bin/sh\nexec "+real.Path+" \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	if p, _ := exec.LookPath("python3"); p != shim {
		t.Fatalf("PATH gives %s, not the shim", p)
	}
	got, err := Find()
	if err != nil {
		t.Fatal(err)
	}
	if got.Path == shim || got.Path != real.Path {
		t.Errorf("Find = %s, want the interpreter behind the shim, %s", got.Path, real.Path)
	}
	if !strings.HasPrefix(got.Version, "3.") {
		t.Errorf("version %q", got.Version)
	}
}

// TestResolveErrors checks that a program that is not Python gives an error, not a path.
func TestResolveErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"fails":  "#!/bin/sh\nexit 3\n",
		"silent": "#!/bin/sh\nexit 0\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
		if in, err := resolve(p); err == nil {
			t.Errorf("%s: resolved to %+v, want an error", name, in)
		}
	}
}

// TestFindWithoutPython checks the error when PATH has no python3.
func TestFindWithoutPython(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := Find(); err != ErrNotFound {
		t.Errorf("Find = %v, want ErrNotFound", err)
	}
}
