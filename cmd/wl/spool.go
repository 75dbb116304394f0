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
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// exitUndelivered is the exit status of a run (or a flush) that leaves asynchronous
// messages undelivered: refused by the server, or still in the spool.
const exitUndelivered = 3

// Environment variables of the spool.
const (
	envSpoolDir      = "WL_SPOOL_DIR"
	envSpoolSync     = "WL_SPOOL_SYNC"
	envSpoolPassword = "WL_SPOOL_PASSWORD"
)

// spoolFlags are the spool settings of `wl run`.
type spoolFlags struct {
	dir  string
	sync string
	// drainTimeout, when set, bounds the end-of-run wait for the spool (tests).
	drainTimeout time.Duration
}

func (sf *spoolFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.dir, "spool", "", "keep asynchronous messages in `DIR` until a server takes them (default $"+envSpoolDir+", else wl/spool in the user's cache directory; under --sandbox, a temporary one)")
	fs.StringVar(&sf.sync, "spool-sync", "", "`journal`: every message appended to the run's journal and fdatasynced before EmailEnvoieMessage returns, one fdatasync for the messages written together (default); each: a file per message, fsynced; batch: the journal fdatasynced in groups within 20 ms (default $"+envSpoolSync+")")
}

func parseSync(s string) (mailrt.SyncMode, error) {
	switch s {
	case "", "journal":
		return mailrt.SyncJournal, nil
	case "each":
		return mailrt.SyncEach, nil
	case "batch":
		return mailrt.SyncBatch, nil
	}
	return 0, fmt.Errorf("spool sync %q: want journal, each or batch", s)
}

// defaultSpoolDir is wl/spool in the user's cache directory.
func defaultSpoolDir() (string, error) {
	if d := os.Getenv(envSpoolDir); d != "" {
		return d, nil
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no spool directory: %v (give one with --spool or %s)", err, envSpoolDir)
	}
	return filepath.Join(cache, "wl", "spool"), nil
}

// spoolConfig resolves the spool of a run: --spool, else $WL_SPOOL_DIR, else wl/spool in
// the user's cache directory. Under --sandbox without --spool the spool is a temporary
// directory of the run (WL_SPOOL_DIR is ignored), removed by done: the user's spool never
// holds a sandbox message. An explicit --spool under --sandbox marks the messages as the
// sandbox's, and only sandbox runs take them over: a real run or a flush never sends them.
func (cfg *runConfig) spoolConfig(stderr io.Writer) (builtins.SpoolConfig, func(), error) {
	sc := builtins.SpoolConfig{Sandbox: cfg.sandbox}
	mode := cfg.spool.sync
	if mode == "" {
		mode = os.Getenv(envSpoolSync)
	}
	var err error
	if sc.Sync, err = parseSync(mode); err != nil {
		return sc, nil, err
	}
	switch {
	case cfg.spool.dir != "":
		sc.Dir = cfg.path(cfg.spool.dir)
	case cfg.sandbox:
		dir, err := os.MkdirTemp("", "wl-sandbox-spool-")
		if err != nil {
			return sc, nil, err
		}
		sc.Dir, sc.Temporary, sc.Sync = dir, true, mailrt.SyncNone
		return sc, func() { os.RemoveAll(dir) }, nil
	default:
		if sc.Dir, err = defaultSpoolDir(); err != nil {
			// Asynchronous sending still works, in memory only: say so.
			fmt.Fprintf(stderr, "wl: %v; asynchronous messages are kept in memory only\n", err)
			sc.Dir = ""
		}
	}
	return sc, func() {}, nil
}

