package golden

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/tools/txtar"
)

// Now is the clock of every case whose env section does not set WL_FAKE_NOW: Tuesday 24
// November 2026, 13:45:30.25 UTC, so that dates in outputs do not change from day to day.
func Now() time.Time { return time.Date(2026, 11, 24, 13, 45, 30, 250_000_000, time.UTC) }

// ExecFunc runs `wl run` with inv.CommandLine() in inv.Dir, with inv's environment,
// temporary folder and clock, writing to inv.Stdout and inv.Stderr, and returns the exit
// status.
type ExecFunc func(ctx context.Context, inv *Invocation) int

// Invocation is one run of a case's script: what [ExecFunc] runs and what [Section] hooks
// prepare and read.
type Invocation struct {
	Case *Case
	// Dir is the case's own working folder: the archive's input files are there and the
	// script runs there.
	Dir string
	// SourceDir is the archive's folder: a source file named on the command line (script,
	// includes) that is not in Dir is read from there.
	SourceDir string
	// Out is a private folder for the files the run writes for the runner (mail.json).
	Out string
	// TempDir is the script's temporary folder (fRepTemp).
	TempDir string
	// Flags are the `wl run` flags, Script the script to run (script.wl, or the file of the
	// script section), Args its arguments.
	Flags  []string
	Script string
	Args   []string
	// Env is the script's whole environment, "NAME=value" entries.
	Env []string
	// Now is the script's clock; zero: WL_FAKE_NOW of Env, else the system clock.
	Now time.Time
	// Stdout and Stderr receive the script's output.
	Stdout, Stderr io.Writer

	stdout, stderr bytes.Buffer
	exit           int
	cleanups       []func()
}

// CommandLine is the `wl run` command line: flags, script, arguments.
func (inv *Invocation) CommandLine() []string {
	out := append(append([]string(nil), inv.Flags...), inv.Script)
	return append(out, inv.Args...)
}

// Cleanup registers f to run after the case, the last registered first.
func (inv *Invocation) Cleanup(f func()) { inv.cleanups = append(inv.cleanups, f) }

// Runner runs cases.
type Runner struct {
	// Exec runs the script; required.
	Exec ExecFunc
	// Sections are kinds of files added to the format, after the built-in ones.
	Sections []*Section
	// Update rewrites the expected sections that differ with what the run gave, instead of
	// reporting them as failures. Never a way to make a failing test pass without reading
	// the change.
	Update bool
}

// Failure is one expected section that the run did not match.
type Failure struct {
	Section string
	// Diff is a unified diff from the expected text to the actual one.
	Diff string
	// Err, when set, is why the section could not be compared (Diff is then empty).
	Err error
}

// Result is the outcome of one case.
type Result struct {
	Case *Case
	// Err is set when the case could not run (a bad archive, a file that cannot be written).
	Err      error
	Failures []Failure
	// Updated lists the sections that -update rewrote in the archive.
	Updated []string
}

// Passed tells whether the case passed (or was brought up to date).
func (r *Result) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// Report writes the failures of r, each section's as a unified diff, or nothing when it passed.
func (r *Result) Report(w io.Writer) {
	if r.Err != nil {
		fmt.Fprintf(w, "FAIL %s: %v\n", r.Case.Name, r.Err)
		return
	}
	if len(r.Failures) == 0 {
		return
	}
	fmt.Fprintf(w, "FAIL %s\n", r.Case.Name)
	for _, f := range r.Failures {
		if f.Err != nil {
			fmt.Fprintf(w, "%s: %v\n", f.Section, f.Err)
			continue
		}
		io.WriteString(w, f.Diff)
	}
}

func (r *Runner) sections() []*Section {
	return append(builtinSections(), r.Sections...)
}

// Run runs one case.
func (r *Runner) Run(ctx context.Context, c *Case) *Result {
	res := &Result{Case: c}
	src, err := filepath.Abs(filepath.Dir(c.Path))
	if err != nil {
		res.Err = err
		return res
	}
	root, err := os.MkdirTemp("", "wl-golden-")
	if err != nil {
		res.Err = err
		return res
	}
	defer os.RemoveAll(root)
	inv := &Invocation{Case: c, Dir: filepath.Join(root, "work"), SourceDir: src,
		Out: filepath.Join(root, "out"), TempDir: filepath.Join(root, "tmp"), Script: "script.wl", Now: Now(), Env: []string{}}
	inv.Stdout, inv.Stderr = &inv.stdout, &inv.stderr
	defer func() {
		for i := len(inv.cleanups) - 1; i >= 0; i-- {
			inv.cleanups[i]()
		}
	}()
	secs := r.sections()
	on, err := r.setUp(inv, secs)
	if err != nil {
		res.Err = err
		return res
	}
	inv.exit = r.Exec(ctx, inv)
	for _, s := range secs {
		if s.Actual == nil || (!on[s] && !s.always) {
			continue
		}
		r.compare(res, inv, s)
	}
	if len(res.Updated) > 0 {
		if err := os.WriteFile(c.Path, txtar.Format(c.Archive), 0o644); err != nil {
			res.Err = err
		}
	}
	return res
}

