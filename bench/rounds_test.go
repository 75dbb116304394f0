package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRoundsRotates runs rounds.sh on three commands that only record their turn, and checks
// that each round runs every command once, starting one further along each round, that
// each command's output goes to its NAME.txt, and that the load is logged around each round.
func TestRoundsRotates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	order := filepath.Join(dir, "order")
	cmd := func(name string) string {
		return name + "=echo " + name + " >>" + order + "; echo Benchmark" + strings.ToUpper(name) + " 1 5 ns/op"
	}
	out, err := exec.Command("sh", "rounds.sh", "run", "-n", "3", "-o", dir, cmd("a"), cmd("b"), cmd("c")).CombinedOutput()
	if err != nil {
		t.Fatalf("rounds.sh: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(order)
	if want := "a\nb\nc\nb\nc\na\nc\na\nb\n"; string(got) != want {
		t.Errorf("order of the runs:\n%s\nwant\n%s", got, want)
	}
	for _, name := range []string{"a", "b", "c"} {
		b, err := os.ReadFile(filepath.Join(dir, name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(b), "Benchmark"+strings.ToUpper(name)+" 1 5 ns/op"); n != 3 {
			t.Errorf("%s.txt has %d results, want 3:\n%s", name, n, b)
		}
	}
	load, _ := os.ReadFile(filepath.Join(dir, "load.txt"))
	if n := strings.Count(string(load), "load average"); n != 6 {
		t.Errorf("load.txt has %d uptime lines, want 6 (before and after 3 rounds):\n%s", n, load)
	}
}

// TestRoundsErrors checks that bad arguments and a failing command stop the script with a
// message instead of writing partial figures silently.
func TestRoundsErrors(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-o", dir, "nocommand"}, "is not NAME=COMMAND"},
		{[]string{"run", "-n", "x", "-o", dir, "a=true"}, "wants a number"},
		{[]string{"run", "-o", dir, "a=exit 3"}, "round 1: a failed"},
		{[]string{"frobnicate"}, "usage"},
		{[]string{"build", "HEAD"}, "usage: rounds.sh build"},
	} {
		out, err := exec.Command("sh", append([]string{"rounds.sh"}, c.args...)...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), c.want) {
			t.Errorf("rounds.sh %q: %v, %q; want a failure saying %q", c.args, err, out, c.want)
		}
	}
}
