package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/wl-lang/wl/mailrt/sandbox"
	"github.com/wl-lang/wl/mailrt/sandbox/web"
)

const sandboxUsage = `wl sandbox runs the embedded mail server on its own, for WINDEV applications and any mail
client: plain ports offer STARTTLS/STLS, the *s ports speak TLS from the first byte. Every
login is accepted unless --auth is given. A web view and REST API of the messages listens on
--http (default 127.0.0.1:8025). Stop it with Ctrl-C (SIGINT) or SIGTERM.

Usage: wl sandbox [flags]
`

// sandboxDefaults are the listening addresses of wl sandbox: the standard port numbers
// shifted above 1024, on loopback.
var sandboxDefaults = struct{ smtp, smtps, pop3, pop3s, imap, imaps string }{
	"127.0.0.1:1025", "127.0.0.1:1465", "127.0.0.1:1110", "127.0.0.1:1995", "127.0.0.1:1143", "127.0.0.1:1993",
}

func cmdSandbox(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runSandbox(ctx, args, stdout, stderr)
}

// runSandbox is wl sandbox until ctx ends.
func runSandbox(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wl sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, sandboxUsage)
		fs.PrintDefaults()
	}
	var cfg sandbox.Config
	fs.StringVar(&cfg.SMTP, "smtp", sandboxDefaults.smtp, "SMTP `address` (STARTTLS offered)")
	fs.StringVar(&cfg.SMTPS, "smtps", sandboxDefaults.smtps, "SMTP over TLS `address`")
	fs.StringVar(&cfg.POP3, "pop3", sandboxDefaults.pop3, "POP3 `address` (STLS offered)")
	fs.StringVar(&cfg.POP3S, "pop3s", sandboxDefaults.pop3s, "POP3 over TLS `address`")
	fs.StringVar(&cfg.IMAP, "imap", sandboxDefaults.imap, "IMAP `address` (STARTTLS offered)")
	fs.StringVar(&cfg.IMAPS, "imaps", sandboxDefaults.imaps, "IMAP over TLS `address`")
	fs.StringVar(&cfg.Dir, "dir", "", "keep messages as `DIR`/*.eml across restarts and write DIR/ca.pem (default: in memory, CA in a temporary directory)")
	fs.StringVar(&cfg.Auth, "auth", "", "accept only this login, as `USER:PASS`")
	fs.StringVar(&cfg.AuthToken, "auth-token", "", "with --auth, the OAuth bearer `TOKEN` that XOAUTH2 and OAUTHBEARER accept instead of PASS")
	faultsFile := fs.String("faults", "", "make the server misbehave as `FILE.json` says (sandbox.Faults: RejectRecipients, RefuseAuth, DropDuringData, ReplyDelay, RefuseStartTLS)")
	fs.BoolVar(&cfg.RequireTLSForAuth, "require-tls", false, "refuse authentication before STARTTLS/STLS on the plain ports")
	fs.BoolVar(&cfg.Mailboxes, "mailboxes", false, "give each recipient a mailbox, read by the logins of its local part (ada or ada@example.com); default: one shared mailbox")
	httpAddr := fs.String("http", web.DefaultAddr, "serve the web view and REST API on `ADDR` (\"off\": no web view)")
	httpAuth := fs.String("http-auth", "", "the web view and API want this login (HTTP basic authentication), as `USER:PASS`")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wl sandbox: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	// Bad login flags are usage errors, like --sandbox-auth's.
	if u, _, ok := strings.Cut(cfg.Auth, ":"); cfg.Auth != "" && (!ok || u == "") {
		fmt.Fprintln(stderr, "wl sandbox: --auth wants USER:PASS")
		return exitUsage
	}
	if u, _, ok := strings.Cut(*httpAuth, ":"); *httpAuth != "" && (!ok || u == "") {
		fmt.Fprintln(stderr, "wl sandbox: --http-auth wants USER:PASS")
		return exitUsage
	}
	if *httpAuth != "" && *httpAddr == "off" {
		fmt.Fprintln(stderr, "wl sandbox: --http-auth with --http off")
		return exitUsage
	}
	if cfg.AuthToken != "" && cfg.Auth == "" {
		fmt.Fprintln(stderr, "wl sandbox: --auth-token needs a login (--auth USER:PASS)")
		return exitUsage
	}
	if *faultsFile != "" {
		var err error
		if cfg.Faults, err = readFaults("--faults", *faultsFile); err != nil {
			fmt.Fprintf(stderr, "wl sandbox: %v\n", err)
			return exitUsage
		}
	}
	// Errors no client sees, such as a failure to accept connections, go to stderr.
	cfg.ErrorLog = log.New(stderr, "wl sandbox: ", log.LstdFlags)
	srv, err := sandbox.Start(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "wl sandbox: %v\n", err)
		return exitRuntime
	}
	var view *web.Server
	if *httpAddr != "off" {
		if view, err = web.Listen(srv, *httpAddr, web.Options{Auth: *httpAuth}); err != nil {
			fmt.Fprintf(stderr, "wl sandbox: --http: %v\n", err)
			srv.Close()
			return exitRuntime
		}
		defer view.Close()
	}
	caPath := filepath.Join(cfg.Dir, "ca.pem")
	if cfg.Dir == "" {
		dir, err := os.MkdirTemp("", "wl-sandbox-")
		if err == nil {
			caPath = filepath.Join(dir, "ca.pem")
			err = os.WriteFile(caPath, srv.CAPEM(), 0o644)
			defer os.RemoveAll(dir)
		}
		if err != nil {
			fmt.Fprintf(stderr, "wl sandbox: writing the CA certificate: %v\n", err)
			srv.Close()
			return exitRuntime
		}
	}
	for _, svc := range []struct {
		name string
		s    sandbox.Service
		note string
	}{
		{"SMTP ", sandbox.SMTP, "plain, STARTTLS offered"}, {"SMTPS", sandbox.SMTPS, "TLS"},
		{"POP3 ", sandbox.POP3, "plain, STLS offered"}, {"POP3S", sandbox.POP3S, "TLS"},
		{"IMAP ", sandbox.IMAP, "plain, STARTTLS offered"}, {"IMAPS", sandbox.IMAPS, "TLS"},
	} {
		fmt.Fprintf(stdout, "%s %s (%s)\n", svc.name, srv.Addr(svc.s), svc.note)
	}
	if view != nil {
		note := "web view and API"
		if *httpAuth != "" {
			note += ", login given with --http-auth"
		}
		fmt.Fprintf(stdout, "HTTP  %s (%s)\n", view.URL(), note)
	}
	fmt.Fprintf(stdout, "CA    %s\n", caPath)
	if cfg.Dir != "" {
		fmt.Fprintf(stdout, "mail  %s\n", cfg.Dir)
	}
	switch {
	case cfg.AuthToken != "":
		fmt.Fprintf(stdout, "login only the one given with --auth (OAuth: with the --auth-token token)\n")
	case cfg.Auth != "":
		fmt.Fprintf(stdout, "login only the one given with --auth\n")
	default:
		fmt.Fprintf(stdout, "login any user name and password\n")
	}
	if cfg.Mailboxes {
		fmt.Fprintf(stdout, "mailboxes one per recipient, read by the login of its local part\n")
	}
	if *faultsFile != "" {
		fmt.Fprintf(stdout, "faults %s\n", *faultsFile)
	}
	msgs, cancel := srv.Subscribe()
	defer cancel()
	for {
		select {
		case m := <-msgs:
			fmt.Fprintf(stdout, "received %q from %s to %d recipient(s), %s\n", m.Subject, m.From, len(m.To)+len(m.Cc)+len(m.Bcc), m.TLS)
		case <-ctx.Done():
			if view != nil {
				view.Close()
			}
			err := srv.Close()
			fmt.Fprintf(stdout, "stopped; %d message(s) received\n", srv.Received())
			if err != nil {
				fmt.Fprintf(stderr, "wl sandbox: %v\n", err)
				return exitRuntime
			}
			return exitOK
		}
	}
}

// readFaults reads a faults file (the JSON form of sandbox.Faults) given with flag.
func readFaults(flag, name string) (sandbox.Faults, error) {
	var f sandbox.Faults
	b, err := os.ReadFile(name)
	if err == nil {
		err = json.Unmarshal(b, &f)
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if err != nil {
		return f, fmt.Errorf("%s %s: %w", flag, name, err)
	}
	return f, nil
}
