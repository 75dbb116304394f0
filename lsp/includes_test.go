package lsp

import (
	"path/filepath"
	"strings"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

const prelude = `Fiche est une Structure
	Expéditeur est une chaîne
FIN
gFiche est une Fiche
gCompteur est un entier
Trace(InconnuDuPrélude)
PROCÉDURE Taille2(s)
RENVOYER s
`

const usesPrelude = `gFiche.Expéditeur = "a"
Trace(Taille2("x"), gCompteur)
f est une Fiche
`

// TestIncludes checks that the files loaded first (Server.Includes, as wl lsp -I gives
// them, or the editor's "includes" initialization option) are known: no unknown-name
// warnings for their names (nor any for their own code), completion of their procedures,
// globals, structures and members, definition in them.
func TestIncludes(t *testing.T) {
	dir := project(t, map[string]string{"prelude.wl": prelude})
	preludeURI := pathURI(filepath.Join(dir, "prelude.wl"))
	uri := pathURI(filepath.Join(dir, "main.wl"))

	// Without them, the names are unknown.
	c := startClient(t, newTestServer(t))
	c.open(uri, usesPrelude)
	if d := c.nextDiags(uri); len(d.Diagnostics) < 3 {
		t.Errorf("without includes: diagnostics %+v, want warnings for gFiche, Taille2, gCompteur", d.Diagnostics)
	}

	srv := newTestServer(t)
	srv.Includes = []string{filepath.Join(dir, "prelude.wl")}
	fromFlag := startClient(t, srv)
	fromOptions := startClientWith(t, newTestServer(t), map[string]any{"processId": nil, "rootUri": pathURI(dir),
		"capabilities": map[string]any{}, "initializationOptions": map[string]any{"includes": []string{"prelude.wl"}}})
	for name, c := range map[string]*client{"Server.Includes": fromFlag, "initialization option": fromOptions} {
		c.open(uri, usesPrelude)
		if d := c.nextDiags(uri); len(d.Diagnostics) != 0 {
			t.Errorf("%s: diagnostics %+v", name, d.Diagnostics)
		}
		got := completionLabels(t, c, uri, 2, 0)
		for _, w := range []string{"gFiche", "gCompteur", "Taille2", "Fiche"} {
			if !got[w] {
				t.Errorf("%s: completion lacks %s", name, w)
			}
		}
		c.change(uri, 2, usesPrelude+"f.\n")
		c.nextDiags(uri)
		if got := completionLabels(t, c, uri, 3, 2); !got["Expéditeur"] || got["Sujet"] {
			t.Errorf("%s: members of a structure of the include: %v", name, got)
		}
		for _, tc := range []struct {
			line, char int
			want       protocol.Location
		}{
			{1, 8, protocol.Location{URI: preludeURI, Range: protocol.Range{Start: pos(6, 10), End: pos(6, 17)}}},
			{0, 2, protocol.Location{URI: preludeURI, Range: protocol.Range{Start: pos(3, 0), End: pos(3, 6)}}},
			{0, 9, protocol.Location{URI: preludeURI, Range: protocol.Range{Start: pos(1, 1), End: pos(1, 11)}}},
		} {
			var loc protocol.Location
			c.call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: docPos(uri, tc.line, tc.char)}, &loc)
			if loc != tc.want {
				t.Errorf("%s: definition at %d:%d is %+v, want %+v", name, tc.line, tc.char, loc, tc.want)
			}
		}
	}

	// A missing include is said once, as a warning.
	srv = newTestServer(t)
	srv.Includes = []string{filepath.Join(dir, "absent.wl")}
	c = startClient(t, srv)
	c.open(uri, "Trace(1)\n")
	d := c.nextDiags(uri)
	if len(d.Diagnostics) != 1 || !strings.Contains(d.Diagnostics[0].Message, "absent.wl") || *d.Diagnostics[0].Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("missing include: diagnostics %+v", d.Diagnostics)
	}
}
