package lsp

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wl-lang/wl/format"
)

// foldingRange answers textDocument/foldingRange with the folds wl fmt's layout finds
// (format.Folds): procedures, blocks, structures and classes, declaration sections and
// runs of comment lines. A buffer that does not lex has none.
func (sess *session) foldingRange(_ *glsp.Context, p *protocol.FoldingRangeParams) ([]protocol.FoldingRange, error) {
	sess.mu.Lock()
	d := sess.docs[p.TextDocument.URI]
	var src, path string
	if d != nil {
		src, path = d.text, d.path
	}
	sess.mu.Unlock()
	out := []protocol.FoldingRange{}
	if d == nil {
		return out, nil
	}
	folds, err := format.Folds(path, src)
	if err != nil {
		return out, nil
	}
	region, comment := string(protocol.FoldingRangeKindRegion), string(protocol.FoldingRangeKindComment)
	for _, f := range folds {
		kind := &region
		if f.Comment {
			kind = &comment
		}
		out = append(out, protocol.FoldingRange{StartLine: protocol.UInteger(f.Start), EndLine: protocol.UInteger(f.End), Kind: kind})
	}
	return out, nil
}
