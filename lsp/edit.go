package lsp

import (
	"errors"
	"fmt"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	wlex "github.com/wl-lang/wl/lexer"
)

func (sess *session) formatting(_ *glsp.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	sess.mu.Lock()
	d := sess.docs[p.TextDocument.URI]
	var src string
	if d != nil {
		src = d.text
	}
	sess.mu.Unlock()
	if d == nil {
		return nil, nil
	}
	out, err := sess.srv.Format([]byte(src))
	if err != nil {
		return nil, err
	}
	if string(out) == src {
		return []protocol.TextEdit{}, nil
	}
	t := newText(src)
	return []protocol.TextEdit{{Range: t.rangeOf(0, len(src)), NewText: string(out)}}, nil
}

func (sess *session) rename(_ *glsp.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	a, d := sess.analysis(p.TextDocument.URI)
	if a == nil {
		return nil, nil
	}
	if !a.ok {
		return nil, errors.New("the document has a syntax error: fix it before renaming")
	}
	t := a.main.text
	name, start := t.identAt(t.offset(p.Position))
	if name == "" {
		return nil, errors.New("no name here")
	}
	if !isName(p.NewName) {
		return nil, fmt.Errorf("%q is not a name", p.NewName)
	}
	edits, err := sess.srv.renameEdits(a, start, name, p.NewName)
	if err != nil {
		return nil, err
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: edits}}, nil
}

// isName tells whether s can be a WLanguage name.
func isName(s string) bool {
	for i, r := range s {
		if !isIdentRune(r) || (i == 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// renameEdits renames a name declared in the document: a procedure's parameter or local
// everywhere in that procedure, or a variable or constant of the main code everywhere in
// the file except in procedures that declare their own. Members (after a ".") are left
// alone, and so are names in strings ([% %] substitutions).
func (s *Server) renameEdits(a *analysis, start int, name, newName string) ([]protocol.TextEdit, error) {
	fi := a.main
	if _, ok := fi.text.receiverBefore(start); ok {
		return nil, errors.New("only local names can be renamed, not members")
	}
	d := a.resolve(fi, start, name)
	if d == nil || d.file != fi {
		return nil, fmt.Errorf("%s is not declared in this file: only local names can be renamed", name)
	}
	from, to := 0, len(fi.text.src)
	var skip []*decl
	switch {
	case d.kind == kindProc || d.kind == kindClass || d.kind == kindMember || d.kind == kindMethod:
		return nil, fmt.Errorf("%s is not a local name: only variables, parameters and constants can be renamed", name)
	case d.owner != nil:
		from, to = d.owner.off, d.owner.end
	default:
		for _, p := range fi.decls {
			if p.end > 0 && p.owner == nil && p.kind == kindProc {
				for _, c := range p.children {
					if wlex.Fold(c.name) == wlex.Fold(name) {
						skip = append(skip, p)
					}
				}
			}
		}
	}
	if clash := a.resolve(fi, start, newName); clash != nil && clash != d && (d.owner == nil || clash.owner == d.owner) {
		return nil, fmt.Errorf("%s is already declared here", newName)
	}
	k := wlex.Fold(name)
	edits := []protocol.TextEdit{}
tokens:
	for _, tk := range fi.toks {
		if tk.Type != wlex.Ident || wlex.Fold(tk.Value) != k {
			continue
		}
		off := fi.text.offsetWL(tk.Pos)
		if off < from || off >= to {
			continue
		}
		for _, p := range skip {
			if off >= p.off && off < p.end {
				continue tokens
			}
		}
		if _, member := fi.text.receiverBefore(off); member {
			continue
		}
		edits = append(edits, protocol.TextEdit{Range: fi.text.rangeOf(off, len(fi.text.identFrom(off))), NewText: newName})
	}
	return edits, nil
}
