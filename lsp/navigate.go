package lsp

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	wlex "github.com/wl-lang/wl/lexer"
)

// location is where a declaration's name is.
func (d *decl) location() protocol.Location {
	return protocol.Location{URI: pathURI(d.file.path), Range: d.file.text.rangeOf(d.off, len(d.name))}
}

func (sess *session) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	a, t := sess.navigation(p.TextDocument.URI)
	if a == nil {
		return nil, nil
	}
	name, start := t.identAt(t.offset(p.Position))
	if name == "" {
		return nil, nil
	}
	d := sess.srv.declAt(a, t, start, name)
	if d == nil {
		return nil, nil
	}
	loc := d.location()
	if d.file == a.main {
		loc.URI = p.TextDocument.URI
	}
	return loc, nil
}

// declAt finds the declaration of the name written at offset start: a member of a
// structure or class after a ".", else a visible variable, procedure or class.
func (s *Server) declAt(a *analysis, t text, start int, name string) *decl {
	if recv, ok := t.receiverBefore(start); ok {
		for _, m := range a.members(s, a.typeOf(s, a.main, start, recv)) {
			if m.decl != nil && wlex.Fold(m.name) == wlex.Fold(name) {
				return m.decl
			}
		}
		return nil
	}
	if d := a.resolve(a.main, start, name); d != nil {
		return d
	}
	return a.class(name)
}

func (sess *session) documentSymbol(_ *glsp.Context, p *protocol.DocumentSymbolParams) (any, error) {
	a, _ := sess.navigation(p.TextDocument.URI)
	if a == nil {
		return nil, nil
	}
	return symbols(a.main.top), nil
}

// symbols is the outline of declarations: procedures and classes with their locals and
// members.
func symbols(ds []*decl) []protocol.DocumentSymbol {
	out := []protocol.DocumentSymbol{}
	for _, d := range ds {
		detail := d.detail()
		sel := d.file.text.rangeOf(d.off, len(d.name))
		full := sel
		if d.end > d.off {
			full = d.file.text.rangeOf(d.off, d.end-d.off)
			full.Start = protocol.Position{Line: sel.Start.Line}
		}
		sym := protocol.DocumentSymbol{Name: d.name, Detail: &detail, Kind: symbolKind(d.kind), Range: full, SelectionRange: sel}
		if len(d.children) > 0 {
			sym.Children = symbols(d.children)
		}
		out = append(out, sym)
	}
	return out
}

func symbolKind(k declKind) protocol.SymbolKind {
	switch k {
	case kindConst:
		return protocol.SymbolKindConstant
	case kindProc:
		return protocol.SymbolKindFunction
	case kindMethod:
		return protocol.SymbolKindMethod
	case kindClass:
		return protocol.SymbolKindClass
	case kindMember:
		return protocol.SymbolKindField
	}
	return protocol.SymbolKindVariable
}
