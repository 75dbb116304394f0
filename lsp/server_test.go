package lsp

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

const mainFR = `EXTERN "outils.wl"
nCompte est un entier = 0
m est un Email
MaSession est un emailSessionSMTP
m.Sujet = "Bonjour"
EmailEnvoieMessage(MaSession, m)
Trace(Double(nCompte))

PROCÉDURE Calcule(nValeur est un entier)
nTotal est un entier = nValeur * 2
RENVOYER nTotal + nCompte
`

const outils = `PROCÉDURE Double(n)
RENVOYER n * 2
`

const mainEN = `s is a emailSMTPSession
IF EmailSendMessage(s) THEN
	Trace("sent")
END
`

func setup(t *testing.T, files map[string]string) (*client, string) {
	t.Helper()
	dir := project(t, files)
	return startClient(t, newTestServer(t)), dir
}

func TestDiagnostics(t *testing.T) {
	c, dir := setup(t, map[string]string{"outils.wl": outils})
	uri := pathURI(filepath.Join(dir, "main.wl"))
	c.open(uri, mainFR)
	if d := c.nextDiags(uri); len(d.Diagnostics) != 0 {
		t.Fatalf("a correct script with its include: diagnostics %+v", d.Diagnostics)
	}

	// A syntax error as the user types, on its line.
	c.change(uri, 2, "x est un entier\nSI x = ALORS\nFIN\n")
	d := c.nextDiags(uri)
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Range.Start.Line != 1 || *d.Diagnostics[0].Severity != protocol.DiagnosticSeverityError {
		t.Fatalf("syntax error: diagnostics %+v", d.Diagnostics)
	}
	if d.Version == nil || *d.Version != 2 {
		t.Errorf("diagnostics of version %v, want 2", d.Version)
	}

	// What wl check reports: an unknown name is a warning on that name.
	c.change(uri, 3, "Trace(Inconnu)\n")
	d = c.nextDiags(uri)
	if len(d.Diagnostics) != 1 || *d.Diagnostics[0].Severity != protocol.DiagnosticSeverityWarning ||
		d.Diagnostics[0].Range != (protocol.Range{Start: pos(0, 6), End: pos(0, 13)}) || !strings.Contains(d.Diagnostics[0].Message, "Inconnu") {
		t.Fatalf("unknown name: diagnostics %+v", d.Diagnostics)
	}

	// A missing include is a warning on its EXTERN line; an error in an include is shown.
	c.change(uri, 4, "Trace(1)\nEXTERN \"absent.wl\"\n")
	d = c.nextDiags(uri)
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Range.Start.Line != 1 || !strings.Contains(d.Diagnostics[0].Message, "absent.wl") {
		t.Fatalf("missing include: diagnostics %+v", d.Diagnostics)
	}
	c.open(pathURI(filepath.Join(dir, "outils.wl")), "PROCÉDURE Double(n)\nRENVOYER n * \n")
	c.nextDiags(pathURI(filepath.Join(dir, "outils.wl")))
	c.change(uri, 5, "EXTERN \"outils.wl\"\nTrace(Double(2))\n")
	d = c.nextDiags(uri)
	if len(d.Diagnostics) != 1 || !strings.Contains(d.Diagnostics[0].Message, "outils.wl:2") {
		t.Fatalf("error in the open include: diagnostics %+v", d.Diagnostics)
	}
}

