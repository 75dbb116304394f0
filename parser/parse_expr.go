package parser

import (
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// exprParser parses expressions and the other hand-written productions from participle's
// token stream.
type exprParser struct {
	g   *grammar
	lex *lexer.PeekingLexer
	st  *parseState
	// noColonMember is set while parsing CAS conditions, where ":" ends the condition.
	noColonMember bool
	// last is the token next returned last: a ":" right after "]" or ")" reads a member
	// (`t[1]:nom`, `f():nom`).
	last *lexer.Token
}

func (p *exprParser) peek() *lexer.Token { return p.lex.Peek() }

// peekN returns the token n places ahead (0 = next).
func (p *exprParser) peekN(n int) *lexer.Token {
	cp := p.lex.MakeCheckpoint()
	defer p.lex.LoadCheckpoint(cp)
	for i := 0; i < n; i++ {
		p.lex.Next()
	}
	return p.lex.Peek()
}

func (p *exprParser) next() *lexer.Token {
	t := p.lex.Next()
	p.last = t
	return t
}

func isKw(t *lexer.Token, words ...string) bool {
	if t.Type != wlex.Keyword {
		return false
	}
	for _, w := range words {
		if t.Value == w {
			return true
		}
	}
	return false
}

// isSoft reports whether t is one of the soft keywords (identifiers with a canonical spelling).
func isSoft(t *lexer.Token, words ...string) bool {
	if t.Type != wlex.Ident {
		return false
	}
	for _, w := range words {
		if t.Value == w {
			return true
		}
	}
	return false
}

func isPunct(t *lexer.Token, ops ...string) bool {
	if t.Type != wlex.Punct {
		return false
	}
	for _, o := range ops {
		if t.Value == o {
			return true
		}
	}
	return false
}

// adjacent reports whether b starts right where a ends.
func adjacent(a, b *lexer.Token) bool {
	return a.Pos.Offset+len(a.Value) == b.Pos.Offset && a.Type == wlex.Punct
}

func (p *exprParser) errorf(pos lexer.Position, format string, args ...any) error {
	return participle.Errorf(pos, format, args...)
}

func (p *exprParser) expectPunct(op string) (*lexer.Token, error) {
	t := p.peek()
	if !isPunct(t, op) {
		return nil, p.errorf(t.Pos, "expected %q, found %s", op, describe(t))
	}
	return p.next(), nil
}

// describe names a token for error messages.
func describe(t *lexer.Token) string {
	switch {
	case t.EOF():
		return "end of file"
	case t.Type == wlex.Sep && t.Value == "\n":
		return "end of line"
	case t.Type == wlex.String:
		return "string"
	default:
		return "\"" + t.Value + "\""
	}
}

// startsExpr reports whether t can begin an expression.
func startsExpr(t *lexer.Token) bool {
	switch t.Type {
	case wlex.Number, wlex.String, wlex.Ident:
		return true
	case wlex.Punct:
		return isPunct(t, "(", "[", "-", "+", "{")
	case wlex.Keyword:
		return isKw(t, "PAS", "NOT", "PROCEDURE", "FONCTION", "FUNCTION", "SELON", "SWITCH")
	}
	return false
}

// startsExprAt reports whether the tokens ahead can begin an expression: startsExpr, or
// ":Membre" (a colon written against a name), the member of the current object in a method.
func startsExprAt(lex *lexer.PeekingLexer) bool {
	t := lex.Peek()
	if startsExpr(t) {
		return true
	}
	if !isPunct(t, ":") {
		return false
	}
	cp := lex.MakeCheckpoint()
	lex.Next()
	n := lex.Peek()
	lex.LoadCheckpoint(cp)
	return n.Type == wlex.Ident && adjacent(t, n)
}

// parseExpr is the participle entry point for Expr, which the grammar always requires: an
// error when no expression starts here.
func (g *grammar) parseExpr(lex *lexer.PeekingLexer) (Expr, error) {
	p := &exprParser{g: g, lex: lex, st: g.state(lex)}
	if t := p.peek(); !startsExprAt(lex) {
		return nil, g.noteError(lex, p.errorf(t.Pos, "expected an expression, found %s", describe(t)))
	}
	e, err := p.expr()
	if err != nil {
		return nil, g.noteError(lex, err)
	}
	return e, nil
}

// parseOptExpr is the participle entry point for OptExpr: NextMatch when no expression
// starts here.
func (g *grammar) parseOptExpr(lex *lexer.PeekingLexer) (OptExpr, error) {
	if !startsExprAt(lex) {
		return nil, participle.NextMatch
	}
	return g.parseExpr(lex)
}

func (p *exprParser) expr() (Expr, error) {
	if err := p.st.enterExpr(p.peek().Pos, "expression"); err != nil {
		return nil, err
	}
	defer p.st.leaveExpr()
	x, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); isPunct(t, "?") {
		p.next()
		a, err := p.expr()
		if err != nil {
			return nil, err
		}
		t := p.peek()
		if !isKw(t, "SINON", "ELSE") && !isPunct(t, ":") {
			return nil, p.errorf(t.Pos, "expected SINON/ELSE in conditional expression, found %s", describe(t))
		}
		p.next()
		b, err := p.expr()
		if err != nil {
			return nil, err
		}
		return &Cond{Pos: x.Position(), Test: x, Then: a, Else: b}, nil
	}
	return x, nil
}

