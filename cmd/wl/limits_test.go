package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/wl-lang/wl"
)

// TestDeepNestingCLI: input nested far past the parser's limit is a syntax error at
// file:line:col, exit status 2, from wl check and wl run alike, and nothing runs.
func TestDeepNestingCLI(t *testing.T) {
	keepProcessMemoryLimit(t)
	rep := strings.Repeat
	tests := []struct{ name, src, want string }{
		{"100,000 SI blocks", "Trace(\"jamais\")\n" + rep("SI Vrai ALORS\n", 100000) + "Trace(1)\n" + rep("FIN\n", 100000),
			"deep.wl:1003:1: statement nested in more than 1000 blocks\n"},
		{"200,000 parentheses", "Trace(\"jamais\")\nx est un entier = " + rep("(", 200000) + "1" + rep(")", 200000),
			"deep.wl:2:1020: expression nested more than 1000 levels deep\n"},
		{"deeply nested array literals", "Trace(\"jamais\")\nx est un variant = " + rep("[", 200000) + rep("]", 200000),
			"deep.wl:2:1021: expression nested more than 1000 levels deep\n"},
		{"a long chain of unary minus", "Trace(\"jamais\")\nx est un entier = " + rep("- ", 200000) + "1",
			"deep.wl:2:2019: expression nested more than 1000 levels deep\n"},
		{"a long chain of PAS", "Trace(\"jamais\")\nx est un booléen = " + rep("PAS ", 200000) + "Vrai",
			"deep.wl:2:4020: expression nested more than 1000 levels deep\n"},
		{"deeply nested procedure calls", "Trace(\"jamais\")\nx est un entier = " + rep("Abs(", 100000) + "1" + rep(")", 100000),
			"deep.wl:2:4022: expression nested more than 1000 levels deep\n"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "deep.wl"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, "deep.wl")
			want := name + strings.TrimPrefix(tt.want, "deep.wl")
			for _, cmd := range []string{"check", "run"} {
				var stdout, stderr bytes.Buffer
				code := Main([]string{cmd, name}, nil, &stdout, &stderr)
				if code != exitUsage || stderr.String() != want || stdout.Len() != 0 {
					t.Errorf("wl %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", cmd, code, stdout.String(), stderr.String(), want)
				}
			}
		})
	}
}

// TestLimitFlagErrors: a bad value of a limit flag is a usage error (exit 2) and nothing
// runs; passing a limit is a runtime error (exit 1).
func TestLimitFlagErrors(t *testing.T) {
	keepProcessMemoryLimit(t)
	dir := t.TempDir()
	script := filepath.Join(dir, "s.wl")
	if err := os.WriteFile(script, []byte("Trace(\"a couru\")\ns est une chaîne = \"x\"\nBOUCLE\n\ts += s\nFIN\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--max-memory", "beaucoup"}, exitUsage, `invalid size "beaucoup"`},
		{[]string{"--max-memory", "-1"}, exitUsage, `invalid size "-1"`},
		{[]string{"--timeout", "bientôt"}, exitUsage, `invalid value "bientôt" for flag -timeout`},
		{[]string{"--timeout", "-5s"}, exitUsage, "--timeout must not be negative"},
		{[]string{"--max-steps", "-1"}, exitUsage, "--max-steps must not be negative"},
		{[]string{"--max-memory", "16M"}, exitRuntime, "s.wl:4:7: memory limit of 16 MiB exceeded"},
		{[]string{"--max-steps", "10", "--max-memory", "64M"}, exitRuntime, "s.wl:3:1: step limit of 10 exceeded"},
		{[]string{"--timeout", "1ns", "--max-memory", "64M"}, exitRuntime, "time limit of 1ns exceeded"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(append(append([]string{"run"}, tt.args...), script), nil, &stdout, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tt.code, tt.want)
			}
			if ran := strings.Contains(stdout.String(), "a couru"); ran != (tt.code == exitRuntime) && tt.args[0] != "--timeout" {
				t.Errorf("stdout %q", stdout.String())
			}
		})
	}
}

// keepProcessMemoryLimit restores the Go runtime's memory limit that wl run sets for its
// process, here the tests'.
func keepProcessMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		bad  bool
	}{
		{in: "0", want: 0},
		{in: "1048576", want: 1 << 20},
		{in: "512K", want: 512 << 10},
		{in: "256M", want: 256 << 20},
		{in: "256m", want: 256 << 20},
		{in: "64MB", want: 64 << 20},
		{in: "64MiB", want: 64 << 20},
		{in: "2G", want: 2 << 30},
		{in: "1T", want: 1 << 40},
		{in: " 3 G ", want: 3 << 30},
		{in: "", bad: true},
		{in: "M", bad: true},
		{in: "-1M", bad: true},
		{in: "1.5G", bad: true},
		{in: "lots", bad: true},
		{in: "9000000000T", bad: true},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v", tt.in, got, err)
		}
	}
}

// TestProcessMemoryLimit: wl run sets the Go runtime's soft memory limit of its process
// above the run's limit, and leaves it alone without a limit.
func TestProcessMemoryLimit(t *testing.T) {
	keepProcessMemoryLimit(t)
	var stderr bytes.Buffer
	cfg, err := parseRunFlags([]string{"--max-memory", "64M", "s.wl"}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.limits.setProcessMemoryLimit()
	if got, want := debug.SetMemoryLimit(-1), int64(64<<20+32<<20+64<<20); got != want {
		t.Errorf("memory limit %d, want %d", got, want)
	}
	debug.SetMemoryLimit(1 << 40)
	if cfg, err = parseRunFlags([]string{"--max-memory", "0", "s.wl"}, &stderr); err != nil {
		t.Fatal(err)
	}
	cfg.limits.setProcessMemoryLimit()
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit %d without --max-memory", got)
	}
	// Without the flag, the run's limit is the default.
	if cfg, err = parseRunFlags([]string{"s.wl"}, &stderr); err != nil {
		t.Fatal(err)
	}
	if int64(cfg.limits.maxMemory) != wl.DefaultMaxMemory() {
		t.Errorf("default --max-memory %d, want %d", cfg.limits.maxMemory, wl.DefaultMaxMemory())
	}
}
