package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestStartupInitAllocs runs `wl run` on a one-line script in a child process with
// GODEBUG=inittrace=1 and checks that the packages whose init once built tables or compiled
// regexps that a run may not need (issue 15: start-up time) now allocate almost nothing before
// main. A regexp compiled at init allocates several KB and makes the process pay for the first
// touch of the regexp packages; the CRC-32C table of the spool journal allocates 8 KB.
// The check counts bytes, not time, so it does not depend on the machine's load.
func TestStartupInitAllocs(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip("no executable path:", err)
	}
	script := filepath.Join(t.TempDir(), "hello.wl")
	if err := os.WriteFile(script, []byte("Trace(\"Bonjour\")\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "run", script)
	cmd.Env = append(os.Environ(), "WL_TEST_MAIN=1", "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil || string(out) != "Bonjour\n" {
		t.Fatalf("wl run: %v, stdout %q, stderr:\n%s", err, out, stderr.String())
	}
	inits := initBytes(stderr.String())
	if _, ok := inits["github.com/wl-lang/wl/cmd/wl"]; !ok {
		t.Fatalf("no init trace read for cmd/wl in:\n%s", stderr.String())
	}
	const limit = 1024 // bytes allocated by one package's init
	for _, pkg := range []string{
		"github.com/aymanbagabas/go-udiff",          // third_party/go-udiff: @@-line regexp
		"github.com/emersion/go-smtp",               // third_party/go-smtp: xtext regexps
		"github.com/alecthomas/participle/v2/lexer", // third_party/participle: back-reference regexp
		"github.com/wl-lang/wl/mailrt",              // CRC-32C table, address regexp
		"github.com/wl-lang/wl/mailrt/sandbox",      // store key regexp
		"github.com/wl-lang/wl/mailrt/sandbox/web",  // web view regexps
		"github.com/wl-lang/wl/parser",              // grammar, built by the first parser.New
		"github.com/wl-lang/wl/interp",
		"github.com/wl-lang/wl/format", // keyword, type and member tables of wl fmt
	} {
		// A package whose init has nothing to do is not traced: it allocates nothing.
		if b := inits[pkg]; b > limit {
			t.Errorf("init of %s allocates %d bytes, want at most %d: build its tables on first use", pkg, b, limit)
		}
	}
	// Packages whose init builds tables wl does without: x/text's charset indexes (mailrt
	// resolves charset names from charset_names.go) and its case and language tables (lexer
	// folds names itself). They come back with an import of go-message's charset package or
	// of x/text's cases.
	for _, pkg := range []string{
		"golang.org/x/text/encoding/ianaindex",
		"golang.org/x/text/encoding/htmlindex",
		"golang.org/x/text/cases",
		"golang.org/x/text/internal/language",
		"github.com/emersion/go-message/charset",
	} {
		if _, ok := inits[pkg]; ok {
			t.Errorf("%s is linked and initialised at start", pkg)
		}
	}
}

// initBytes reads GODEBUG=inittrace=1 lines ("init PKG @T ms, C ms clock, B bytes, N allocs")
// into the bytes allocated by each package's init.
func initBytes(trace string) map[string]int {
	m := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(trace))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 9 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		if n, err := strconv.Atoi(f[7]); err == nil {
			m[f[1]] = n
		}
	}
	return m
}