// TestDiagnosticsBeforeServeResumes: the connection handles the editor's first messages as
// soon as it exists, and Serve may not have run again by then (a loaded machine): the
// diagnostics of a document opened right after initialize must still be sent. Here the
// serving goroutine never gets past making the connection.
func TestDiagnosticsBeforeServeResumes(t *testing.T) {
	srv := newTestServer(t)
	serve := func(ctx context.Context, rwc io.ReadWriteCloser) error {
		sess := newSession(srv, ctx)
		sess.connect(ctx, rwc)
		<-ctx.Done()
		sess.stop()
		return nil
	}
	c := startClientServing(t, serve, map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
	uri := pathURI(filepath.Join(project(t, map[string]string{"outils.wl": outils}), "main.wl"))
	c.open(uri, mainFR)
	if d := c.nextDiags(uri); len(d.Diagnostics) != 0 {
		t.Fatalf("diagnostics %+v", d.Diagnostics)
	}
	c.change(uri, 2, "Trace(Inconnu)\n")
	if d := c.nextDiags(uri); len(d.Diagnostics) != 1 {
		t.Fatalf("after a change (sent by the debounce timer): diagnostics %+v", d.Diagnostics)
	}
}

func hoverText(t *testing.T, c *client, uri string, line, char int) string {
	t.Helper()
	var h struct {
		Contents protocol.MarkupContent `json:"contents"`
	}
	c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: docPos(uri, line, char)}, &h)
	return h.Contents.Value
}

func TestHover(t *testing.T) {
	c, dir := setup(t, map[string]string{"outils.wl": outils})
	fr := pathURI(filepath.Join(dir, "main.wl"))
	en := pathURI(filepath.Join(dir, "en.wl"))
	c.open(fr, mainFR)
	c.nextDiags(fr)
	c.open(en, mainEN)
	c.nextDiags(en)
	for _, h := range []struct {
		name       string
		uri        string
		line, char int
		want       []string
	}{
		{"French builtin", fr, 5, 3, []string{"EmailEnvoieMessage(<Session>", "Envoie un message"}},
		{"English builtin", en, 1, 6, []string{"EmailSendMessage(<Session>", "Sends a message"}},
		{"shared name in a French script", fr, 6, 1, []string{"Trace(<Valeur>", "Affiche les valeurs"}},
		{"shared name in an English script", en, 2, 2, []string{"Trace(<Value>", "Prints the values"}},
		{"local variable", fr, 10, 10, []string{"nTotal est un entier = nValeur * 2"}},
		{"procedure of an include", fr, 6, 8, []string{"PROCÉDURE Double(n)", "outils.wl"}},
		{"property of an email type", fr, 4, 3, []string{"Email.Sujet", "property"}},
		{"constant", fr, 0, 0, nil},
	} {
		got := hoverText(t, c, h.uri, h.line, h.char)
		for _, w := range h.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: hover %q lacks %q", h.name, got, w)
			}
		}
	}
}

func completionLabels(t *testing.T, c *client, uri string, line, char int) map[string]bool {
	t.Helper()
	var l protocol.CompletionList
	c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: docPos(uri, line, char)}, &l)
	out := map[string]bool{}
	for _, it := range l.Items {
		out[it.Label] = true
	}
	return out
}

func TestCompletion(t *testing.T) {
	c, dir := setup(t, map[string]string{"outils.wl": outils})
	uri := pathURI(filepath.Join(dir, "main.wl"))
	// The editor opens a correct script, then the user types "m." and "MaSession.Adr":
	// the server completes on a line that does not parse yet.
	c.open(uri, mainFR)
	c.nextDiags(uri)
	c.change(uri, 2, mainFR+"m.\nMaSession.Adr\n")
	c.nextDiags(uri)
	lines := strings.Count(mainFR, "\n")
	for _, tc := range []struct {
		name       string
		line, char int
		want, not  []string
	}{
		{"main code", 6, 0, []string{"nCompte", "Calcule", "Double", "EmailEnvoieMessage", "EmailSendMessage", "SI", "PROCÉDURE", "WHILE", "emailOptionDéfaut", "optionTLS", "emailSessionSMTP", "ErreurDétectée"}, []string{"nValeur", "Sujet"}},
		{"in a procedure", 10, 0, []string{"nValeur", "nTotal", "nCompte", "Double"}, nil},
		{"members of an Email", lines, 2, []string{"Sujet", "Subject", "Destinataire", "Expéditeur"}, []string{"Trace", "nCompte"}},
		{"members of a session", lines + 1, 13, []string{"AdresseServeur", "ServerAddress", "Port"}, []string{"Sujet"}},
	} {
		got := completionLabels(t, c, uri, tc.line, tc.char)
		for _, w := range tc.want {
			if !got[w] {
				t.Errorf("%s: completion lacks %s", tc.name, w)
			}
		}
		for _, w := range tc.not {
			if got[w] {
				t.Errorf("%s: completion offers %s", tc.name, w)
			}
		}
	}
}

