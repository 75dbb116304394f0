package parser

import (
	"strconv"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

var assignOps = []string{"=", "+=", "-=", "*=", "/="}

// parseAction is the participle entry point for SimpleStmt's content: an assignment, an
// increment, or an expression used as a statement (a call).
func (g *grammar) parseAction(lex *lexer.PeekingLexer) (Action, error) {
	a, err := g.action(lex)
	if err != nil && err != participle.NextMatch {
		return nil, g.noteError(lex, err)
	}
	return a, err
}

func (g *grammar) action(lex *lexer.PeekingLexer) (Action, error) {
	p := &exprParser{g: g, lex: lex, st: g.state(lex)}
	t := p.peek()
	if !startsExprAt(lex) || isKw(t, "PAS", "NOT") {
		return nil, participle.NextMatch
	}
	// "À FAIRE TANTQUE" closes a BOUCLE: it is not a statement.
	if isTo(t) && isKw(p.peekN(1), "FAIRE", "DO") {
		return nil, participle.NextMatch
	}
	cp := lex.MakeCheckpoint()
	x, err := p.postfix()
	if err != nil {
		return nil, err
	}
	op := p.peek()
	switch {
	case isPunct(op, assignOps...):
		p.next()
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		targets := []Expr{x}
		if tu, ok := x.(*Tuple); ok {
			targets = tu.Elems
		}
		return &Assign{Pos: t.Pos, Targets: targets, Op: op.Value, Value: v}, nil
	case isPunct(op, "++", "--"):
		p.next()
		return &Assign{Pos: t.Pos, Targets: []Expr{x}, Op: op.Value}, nil
	case isPunct(op, "<=>"):
		// a <=> b exchanges the values of two variables (or elements, members).
		p.next()
		y, err := p.postfix()
		if err != nil {
			return nil, err
		}
		return &Assign{Pos: t.Pos, Targets: []Expr{x, y}, Op: op.Value}, nil
	}
	// Not an assignment: read the whole expression again.
	lex.LoadCheckpoint(cp)
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &ExprAction{Pos: t.Pos, X: e}, nil
}

// parseTypeSpec is the participle entry point for TypeSpec.
func (g *grammar) parseTypeSpec(lex *lexer.PeekingLexer) (TypeSpec, error) {
	p := &exprParser{g: g, lex: lex, st: g.state(lex)}
	t := p.peek()
	if isPunct(t, "(") {
		t2, err := p.tupleType()
		if err != nil {
			return nil, g.noteError(lex, err)
		}
		return t2, nil
	}
	if t.Type != wlex.Ident && !isProcKw(t) {
		return nil, participle.NextMatch
	}
	t2, err := p.typeRef()
	if err != nil {
		return nil, g.noteError(lex, err)
	}
	return t2, nil
}

func isProcKw(t *lexer.Token) bool { return isKw(t, "PROCEDURE", "FONCTION", "FUNCTION") }

func isArticle(t *lexer.Token) bool { return isSoft(t, "UN", "UNE", "A", "AN", "DES") }

func (p *exprParser) typeRef() (*TypeRef, error) {
	start := p.peek()
	if err := p.st.enterExpr(start.Pos, "type"); err != nil {
		return nil, err
	}
	defer p.st.leaveExpr()
	// Articles: "un", "une", "a", "an", "des" (but a lone "a" may be the type's name).
	if isArticle(start) && (p.peekN(1).Type == wlex.Ident || isProcKw(p.peekN(1))) {
		p.next()
	}
	t := p.peek()
	ref := &TypeRef{Pos: t.Pos}
	if isSoft(t, "ASSOCIATIF", "ASSOCIATIFS", "ASSOCIATIVE") && isSoft(p.peekN(1), "TABLEAU", "TABLEAUX", "ARRAY", "ARRAYS") {
		p.next()
		ref.Associative = true
	}
	if t := p.peek(); isSoft(t, "TABLEAU", "TABLEAUX", "ARRAY", "ARRAYS") {
		p.next()
		ref.Array = true
		if isSoft(p.peek(), "ASSOCIATIF", "ASSOCIATIFS", "ASSOCIATIVE") {
			p.next()
			ref.Associative = true
		}
		// Options in parentheses: tableau associatif (ccSansCasse, 0) de ...
		if isPunct(p.peek(), "(") {
			p.next()
			opts, err := p.args(")")
			if err != nil {
				return nil, err
			}
			ref.Options = opts
		}
		// Dimensions: tableau de 5 entiers, tableau de 2 par 3 entiers.
		if isSoft(p.peek(), "DE", "OF") && p.peekN(1).Type == wlex.Number {
			p.next()
		}
		for p.peek().Type == wlex.Number {
			n := p.next()
			ref.Dims = append(ref.Dims, &NumberLit{Pos: n.Pos, Text: n.Value})
			if isSoft(p.peek(), "PAR", "BY") || isPunct(p.peek(), "*", ",") {
				p.next()
			}
		}
		switch t := p.peek(); {
		case isSoft(t, "DE", "OF"):
			p.next()
		case isSoft(t, "D") && isPunct(p.peekN(1), "'"):
			p.next()
			p.next()
		}
		if p.peek().Type != wlex.Ident {
			ref.Elem = &TypeRef{Pos: p.peek().Pos, Words: []string{"variant"}}
			return ref, nil
		}
		elem, err := p.typeRef()
		if err != nil {
			return nil, err
		}
		ref.Elem = elem
		return ref, nil
	}
	for {
		t := p.peek()
		if isProcKw(t) && len(ref.Words) == 0 {
			// "x est une procédure": a variable holding a procedure.
			p.next()
			ref.Words = append(ref.Words, "procedure")
			break
		}
		if t.Type != wlex.Ident || isOn(t) {
			break
		}
		p.next()
		ref.Words = append(ref.Words, t.Value)
	}
	if len(ref.Words) == 0 {
		return nil, p.errorf(t.Pos, "expected a type name, found %s", describe(t))
	}
	if isPunct(p.peek(), "(") {
		// o est un MaClasse(a, b): the constructor's arguments.
		p.next()
		args, err := p.args(")")
		if err != nil {
			return nil, err
		}
		ref.Args, ref.HasArgs = args, true
		for isWord(p.peek(), "dynamique", "dynamic") {
			ref.Words = append(ref.Words, p.next().Value)
		}
	}
	if isOn(p.peek()) && p.peekN(1).Type == wlex.Number {
		p.next()
		n := p.next()
		size, err := strconv.Atoi(n.Value)
		if err != nil {
			return nil, p.errorf(n.Pos, "invalid size %q", n.Value)
		}
		ref.Size = size
		if isSoft(p.peek(), "OCTETS", "OCTET", "BYTES", "BYTE") {
			p.next()
		}
	}
	return ref, nil
}

// parseCaseCond is the participle entry point for CaseCond.
func (g *grammar) parseCaseCond(lex *lexer.PeekingLexer) (CaseCond, error) {
	c, err := g.caseCond(lex)
	if err != nil && err != participle.NextMatch {
		return nil, g.noteError(lex, err)
	}
	return c, err
}

func (g *grammar) caseCond(lex *lexer.PeekingLexer) (CaseCond, error) {
	p := &exprParser{g: g, lex: lex, st: g.state(lex), noColonMember: true}
	t := p.peek()
	switch {
	case isTo(t) && startsExpr(p.peekN(1)):
		p.next()
		to, err := p.add()
		if err != nil {
			return nil, err
		}
		return &CaseRange{Pos: t.Pos, To: to}, nil
	case isComparison(t):
		p.next()
		v, err := p.add()
		if err != nil {
			return nil, err
		}
		return &CaseValue{Pos: t.Pos, Op: t.Value, Value: v}, nil
	case !startsExpr(t):
		return nil, participle.NextMatch
	}
	x, err := p.add()
	if err != nil {
		return nil, err
	}
	switch op := p.peek(); {
	case isPunct(op, "<", "<=", ">", ">=") && isPunct(p.peekN(1), "*"):
		p.next()
		p.next()
		op2 := p.next()
		if !isPunct(op2, "<", "<=", ">", ">=") {
			return nil, p.errorf(op2.Pos, "expected a comparison after \"*\" in CAS, found %s", describe(op2))
		}
		high, err := p.add()
		if err != nil {
			return nil, err
		}
		return &CaseBetween{Pos: t.Pos, Low: x, LowOp: op.Value, HighOp: op2.Value, High: high}, nil
	case isTo(op):
		p.next()
		to, err := p.add()
		if err != nil {
			return nil, err
		}
		return &CaseRange{Pos: t.Pos, From: x, To: to}, nil
	}
	return &CaseValue{Pos: t.Pos, Value: x}, nil
}