func (p *exprParser) or() (Expr, error) {
	c := p.st.beginChain()
	defer c.end()
	x, err := p.and()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		var op string
		switch {
		case isKw(t, "OU", "OR"):
			op = "OR"
		case isKw(t, "_OU_", "_OR_"):
			op = "_OR_"
		default:
			return x, nil
		}
		p.next()
		if err := c.link(t.Pos); err != nil {
			return nil, err
		}
		y, err := p.and()
		if err != nil {
			return nil, err
		}
		if err := c.right(t.Pos, 1); err != nil {
			return nil, err
		}
		x = &Binary{Pos: t.Pos, Op: op, X: x, Y: y}
	}
}

func (p *exprParser) and() (Expr, error) {
	c := p.st.beginChain()
	defer c.end()
	x, err := p.not()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		var op string
		switch {
		case isKw(t, "ET", "AND"):
			op = "AND"
		case isKw(t, "_ET_", "_AND_"):
			op = "_AND_"
		default:
			return x, nil
		}
		p.next()
		if err := c.link(t.Pos); err != nil {
			return nil, err
		}
		y, err := p.not()
		if err != nil {
			return nil, err
		}
		if err := c.right(t.Pos, 1); err != nil {
			return nil, err
		}
		x = &Binary{Pos: t.Pos, Op: op, X: x, Y: y}
	}
}

func (p *exprParser) not() (Expr, error) {
	if t := p.peek(); isKw(t, "PAS", "NOT") {
		p.next()
		if err := p.st.enterExpr(t.Pos, "expression"); err != nil {
			return nil, err
		}
		defer p.st.leaveExpr()
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &Unary{Pos: t.Pos, Op: "NOT", X: x}, nil
	}
	return p.cmp()
}

var comparisonOps = []string{"=", "<>", "<", "<=", ">", ">=", "~=", "~~", "[=", "[=]", "=]", "[~", "~]", "[~]"}

func isComparison(t *lexer.Token) bool { return isPunct(t, comparisonOps...) }

func (p *exprParser) cmp() (Expr, error) {
	x, err := p.add()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch {
	case isComparison(t):
		p.next()
		y, err := p.add()
		if err != nil {
			return nil, err
		}
		// a < x < b: an interval.
		if t2 := p.peek(); isPunct(t, "<", "<=", ">", ">=") && isPunct(t2, "<", "<=", ">", ">=") {
			p.next()
			z, err := p.add()
			if err != nil {
				return nil, err
			}
			return &Between{Pos: x.Position(), Low: x, LowOp: t.Value, X: y, HighOp: t2.Value, High: z}, nil
		}
		return &Binary{Pos: t.Pos, Op: t.Value, X: x, Y: y}, nil
	case isKw(t, "DANS", "IN"):
		p.next()
		list, err := p.inList()
		if err != nil {
			return nil, err
		}
		return &In{Pos: t.Pos, X: x, List: list}, nil
	case isKw(t, "PAS", "NOT") && isKw(p.peekN(1), "DANS", "IN"):
		p.next()
		p.next()
		list, err := p.inList()
		if err != nil {
			return nil, err
		}
		return &In{Pos: t.Pos, X: x, List: list, Not: true}, nil
	}
	return x, nil
}

// inList parses the right side of DANS/IN: a parenthesised list, or one expression (an array).
func (p *exprParser) inList() ([]Expr, error) {
	if isPunct(p.peek(), "(") {
		p.next()
		var list []Expr
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			list = append(list, e)
			t := p.next()
			if isPunct(t, ")") {
				return list, nil
			}
			if !isPunct(t, ",") {
				return nil, p.errorf(t.Pos, "expected \",\" or \")\" in DANS/IN list, found %s", describe(t))
			}
		}
	}
	e, err := p.add()
	if err != nil {
		return nil, err
	}
	return []Expr{e}, nil
}

