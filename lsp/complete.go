package lsp

import (
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wl-lang/wl/builtins"
	wlex "github.com/wl-lang/wl/lexer"
)

// completionKeywords are the keywords offered by completion, as people write them.
var completionKeywords = []string{
	"SI", "ALORS", "SINON", "FIN", "SELON", "CAS", "AUTRE CAS", "TANTQUE", "BOUCLE", "POUR",
	"POUR TOUT", "SORTIR", "CONTINUER", "RENVOYER", "RETOUR", "PROCÉDURE", "FONCTION", "ET",
	"OU", "PAS", "SOIT", "GLOBAL", "LOCAL", "CONSTANTE", "FAIRE", "QUAND EXCEPTION DANS",
	"EST", "SONT", "DANS", "EXTERN", "UTILISER", "PROCÉDURE INTERNE", "CAS ERREUR", "CAS EXCEPTION",
	"IF", "THEN", "ELSE", "END", "SWITCH", "CASE", "OTHER CASE", "WHILE", "LOOP", "FOR",
	"FOR EACH", "BREAK", "CONTINUE", "RESULT", "RETURN", "PROCEDURE", "FUNCTION", "AND", "OR",
	"NOT", "LET", "CONSTANT", "DO", "WHEN EXCEPTION IN", "IS", "ARE", "IN", "USING",
	"INTERNAL PROCEDURE", "CASE ERROR", "CASE EXCEPTION",
}

func (sess *session) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	a, t := sess.navigation(p.TextDocument.URI)
	if a == nil {
		return nil, nil
	}
	off := t.offset(p.Position)
	_, start := t.identAt(off)
	return protocol.CompletionList{Items: sess.srv.complete(a, t, start)}, nil
}

// complete lists what may be written at offset start: the members of the receiver after a
// ".", else keywords, the visible declarations, builtins, constants, types and predeclared
// variables.
func (s *Server) complete(a *analysis, t text, start int) []protocol.CompletionItem {
	var items []protocol.CompletionItem
	seen := map[string]bool{}
	add := func(label string, kind protocol.CompletionItemKind, detail string) {
		k := wlex.Fold(label)
		if seen[k] {
			return
		}
		seen[k] = true
		it := protocol.CompletionItem{Label: label, Kind: &kind}
		if detail != "" {
			it.Detail = &detail
		}
		items = append(items, it)
	}
	if recv, ok := t.receiverBefore(start); ok {
		for _, m := range a.members(s, a.typeOf(s, a.main, start, recv)) {
			kind := protocol.CompletionItemKindProperty
			switch {
			case m.method != nil || m.kind == kindMethod:
				kind = protocol.CompletionItemKindMethod
			case m.decl != nil:
				kind = protocol.CompletionItemKindField
			}
			detail := ""
			if m.decl != nil {
				detail = m.decl.detail()
			} else if m.typ != nil {
				detail = m.typ.Name
			}
			add(m.name, kind, detail)
		}
		return items
	}
	for _, d := range a.visible(a.main, start) {
		add(d.name, declCompletionKind(d.kind), d.detail())
	}
	for _, k := range completionKeywords {
		add(k, protocol.CompletionItemKindKeyword, "")
	}
	lang := language(a.main)
	for _, n := range s.lib.FuncNames() {
		detail := ""
		if b := s.lib.Func(n); b != nil {
			if d := s.docs.Func(b); d != nil {
				l, ok := builtins.NameLang(b, d, n)
				if !ok {
					l = lang
				}
				detail = d.Sig[l]
			}
		}
		add(n, protocol.CompletionItemKindFunction, detail)
	}
	for _, n := range s.lib.ConstNames() {
		add(n, protocol.CompletionItemKindConstant, "")
	}
	for _, ot := range s.lib.Types() {
		for _, n := range ot.Names {
			add(n, protocol.CompletionItemKindClass, "")
		}
	}
	for _, n := range s.lib.VarNames() {
		add(n, protocol.CompletionItemKindVariable, "")
	}
	return items
}

func declCompletionKind(k declKind) protocol.CompletionItemKind {
	switch k {
	case kindConst:
		return protocol.CompletionItemKindConstant
	case kindProc:
		return protocol.CompletionItemKindFunction
	case kindMethod:
		return protocol.CompletionItemKindMethod
	case kindClass:
		return protocol.CompletionItemKindClass
	case kindMember:
		return protocol.CompletionItemKindField
	}
	return protocol.CompletionItemKindVariable
}