func TestDefinition(t *testing.T) {
	c, dir := setup(t, map[string]string{"outils.wl": outils})
	uri := pathURI(filepath.Join(dir, "main.wl"))
	c.open(uri, mainFR)
	c.nextDiags(uri)
	for _, tc := range []struct {
		name       string
		line, char int
		want       protocol.Location
	}{
		{"procedure of an include", 6, 7, protocol.Location{URI: pathURI(filepath.Join(dir, "outils.wl")), Range: protocol.Range{Start: pos(0, 10), End: pos(0, 16)}}},
		{"global used in a procedure", 10, 20, protocol.Location{URI: uri, Range: protocol.Range{Start: pos(1, 0), End: pos(1, 7)}}},
		{"parameter", 9, 25, protocol.Location{URI: uri, Range: protocol.Range{Start: pos(8, 18), End: pos(8, 25)}}},
		{"variable", 5, 21, protocol.Location{URI: uri, Range: protocol.Range{Start: pos(3, 0), End: pos(3, 9)}}},
	} {
		var got protocol.Location
		c.call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: docPos(uri, tc.line, tc.char)}, &got)
		if got != tc.want {
			t.Errorf("%s: definition %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestDocumentSymbols(t *testing.T) {
	c, dir := setup(t, map[string]string{"outils.wl": outils})
	uri := pathURI(filepath.Join(dir, "main.wl"))
	c.open(uri, mainFR)
	c.nextDiags(uri)
	var syms []protocol.DocumentSymbol
	c.call(protocol.MethodTextDocumentDocumentSymbol, protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &syms)
	var got []string
	for _, s := range syms {
		e := s.Name
		for _, ch := range s.Children {
			e += " " + ch.Name
		}
		got = append(got, e)
	}
	want := []string{"nCompte", "m", "MaSession", "Calcule nValeur nTotal"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("symbols %q, want %q", got, want)
	}
	if k := syms[3].Kind; k != protocol.SymbolKindFunction {
		t.Errorf("Calcule is a %v", k)
	}
}

func TestRename(t *testing.T) {
	c, dir := setup(t, map[string]string{"outils.wl": outils})
	uri := pathURI(filepath.Join(dir, "main.wl"))
	src := mainFR + "\nPROCÉDURE Deux(nCompte)\nRENVOYER nCompte\n"
	c.open(uri, src)
	c.nextDiags(uri)
	rename := func(line, char int, to string) []protocol.TextEdit {
		var e protocol.WorkspaceEdit
		c.call(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: docPos(uri, line, char), NewName: to}, &e)
		return e.Changes[uri]
	}
	lines := func(edits []protocol.TextEdit) []int {
		var out []int
		for _, e := range edits {
			out = append(out, int(e.Range.Start.Line))
		}
		sort.Ints(out)
		return out
	}
	if got := lines(rename(9, 24, "nEntrée")); !reflect.DeepEqual(got, []int{8, 9}) {
		t.Errorf("renaming a parameter edits lines %v", got)
	}
	// A global: everywhere but in the procedure that has its own nCompte.
	if got := lines(rename(1, 2, "nNombre")); !reflect.DeepEqual(got, []int{1, 6, 10}) {
		t.Errorf("renaming a global edits lines %v", got)
	}
	for _, bad := range []struct {
		line, char int
		to, want   string
	}{
		{8, 12, "X", "not a local name"},
		{6, 8, "X", "not declared in this file"},
		{1, 2, "deux mots", "not a name"},
		{9, 24, "nTotal", "already declared"},
	} {
		if err := c.callErr(protocol.MethodTextDocumentRename, protocol.RenameParams{TextDocumentPositionParams: docPos(uri, bad.line, bad.char), NewName: bad.to}); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("rename at %d:%d to %q: error %v, want %q", bad.line, bad.char, bad.to, err, bad.want)
		}
	}
}