// setUp checks the archive, writes its input files into inv.Dir and prepares the sections it
// holds; it returns the sections that are on.
func (r *Runner) setUp(inv *Invocation, secs []*Section) (map[*Section]bool, error) {
	for _, d := range []string{inv.Dir, inv.Out, inv.TempDir} {
		if err := os.Mkdir(d, 0o755); err != nil {
			return nil, err
		}
	}
	c := inv.Case
	on := map[*Section]bool{}
	names := map[string]bool{}
	for _, f := range c.Archive.Files {
		if names[f.Name] {
			return nil, fmt.Errorf("the archive holds %s twice", f.Name)
		}
		names[f.Name] = true
		var sec *Section
		for _, s := range secs {
			if s.covers(f.Name) {
				sec = s
				break
			}
		}
		if sec != nil {
			on[sec] = true
			if sec.Private || sec.Actual != nil {
				continue
			}
		}
		if !filepath.IsLocal(filepath.FromSlash(f.Name)) {
			return nil, fmt.Errorf("file name %q: want a relative path inside the case's folder", f.Name)
		}
		full := filepath.Join(inv.Dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	switch {
	case names["script.wl"] && names["script"]:
		return nil, errors.New("both script.wl and a script section: keep one")
	case !names["script.wl"] && !names["script"]:
		return nil, errors.New("no script.wl (or script section naming the script to run)")
	}
	for _, s := range secs {
		if on[s] && s.Prepare != nil {
			if err := s.Prepare(inv); err != nil {
				return nil, err
			}
		}
	}
	return on, nil
}

// compare compares section s of the case with what the run gave, and records a failure or
// updates the archive.
func (r *Runner) compare(res *Result, inv *Invocation, s *Section) {
	want, present := inv.Case.file(s.Name)
	if !present {
		want = []byte(s.def)
	}
	got, err := s.Actual(inv)
	if err != nil {
		res.Failures = append(res.Failures, Failure{Section: s.Name, Err: err})
		return
	}
	w, g := want, got
	if s.Normalize != nil {
		w, g, err = s.Normalize(want, got)
		if err != nil && !r.Update {
			res.Failures = append(res.Failures, Failure{Section: s.Name, Err: err})
			return
		}
		if err != nil {
			// -update replaces an expectation that cannot be read.
			w, g = want, got
		}
	}
	// An archive's file always ends with a line break: so does what it is compared with.
	w, g = endLine(w), endLine(g)
	if bytes.Equal(w, g) {
		return
	}
	if r.Update {
		setFile(inv.Case.Archive, s.Name, g, present)
		res.Updated = append(res.Updated, s.Name)
		return
	}
	res.Failures = append(res.Failures, Failure{Section: s.Name, Diff: unifiedDiff(s.Name, string(w), string(g))})
}

// endLine adds a line break at the end of b when it lacks one (txtar.Format does the same).
func endLine(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] != '\n' {
		return append(b[:len(b):len(b)], '\n')
	}
	return b
}

// setFile gives the archive's file name the content data, in place, or appended at the end
// when the archive lacks it.
func setFile(a *txtar.Archive, name string, data []byte, present bool) {
	if present {
		for i := range a.Files {
			if a.Files[i].Name == name {
				a.Files[i].Data = data
				return
			}
		}
	}
	a.Files = append(a.Files, txtar.File{Name: name, Data: data})
}

// RunAll runs cases, at most parallel at a time (GOMAXPROCS when parallel < 1), and calls
// report with each result in the order of cases, as soon as it and those before are done.
// Once ctx is done, the cases not started yet fail without running.
func (r *Runner) RunAll(ctx context.Context, cases []*Case, parallel int, report func(*Result)) {
	if parallel < 1 {
		parallel = runtime.GOMAXPROCS(0)
	}
	done := make([]chan *Result, len(cases))
	sem := make(chan struct{}, parallel)
	for i, c := range cases {
		done[i] = make(chan *Result, 1)
		go func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				// Interrupted: the cases not started yet are not run.
				done[i] <- &Result{Case: c, Err: fmt.Errorf("not run: %w", err)}
				return
			}
			done[i] <- r.Run(ctx, c)
		}()
	}
	for _, ch := range done {
		report(<-ch)
	}
}

// lines splits text into lines, each with its "\n" (the last may lack it).
func lines(s string) []string {
	if s == "" {
		return nil
	}
	l := strings.SplitAfter(s, "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}
