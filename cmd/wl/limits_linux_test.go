package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHardStop: a run blocked in the system past its --timeout (opening a named pipe no one
// writes to, which no context can interrupt) is ended with the process, exit status 1.
func TestHardStop(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "tube")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	src := "Trace(\"avant\")\nh est un entier = fOuvre(\"" + fifo + "\", foLecture)\nTrace(\"jamais\")\n"
	if err := os.WriteFile(filepath.Join(dir, "s.wl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHardStopHelper$")
	cmd.Env = append(os.Environ(), "WL_TEST_HARDSTOP="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitRuntime {
		t.Fatalf("err = %v, want exit status 1; stderr %q", err, stderr.String())
	}
	if want := "s.wl: time limit of 100ms exceeded: the script did not stop (blocked in the system), wl ends it"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	if !strings.Contains(stdout.String(), "avant") || strings.Contains(stdout.String(), "jamais") {
		t.Errorf("stdout %q", stdout.String())
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("took %v", d)
	}
}

// TestHardStopHelper is the wl process of TestHardStop.
func TestHardStopHelper(t *testing.T) {
	dir := os.Getenv("WL_TEST_HARDSTOP")
	if dir == "" {
		t.Skip("the process TestHardStop starts")
	}
	os.Exit(Main([]string{"run", "--timeout", "100ms", "--max-memory", "64M", filepath.Join(dir, "s.wl")}, nil, os.Stdout, os.Stderr))
}