// mailConfig is the email configuration of a run: the one tests put in cfg.ext, the
// sandbox's, and the spool, whose undelivered messages are collected in *undelivered.
func (cfg *runConfig) mailConfig(ext map[any]any, srv *sandbox.Server, stderr io.Writer, undelivered *[]mailrt.Job) (func(), error) {
	mc := &builtins.MailConfig{}
	if c, ok := ext[builtins.MailKey{}].(*builtins.MailConfig); ok && c != nil {
		*mc = *c
	}
	if srv != nil {
		mc.Transport, mc.RootCAs, mc.LookupMX = srv.Transport(), srv.CertPool(), srv.LookupMX
	}
	if cfg.spool.drainTimeout > 0 {
		mc.DrainTimeout = cfg.spool.drainTimeout
	}
	done := func() {}
	if mc.Spool.Dir == "" {
		sc, d, err := cfg.spoolConfig(stderr)
		if err != nil {
			return nil, err
		}
		mc.Spool, done = sc, d
	}
	mc.Spool.OnUndelivered = func(jobs []mailrt.Job) { *undelivered = append(*undelivered, jobs...) }
	ext[builtins.MailKey{}] = mc
	return done, nil
}

// runStatus is the exit status of a run: 3 when messages were left undelivered by a run
// that ended normally or was cancelled, else 1 for a fatal error.
func runStatus(err error, undelivered []mailrt.Job) int {
	cancelled := errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	switch {
	case len(undelivered) > 0 && (err == nil || cancelled):
		return exitUndelivered
	case err != nil:
		return exitRuntime
	}
	return exitOK
}

const spoolUsage = `wl spool manages the messages that asynchronous sending keeps on disk until a server takes
them (the spool of wl run; see --spool).

Usage:
  wl spool list  [--spool DIR] [--json]       one line per queued message, then the failed ones
  wl spool flush [--spool DIR] [--password-env VAR] [--wait DURATION]
                                              send every queued message now; exit 0 when the
                                              spool is empty at the end, 3 otherwise
  wl spool drop  [--spool DIR] [--failed] [ID...]
                                              remove messages (by ID or Message-ID), or with
                                              --failed the records of the failed ones
`

func cmdSpool(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runSpool(ctx, args, stdout, stderr)
}

// runSpool is `wl spool ...`.
func runSpool(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stderr, spoolUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	fs := flag.NewFlagSet("wl spool "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, spoolUsage) }
	dir := fs.String("spool", "", "the spool `DIR` (default $"+envSpoolDir+", else wl/spool in the user's cache directory)")
	var asJSON, failed *bool
	var passEnv *string
	var wait *time.Duration
	switch args[0] {
	case "list":
		asJSON = fs.Bool("json", false, "one JSON object per line")
	case "flush":
		passEnv = fs.String("password-env", envSpoolPassword, "the environment variable holding the password (or OAuth token) of messages whose session logged in")
		wait = fs.Duration("wait", 30*time.Second, "retry transient failures for at most this long")
	case "drop":
		failed = fs.Bool("failed", false, "remove the records of the failed messages")
	default:
		fmt.Fprintf(stderr, "wl spool: unknown command %q\n\n%s", args[0], spoolUsage)
		return exitUsage
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if args[0] != "drop" && fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wl spool %s: unexpected argument %q\n", args[0], fs.Arg(0))
		return exitUsage
	}
	if *dir == "" {
		d, err := defaultSpoolDir()
		if err != nil {
			fmt.Fprintf(stderr, "wl spool: %v\n", err)
			return exitUsage
		}
		*dir = d
	}
	if _, err := os.Stat(*dir); errors.Is(err, os.ErrNotExist) && args[0] != "drop" {
		// No spool yet: nothing is queued (and nothing is created).
		if args[0] == "flush" {
			fmt.Fprintln(stdout, "0 sent, 0 not sent, 0 left in the spool")
		}
		return exitOK
	}
	d, err := mailrt.OpenSpoolDir(*dir, mailrt.SyncEach)
	if err != nil {
		fmt.Fprintf(stderr, "wl spool: %v\n", err)
		return exitRuntime
	}
	defer d.Close()
	switch args[0] {
	case "list":
		return spoolList(d, *asJSON, stdout, stderr)
	case "flush":
		return spoolFlush(ctx, d, os.Getenv(*passEnv), *wait, stdout, stderr)
	}
	return spoolDrop(d, *failed, fs.Args(), stdout, stderr)
}

