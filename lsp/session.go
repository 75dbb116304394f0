package lsp

import (
	"context"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// session is the state of one editor connection: the open documents.
type session struct {
	srv *Server
	ctx context.Context

	mu     sync.Mutex
	conn   *jsonrpc2.Conn
	docs   map[string]*document
	closed bool
	// includes are the server's Includes and those of the editor's initialization options.
	includes []string
}

// document is an open buffer.
type document struct {
	uri     string
	path    string
	text    string
	version protocol.Integer
	timer   *time.Timer
	// cur is the analysis of text, nil when text changed since; good is the last analysis
	// of a text that parsed (completion and navigation keep working on a broken line).
	cur, good *analysis
}

func newSession(s *Server, ctx context.Context) *session {
	return &session{srv: s, ctx: ctx, docs: map[string]*document{}, includes: append([]string(nil), s.Includes...)}
}

// setConn records the connection the session's notifications go out on (diagnostics,
// including those a debounce timer sends later): the one its messages come in on.
func (sess *session) setConn(c *jsonrpc2.Conn) {
	sess.mu.Lock()
	sess.conn = c
	sess.mu.Unlock()
}

// stop cancels the pending checks.
func (sess *session) stop() {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	sess.closed = true
	for _, d := range sess.docs {
		if d.timer != nil {
			d.timer.Stop()
		}
	}
}

func (sess *session) handler() *protocol.Handler {
	h := &protocol.Handler{}
	h.Initialize = func(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
		sess.initOptions(p)
		caps := h.CreateServerCapabilities()
		full := protocol.TextDocumentSyncKindFull
		yes := true
		caps.TextDocumentSync = &protocol.TextDocumentSyncOptions{OpenClose: &yes, Change: &full, Save: true}
		caps.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{"."}}
		return protocol.InitializeResult{
			Capabilities: caps,
			ServerInfo:   &protocol.InitializeResultServerInfo{Name: "wl", Version: &sess.srv.Version},
		}, nil
	}
	h.Initialized = func(*glsp.Context, *protocol.InitializedParams) error { return nil }
	h.Shutdown = func(*glsp.Context) error { return nil }
	h.Exit = func(*glsp.Context) error { return nil }
	h.SetTrace = func(*glsp.Context, *protocol.SetTraceParams) error { return nil }
	h.TextDocumentDidOpen = sess.didOpen
	h.TextDocumentDidChange = sess.didChange
	h.TextDocumentDidSave = sess.didSave
	h.TextDocumentDidClose = sess.didClose
	h.TextDocumentHover = sess.hover
	h.TextDocumentCompletion = sess.completion
	h.TextDocumentDefinition = sess.definition
	h.TextDocumentDocumentSymbol = sess.documentSymbol
	h.TextDocumentRename = sess.rename
	h.TextDocumentFoldingRange = sess.foldingRange
	if sess.srv.Format != nil {
		h.TextDocumentFormatting = sess.formatting
	}
	return h
}

// initOptions reads the editor's initialization options: {"includes": ["prelude.wl"]},
// paths relative to the workspace root.
func (sess *session) initOptions(p *protocol.InitializeParams) {
	opts, _ := p.InitializationOptions.(map[string]any)
	list, _ := opts["includes"].([]any)
	root := ""
	switch {
	case p.RootURI != nil:
		root = uriPath(*p.RootURI)
	case p.RootPath != nil:
		root = *p.RootPath
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	for _, v := range list {
		n, ok := v.(string)
		if !ok || n == "" {
			continue
		}
		if !filepath.IsAbs(n) && root != "" {
			n = filepath.Join(root, n)
		}
		sess.includes = append(sess.includes, n)
	}
}

// uriPath converts a file: URI to a path; other URIs are kept as they are (untitled
// buffers).
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		p = strings.TrimPrefix(p, "/")
	}
	return filepath.FromSlash(p)
}

// pathURI converts a path to a file: URI.
func pathURI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

func (sess *session) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	sess.mu.Lock()
	d := &document{uri: p.TextDocument.URI, path: uriPath(p.TextDocument.URI), text: p.TextDocument.Text, version: p.TextDocument.Version}
	sess.docs[d.uri] = d
	sess.mu.Unlock()
	sess.publish(d.uri)
	return nil
}

func (sess *session) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	d := sess.docs[p.TextDocument.URI]
	if d == nil {
		return nil
	}
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = c.Text
		case protocol.TextDocumentContentChangeEvent:
			if c.Range == nil {
				d.text = c.Text
				continue
			}
			t := newText(d.text)
			start, end := t.offset(c.Range.Start), t.offset(c.Range.End)
			d.text = d.text[:start] + c.Text + d.text[end:]
		}
	}
	d.version = p.TextDocument.Version
	d.cur = nil
	if d.timer != nil {
		d.timer.Stop()
	}
	uri := d.uri
	d.timer = time.AfterFunc(sess.srv.Debounce, func() { sess.publish(uri) })
	return nil
}

func (sess *session) didSave(*glsp.Context, *protocol.DidSaveTextDocumentParams) error {
	// Another file may include the saved one: check every open document again.
	sess.mu.Lock()
	var uris []string
	for u, d := range sess.docs {
		d.cur = nil
		uris = append(uris, u)
	}
	sess.mu.Unlock()
	for _, u := range uris {
		sess.publish(u)
	}
	return nil
}

func (sess *session) didClose(_ *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	sess.mu.Lock()
	d := sess.docs[p.TextDocument.URI]
	delete(sess.docs, p.TextDocument.URI)
	if d != nil && d.timer != nil {
		d.timer.Stop()
	}
	sess.mu.Unlock()
	sess.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

func (sess *session) notify(method string, params any) {
	sess.mu.Lock()
	c, closed := sess.conn, sess.closed
	sess.mu.Unlock()
	if c != nil && !closed {
		_ = c.Notify(sess.ctx, method, params)
	}
}

// publish checks a document and sends its diagnostics.
func (sess *session) publish(uri string) {
	a, d := sess.analysis(uri)
	if a == nil {
		return
	}
	v := protocol.UInteger(d.version)
	diags := a.diags
	if diags == nil {
		diags = []protocol.Diagnostic{}
	}
	sess.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: uri, Version: &v, Diagnostics: diags})
}

// analysis returns the up-to-date analysis of a document, computing it when its text
// changed.
func (sess *session) analysis(uri string) (*analysis, *document) {
	sess.mu.Lock()
	d := sess.docs[uri]
	if d == nil {
		sess.mu.Unlock()
		return nil, nil
	}
	if a := d.cur; a != nil {
		sess.mu.Unlock()
		return a, d
	}
	text, p := d.text, d.path
	includes := append([]string(nil), sess.includes...)
	open := map[string]string{}
	for _, o := range sess.docs {
		open[o.path] = o.text
	}
	sess.mu.Unlock()
	read := func(name string) ([]byte, error) {
		if t, ok := open[name]; ok {
			return []byte(t), nil
		}
		return sess.srv.readFile(name)
	}
	a := sess.srv.analyze(p, text, includes, read)
	sess.mu.Lock()
	if d.text == text {
		d.cur = a
		if a.ok {
			d.good = a
		}
	}
	sess.mu.Unlock()
	return a, d
}

// navigation returns the analysis to answer a request with: the current one when the
// document parses, else the last one that did.
func (sess *session) navigation(uri string) (*analysis, text) {
	a, d := sess.analysis(uri)
	if a == nil {
		return nil, text{}
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	if !a.ok && d.good != nil {
		return d.good, newText(d.text)
	}
	return a, newText(d.text)
}
