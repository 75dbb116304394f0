package pyexec

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Interpreter is a Python interpreter found on this machine.
type Interpreter struct {
	// Path is the executable itself (sys.executable), not a shim in front of it.
	Path string
	// Version is sys.version's first word, "3.11.7".
	Version string
}

// ErrNotFound is returned when no python3 is on PATH.
var ErrNotFound = errors.New("python3 is not installed")

// Find asks the python3 first on PATH for its own executable and version, and returns that
// executable, so that later starts skip any shim. Call it once per test or benchmark.
func Find() (Interpreter, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return Interpreter{}, ErrNotFound
	}
	return resolve(py)
}

// resolve runs py once and reads back what it says it is.
func resolve(py string) (Interpreter, error) {
	out, err := exec.Command(py, "-c", "import sys; print(sys.executable); print(sys.version.split()[0])").Output()
	if err != nil {
		return Interpreter{}, fmt.Errorf("%s: %w", py, err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] == "" {
		return Interpreter{}, fmt.Errorf("%s printed %q, not its executable and version", py, out)
	}
	in := Interpreter{Path: strings.TrimSpace(lines[0]), Version: strings.TrimSpace(lines[1])}
	// An embedded or unusual Python may not know its executable; keep what PATH gave.
	if _, err := exec.LookPath(in.Path); err != nil {
		in.Path = py
	}
	return in, nil
}