func spoolList(d *mailrt.SpoolDir, asJSON bool, stdout, stderr io.Writer) int {
	es, err := d.List()
	if err != nil {
		fmt.Fprintf(stderr, "wl spool list: %v\n", err)
		return exitRuntime
	}
	for _, e := range es {
		if asJSON {
			b, _ := json.Marshal(e)
			fmt.Fprintf(stdout, "%s\n", b)
			continue
		}
		fmt.Fprintln(stdout, entryLine(e))
	}
	return exitOK
}

// entryLine is the line of `wl spool list`: state, Message-ID, created, recipients,
// subject, attempts and last error.
func entryLine(e mailrt.SpoolEntry) string {
	state := "queued"
	switch {
	case e.Failed:
		state = "FAILED"
	case e.Running:
		state = "sending" // its run is still going
	}
	var notes []string
	if e.Sandbox {
		notes = append(notes, "sandbox")
	}
	if e.Server.Auth != "" {
		notes = append(notes, "login "+e.Server.User)
	}
	line := fmt.Sprintf("%-7s %s <%s> %s to %s %q via %s:%d, %d attempt(s)", state, e.ID, e.MessageID,
		e.Created.Local().Format("2006-01-02 15:04:05"), strings.Join(e.To, ", "), e.Subject,
		e.Server.Host, e.Server.Port, e.Attempts)
	if len(notes) > 0 {
		line += " (" + strings.Join(notes, ", ") + ")"
	}
	if e.LastError != "" {
		line += ": " + e.LastError
	}
	return line
}

func spoolFlush(ctx context.Context, d *mailrt.SpoolDir, secret string, wait time.Duration, stdout, stderr io.Writer) int {
	roots, err := builtins.SystemRoots()
	if err != nil {
		fmt.Fprintf(stderr, "wl spool flush: %v\n", err)
		return exitRuntime
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	res, err := d.Flush(ctx, mailrt.FlushOptions{Secret: secret, RootCAs: roots, Connections: 4})
	if err != nil {
		fmt.Fprintf(stderr, "wl spool flush: %v\n", err)
		return exitRuntime
	}
	for _, j := range res.Undelivered {
		what := "not delivered"
		if j.Refused {
			what = "refused (kept in " + filepath.Join(d.Path(), "failed") + ")"
		}
		fmt.Fprintf(stderr, "wl: %s: <%s> to %s %q: %v\n", what, j.MessageID, strings.Join(j.Recipients, ", "), j.Subject, j.Err)
	}
	for _, s := range res.Skipped {
		fmt.Fprintf(stderr, "wl: skipped: <%s> to %s %q: %s\n", s.Entry.MessageID, strings.Join(s.Entry.To, ", "), s.Entry.Subject, s.Reason)
	}
	fmt.Fprintf(stdout, "%d sent, %d not sent, %d left in the spool\n", res.Delivered, len(res.Undelivered)+len(res.Skipped), res.Queued)
	if res.Queued > 0 || len(res.Undelivered) > 0 {
		return exitUndelivered
	}
	return exitOK
}

func spoolDrop(d *mailrt.SpoolDir, failed bool, ids []string, stdout, stderr io.Writer) int {
	if !failed && len(ids) == 0 {
		fmt.Fprintf(stderr, "wl spool drop: give the IDs or Message-IDs to remove, or --failed\n")
		return exitUsage
	}
	code := exitOK
	if failed {
		n, err := d.DropFailed()
		fmt.Fprintf(stdout, "%d failed record(s) removed\n", n)
		if err != nil {
			fmt.Fprintf(stderr, "wl spool drop: %v\n", err)
			code = exitRuntime
		}
	}
	if len(ids) > 0 {
		dropped, err := d.Drop(ids...)
		fmt.Fprintf(stdout, "%d message(s) removed\n", len(dropped))
		if err != nil {
			fmt.Fprintf(stderr, "wl spool drop: %v\n", strings.ReplaceAll(err.Error(), "\n", "\nwl spool drop: "))
			code = exitRuntime
		}
	}
	return code
}
