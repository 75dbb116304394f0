// Package lsp is wl's language server: the Language Server Protocol over a stream (the
// stdio of `wl lsp`), for editors. It reports the parser's and the compiler's diagnostics
// (what `wl check` says) as the user types, and offers hover, completion, go to definition,
// document symbols, formatting and rename. The protocol types and dispatch come from
// github.com/tliron/glsp, the JSON-RPC framing from github.com/sourcegraph/jsonrpc2.
package lsp

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// Server is the language server's configuration; Serve runs one editor connection. A
// Server may serve several connections at once: each has its own state.
type Server struct {
	// Format formats a whole source file (`wl fmt`); nil means the server does not offer
	// formatting.
	Format func(src []byte) ([]byte, error)
	// Debounce is how long the server waits after the last change of a document before it
	// checks it again.
	Debounce time.Duration
	// ReadFile reads the files documents include that are not open in the editor
	// (os.ReadFile when nil).
	ReadFile func(name string) ([]byte, error)
	// Version is reported to the editor as the server's version.
	Version string
	// Includes are files loaded before every document, as `wl run -I` loads them (wl lsp
	// -I): their procedures, globals, structures and classes are known to diagnostics,
	// completion and definition. The editor may add more with the initialization option
	// "includes" (paths relative to the workspace root, or absolute).
	Includes []string

	lib    *interp.Library
	docs   *builtins.Docs
	parser *parser.Parser
	lexer  *wlex.Definition
}

// New makes a server with wl's library.
func New() (*Server, error) {
	lib, err := builtins.New()
	if err != nil {
		return nil, err
	}
	docs, err := builtins.LoadDocs(lib)
	if err != nil {
		return nil, err
	}
	p, err := parser.New()
	if err != nil {
		return nil, err
	}
	return &Server{Debounce: 300 * time.Millisecond, lib: lib, docs: docs, parser: p, lexer: wlex.New()}, nil
}

// Serve answers the editor on rwc until the editor sends exit, closes the stream, or ctx is
// done.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sess := newSession(s, ctx)
	conn := sess.connect(ctx, rwc)
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	sess.stop()
	return nil
}

// connect starts answering the editor on rwc. The connection reads and handles messages
// as soon as it exists, possibly before connect returns to Serve: the session takes it from
// the first message it dispatches, so that what that message makes the server send (the
// diagnostics of a document opened right after initialize) is not dropped for want of a
// connection to send it on.
func (sess *session) connect(ctx context.Context, rwc io.ReadWriteCloser) *jsonrpc2.Conn {
	h := sess.handler()
	return jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(ctx context.Context, c *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			return sess.dispatch(ctx, c, h, req)
		}))
}

// dispatch passes a request to glsp's protocol handler and turns its answer into a
// JSON-RPC reply.
func (sess *session) dispatch(ctx context.Context, c *jsonrpc2.Conn, h *protocol.Handler, req *jsonrpc2.Request) (any, error) {
	sess.setConn(c)
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) { _ = c.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = c.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	if req.Method == protocol.MethodExit {
		_, _, _, _ = h.Handle(gctx)
		return nil, c.Close()
	}
	r, validMethod, validParams, err := h.Handle(gctx)
	switch {
	case !validMethod:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: fmt.Sprintf("method not supported: %s", req.Method)}
	case !validParams:
		msg := "invalid parameters"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func (s *Server) readFile(name string) ([]byte, error) {
	if s.ReadFile != nil {
		return s.ReadFile(name)
	}
	return os.ReadFile(name)
}