func TestFormatting(t *testing.T) {
	dir := project(t, nil)
	uri := pathURI(filepath.Join(dir, "main.wl"))
	params := protocol.DocumentFormattingParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}

	// Without a formatter the server offers none.
	c := startClient(t, newTestServer(t))
	c.open(uri, "x est un entier\n")
	c.nextDiags(uri)
	if err := c.callErr(protocol.MethodTextDocumentFormatting, params); err == nil {
		t.Error("formatting without a formatter: no error")
	}

	s := newTestServer(t)
	s.Format = func(src []byte) ([]byte, error) {
		if strings.Contains(string(src), "SI") {
			return nil, errors.New("cannot format")
		}
		return []byte(strings.ToUpper(string(src))), nil
	}
	c = startClient(t, s)
	c.open(uri, "x est un entier\ny est un réel\n")
	c.nextDiags(uri)
	var edits []protocol.TextEdit
	c.call(protocol.MethodTextDocumentFormatting, params, &edits)
	want := []protocol.TextEdit{{Range: protocol.Range{Start: pos(0, 0), End: pos(2, 0)}, NewText: "X EST UN ENTIER\nY EST UN RÉEL\n"}}
	if !reflect.DeepEqual(edits, want) {
		t.Errorf("formatting edits %+v, want %+v", edits, want)
	}
	c.change(uri, 2, "SI x ALORS\n")
	if err := c.callErr(protocol.MethodTextDocumentFormatting, params); err == nil || !strings.Contains(err.Error(), "cannot format") {
		t.Errorf("formatter failure: error %v", err)
	}
}

// testStructDecl stands for a structure declaration node the grammar may gain: the
// declarations are collected from the tree generically.
type testStructDecl struct {
	Pos     parser.Pos
	Name    string
	Members []*parser.DeclStmt
}

func TestGenericStructure(t *testing.T) {
	src := "STRUCTURE Client\nNom est une chaîne\nAge est un entier\nFIN\n"
	lx := wlex.New()
	toks, err := lx.Tokens("s.wl", src)
	if err != nil {
		t.Fatal(err)
	}
	fi := &fileInfo{path: "s.wl", text: newText(src), toks: toks}
	node := &testStructDecl{Pos: toks[0].Pos, Name: "Client", Members: []*parser.DeclStmt{
		{Pos: toks[3].Pos, Names: []string{"Nom"}, Type: &parser.TypeRef{Words: []string{"chaîne"}}},
		{Pos: toks[8].Pos, Names: []string{"Age"}, Type: &parser.TypeRef{Words: []string{"entier"}}},
	}}
	fi.walk(reflect.ValueOf(node), nil)
	if len(fi.top) != 1 || fi.top[0].kind != kindClass || fi.top[0].name != "Client" {
		t.Fatalf("top declarations %+v", fi.top)
	}
	var members []string
	for _, m := range fi.top[0].children {
		if m.kind != kindMember {
			t.Errorf("%s is not a member", m.name)
		}
		members = append(members, m.name)
	}
	if !reflect.DeepEqual(members, []string{"Nom", "Age"}) {
		t.Errorf("members %q", members)
	}
	a := &analysis{main: fi, files: []*fileInfo{fi}}
	s := newTestServer(t)
	var names []string
	for _, m := range a.members(s, []string{"Client"}) {
		names = append(names, m.name)
	}
	if !reflect.DeepEqual(names, []string{"Nom", "Age"}) {
		t.Errorf("members of Client %q", names)
	}
}
