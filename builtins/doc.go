package builtins

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// Lang is the language of a piece of documentation.
type Lang int

// The languages of the documentation.
const (
	French Lang = iota
	English
)

// FuncDoc documents one builtin function.
type FuncDoc struct {
	// Name is the function's main name (Names[0] of its Builtin).
	Name string
	// Sig is the signature (name, parameters, result) in French and in English.
	Sig [2]string
	// Desc is a one-line description in French and in English.
	Desc [2]string
	// Readme is the status README.md's table of functions shows; empty for functions the
	// table does not list.
	Readme string
}

// Docs is the documentation table of the builtins, keyed by function.
type Docs struct {
	funcs map[*interp.Builtin]*FuncDoc
	list  []*FuncDoc
}

//go:embed doc.txt
var docText string

// LoadDocs reads the documentation table (doc.txt) and ties each entry to the function of
// lib it documents; an entry naming no function of lib is an error.
func LoadDocs(lib *interp.Library) (*Docs, error) {
	entries, err := parseDocs(docText)
	if err != nil {
		return nil, err
	}
	d := &Docs{funcs: map[*interp.Builtin]*FuncDoc{}, list: entries}
	for _, e := range entries {
		b := lib.Func(e.Name)
		if b == nil {
			return nil, fmt.Errorf("doc.txt documents %s, which is not a function", e.Name)
		}
		if d.funcs[b] != nil {
			return nil, fmt.Errorf("doc.txt documents %s twice", b.Name())
		}
		for _, sig := range e.Sig {
			if lib.Func(sigName(sig)) != b {
				return nil, fmt.Errorf("doc.txt: the signature %q is not one of %s", sig, b.Name())
			}
		}
		d.funcs[b] = e
	}
	return d, nil
}

// Func returns the documentation of b, or nil.
func (d *Docs) Func(b *interp.Builtin) *FuncDoc { return d.funcs[b] }

// All returns every entry, in the order of doc.txt.
func (d *Docs) All() []*FuncDoc { return d.list }

// parseDocs reads doc.txt's blocks.
func parseDocs(text string) ([]*FuncDoc, error) {
	var out []*FuncDoc
	var cur *FuncDoc
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r ")
		switch {
		case strings.HasPrefix(line, "#"):
			continue
		case line == "":
			cur = nil
			continue
		case cur == nil:
			cur = &FuncDoc{Name: line}
			out = append(out, cur)
			continue
		}
		key, val, ok := strings.Cut(line, " ")
		var dst *string
		switch key {
		case "sig.fr":
			dst = &cur.Sig[French]
		case "sig.en":
			dst = &cur.Sig[English]
		case "doc.fr":
			dst = &cur.Desc[French]
		case "doc.en":
			dst = &cur.Desc[English]
		case "readme":
			dst = &cur.Readme
		}
		if !ok || dst == nil || val == "" {
			return nil, fmt.Errorf("doc.txt:%d: want sig.fr, sig.en, doc.fr, doc.en or readme and a text, have %q", i+1, line)
		}
		*dst = val
	}
	for _, e := range out {
		for _, s := range append(e.Sig[:], e.Desc[:]...) {
			if s == "" {
				return nil, fmt.Errorf("doc.txt: %s lacks a signature or a description", e.Name)
			}
		}
	}
	return out, nil
}

// NameLang tells in which language a name of b is written: English when it is one of b's
// English names and not its French one, French otherwise. Names shared by both languages
// (Trace, Info) report ok false.
func NameLang(b *interp.Builtin, doc *FuncDoc, name string) (lang Lang, ok bool) {
	k := lexer.Fold(name)
	fr := lexer.Fold(b.Names[0])
	en := lexer.Fold(sigName(doc.Sig[English]))
	switch {
	case k == fr && k == en:
		return French, false
	case k == fr:
		return French, true
	case k == en:
		return English, true
	}
	// Other names: the French spellings come before the first English name in Names.
	english := false
	for _, n := range b.Names {
		f := lexer.Fold(n)
		if f == en {
			english = true
		}
		if f == k {
			if english {
				return English, true
			}
			return French, true
		}
	}
	return French, false
}

// sigName is the function name a signature starts with.
func sigName(sig string) string {
	if i := strings.IndexByte(sig, '('); i >= 0 {
		return sig[:i]
	}
	return sig
}
