package parser

import (
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// Access is the visibility of a class member or method.
type Access int

// Visibilities: PUBLIC (the default), PROTÉGÉ / PROTECTED (the class and its descendants),
// PRIVÉ / PRIVATE (the class only).
const (
	Public Access = iota
	Protected
	Private
)

func (a Access) String() string {
	switch a {
	case Protected:
		return "protected"
	case Private:
		return "private"
	}
	return "public"
}

// ClassDecl is a structure or class declaration:
//
//	Nom est une Structure / Name is Structure      Nom est une Classe / Name is Class
//	    membre est un type [= valeur]                  [hérite de Base / inherits from Base]
//	FIN / END                                      PUBLIC | PRIVÉ | PROTÉGÉ | GLOBAL
//	                                                   membre est un type [= valeur]
//	                                                   CONSTANTE ... FIN
//	                                               FIN
//
// The methods of a class are the top-level procedures named `Nom::Méthode`.
type ClassDecl struct {
	Pos     lexer.Position
	Name    string
	Struct  bool
	Base    string
	BasePos lexer.Position
	Members []*MemberDecl
	Consts  []*ConstDef
}

// MemberDecl declares one or more members of a structure or class.
type MemberDecl struct {
	Pos    lexer.Position
	Names  []string
	Type   *TypeRef
	Value  Expr
	Access Access
	// Global marks a class member (GLOBAL): one value shared by every instance.
	Global bool
	// Serialize is the name given by a <Sérialise = "nom"> annotation; NoSerialize is set by
	// <Sérialise = Faux>.
	Serialize   string
	NoSerialize bool
}

// NewExpr is `allouer un C(args)` / `new C(args)`: a new dynamic instance of class C.
type NewExpr struct {
	Pos   lexer.Position
	Class string
	Args  []Expr
}

// SelectExpr is the expression form `SELON(v, a, b, ..., SINON z)` / `SWITCH(...)`.
type SelectExpr struct {
	Pos    lexer.Position
	Index  Expr
	Values []Expr
	Else   Expr
}

// FreeStmt is `libérer o` / `delete o`: the destructor runs and o becomes Null.
type FreeStmt struct {
	Pos    lexer.Position
	Target Expr
}

// BaseCtorStmt is `Constructeur Base(args)` / `Constructor Base(args)` in a constructor:
// the ancestor's constructor runs with these arguments.
type BaseCtorStmt struct {
	Pos   lexer.Position
	Class string
	Args  []Expr
}

// Position implements Expr.
func (e *NewExpr) Position() lexer.Position { return e.Pos }

// Position implements Expr.
func (e *SelectExpr) Position() lexer.Position { return e.Pos }

func (*ClassDecl) stmt()    {}
func (*FreeStmt) stmt()     {}
func (*BaseCtorStmt) stmt() {}

// isWord reports whether t is an identifier whose Fold key is one of words.
func isWord(t *lexer.Token, words ...string) bool {
	if t.Type != wlex.Ident {
		return false
	}
	f := wlex.Fold(t.Value)
	for _, w := range words {
		if f == w {
			return true
		}
	}
	return false
}

// classStmt parses the statements of structures and classes when they start here:
// a declaration `X est une Structure|Classe`, `libérer o`, `Constructeur Base(...)`.
// ok is false when none starts here.
func (g *grammar) classStmt(lex *lexer.PeekingLexer) (s Stmt, ok bool, err error) {
	p := &exprParser{g: g, lex: lex, st: g.state(lex)}
	t := p.peek()
	if t.Type != wlex.Ident {
		return nil, false, nil
	}
	n1 := p.peekN(1)
	switch {
	case isKw(n1, "EST", "IS"):
		i := 2
		if isArticle(p.peekN(i)) {
			i++
		}
		kind := p.peekN(i)
		if !isWord(kind, "structure", "classe", "class") || !endsLine(p.peekN(i+1)) {
			return nil, false, nil
		}
		for j := 0; j <= i; j++ {
			p.next()
		}
		d, err := p.classBody(t, isWord(kind, "structure"))
		if err != nil {
			return nil, true, g.noteError(lex, err)
		}
		return d, true, nil
	case isWord(t, "liberer", "delete") && n1.Type == wlex.Ident:
		p.next()
		x, err := p.postfix()
		if err != nil {
			return nil, true, g.noteError(lex, err)
		}
		return &FreeStmt{Pos: t.Pos, Target: x}, true, nil
	case isWord(t, "constructeur", "constructor") && n1.Type == wlex.Ident:
		p.next()
		name := p.next()
		st := &BaseCtorStmt{Pos: t.Pos, Class: name.Value}
		if isPunct(p.peek(), "(") {
			p.next()
			args, err := p.args(")")
			if err != nil {
				return nil, true, g.noteError(lex, err)
			}
			st.Args = args
		}
		return st, true, nil
	}
	return nil, false, nil
}

func endsLine(t *lexer.Token) bool { return t.EOF() || t.Type == wlex.Sep }

// classBody parses the lines of a structure or class up to its FIN/END.
func (p *exprParser) classBody(name *lexer.Token, isStruct bool) (*ClassDecl, error) {
	d := &ClassDecl{Pos: name.Pos, Name: name.Value, Struct: isStruct}
	access, global := Public, false
	for {
		t := p.peek()
		switch {
		case t.EOF():
			return nil, p.errorf(name.Pos, "%s has no matching FIN/END before the end of the file", name.Value)
		case t.Type == wlex.Sep:
			p.next()
			continue
		case isKw(t, "FIN", "END"):
			p.next()
			return d, nil
		case isWord(t, "herite", "inherits") && !isStruct:
			p.next()
			if isWord(p.peek(), "de", "from") {
				p.next()
			}
			b := p.next()
			if b.Type != wlex.Ident {
				return nil, p.errorf(b.Pos, "expected the name of the base class, found %s", describe(b))
			}
			d.Base, d.BasePos = b.Value, b.Pos
			continue
		}
		// Access and GLOBAL words: alone on their line they open a section, before a member
		// they apply to it only.
		// A section line sets both: `GLOBAL` alone opens public class members, `PRIVÉ`
		// alone private instance members (choice made where the documentation is silent).
		lineAccess, lineGlobal, mod := Public, false, false
		for {
			t := p.peek()
			if a, ok := accessWord(t); ok {
				p.next()
				lineAccess, mod = a, true
				continue
			}
			if isKw(t, "GLOBAL", "GLOBALE") {
				p.next()
				lineGlobal, mod = true, true
				continue
			}
			if isKw(t, "LOCAL", "LOCALE") {
				p.next()
				mod = true
				continue
			}
			break
		}
		if mod && endsLine(p.peek()) {
			access, global = lineAccess, lineGlobal
			continue
		}
		if !mod {
			lineAccess, lineGlobal = access, global
		}
		if isKw(p.peek(), "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS") {
			s, err := sub(p.g, p.lex, &p.g.stmts.consts)
			if err != nil {
				return nil, err
			}
			d.Consts = append(d.Consts, s.(*ConstStmt).Defs...)
			continue
		}
		m, err := p.memberDecl(lineAccess, lineGlobal)
		if err != nil {
			return nil, err
		}
		d.Members = append(d.Members, m)
	}
}

func accessWord(t *lexer.Token) (Access, bool) {
	switch {
	case isSoft(t, "PUBLIC", "PUBLIQUE"):
		return Public, true
	case isSoft(t, "PRIVE", "PRIVEE", "PRIVATE"):
		return Private, true
	case isSoft(t, "PROTEGE", "PROTEGEE", "PROTECTED"):
		return Protected, true
	}
	return Public, false
}

// memberDecl parses `a, b est un T [= v] [<Sérialise = ...>]` (EST/IS may be left out).
func (p *exprParser) memberDecl(access Access, global bool) (*MemberDecl, error) {
	t := p.peek()
	m := &MemberDecl{Pos: t.Pos, Access: access, Global: global}
	for {
		n := p.next()
		if n.Type != wlex.Ident {
			return nil, p.errorf(n.Pos, "expected a member name, found %s", describe(n))
		}
		m.Names = append(m.Names, p.spelling(n))
		if !isPunct(p.peek(), ",") {
			break
		}
		p.next()
	}
	if isKw(p.peek(), "EST", "IS", "SONT", "ARE") {
		p.next()
	}
	ref, err := p.typeRef()
	if err != nil {
		return nil, err
	}
	m.Type = ref
	if isPunct(p.peek(), "=") {
		p.next()
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		m.Value = v
	}
	if err := p.annotation(m); err != nil {
		return nil, err
	}
	if t := p.peek(); !endsLine(t) {
		return nil, p.errorf(t.Pos, "unexpected %s after the member %s", describe(t), m.Names[0])
	}
	return m, nil
}

// spelling returns a name as the source writes it: the lexer gives a word that is also a
// soft keyword (valeur, a, d...) its canonical spelling (VALEUR, A, D), which a member's name,
// written by Sérialise, must not take. Without the source, the token's value.
func (p *exprParser) spelling(t *lexer.Token) string {
	src, off := p.st.src, t.Pos.Offset
	if off < 0 || off >= len(src) {
		return t.Value
	}
	end := off
	for end < len(src) {
		r, size := utf8.DecodeRuneInString(src[end:])
		if !wlex.IsIdentPart(r) {
			break
		}
		end += size
	}
	if w := src[off:end]; wlex.Fold(w) == wlex.Fold(t.Value) {
		return w
	}
	return t.Value
}

// annotation reads a `<Sérialise = "nom">` / `<Serialize = False>` annotation after a member.
func (p *exprParser) annotation(m *MemberDecl) error {
	if !isPunct(p.peek(), "<") || !isWord(p.peekN(1), "serialise", "serialize") {
		return nil
	}
	p.next()
	p.next()
	if _, err := p.expectPunct("="); err != nil {
		return err
	}
	v := p.next()
	switch {
	case v.Type == wlex.String:
		m.Serialize = v.Value
	case isWord(v, "faux", "false"):
		m.NoSerialize = true
	case isWord(v, "vrai", "true"):
	default:
		return p.errorf(v.Pos, "expected a name, Faux or Vrai in <Sérialise = ...>, found %s", describe(v))
	}
	_, err := p.expectPunct(">")
	return err
}

// classPrimary parses the expressions of classes that start with an identifier or keyword
// at t: `allouer un C(args)` / `new C(args)`, `C::Membre`, `SELON(v, a, ..., SINON z)`.
// ok is false when none starts here.
func (p *exprParser) classPrimary(t *lexer.Token) (Expr, bool, error) {
	switch {
	case isPunct(t, ":") && p.peekN(1).Type == wlex.Ident && adjacent(t, p.peekN(1)):
		// :Membre, inside a method: the member of the current object.
		p.next()
		n := p.next()
		return &Member{Pos: t.Pos, X: &Ident{Pos: t.Pos, Name: "objet"}, Name: n.Value, Legacy: true}, true, nil
	case isKw(t, "SELON", "SWITCH") && isPunct(p.peekN(1), "("):
		e, err := p.selectExpr()
		return e, true, err
	case isWord(t, "allouer", "new"):
		i := 1
		if isArticle(p.peekN(1)) && p.peekN(2).Type == wlex.Ident {
			i = 2
		}
		c := p.peekN(i)
		if after := p.peekN(i + 1); c.Type != wlex.Ident || !isPunct(after, "(", ")", ",") && !endsLine(after) {
			return nil, false, nil
		}
		for j := 0; j <= i; j++ {
			p.next()
		}
		e := &NewExpr{Pos: t.Pos, Class: c.Value}
		if isPunct(p.peek(), "(") {
			p.next()
			args, err := p.args(")")
			if err != nil {
				return nil, true, err
			}
			e.Args = args
		}
		return e, true, nil
	case t.Type == wlex.Ident && isPunct(p.peekN(1), ":") && isPunct(p.peekN(2), ":") &&
		adjacent(p.peekN(1), p.peekN(2)) && (p.peekN(3).Type == wlex.Ident || p.peekN(3).Type == wlex.Keyword):
		p.next()
		p.next()
		p.next()
		n := p.next()
		return &Ident{Pos: t.Pos, Name: t.Value + "::" + n.Value}, true, nil
	}
	return nil, false, nil
}

// selectExpr parses SELON(v, a, b, ..., SINON z).
func (p *exprParser) selectExpr() (Expr, error) {
	t := p.next()
	p.next()
	e := &SelectExpr{Pos: t.Pos}
	idx, err := p.expr()
	if err != nil {
		return nil, err
	}
	e.Index = idx
	for {
		n := p.next()
		if isPunct(n, ")") {
			return e, nil
		}
		if !isPunct(n, ",") {
			return nil, p.errorf(n.Pos, "expected \",\" or \")\" in SELON(...), found %s", describe(n))
		}
		if isKw(p.peek(), "SINON", "ELSE") {
			p.next()
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			e.Else = v
			if _, err := p.expectPunct(")"); err != nil {
				return nil, err
			}
			return e, nil
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		e.Values = append(e.Values, v)
	}
}

// tupleType parses the result types of a procedure returning several values:
// `PROCÉDURE P() : (entier, chaîne)`.
func (p *exprParser) tupleType() (*TypeRef, error) {
	t := p.next()
	ref := &TypeRef{Pos: t.Pos, Words: []string{"variant"}}
	for {
		e, err := p.typeRef()
		if err != nil {
			return nil, err
		}
		ref.Tuple = append(ref.Tuple, e)
		n := p.next()
		if isPunct(n, ")") {
			return ref, nil
		}
		if !isPunct(n, ",") {
			return nil, p.errorf(n.Pos, "expected \",\" or \")\" in the result types, found %s", describe(n))
		}
	}
}
