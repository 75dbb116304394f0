package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the wl command in-process. No test may use the user's own
// spool: unless WL_SPOOL_DIR is set, it points to a directory of this test process, removed
// at the end. A test binary started with WL_TEST_MAIN=1 is the wl command itself (the
// crash tests kill such a child).
func TestMain(m *testing.M) {
	if os.Getenv("WL_TEST_MAIN") == "1" {
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	if os.Getenv(envSpoolDir) == "" {
		dir, err := os.MkdirTemp("", "wl-test-spool-")
		if err != nil {
			panic(err)
		}
		os.Setenv(envSpoolDir, dir)
		testscript.Main(cleanupM{m, dir}, map[string]func(){
			"wl": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
		})
		return
	}
	testscript.Main(m, map[string]func(){
		"wl": func() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// cleanupM removes a directory once the tests have run.
type cleanupM struct {
	m   *testing.M
	dir string
}

func (c cleanupM) Run() int {
	defer os.RemoveAll(c.dir)
	return c.m.Run()
}

// TestScripts runs the command-line scenarios of testdata/script: flags, exit statuses,
// messages.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{Dir: "testdata/script"})
}
