package lsp

import (
	"reflect"
	"sort"
	"strings"

	plexer "github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// declKind is what a declared name is.
type declKind int

const (
	kindVar declKind = iota
	kindParam
	kindConst
	kindProc
	kindClass  // a structure or a class
	kindMember // a member of a structure or class
	kindMethod // a procedure of a class
)

// decl is a name declared in a source file.
type decl struct {
	name string
	kind declKind
	file *fileInfo
	off  int // byte offset of the name in file.text
	// typeWords are the words of the declared type (variables, parameters, members).
	typeWords []string
	// owner is the procedure or class the name is declared in; nil at the file level (the
	// main code's variables, procedures, classes).
	owner *decl
	// children are the members of a class, the locals of a procedure.
	children []*decl
	// end is the offset where a procedure's span (its body) ends, for scoping.
	end int
}

// detail is the source line that declares d, for hover and symbols.
func (d *decl) detail() string {
	t := d.file.text
	return strings.TrimSpace(t.line(int(t.position(d.off).Line)))
}

// fileInfo is one parsed source file with its tokens and declarations.
type fileInfo struct {
	path  string
	text  text
	tree  *parser.File
	toks  []plexer.Token
	decls []*decl // every declaration, in source order
	top   []*decl // file-level declarations
	// includes are the files its EXTERN statements include.
	includes []*fileInfo
}

// newFileInfo collects the declarations of a parsed file. The syntax tree is walked
// generically (by reflection) so that declaration nodes the parser gains later (structures,
// classes: any node type whose name contains "Class" or "Struct" and that has a Name field)
// give symbols without changes here.
func newFileInfo(lx *wlex.Definition, path, src string, tree *parser.File) *fileInfo {
	fi := &fileInfo{path: path, text: newText(src), tree: tree}
	if toks, err := lx.Tokens(path, src); err == nil {
		fi.toks = toks
	}
	if tree != nil {
		fi.walk(reflect.ValueOf(tree), nil)
	}
	sort.SliceStable(fi.decls, func(i, j int) bool { return fi.decls[i].off < fi.decls[j].off })
	fi.setSpans()
	return fi
}

// nameOffset finds the identifier token name at or after the node position from; -1 when
// the tokens do not hold it.
func (fi *fileInfo) nameOffset(from plexer.Position, name string) int {
	start := fi.text.offsetWL(from)
	k := wlex.Fold(name)
	i := sort.Search(len(fi.toks), func(i int) bool { return fi.toks[i].Pos.Offset >= start })
	for ; i < len(fi.toks); i++ {
		tk := fi.toks[i]
		if tk.Type == wlex.Ident && wlex.Fold(tk.Value) == k {
			return fi.text.offsetWL(tk.Pos)
		}
	}
	return -1
}

func (fi *fileInfo) declare(name string, kind declKind, at plexer.Position, owner *decl, typ parser.TypeSpec) *decl {
	off := fi.nameOffset(at, name)
	if off < 0 {
		return nil
	}
	if owner != nil && owner.kind == kindClass {
		if kind == kindProc {
			kind = kindMethod
		} else {
			kind = kindMember
		}
	}
	d := &decl{name: fi.text.identFrom(off), kind: kind, file: fi, off: off, owner: owner}
	if d.name == "" {
		d.name = name
	}
	if tr, ok := typ.(*parser.TypeRef); ok && tr != nil {
		for ; tr != nil; tr = tr.Elem {
			d.typeWords = append(d.typeWords, tr.Words...)
		}
	}
	fi.decls = append(fi.decls, d)
	if owner == nil {
		fi.top = append(fi.top, d)
	} else {
		owner.children = append(owner.children, d)
	}
	return d
}

var positionType = reflect.TypeOf(plexer.Position{})

// walk collects the declarations below v; owner is the enclosing procedure or class.
func (fi *fileInfo) walk(v reflect.Value, owner *decl) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct {
			owner = fi.node(v.Interface(), v.Elem(), owner)
			if owner == skipNode {
				return
			}
			fi.walkFields(v.Elem(), owner)
			return
		}
		fi.walk(v.Elem(), owner)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			fi.walk(v.Index(i), owner)
		}
	}
}

