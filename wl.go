package wl

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/parser"
)

// Program is a compiled script. It is immutable: run it any number of times, from any
// number of goroutines at once; each run has its own globals, output and email sessions.
type Program struct {
	prog     *interp.Program
	warnings []Diagnostic
	// defaultMaxMemory is DefaultMaxMemory(), read once: it asks the system.
	defaultMaxMemory int64
}

// Compile compiles the script src, named name in error messages (and the base of the
// relative paths of its EXTERN statements, read from opts.FS). The source may be UTF-8, with
// or without a byte-order mark, or Windows-1252 as WINDEV saves it. A script that cannot run
// gives a *CompileError; opts may be nil.
func Compile(name string, src []byte, opts *CompileOptions) (*Program, error) {
	if opts == nil {
		opts = &CompileOptions{}
	}
	read := func(n string) ([]byte, error) {
		if n == name {
			return src, nil
		}
		return readFS(opts.FS, n)
	}
	return compile(read, name, opts)
}

// CompileFS compiles the script name of fsys, with its EXTERN inclusions and opts.Includes
// read from fsys too (opts.FS is not used). opts may be nil.
func CompileFS(fsys fs.FS, name string, opts *CompileOptions) (*Program, error) {
	o := CompileOptions{}
	if opts != nil {
		o = *opts
	}
	o.FS = fsys
	return compile(func(n string) ([]byte, error) { return readFS(fsys, n) }, name, &o)
}

// readFS reads an included file from fsys: the parser gives paths in the system's form,
// already resolved against the including file.
func readFS(fsys fs.FS, name string) ([]byte, error) {
	if fsys == nil {
		return nil, fmt.Errorf("cannot read %s: no file system to include from (CompileOptions.FS)", name)
	}
	n := filepath.ToSlash(name)
	if !fs.ValidPath(n) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return fs.ReadFile(fsys, n)
}

func compile(read parser.ReadFileFunc, name string, opts *CompileOptions) (*Program, error) {
	p, err := parser.New()
	if err != nil {
		return nil, err
	}
	var files []*parser.File
	for _, n := range append(append([]string(nil), opts.Includes...), name) {
		f, err := p.Load(read, n)
		if err != nil {
			return nil, loadError(err)
		}
		files = append(files, f)
	}
	lib, err := builtins.New()
	if err != nil {
		return nil, err
	}
	for _, hf := range opts.Funcs {
		b, err := interp.GoFunc(hf.Names, hf.Fn)
		if err != nil {
			return nil, err
		}
		if err := lib.AddFunc(b); err != nil {
			return nil, fmt.Errorf("host function %s: %w", hf.Names[0], err)
		}
	}
	prog, diags, err := interp.CompileWith(lib, interp.CompileOptions{Globals: opts.Globals}, files...)
	var all, errs []Diagnostic
	for _, d := range diags {
		dd := diagnostic(d.Pos, d.Msg, d.Warning)
		all = append(all, dd)
		if !d.Warning || opts.Strict {
			dd.Warning = false
			errs = append(errs, dd)
		}
	}
	if err != nil || len(errs) > 0 {
		var ce *interp.CompileError
		if err != nil && !errors.As(err, &ce) {
			return nil, err
		}
		return nil, &CompileError{Diagnostics: errs}
	}
	return &Program{prog: prog, warnings: all, defaultMaxMemory: DefaultMaxMemory()}, nil
}

// Warnings are the compiler's warnings: names it does not know (a WINDEV function wl lacks,
// a misspelt variable), which fail only if a run reaches them.
func (p *Program) Warnings() []Diagnostic { return append([]Diagnostic(nil), p.warnings...) }

