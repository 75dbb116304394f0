package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"syscall"
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/internal/golden"
)

// cmdTest is `wl test [-run RE] [-update] [-v] PATH...`: it runs the golden cases that
// PATH names (.txtar files, folders walked for them) in parallel, prints a unified diff for
// each failing section and a last line "N passed, M failed"; the status is 1 when a case
// failed.
func cmdTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wl test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "usage: wl test [-run REGEXP] [-update] [-v] PATH...\n\n"+
			"Runs the golden cases of PATH (a .txtar file, or a folder searched for them).\n\n")
		fs.PrintDefaults()
	}
	run := fs.String("run", "", "run only the cases whose name (their path) matches `REGEXP`")
	update := fs.Bool("update", false, "rewrite the expected sections that differ with what the run gave (review the diff!)")
	verbose := fs.Bool("v", false, "print each case's name and result")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "wl test: missing PATH (a .txtar case or a folder of them)")
		return exitUsage
	}
	re, err := regexp.Compile(*run)
	if err != nil {
		fmt.Fprintf(stderr, "wl test: -run: %v\n", err)
		return exitUsage
	}
	paths, err := golden.Find(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "wl test: %v\n", err)
		return exitUsage
	}
	var cases []*golden.Case
	for _, p := range paths {
		c, err := golden.Load(p)
		if err != nil {
			fmt.Fprintf(stderr, "wl test: %v\n", err)
			return exitUsage
		}
		if re.MatchString(c.Name) {
			cases = append(cases, c)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r := &golden.Runner{Exec: execCase, Update: *update}
	passed, failed := 0, 0
	r.RunAll(ctx, cases, 0, func(res *golden.Result) {
		switch {
		case !res.Passed():
			failed++
			res.Report(stdout)
		case len(res.Updated) > 0:
			passed++
			fmt.Fprintf(stdout, "updated %s: %v\n", res.Case.Name, res.Updated)
		default:
			passed++
			if *verbose {
				fmt.Fprintf(stdout, "ok   %s\n", res.Case.Name)
			}
		}
	})
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "wl test: interrupted")
		return exitRuntime
	}
	if failed > 0 {
		return exitRuntime
	}
	return exitOK
}

// execCase runs a golden case's script through the code path of `wl run`, in the case's
// folder, with its environment, temporary folder and clock.
func execCase(ctx context.Context, inv *golden.Invocation) int {
	cfg, err := parseRunFlags(inv.CommandLine(), inv.Stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(inv.Stderr, err)
		}
		return exitUsage
	}
	cfg.dir, cfg.srcDir = inv.Dir, inv.SourceDir
	cfg.ext = map[any]any{builtins.EnvKey{}: inv.Env, builtins.TempDirKey{}: inv.TempDir}
	if now := inv.Now; !now.IsZero() {
		cfg.ext[builtins.NowKey{}] = func() time.Time { return now }
	}
	return runScript(ctx, cfg, inv.Stdout, inv.Stderr)
}
