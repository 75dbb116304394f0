package lsp

import (
	"fmt"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// French and English keywords (Fold keys) that tell the language a script is written in;
// the words both languages share are left out.
var (
	frenchWords  = []string{"si", "alors", "sinon", "fin", "selon", "cas", "tantque", "boucle", "pour", "sortir", "renvoyer", "retour", "fonction", "et", "ou", "soit", "faire", "quand", "est", "sont", "dans", "utiliser", "autre"}
	englishWords = []string{"if", "then", "else", "end", "switch", "case", "while", "loop", "for", "break", "result", "return", "function", "and", "or", "not", "let", "do", "when", "is", "are", "in", "using", "other"}
)

// language tells whether a document is written with French or English keywords (French
// when they are as many).
func language(fi *fileInfo) builtins.Lang {
	fr, en := 0, 0
	for _, tk := range fi.toks {
		if tk.Type != wlex.Keyword {
			continue
		}
		raw := wlex.Fold(fi.text.identFrom(fi.text.offsetWL(tk.Pos)))
		for _, w := range frenchWords {
			if raw == w {
				fr++
			}
		}
		for _, w := range englishWords {
			if raw == w {
				en++
			}
		}
	}
	if en > fr {
		return builtins.English
	}
	return builtins.French
}

func (sess *session) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	a, t := sess.navigation(p.TextDocument.URI)
	if a == nil {
		return nil, nil
	}
	off := t.offset(p.Position)
	name, start := t.identAt(off)
	if name == "" {
		return nil, nil
	}
	md := sess.srv.describe(a, t, start, name)
	if md == "" {
		return nil, nil
	}
	r := t.rangeOf(start, len(name))
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: md}, Range: &r}, nil
}

// describe is the hover text of the name at offset start: a declaration of the scripts, a
// member, or a builtin with its signature and description in the document's language.
func (s *Server) describe(a *analysis, t text, start int, name string) string {
	if recv, ok := t.receiverBefore(start); ok {
		for _, m := range a.members(s, a.typeOf(s, a.main, start, recv)) {
			if wlex.Fold(m.name) != wlex.Fold(name) {
				continue
			}
			if m.decl != nil {
				return code(m.decl.detail())
			}
			kind := "property"
			if m.method != nil {
				kind = "method"
			}
			return code(m.typ.Name+"."+m.name) + "\n" + kind + " of " + m.typ.Name
		}
		return ""
	}
	if d := a.resolve(a.main, start, name); d != nil {
		where := ""
		if d.file != a.main {
			where = "\n\n" + d.file.path
		}
		return code(d.detail()) + where
	}
	if b := s.lib.Func(name); b != nil {
		return s.describeFunc(a, b, name)
	}
	if _, ok := s.lib.Const(name); ok {
		return code(name) + "\nconstant"
	}
	if ot := s.lib.Type(name); ot != nil {
		return code(ot.Name) + "\ntype: " + strings.Join(ot.Names, ", ")
	}
	if v := s.lib.Var(name); v != nil {
		return code(v.Names[0]) + "\nvariable: " + strings.Join(v.Names, ", ")
	}
	return ""
}

func (s *Server) describeFunc(a *analysis, b *interp.Builtin, name string) string {
	d := s.docs.Func(b)
	if d == nil {
		args := fmt.Sprintf("%d to %d arguments", b.MinArgs, b.MaxArgs)
		switch {
		case b.MaxArgs < 0:
			args = fmt.Sprintf("%d arguments or more", b.MinArgs)
		case b.MinArgs == b.MaxArgs:
			args = fmt.Sprintf("%d arguments", b.MinArgs)
		}
		out := code(name+"(…)") + "\n" + args + "; names: " + strings.Join(b.Names, ", ")
		if b.Unavailable != "" {
			out += "\n\nNot available: " + b.Unavailable
		}
		return out
	}
	lang, ok := builtins.NameLang(b, d, name)
	if !ok {
		lang = language(a.main)
	}
	out := code(d.Sig[lang]) + "\n" + d.Desc[lang]
	if b.Unavailable != "" {
		out += "\n\n" + b.Unavailable
	}
	return out
}

func code(s string) string { return "```wlanguage\n" + s + "\n```" }
