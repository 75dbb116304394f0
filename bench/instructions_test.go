package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestInstructionsRetries runs instructions.sh with a stand-in for valgrind whose first run
// collects too few instructions (a crash part-way) and whose second succeeds, and one that
// never prints a benchmark line: the count of the good run is printed, FAILED for the other.
func TestInstructionsRetries(t *testing.T) {
	dir := t.TempDir()
	calls := filepath.Join(dir, "calls")
	fake := `#!/bin/sh
echo x >>` + calls + `
case "$*" in *Never*) echo "==1== Collected : 999999999"; exit 0 ;; esac
n=$(wc -l <` + calls + `)
echo "BenchmarkFib 1 5 ns/op"
if [ "$n" -eq 1 ]; then echo "==1== Collected : 5000000"; else echo "==1== Collected : 984917347"; fi
`
	if err := os.WriteFile(filepath.Join(dir, "valgrind"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "instructions.sh", "/bin/true", "Fib", "Never")
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("instructions.sh: %v\n%s", err, out)
	}
	if want := "Fib 984917347\nNever FAILED\n"; string(out) != want {
		t.Errorf("output:\n%s\nwant\n%s", out, want)
	}
	b, _ := os.ReadFile(calls)
	if n := strings.Count(string(b), "x"); n != 6 {
		t.Errorf("valgrind ran %d times, want 6 (2 for Fib, 4 for Never)", n)
	}
}

// TestInstructionsUsage checks that missing arguments stop the script with its usage.
func TestInstructionsUsage(t *testing.T) {
	out, err := exec.Command("sh", "instructions.sh", "/bin/true").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "usage") {
		t.Errorf("err %v, output %q; want a usage error", err, out)
	}
}