func (p *exprParser) add() (Expr, error) {
	c := p.st.beginChain()
	defer c.end()
	x, err := p.mul()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if !isPunct(t, "+", "-") {
			return x, nil
		}
		p.next()
		if err := c.link(t.Pos); err != nil {
			return nil, err
		}
		y, err := p.mul()
		if err != nil {
			return nil, err
		}
		if err := c.right(t.Pos, 1); err != nil {
			return nil, err
		}
		x = &Binary{Pos: t.Pos, Op: t.Value, X: x, Y: y}
	}
}

func (p *exprParser) mul() (Expr, error) {
	c := p.st.beginChain()
	defer c.end()
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if !isPunct(t, "*", "/", "%") {
			return x, nil
		}
		p.next()
		if err := c.link(t.Pos); err != nil {
			return nil, err
		}
		y, err := p.unary()
		if err != nil {
			return nil, err
		}
		if err := c.right(t.Pos, 1); err != nil {
			return nil, err
		}
		x = &Binary{Pos: t.Pos, Op: t.Value, X: x, Y: y}
	}
}

func (p *exprParser) unary() (Expr, error) {
	t := p.peek()
	if isPunct(t, "-", "+") {
		p.next()
		if err := p.st.enterExpr(t.Pos, "expression"); err != nil {
			return nil, err
		}
		defer p.st.leaveExpr()
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Unary{Pos: t.Pos, Op: t.Value, X: x}, nil
	}
	return p.postfix()
}

func (p *exprParser) postfix() (Expr, error) {
	c := p.st.beginChain()
	defer c.end()
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if isPostfix(t) {
			if err := c.link(t.Pos); err != nil {
				return nil, err
			}
		}
		switch {
		case isPunct(t, "."), isPunct(t, ".."):
			p.next()
			n := p.peek()
			if n.Type != wlex.Ident && n.Type != wlex.Keyword {
				return nil, p.errorf(n.Pos, "expected a property or method name after %q, found %s", t.Value, describe(n))
			}
			p.next()
			x = &Member{Pos: t.Pos, X: x, Name: n.Value, Legacy: t.Value == ".."}
		case isPunct(t, ":") && !p.noColonMember && p.peekN(1).Type == wlex.Ident &&
			adjacent(t, p.peekN(1)) && t.Pos.Offset > 0 && (isAdjacentAfter(x, t) || p.closedBefore(t)):
			p.next()
			n := p.next()
			x = &Member{Pos: t.Pos, X: x, Name: n.Value, Legacy: true}
		case isPunct(t, "("):
			p.next()
			args, err := p.args(")")
			if err != nil {
				return nil, err
			}
			x = &Call{Pos: x.Position(), Fn: x, Args: args}
		case isPunct(t, "[") && isPunct(p.peekN(1), "[") && adjacent(t, p.peekN(1)):
			p.next()
			p.next()
			s, err := p.substring(x, t.Pos)
			if err != nil {
				return nil, err
			}
			if _, err := p.expectPunct("]"); err != nil {
				return nil, err
			}
			if _, err := p.expectPunct("]"); err != nil {
				return nil, err
			}
			x = s
		case isPunct(t, "["):
			p.next()
			e, err := p.index(x, t.Pos)
			if err != nil {
				return nil, err
			}
			x = e
		default:
			return x, nil
		}
		if err := c.right(t.Pos, 0); err != nil {
			return nil, err
		}
	}
}

// isPostfix reports whether t may start a postfix operation (member, call, index): a link
// of a chain, counted before the operation is parsed. A ":" that turns out not to be a
// member access counts too, harmlessly.
func isPostfix(t *lexer.Token) bool { return isPunct(t, ".", "..", ":", "(", "[") }

// closedBefore reports whether t directly follows a "]" or ")" just read.
func (p *exprParser) closedBefore(t *lexer.Token) bool {
	return p.last != nil && isPunct(p.last, "]", ")") && p.last.Pos.Offset+1 == t.Pos.Offset
}

// isAdjacentAfter reports whether the ":" token t directly follows expression x's last token:
// `obj:Méthode()` is a member access, `CAS x : ...` is not. Only identifiers and closing
// brackets are checked; anything else is not followed by a member colon.
func isAdjacentAfter(x Expr, t *lexer.Token) bool {
	switch e := x.(type) {
	case *Ident:
		return e.Pos.Offset+len(e.Name) == t.Pos.Offset
	case *Member:
		// o:a:b, o.a:b (the member's position is its "." / ":" / "..").
		end := e.Pos.Offset + len(e.Name)
		return end+1 == t.Pos.Offset || e.Legacy && end+2 == t.Pos.Offset
	}
	return false
}