func (fi *fileInfo) walkFields(s reflect.Value, owner *decl) {
	for i := 0; i < s.NumField(); i++ {
		if s.Type().Field(i).IsExported() && s.Field(i).Type() != positionType {
			fi.walk(s.Field(i), owner)
		}
	}
}

// skipNode tells walk not to look inside a node (an included file).
var skipNode = &decl{}

// node declares what node n declares and returns the owner for its children.
func (fi *fileInfo) node(n any, s reflect.Value, owner *decl) *decl {
	switch n := n.(type) {
	case *parser.ExternStmt:
		return skipNode
	case *parser.Procedure:
		if d := fi.declare(n.Name, kindProc, n.Pos, owner, n.Result); d != nil {
			return d
		}
	case *parser.InternalProc:
		if d := fi.declare(n.Name, kindProc, n.Pos, owner, n.Result); d != nil {
			return d
		}
	case *parser.Param:
		fi.declare(n.Name, kindParam, n.Pos, owner, n.Type)
	case *parser.DeclStmt:
		at := n.Pos
		for _, name := range n.Names {
			if d := fi.declare(name, kindVar, at, owner, n.Type); d != nil {
				at = fi.tokenPosAfter(d.off)
			}
		}
	case *parser.MemberDecl:
		// A member of a structure or class (owner is the class: declare makes it a member).
		at := n.Pos
		for _, name := range n.Names {
			if d := fi.declare(name, kindVar, at, owner, n.Type); d != nil {
				at = fi.tokenPosAfter(d.off)
			}
		}
	case *parser.LetStmt:
		for _, name := range n.Names {
			fi.declare(name, kindVar, n.Pos, owner, nil)
		}
	case *parser.ConstDef:
		fi.declare(n.Name, kindConst, n.Pos, owner, nil)
	case *parser.ForStmt:
		if !fi.declared(n.Var, owner) {
			fi.declare(n.Var, kindVar, n.Pos, owner, n.VarType)
		}
	case *parser.ForEachStmt:
		for _, name := range n.Vars {
			if !fi.declared(name, owner) {
				fi.declare(name, kindVar, n.Pos, owner, nil)
			}
		}
	case *parser.ForEachStringStmt:
		if !fi.declared(n.Var, owner) {
			fi.declare(n.Var, kindVar, n.Pos, owner, nil)
		}
	default:
		// Structures and classes, whatever node the grammar gives them.
		tn := strings.ToLower(s.Type().Name())
		if strings.Contains(tn, "class") || strings.Contains(tn, "struct") {
			name, pos := s.FieldByName("Name"), s.FieldByName("Pos")
			if name.IsValid() && name.Kind() == reflect.String && pos.IsValid() && pos.Type() == positionType {
				if d := fi.declare(name.String(), kindClass, pos.Interface().(plexer.Position), owner, nil); d != nil {
					return d
				}
			}
		}
	}
	return owner
}

// tokenPosAfter is the position of the first token after byte offset off.
func (fi *fileInfo) tokenPosAfter(off int) plexer.Position {
	for _, tk := range fi.toks {
		if fi.text.offsetWL(tk.Pos) > off {
			return tk.Pos
		}
	}
	return plexer.Position{}
}

// declared tells whether owner (or the file level) already declares name: loop variables
// are implicit declarations only when not declared before.
func (fi *fileInfo) declared(name string, owner *decl) bool {
	k := wlex.Fold(name)
	for _, d := range fi.decls {
		if d.owner == owner && wlex.Fold(d.name) == k {
			return true
		}
	}
	return false
}

// setSpans gives each procedure (and class) at the file level or in a class the span up to
// the next one, or the end of the file.
func (fi *fileInfo) setSpans() {
	var heads []*decl
	for _, d := range fi.decls {
		if (d.kind == kindProc || d.kind == kindMethod || d.kind == kindClass) && (d.owner == nil || d.owner.kind == kindClass) {
			heads = append(heads, d)
		}
	}
	for i, d := range heads {
		d.end = len(fi.text.src)
		if i+1 < len(heads) {
			d.end = heads[i+1].off
		}
	}
}

// scopeAt returns the innermost procedure or class whose span holds off, or nil (the
// main code).
func (fi *fileInfo) scopeAt(off int) *decl {
	var in *decl
	for _, d := range fi.decls {
		if d.end > 0 && d.off <= off && off < d.end {
			in = d
		}
	}
	return in
}
