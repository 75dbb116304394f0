package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/wl-lang/wl/format"
	"github.com/wl-lang/wl/lsp"
)

// cmdLSP runs the language server on stdin and stdout until the editor says exit or closes
// the stream: `wl lsp [--stdio] [-I FILE.wl]...`.
func cmdLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("wl lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "talk over stdin and stdout (the only transport; editors pass it)")
	var inc listFlag
	fs.Var(&inc, "I", "load FILE.wl before every document, as wl run -I does (repeatable)")
	fs.Var(&inc, "include", "same as -I")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "wl lsp: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	srv, err := lsp.New()
	if err != nil {
		fmt.Fprintln(stderr, "wl lsp:", err)
		return exitUsage
	}
	srv.Version = version
	for _, f := range inc {
		abs, err := filepath.Abs(f)
		if err != nil {
			fmt.Fprintln(stderr, "wl lsp:", err)
			return exitUsage
		}
		srv.Includes = append(srv.Includes, abs)
	}
	srv.Format = func(src []byte) ([]byte, error) { return format.Source(src, format.Options{}) }
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Serve(ctx, stdio{stdin, stdout}); err != nil {
		fmt.Fprintln(stderr, "wl lsp:", err)
		return exitRuntime
	}
	return exitOK
}

// stdio is the editor's stream: the server reads stdin and writes stdout.
type stdio struct {
	r io.Reader
	w io.Writer
}

func (s stdio) Read(p []byte) (int, error)  { return s.r.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.w.Write(p) }

// Close closes both sides when they can be closed.
func (s stdio) Close() error {
	var err error
	for _, c := range []any{s.r, s.w} {
		if c, ok := c.(io.Closer); ok {
			if e := c.Close(); e != nil && err == nil {
				err = e
			}
		}
	}
	return err
}