// args parses call arguments up to the closing token; an empty slot is a nil argument.
func (p *exprParser) args(closing string) ([]Expr, error) {
	var args []Expr
	if isPunct(p.peek(), closing) {
		p.next()
		return args, nil
	}
	for {
		t := p.peek()
		if isPunct(t, ",") {
			args = append(args, nil)
			p.next()
			continue
		}
		if isPunct(t, closing) {
			args = append(args, nil)
			p.next()
			return args, nil
		}
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
		t = p.next()
		if isPunct(t, closing) {
			return args, nil
		}
		if !isPunct(t, ",") {
			return nil, p.errorf(t.Pos, "expected \",\" or %q, found %s", closing, describe(t))
		}
	}
}

func isTo(t *lexer.Token) bool { return isSoft(t, "A", "_A_", "TO", "_TO_") }
func isOn(t *lexer.Token) bool { return isSoft(t, "SUR", "ON") }

// substring parses the inside of [[ ]] (or of a single-bracket substring).
func (p *exprParser) substring(x Expr, pos lexer.Position) (*Substring, error) {
	s := &Substring{Pos: pos, X: x}
	if isTo(p.peek()) {
		p.next()
		to, err := p.expr()
		if err != nil {
			return nil, err
		}
		s.Kind, s.To = SubTo, to
		return s, nil
	}
	from, err := p.expr()
	if err != nil {
		return nil, err
	}
	s.From = from
	switch t := p.peek(); {
	case isTo(t):
		p.next()
		if isPunct(p.peek(), "]") {
			s.Kind = SubFrom
			return s, nil
		}
		to, err := p.expr()
		if err != nil {
			return nil, err
		}
		s.Kind, s.To = SubRange, to
	case isOn(t):
		p.next()
		n, err := p.expr()
		if err != nil {
			return nil, err
		}
		s.Kind, s.Length = SubLength, n
	default:
		s.Kind = SubChar
	}
	return s, nil
}

// index parses x[...] after the "[": an index list, or a single-bracket substring.
func (p *exprParser) index(x Expr, pos lexer.Position) (Expr, error) {
	if isTo(p.peek()) {
		s, err := p.substring(x, pos)
		if err != nil {
			return nil, err
		}
		_, err = p.expectPunct("]")
		return s, err
	}
	first, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); isTo(t) || isOn(t) {
		// Rewind into the substring parser with the first bound already read.
		s := &Substring{Pos: pos, X: x, From: first}
		p.next()
		if isOn(t) {
			n, err := p.expr()
			if err != nil {
				return nil, err
			}
			s.Kind, s.Length = SubLength, n
		} else if isPunct(p.peek(), "]") {
			s.Kind = SubFrom
		} else {
			to, err := p.expr()
			if err != nil {
				return nil, err
			}
			s.Kind, s.To = SubRange, to
		}
		_, err = p.expectPunct("]")
		return s, err
	}
	idx := []Expr{first}
	for isPunct(p.peek(), ",") {
		p.next()
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		idx = append(idx, e)
	}
	if _, err := p.expectPunct("]"); err != nil {
		return nil, err
	}
	return &Index{Pos: pos, X: x, Indexes: idx}, nil
}

func (p *exprParser) primary() (Expr, error) {
	t := p.peek()
	if e, ok, err := p.classPrimary(t); ok {
		return e, err
	}
	switch t.Type {
	case wlex.Number:
		p.next()
		if durationUnit(p.peek()) > 0 {
			return p.durationLit(t)
		}
		return &NumberLit{Pos: t.Pos, Text: t.Value}, nil
	case wlex.String:
		p.next()
		return p.stringLit(t)
	case wlex.Ident:
		p.next()
		return &Ident{Pos: t.Pos, Name: t.Value}, nil
	case wlex.Keyword:
		if isKw(t, "PROCEDURE", "FONCTION", "FUNCTION") {
			return p.procLit()
		}
	case wlex.Punct:
		switch t.Value {
		case "(":
			p.next()
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if isPunct(p.peek(), ",") {
				elems := []Expr{e}
				for isPunct(p.peek(), ",") {
					p.next()
					e, err := p.expr()
					if err != nil {
						return nil, err
					}
					elems = append(elems, e)
				}
				if _, err := p.expectPunct(")"); err != nil {
					return nil, err
				}
				return &Tuple{Pos: t.Pos, Elems: elems}, nil
			}
			if _, err := p.expectPunct(")"); err != nil {
				return nil, err
			}
			return e, nil
		case "[":
			p.next()
			var elems []Expr
			if !isPunct(p.peek(), "]") {
				for {
					e, err := p.expr()
					if err != nil {
						return nil, err
					}
					elems = append(elems, e)
					if !isPunct(p.peek(), ",") {
						break
					}
					p.next()
				}
			}
			if _, err := p.expectPunct("]"); err != nil {
				return nil, err
			}
			return &ListLit{Pos: t.Pos, Elems: elems}, nil
		case "{":
			p.next()
			args, err := p.args("}")
			if err != nil {
				return nil, err
			}
			return &Indirection{Pos: t.Pos, Args: args}, nil
		}
	}
	return nil, p.errorf(t.Pos, "expected an expression, found %s", describe(t))
}

