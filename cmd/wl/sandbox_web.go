package main

import (
	"context"
	"fmt"
	"io"

	"github.com/wl-lang/wl/mailrt/sandbox"
	"github.com/wl-lang/wl/mailrt/sandbox/web"
)

// startSandboxWeb serves the web view of wl run's sandbox (--sandbox-http) and says where on
// stderr; it reports a failure to listen there too.
func startSandboxWeb(srv *sandbox.Server, addr string, stderr io.Writer) (*web.Server, error) {
	view, err := web.Listen(srv, addr, web.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "wl run: --sandbox-http: %v\n", err)
		return nil, err
	}
	fmt.Fprintf(stderr, "wl run: sandbox web view at %s\n", view.URL())
	return view, nil
}

// waitSandboxWeb keeps the web view of wl run's sandbox up after the script ended, until ctx
// ends (SIGINT, SIGTERM); a script interrupted that way does not wait.
func waitSandboxWeb(ctx context.Context, view *web.Server, stderr io.Writer) {
	if ctx.Err() != nil {
		return
	}
	fmt.Fprintf(stderr, "wl run: the script ended; the sandbox web view stays at %s until Ctrl-C\n", view.URL())
	<-ctx.Done()
}
