package lsp

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	plexer "github.com/alecthomas/participle/v2/lexer"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// analysis is what the server knows of an open document: its file, the files it includes,
// and the diagnostics of the parser and of the compiler (what `wl check` reports).
type analysis struct {
	main  *fileInfo
	files []*fileInfo // main first, then the included files (EXTERN, then Includes)
	diags []protocol.Diagnostic
	ok    bool // the document parsed
}

// analyze parses and checks src, the text of the document at path, after the files
// includes names (loaded first, as wl run -I does); read gives the text of the other files
// (open buffers first, then the disk).
func (s *Server) analyze(p string, src string, includes []string, read func(string) ([]byte, error)) *analysis {
	sources := map[string]string{p: src}
	var missing []string
	load := func(n string) ([]byte, error) {
		if n == p {
			return []byte(src), nil
		}
		b, err := read(n)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				missing = append(missing, n)
				return nil, nil
			}
			return nil, err
		}
		sources[n] = string(wlex.Decode(b))
		return b, nil
	}
	a := &analysis{}
	tree, err := s.parser.Load(load, p)
	a.main = newFileInfo(s.lexer, p, src, tree)
	a.files = []*fileInfo{a.main}
	if err != nil {
		a.diags = append(a.diags, a.errorDiag(err))
		return a
	}
	a.ok = true
	seen := map[string]bool{p: true}
	a.addIncludes(s, a.main, sources, seen)
	for _, m := range missing {
		a.diags = append(a.diags, a.externDiag(m, fmt.Sprintf("EXTERN file %s not found", m)))
	}
	var trees []*parser.File
	for _, inc := range includes {
		if inc == p || seen[inc] {
			continue
		}
		seen[inc] = true
		missing = missing[:0]
		itree, err := s.parser.Load(load, inc)
		switch {
		case err != nil:
			a.diags = append(a.diags, diagnostic(protocol.Range{}, protocol.DiagnosticSeverityWarning, "include "+inc+": "+err.Error()))
			continue
		case len(missing) > 0 && missing[0] == inc:
			a.diags = append(a.diags, diagnostic(protocol.Range{}, protocol.DiagnosticSeverityWarning, fmt.Sprintf("include %s not found", inc)))
			continue
		}
		trees = append(trees, itree)
		fi := newFileInfo(s.lexer, inc, sources[inc], itree)
		a.files = append(a.files, fi)
		a.addIncludes(s, fi, sources, seen)
	}
	_, cdiags, cerr := interp.Compile(s.lib, append(trees, tree)...)
	var ce *interp.CompileError
	if errors.As(cerr, &ce) && len(cdiags) == 0 {
		cdiags = ce.Diags
	} else if cerr != nil && !errors.As(cerr, &ce) {
		a.diags = append(a.diags, diagnostic(protocol.Range{}, protocol.DiagnosticSeverityError, cerr.Error()))
	}
	for _, d := range cdiags {
		if d.Warning && d.Pos.Filename != p && seen[d.Pos.Filename] && isInclude(includes, d.Pos.Filename) {
			// A warning of a file loaded first: that file's own business.
			continue
		}
		sev := protocol.DiagnosticSeverityError
		if d.Warning {
			sev = protocol.DiagnosticSeverityWarning
		}
		a.diags = append(a.diags, a.at(d.Pos, sev, d.Msg))
	}
	return a
}

// addIncludes adds the files fi's EXTERN statements include, once each.
func (a *analysis) addIncludes(s *Server, fi *fileInfo, sources map[string]string, seen map[string]bool) {
	if fi.tree == nil {
		return
	}
	parser.VisitExterns(fi.tree, func(x *parser.ExternStmt) {
		p := includePath(fi.path, x.Path)
		if x.Included == nil || seen[p] {
			return
		}
		seen[p] = true
		inc := newFileInfo(s.lexer, p, sources[p], x.Included)
		fi.includes = append(fi.includes, inc)
		a.files = append(a.files, inc)
		a.addIncludes(s, inc, sources, seen)
	})
}

// includePath resolves an EXTERN path against the including file, as parser.Load does.
func includePath(from, p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	if path.IsAbs(p) || filepath.IsAbs(p) || filepath.VolumeName(p) != "" {
		return filepath.FromSlash(p)
	}
	return filepath.Join(filepath.Dir(from), filepath.FromSlash(p))
}

func diagnostic(r protocol.Range, sev protocol.DiagnosticSeverity, msg string) protocol.Diagnostic {
	src := "wl"
	return protocol.Diagnostic{Range: r, Severity: &sev, Source: &src, Message: msg}
}

