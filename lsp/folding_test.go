package lsp

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestFoldingRange asks the server for the folds of a script: procedures, blocks, a class
// and comment runs, with their kinds; a buffer that does not lex has none.
func TestFoldingRange(t *testing.T) {
	c := startClient(t, newTestServer(t))
	if c.caps["foldingRangeProvider"] != true {
		t.Fatalf("capabilities %v lack foldingRangeProvider", c.caps)
	}
	uri := pathURI(filepath.Join(t.TempDir(), "f.wl"))
	src := `// Envoie les rapports
// du jour
C est une Classe
	a est un entier
FIN
PROCÉDURE Envoie(t)
POUR TOUT x DE t
	SI x > 0 ALORS
		Trace(x)
	FIN
FIN

PROCEDURE Other()
WHILE True
	BREAK
END
`
	c.open(uri, src)
	c.nextDiags(uri)
	region, comment := "region", "comment"
	want := []protocol.FoldingRange{
		{StartLine: 2, EndLine: 3, Kind: &region},
		{StartLine: 7, EndLine: 8, Kind: &region},
		{StartLine: 6, EndLine: 9, Kind: &region},
		{StartLine: 5, EndLine: 10, Kind: &region},
		{StartLine: 13, EndLine: 14, Kind: &region},
		{StartLine: 12, EndLine: 15, Kind: &region},
		{StartLine: 0, EndLine: 1, Kind: &comment},
	}
	var got []protocol.FoldingRange
	c.call(protocol.MethodTextDocumentFoldingRange, protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("folds %s, want %s", foldsString(got), foldsString(want))
	}
	c.change(uri, 2, "SI a ALORS\nx = \"open\nFIN\n")
	c.nextDiags(uri)
	c.call(protocol.MethodTextDocumentFoldingRange, protocol.FoldingRangeParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &got)
	if len(got) != 0 {
		t.Errorf("a buffer that does not lex: folds %s", foldsString(got))
	}
}

func foldsString(fs []protocol.FoldingRange) string {
	s := ""
	for _, f := range fs {
		k := ""
		if f.Kind != nil {
			k = *f.Kind
		}
		s += fmt.Sprintf(" %s:%d-%d", k, f.StartLine, f.EndLine)
	}
	return s
}
