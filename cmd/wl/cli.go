package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
	"github.com/wl-lang/wl/parser"
)

// Exit statuses (ARCHITECTURE.md): 0 normal end, 1 fatal runtime error, 2 syntax or usage
// error (nothing ran), 3 asynchronous messages undelivered (exitUndelivered, spool.go).
const (
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// version is the wl version, set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `wl runs WLanguage scripts (WINDEV/WEBDEV) with a real email runtime.

Usage:
  wl run [flags] SCRIPT.wl [ARGS...]   run a script
      -I, --include FILE.wl           load a procedure collection / prelude first (repeatable)
      --sandbox                       send every email session to an embedded mail server
      --sandbox-json FILE             after the run, write the captured messages as JSON
      --sandbox-seed DIR              deliver DIR/*.eml to the sandbox mailbox first
      --sandbox-auth USER:PASS        the sandbox accepts only this login
      --sandbox-faults FILE.json      make the sandbox misbehave as FILE.json says (sandbox.Faults)
      --allow-http                    under --sandbox, let HTTP requests leave this machine
      --spool DIR                     keep asynchronous messages there until sent (default
                                      $WL_SPOOL_DIR, else wl/spool in the user cache directory)
      --spool-sync journal|each|batch journal (default): each message appended to the run's
                                      journal and fdatasynced before it is accepted; each: a
                                      file per message, fsynced; batch: fdatasynced within 20 ms
      --sandbox-http ADDR             serve the sandbox's web view and API on ADDR, until Ctrl-C
      --max-memory SIZE               stop when the script's values would take more (256M, 2G;
                                      default: half the physical memory; 0: no limit)
      --timeout DURATION              stop the script after DURATION (30s, 5m; default: none)
      --max-steps N                   stop after N loop iterations and calls (default: none)
  wl check [--strict] FILE.wl...      check syntax; unknown names are warnings (errors with --strict)
  wl sandbox [flags]                  run the embedded SMTP/POP3/IMAP server (wl sandbox -h)
  wl spool list|flush|drop [flags]    the messages asynchronous sending keeps (wl spool help)
  wl fmt [-w] [-l] [-d] [--lang fr|en|keep] [--encoding keep|utf8|windows-1252]
         [-I FILE.wl]... FILE...      lay scripts out canonically (to stdout; -w rewrites the
                                      files, -l lists those that differ, -d prints a diff);
                                      --lang translates keywords, library names, types and
                                      members, not the names the scripts, -I and EXTERN
                                      files declare
  wl test [-run RE] [-update] [-v] PATH...
                                      run golden cases (.txtar files, folders of them)
  wl lsp [-I FILE.wl]...              the language server for editors, on stdin/stdout (-I:
                                      files loaded before every document, as wl run -I)
  wl version                          print the version
  wl help                             print this help

Exit status: 0 normal end, 1 fatal runtime error (a limit included; wl test: a case
failed), 2 syntax or usage error, 3 asynchronous messages not delivered (refused, or left in
the spool).
`

// Main is the whole command: it returns the exit status. Tests call it directly.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return cmdRun(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "sandbox":
		return cmdSandbox(args[1:], stdout, stderr)
	case "test":
		return cmdTest(args[1:], stdout, stderr)
	case "fmt":
		return cmdFmt(args[1:], stdin, stdout, stderr)
	case "spool":
		return cmdSpool(args[1:], stdout, stderr)
	case "lsp":
		return cmdLSP(args[1:], stdin, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "wl %s\n", version)
		return exitOK
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "wl: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// runConfig is what `wl run` needs to run a script; tests build it through the same flags.
type runConfig struct {
	includes []string
	script   string
	args     []string
	// dir, when set, is the directory relative file names are read from and that the script
	// runs in (golden tests); empty means the process's working directory.
	dir string
	// srcDir, when set, is where a source file (script, include, EXTERN) missing from dir is
	// read from: the folder of a wl test archive.
	srcDir string
	// ext are library settings for the run (tests fix the clock with builtins.NowKey).
	ext map[any]any

	// sandbox routes every email session to an embedded server (--sandbox); the other
	// sandbox flags imply it.
	sandbox     bool
	sandboxJSON string
	sandboxSeed string
	sandboxAuth string
	// sandboxFaults names the JSON file of the faults injected into the sandbox.
	sandboxFaults string
	// allowHTTP lets HTTP requests leave the machine under --sandbox (--allow-http).
	allowHTTP bool
	// spool is where asynchronous sending keeps its messages (spool.go).
	spool spoolFlags
	// sandboxHTTP is the address of the sandbox's web view (--sandbox-http), served until
	// ctx ends, after the script too.
	sandboxHTTP string

	// limits are --max-memory, --timeout and --max-steps.
	limits runLimits
}

// readFile reads a source file relative to cfg.dir (or cfg.srcDir).
func (cfg *runConfig) readFile(name string) ([]byte, error) { return os.ReadFile(cfg.sourcePath(name)) }

// sourcePath is the file a source file name stands for: relative to cfg.dir, or to
// cfg.srcDir when it is set and dir lacks the file.
func (cfg *runConfig) sourcePath(name string) string {
	p := cfg.path(name)
	if cfg.srcDir != "" && !filepath.IsAbs(name) {
		if _, err := os.Stat(p); errors.Is(err, os.ErrNotExist) {
			return filepath.Join(cfg.srcDir, name)
		}
	}
	return p
}

func parseRunFlags(args []string, stderr io.Writer) (*runConfig, error) {
	fs := flag.NewFlagSet("wl run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &runConfig{}
	var inc listFlag
	fs.Var(&inc, "I", "load FILE.wl first (repeatable)")
	fs.Var(&inc, "include", "load FILE.wl first (repeatable)")
	fs.BoolVar(&cfg.sandbox, "sandbox", false, "send every email session to an embedded mail server")
	fs.StringVar(&cfg.sandboxJSON, "sandbox-json", "", "after the run, write the captured messages as JSON to `FILE`")
	fs.StringVar(&cfg.sandboxSeed, "sandbox-seed", "", "deliver every `DIR`/*.eml to the sandbox mailbox first")
	fs.StringVar(&cfg.sandboxAuth, "sandbox-auth", "", "the sandbox accepts only this login (`USER:PASS`)")
	fs.StringVar(&cfg.sandboxFaults, "sandbox-faults", "", "make the sandbox misbehave as `FILE.json` says")
	fs.BoolVar(&cfg.allowHTTP, "allow-http", false, "under --sandbox, let HTTP requests reach hosts other than this machine")
	cfg.spool.register(fs)
	fs.StringVar(&cfg.sandboxHTTP, "sandbox-http", "", "serve the sandbox's web view and API on `ADDR` (such as 127.0.0.1:8025) until Ctrl-C")
	cfg.limits.flags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := cfg.limits.check(); err != nil {
		return nil, err
	}
	if cfg.sandboxJSON != "" || cfg.sandboxSeed != "" || cfg.sandboxAuth != "" || cfg.sandboxFaults != "" || cfg.sandboxHTTP != "" {
		cfg.sandbox = true
	}
	if cfg.sandboxAuth != "" && !strings.Contains(cfg.sandboxAuth, ":") {
		return nil, errors.New("wl run: --sandbox-auth wants USER:PASS")
	}
	if fs.NArg() == 0 {
		return nil, errors.New("wl run: missing SCRIPT.wl")
	}
	cfg.includes = inc
	cfg.script = fs.Arg(0)
	cfg.args = fs.Args()[1:]
	return cfg, nil
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseRunFlags(args, stderr)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, err)
		}
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg.limits.setProcessMemoryLimit()
	defer cfg.limits.hardStop(cfg.script, stderr)()
	return runScript(ctx, cfg, stdout, stderr)
}

// runScript loads, compiles and runs a script: the code path of `wl run`.
func runScript(ctx context.Context, cfg *runConfig, stdout, stderr io.Writer) int {
	prog, _, code := compileFiles(cfg.readFile, append(append([]string(nil), cfg.includes...), cfg.script), stderr)
	if prog == nil {
		return code
	}
	ext := map[any]any{}
	for k, v := range cfg.ext {
		ext[k] = v
	}
	if _, ok := ext[builtins.ExeDirKey{}]; !ok {
		// fRepExe is the script's directory, as it is the executable's in WINDEV.
		if abs, err := filepath.Abs(cfg.sourcePath(cfg.script)); err == nil {
			ext[builtins.ExeDirKey{}] = filepath.Dir(abs)
		}
	}
	var srv *sandbox.Server
	if cfg.sandbox {
		var err error
		if srv, err = cfg.startSandbox(); err != nil {
			fmt.Fprintf(stderr, "wl run: sandbox: %v\n", err)
			return exitUsage
		}
		defer srv.Close()
		// The sandbox keeps the script on this machine: HTTP too, unless --allow-http.
		var hc builtins.HTTPConfig
		if c, ok := ext[builtins.HTTPKey{}].(*builtins.HTTPConfig); ok && c != nil {
			hc = *c
		}
		hc.LoopbackOnly = hc.LoopbackOnly || !cfg.allowHTTP
		ext[builtins.HTTPKey{}] = &hc
		if cfg.sandboxHTTP != "" {
			view, err := startSandboxWeb(srv, cfg.sandboxHTTP, stderr)
			if err != nil {
				return exitUsage
			}
			defer view.Close()
			// After the script and --sandbox-json, the web view stays until Ctrl-C.
			defer waitSandboxWeb(ctx, view, stderr)
		}
	}
	var undelivered []mailrt.Job
	doneSpool, err := cfg.mailConfig(ext, srv, stderr, &undelivered)
	if err != nil {
		fmt.Fprintf(stderr, "wl run: %v\n", err)
		return exitUsage
	}
	defer doneSpool()
	opts := interp.Options{Stdout: stdout, Stderr: stderr, Context: ctx, Args: cfg.args, Dir: cfg.dir, Extensions: ext}
	cfg.limits.apply(&opts)
	err = prog.Run(opts)
	if err != nil {
		reportRuntime(stderr, err)
	}
	code = runStatus(err, undelivered)
	if srv != nil && cfg.sandboxJSON != "" {
		if err := writeSandboxJSON(cfg.path(cfg.sandboxJSON), srv.Messages()); err != nil {
			fmt.Fprintf(stderr, "wl run: %v\n", err)
			if code == exitOK {
				code = exitRuntime
			}
		}
	}
	return code
}

// path resolves a file name of the command line against cfg.dir.
func (cfg *runConfig) path(name string) string {
	if cfg.dir != "" && !filepath.IsAbs(name) {
		return filepath.Join(cfg.dir, name)
	}
	return name
}

// startSandbox starts the embedded server of --sandbox on loopback ports chosen by the
// system, with the faults of --sandbox-faults, seeded with --sandbox-seed.
func (cfg *runConfig) startSandbox() (*sandbox.Server, error) {
	var faults sandbox.Faults
	if cfg.sandboxFaults != "" {
		var err error
		if faults, err = readFaults("--sandbox-faults", cfg.path(cfg.sandboxFaults)); err != nil {
			return nil, err
		}
	}
	srv, err := sandbox.Start(sandbox.Config{Auth: cfg.sandboxAuth, Faults: faults})
	if err != nil {
		return nil, err
	}
	if cfg.sandboxSeed != "" {
		if err := srv.SeedDir(cfg.path(cfg.sandboxSeed)); err != nil {
			srv.Close()
			return nil, err
		}
	}
	return srv, nil
}

// writeSandboxJSON writes the captured messages in the JSON form of ARCHITECTURE.md.
func writeSandboxJSON(name string, msgs []sandbox.Message) error {
	if msgs == nil {
		msgs = []sandbox.Message{}
	}
	b, err := json.MarshalIndent(msgs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o644)
}

func reportRuntime(w io.Writer, err error) {
	var re *interp.RuntimeError
	if errors.As(err, &re) {
		fmt.Fprintf(w, "%s\n%s", re.Error(), re.Backtrace())
		return
	}
	fmt.Fprintln(w, err)
}

// compileFiles parses and compiles files; on failure it reports to stderr and returns a nil
// program and the exit status.
func compileFiles(read parser.ReadFileFunc, names []string, stderr io.Writer) (*interp.Program, []interp.Diagnostic, int) {
	p, err := parser.New()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, nil, exitUsage
	}
	var files []*parser.File
	for _, n := range names {
		f, err := p.Load(read, n)
		if err != nil {
			fmt.Fprintln(stderr, describeLoadError(err))
			return nil, nil, exitUsage
		}
		files = append(files, f)
	}
	lib, err := builtins.New()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, nil, exitUsage
	}
	prog, diags, err := interp.Compile(lib, files...)
	if err != nil {
		var ce *interp.CompileError
		if errors.As(err, &ce) {
			for _, d := range ce.Diags {
				fmt.Fprintf(stderr, "%s: %s\n", d.Pos, d.Msg)
			}
		} else {
			fmt.Fprintln(stderr, err)
		}
		return nil, diags, exitUsage
	}
	return prog, diags, exitOK
}

func describeLoadError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("wl: %s: %v", pe.Path, pe.Err)
	}
	return err.Error()
}

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wl check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	strict := fs.Bool("strict", false, "unknown names are errors")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "wl check: missing FILE.wl")
		return exitUsage
	}
	status := exitOK
	for _, name := range fs.Args() {
		// A missing EXTERN file is reported, as a warning unless --strict: the file being
		// checked may come from a project whose other files are not at hand.
		var missing []string
		read := func(n string) ([]byte, error) {
			b, err := os.ReadFile(n)
			if err != nil && n != name && errors.Is(err, os.ErrNotExist) {
				missing = append(missing, n)
				return nil, nil
			}
			return b, err
		}
		_, diags, code := compileFiles(read, []string{name}, stderr)
		for _, m := range missing {
			if *strict {
				fmt.Fprintf(stderr, "%s: EXTERN file %s not found\n", name, m)
				status = exitUsage
			} else {
				fmt.Fprintf(stderr, "%s: warning: EXTERN file %s not found\n", name, m)
			}
		}
		if code != exitOK {
			status = exitUsage
			continue
		}
		for _, d := range diags {
			if d.Warning && !*strict {
				fmt.Fprintf(stderr, "%s: warning: %s\n", d.Pos, d.Msg)
			} else {
				fmt.Fprintf(stderr, "%s: %s\n", d.Pos, d.Msg)
				status = exitUsage
			}
		}
	}
	return status
}