// stringLit builds a StringLit, splitting out [%expr%] parts.
func (p *exprParser) stringLit(t *lexer.Token) (Expr, error) {
	v := t.Value
	if !strings.Contains(v, "[%") {
		return &StringLit{Pos: t.Pos, Value: v}, nil
	}
	lit := &StringLit{Pos: t.Pos, Value: v}
	rest := v
	for {
		i := strings.Index(rest, "[%")
		if i < 0 {
			break
		}
		j := strings.Index(rest[i+2:], "%]")
		if j < 0 {
			break
		}
		if i > 0 {
			lit.Parts = append(lit.Parts, &StringLit{Pos: t.Pos, Value: rest[:i]})
		}
		src := rest[i+2 : i+2+j]
		e, err := p.g.parseEmbedded(p.st, t.Pos, src)
		if err != nil {
			return nil, err
		}
		lit.Parts = append(lit.Parts, e)
		rest = rest[i+2+j+2:]
	}
	if rest != "" {
		lit.Parts = append(lit.Parts, &StringLit{Pos: t.Pos, Value: rest})
	}
	return lit, nil
}

// procLit parses procedure(params) [: type] { body }.
func (p *exprParser) procLit() (Expr, error) {
	t := p.next()
	lit := &ProcLit{Pos: t.Pos}
	if _, err := p.expectPunct("("); err != nil {
		return nil, err
	}
	if !isPunct(p.peek(), ")") {
		for {
			prm, err := p.g.param.ParseFromLexer(p.lex, participle.AllowTrailing(true))
			if err != nil {
				return nil, err
			}
			lit.Params = append(lit.Params, prm)
			if !isPunct(p.peek(), ",") {
				break
			}
			p.next()
		}
	}
	if _, err := p.expectPunct(")"); err != nil {
		return nil, err
	}
	if isPunct(p.peek(), ":") {
		p.next()
		ts, err := p.typeRef()
		if err != nil {
			return nil, err
		}
		lit.Result = ts
	}
	for p.peek().Type == wlex.Sep && p.peek().Value == "\n" {
		p.next()
	}
	if _, err := p.expectPunct("{"); err != nil {
		return nil, err
	}
	body, err := p.g.block.ParseFromLexer(p.lex, participle.AllowTrailing(true))
	if err != nil {
		return nil, err
	}
	lit.Body = body
	if _, err := p.expectPunct("}"); err != nil {
		return nil, err
	}
	return lit, nil
}

// durationUnit is the length in milliseconds of the unit a token names (ms, s, min, h,
// j/d), or 0. A number followed by a name is no other construct, so "10 s" is unambiguous.
func durationUnit(t *lexer.Token) float64 {
	if t.Type != wlex.Ident {
		return 0
	}
	switch strings.ToUpper(t.Value) {
	case "MS":
		return 1
	case "S":
		return 1000
	case "MIN":
		return 60 * 1000
	case "H":
		return 3600 * 1000
	case "J", "D":
		return 24 * 3600 * 1000
	}
	return 0
}

// durationLit reads a readable duration whose first number is first: pairs of a number
// and a unit, "1 h 30 min".
func (p *exprParser) durationLit(first *lexer.Token) (Expr, error) {
	d := &DurationLit{Pos: first.Pos}
	n := first
	var text []string
	for {
		v, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			return nil, participle.Errorf(n.Pos, "invalid number %q in a duration", n.Value)
		}
		u := p.next()
		d.Millis += v * durationUnit(u)
		text = append(text, n.Value+" "+strings.ToLower(u.Value))
		if p.peek().Type != wlex.Number || durationUnit(p.peekN(1)) == 0 {
			break
		}
		n = p.next()
	}
	d.Text = strings.Join(text, " ")
	return d, nil
}