// at places a message at a wl position: on its word in the document, or on the first line
// with the file's name when it is in an included file.
func (a *analysis) at(pos plexer.Position, sev protocol.DiagnosticSeverity, msg string) protocol.Diagnostic {
	t := a.main.text
	if pos.Filename != "" && pos.Filename != a.main.path {
		return diagnostic(protocol.Range{}, sev, pos.String()+": "+msg)
	}
	off := t.offsetWL(pos)
	n := len(t.identFrom(off))
	if n == 0 && off < len(t.src) {
		n = 1
	}
	return diagnostic(t.rangeOf(off, n), sev, msg)
}

// errorDiag turns a load error (syntax error, unreadable include) into a diagnostic.
func (a *analysis) errorDiag(err error) protocol.Diagnostic {
	var pe interface {
		Message() string
		Position() plexer.Position
	}
	var perr *parser.Error
	switch {
	case errors.As(err, &perr):
		return a.at(perr.Pos, protocol.DiagnosticSeverityError, perr.Msg)
	case errors.As(err, &pe):
		return a.at(pe.Position(), protocol.DiagnosticSeverityError, pe.Message())
	}
	return diagnostic(protocol.Range{}, protocol.DiagnosticSeverityError, err.Error())
}

// externDiag places a warning on the EXTERN statement of the document that names file.
func (a *analysis) externDiag(file, msg string) protocol.Diagnostic {
	var r protocol.Range
	if a.main.tree != nil {
		parser.VisitExterns(a.main.tree, func(x *parser.ExternStmt) {
			if includePath(a.main.path, x.Path) == file {
				off := a.main.text.offsetWL(x.Pos)
				r = a.main.text.rangeOf(off, len(a.main.text.identFrom(off)))
			}
		})
	}
	return diagnostic(r, protocol.DiagnosticSeverityWarning, msg)
}

// visible returns the declarations visible at offset off of fi, innermost first: the
// locals of the enclosing procedures and classes, then the file level, then the included
// files' and the including document's.
func (a *analysis) visible(fi *fileInfo, off int) []*decl {
	var out []*decl
	for sc := fi.scopeAt(off); sc != nil; sc = sc.owner {
		out = append(out, sc.children...)
	}
	out = append(out, fi.top...)
	for _, f := range a.files {
		if f != fi {
			out = append(out, f.top...)
		}
	}
	return out
}

// resolve finds the declaration name refers to at offset off of fi.
func (a *analysis) resolve(fi *fileInfo, off int, name string) *decl {
	k := wlex.Fold(name)
	for _, d := range a.visible(fi, off) {
		if wlex.Fold(d.name) == k {
			return d
		}
	}
	return nil
}

// class finds a structure or class declared in any file.
func (a *analysis) class(name string) *decl {
	k := wlex.Fold(name)
	for _, f := range a.files {
		for _, d := range f.decls {
			if d.kind == kindClass && wlex.Fold(d.name) == k {
				return d
			}
		}
	}
	return nil
}

// fileOf returns the fileInfo of path.
func (a *analysis) fileOf(p string) *fileInfo {
	for _, f := range a.files {
		if f.path == p {
			return f
		}
	}
	return nil
}

// typeOf returns the type words of what receiver names at offset off: a declared variable's
// type, or a predeclared variable that is also a type name (the Email structure).
func (a *analysis) typeOf(s *Server, fi *fileInfo, off int, receiver string) []string {
	if d := a.resolve(fi, off, receiver); d != nil {
		return d.typeWords
	}
	if s.lib.Var(receiver) != nil && s.lib.Type(receiver) != nil {
		return []string{receiver}
	}
	return nil
}

// member is a member of a type, for completion and definition.
type member struct {
	name   string
	kind   declKind
	decl   *decl            // a member of a structure or class of the scripts
	prop   *interp.Property // a property of a library type
	method *interp.Method   // a method of a library type
	typ    *interp.ObjectType
}

// members lists the members of the types named by words: library object types (their
// properties and methods, every name) and the scripts' structures and classes.
func (a *analysis) members(s *Server, words []string) []member {
	var out []member
	for _, w := range words {
		if ot := s.lib.Type(w); ot != nil {
			for _, p := range ot.Props {
				for _, n := range p.Names {
					out = append(out, member{name: n, kind: kindMember, prop: p, typ: ot})
				}
			}
			for _, m := range ot.Methods {
				for _, n := range m.Names {
					out = append(out, member{name: n, kind: kindMethod, method: m, typ: ot})
				}
			}
		}
		if c := a.class(w); c != nil {
			for _, d := range c.children {
				if d.kind == kindMember || d.kind == kindMethod {
					out = append(out, member{name: d.name, kind: d.kind, decl: d})
				}
			}
		}
	}
	return out
}

// isInclude reports whether name is one of includes.
func isInclude(includes []string, name string) bool {
	for _, n := range includes {
		if n == name {
			return true
		}
	}
	return false
}