// Run runs the program's main code once. It returns nil at the end of the script (or at
// FinProgramme / EndProgram), and an *Error when a fatal WLanguage error ends it, including a
// cancellation of ctx (the *Error wraps ctx.Err()) and the step limit (it wraps
// ErrStepLimit). Cancelling ctx stops a busy loop and an email exchange promptly. A script
// that ends normally but leaves messages sent asynchronously undelivered (refused by the
// server, or not sent when the end of the run stopped waiting) gets an *UndeliveredError, as
// wl run exits with 3. opts may be nil.
func (p *Program) Run(ctx context.Context, opts *RunOptions) error {
	var undelivered []mailrt.Job
	err := runError(p.thread(ctx, opts, &undelivered).Run())
	if err == nil && len(undelivered) > 0 {
		return &UndeliveredError{Messages: undelivered}
	}
	return err
}

// Call runs the main code, calls the procedure proc with args and returns its result: Call is
// Start, Instance.Call and Instance.Close in one. Arguments are converted as
// RunOptions.Globals values are; the result is nil (no result, Null), bool, int64, float64,
// string, []byte, time.Time, time.Duration, []any (an array) or map[string]any (an
// associative array).
func (p *Program) Call(ctx context.Context, opts *RunOptions, proc string, args ...any) (any, error) {
	in, err := p.Start(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return in.Call(ctx, proc, args...)
}

// Start runs the main code and returns the instance it leaves: its globals, its open email
// sessions. Call its procedures with Instance.Call, and Close it when done. opts may be nil.
func (p *Program) Start(ctx context.Context, opts *RunOptions) (*Instance, error) {
	th := p.thread(ctx, opts, nil)
	if err := th.Start(); err != nil {
		th.Close()
		return nil, runError(err)
	}
	return &Instance{th: th}, nil
}

// thread prepares a run; an error of the options is reported when it runs.
func (p *Program) thread(ctx context.Context, opts *RunOptions, undelivered *[]mailrt.Job) *interp.Thread {
	if opts == nil {
		opts = &RunOptions{}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ext := map[any]any{}
	if opts.Mail != nil {
		c := opts.Mail.config()
		if undelivered != nil {
			c.Spool.OnUndelivered = func(jobs []mailrt.Job) { *undelivered = append(*undelivered, jobs...) }
		}
		ext[builtins.MailKey{}] = c
		ext[builtins.HTTPKey{}] = opts.Mail.httpConfig()
	}
	if opts.Now != nil {
		ext[builtins.NowKey{}] = opts.Now
	}
	maxMemory := opts.MaxMemory
	switch {
	case maxMemory == 0:
		maxMemory = p.defaultMaxMemory
	case maxMemory < 0:
		maxMemory = 0
	}
	return p.prog.NewThread(interp.Options{
		Stdout:     opts.Stdout,
		Stderr:     opts.Stderr,
		Context:    ctx,
		MaxSteps:   opts.MaxSteps,
		MaxMemory:  maxMemory,
		Timeout:    opts.Timeout,
		Args:       opts.Args,
		Seed:       opts.Seed,
		Dir:        opts.Dir,
		Globals:    opts.Globals,
		Extensions: ext,
	})
}

// Instance is a run whose main code has ended, kept so that the host can call its
// procedures: globals keep their values from one call to the next, email sessions stay open.
// An Instance is used by one goroutine at a time.
type Instance struct {
	th *interp.Thread
}

// Call calls the procedure proc (by any spelling: names compare case- and
// accent-insensitively) with args and returns its result; see Program.Call for the
// conversions. ctx, RunOptions.MaxSteps and RunOptions.Timeout bound this call;
// RunOptions.MaxMemory bounds the instance's memory across calls. A fatal WLanguage error is
// an *Error.
func (in *Instance) Call(ctx context.Context, proc string, args ...any) (any, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	in.th.SetContext(ctx)
	v, err := in.th.Call(proc, args...)
	return v, runError(err)
}

// Close ends the instance: it closes the email sessions the script left open and waits for
// the messages it sent asynchronously (until the context of the last call ends). Do not call
// an instance after Close.
func (in *Instance) Close() { in.th.Close() }
