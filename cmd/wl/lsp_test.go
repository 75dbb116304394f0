package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// TestLSP drives `wl lsp` through its stdin and stdout as an editor does: initialize, open
// a script, read its diagnostics, hover, then shutdown and exit end the command with 0.
func TestLSP(t *testing.T) {
	const limit = 20 * time.Second // a hang fails the test; not a speed assertion
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"lsp", "--stdio"}, inR, outW, &stderr)
		outW.Close()
	}()
	diags := make(chan json.RawMessage, 4)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stdio{outR, inW}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				diags <- *req.Params
			}
			return nil, nil
		}))
	defer conn.Close()
	var init map[string]any
	if err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init); err != nil {
		t.Fatal(err)
	}
	if err := conn.Notify(ctx, "initialized", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "a.wl"))
	src := "EmailEnvoieMessage(s)\n"
	if err := conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "wlanguage", "version": 1, "text": src}}); err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-diags:
		if !strings.Contains(string(d), `"severity":2`) || !strings.Contains(string(d), "s") {
			t.Errorf("diagnostics %s: want a warning on the unknown s", d)
		}
	case <-ctx.Done():
		t.Fatal("no diagnostics")
	}
	var hover struct {
		Contents struct{ Value string } `json:"contents"`
	}
	if err := conn.Call(ctx, "textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 0, "character": 3}}, &hover); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hover.Contents.Value, "Envoie un message") {
		t.Errorf("hover %q", hover.Contents.Value)
	}
	// Formatting goes through wl fmt: "si" becomes SI, the block is indented with a tab.
	messy := "si Vrai alors\nTrace(1)\nfin\n"
	if err := conn.Notify(ctx, "textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []map[string]any{{"text": messy}}}); err != nil {
		t.Fatal(err)
	}
	var edits []struct {
		NewText string `json:"newText"`
	}
	if err := conn.Call(ctx, "textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri},
		"options": map[string]any{"tabSize": 4, "insertSpaces": false}}, &edits); err != nil {
		t.Fatal(err)
	}
	var formatted strings.Builder
	for _, e := range edits {
		formatted.WriteString(e.NewText)
	}
	if want := "SI Vrai ALORS\n\tTrace(1)\nFIN\n"; len(edits) != 1 || formatted.String() != want {
		t.Errorf("formatting edits %+v, want one edit with %q", edits, want)
	}
	if err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	_ = conn.Notify(ctx, "exit", nil)
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("wl lsp exit status %d, stderr %s", c, stderr.String())
		}
	case <-ctx.Done():
		t.Fatal("wl lsp did not end after exit")
	}
	if _, err := os.Stat(filepath.FromSlash(strings.TrimPrefix(uri, "file://"))); err == nil {
		t.Error("wl lsp wrote the buffer to disk")
	}
}

// TestLSPInclude starts `wl lsp -I prelude.wl`: a document that calls the prelude's
// procedure and uses its global gets no unknown-name warning.
func TestLSPInclude(t *testing.T) {
	const limit = 20 * time.Second // a hang fails the test; not a speed assertion
	dir := t.TempDir()
	prelude := filepath.Join(dir, "prelude.wl")
	if err := os.WriteFile(prelude, []byte("gTotal est un entier\nPROCÉDURE Outil(n)\nRENVOYER n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	var stderr strings.Builder
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"lsp", "-I", prelude}, inR, outW, &stderr)
		outW.Close()
	}()
	diags := make(chan json.RawMessage, 4)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stdio{outR, inW}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				diags <- *req.Params
			}
			return nil, nil
		}))
	defer conn.Close()
	var init map[string]any
	if err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init); err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.ToSlash(filepath.Join(dir, "a.wl"))
	if err := conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "wlanguage", "version": 1,
		"text": "gTotal = Outil(2)\nTrace(Inconnu)\n"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case d := <-diags:
		var p struct {
			Diagnostics []struct{ Message string } `json:"diagnostics"`
		}
		if err := json.Unmarshal(d, &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Diagnostics) != 1 || !strings.Contains(p.Diagnostics[0].Message, "Inconnu") {
			t.Errorf("diagnostics %s: want only the warning on Inconnu", d)
		}
	case <-ctx.Done():
		t.Fatal("no diagnostics")
	}
	_ = conn.Call(ctx, "shutdown", nil, nil)
	_ = conn.Notify(ctx, "exit", nil)
	select {
	case c := <-code:
		if c != exitOK {
			t.Errorf("wl lsp exit status %d, stderr %s", c, stderr.String())
		}
	case <-ctx.Done():
		t.Fatal("wl lsp did not end after exit")
	}
}
