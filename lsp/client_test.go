package lsp

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// client is an editor talking to a Server over an in-memory stream, as an editor does
// over the stdio of `wl lsp`.
type client struct {
	t *testing.T
	// caps are the capabilities the server announced.
	caps  map[string]any
	conn  *jsonrpc2.Conn
	diags chan protocol.PublishDiagnosticsParams
	done  chan error
}

// waitLimit bounds every wait of the tests so that a broken server fails them instead of
// hanging; it is not a speed assertion.
const waitLimit = 20 * time.Second

func startClient(t *testing.T, srv *Server) *client {
	t.Helper()
	return startClientWith(t, srv, map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
}

// startClientWith starts a client that initializes the server with init.
func startClientWith(t *testing.T, srv *Server, init map[string]any) *client {
	t.Helper()
	return startClientServing(t, srv.Serve, init)
}

// startClientServing starts a client whose other end serve answers (Server.Serve, or a
// test's variant of it), and initializes it with init.
func startClientServing(t *testing.T, serve func(context.Context, io.ReadWriteCloser) error, init map[string]any) *client {
	t.Helper()
	cs, ss := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, diags: make(chan protocol.PublishDiagnosticsParams, 16), done: make(chan error, 1)}
	go func() { c.done <- serve(ctx, ss) }()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(cs, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == protocol.ServerTextDocumentPublishDiagnostics && req.Params != nil {
				var p protocol.PublishDiagnosticsParams
				if err := json.Unmarshal(*req.Params, &p); err != nil {
					t.Error(err)
				}
				c.diags <- p
			}
			return nil, nil
		}))
	t.Cleanup(func() {
		c.conn.Close()
		cancel()
		select {
		case <-c.done:
		case <-time.After(waitLimit):
			t.Error("the server did not stop")
		}
	})
	var res struct {
		Capabilities map[string]any `json:"capabilities"`
	}
	c.call(protocol.MethodInitialize, init, &res)
	c.caps = res.Capabilities
	if res.Capabilities["hoverProvider"] != true {
		t.Fatalf("initialize: capabilities %v lack hoverProvider", res.Capabilities)
	}
	c.notify(protocol.MethodInitialized, map[string]any{})
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		if ctx.Err() != nil {
			c.t.Fatalf("%s: %v; the goroutines:\n%s", method, err, goroutines())
		}
		c.t.Fatalf("%s: %v", method, err)
	}
}

// goroutines is the stack of every goroutine, for a wait that ran out: a server that no
// longer answers shows where it is blocked.
func goroutines() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}

// callErr makes a request that should fail and returns its error.
func (c *client) callErr(method string, params any) error {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	var r json.RawMessage
	return c.conn.Call(ctx, method, params, &r)
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) open(uri, text string) {
	c.t.Helper()
	c.notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{
		TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "wlanguage", Version: 1, Text: text}})
}

func (c *client) change(uri string, version int, text string) {
	c.t.Helper()
	c.notify(protocol.MethodTextDocumentDidChange, map[string]any{
		"textDocument":   map[string]any{"uri": uri, "version": version},
		"contentChanges": []any{map[string]any{"text": text}},
	})
}

// nextDiags waits for the diagnostics of uri.
func (c *client) nextDiags(uri string) protocol.PublishDiagnosticsParams {
	c.t.Helper()
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri {
				return p
			}
		case <-time.After(waitLimit):
			c.t.Fatalf("no diagnostics for %s after %v; the goroutines:\n%s", uri, waitLimit, goroutines())
		}
	}
}

func pos(line, char int) protocol.Position {
	return protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(char)}
}

func docPos(uri string, line, char int) protocol.TextDocumentPositionParams {
	return protocol.TextDocumentPositionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}, Position: pos(line, char)}
}

// project writes files into a temporary folder and returns the folder.
func project(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func newTestServer(t *testing.T) *Server {
	t.Helper()
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	s.Debounce = time.Millisecond
	return s
}
