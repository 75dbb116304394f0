package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestRunSignals: SIGINT (Ctrl-C) and SIGTERM during a run cancel it: wl reports the
// cancelled run and ends with status 1, after its clean-up, instead of being killed by the
// signal (a start-up change that sets the signals up later, or on another goroutine
// without waiting for it, would make this fail).
func TestRunSignals(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "s.wl"), []byte("Trace(\"prêt\")\nTANTQUE Vrai\nFIN\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestRunSignalsHelper$")
			cmd.Env = append(os.Environ(), "WL_TEST_RUN_SIGNALS="+dir)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The script prints once it runs: its signals are set up by then.
			line, _ := bufio.NewReader(out).ReadString('\n')
			if line != "prêt\n" {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("first line %q; stderr %q", line, stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitRuntime {
				t.Fatalf("err = %v, want exit status 1; stderr %q", err, stderr.String())
			}
			if want := "run cancelled: context canceled"; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr %q, want %q", stderr.String(), want)
			}
		})
	}
}

// TestRunSignalsHelper is the wl process of TestRunSignals.
func TestRunSignalsHelper(t *testing.T) {
	dir := os.Getenv("WL_TEST_RUN_SIGNALS")
	if dir == "" {
		t.Skip("the process TestRunSignals starts")
	}
	os.Exit(Main([]string{"run", filepath.Join(dir, "s.wl")}, nil, os.Stdout, os.Stderr))
}
