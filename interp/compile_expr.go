package interp

import (
	"math"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// freeze makes a compile-time value safe to share between runs.
func freeze(v Value) Value {
	if (v.k == KString || v.k == KBuffer) && v.n > 0 {
		s := v.str()
		return Value{k: v.k, n: v.n, r: stringBuf(strings.Clone(s))}
	}
	return v
}

func constFn(v Value) evalFn {
	v = freeze(v)
	return func(*frame) Value { return v }
}

// compileExpr compiles an expression.
func (c *compiler) compileExpr(e parser.Expr) evalFn {
	c.enterNode()
	defer c.leaveNode()
	return c.compileExprNode(e)
}

func (c *compiler) compileExprNode(e parser.Expr) evalFn {
	switch e := e.(type) {
	case nil:
		return constFn(Null)
	case *parser.NumberLit:
		v, ok := parseNumber(e.Text)
		if !ok {
			c.errorf(e.Pos, "invalid number %q", e.Text)
		}
		return constFn(v)
	case *parser.DurationLit:
		return constFn(Value{k: KDuration, n: int64(math.Round(e.Millis))})
	case *parser.StringLit:
		return c.compileString(e)
	case *parser.Ident:
		return c.compileIdent(e)
	case *parser.Unary:
		return c.compileUnary(e)
	case *parser.Binary:
		return c.compileBinary(e)
	case *parser.Between:
		cond := c.compileCond(e)
		return func(fr *frame) Value { return Bool(cond(fr)) }
	case *parser.In:
		cond := c.compileCond(e)
		return func(fr *frame) Value { return Bool(cond(fr)) }
	case *parser.Cond:
		test, a, b := c.compileCond(e.Test), c.compileExpr(e.Then), c.compileExpr(e.Else)
		return func(fr *frame) Value {
			if test(fr) {
				return a(fr)
			}
			return b(fr)
		}
	case *parser.Call:
		return c.compileCall(e)
	case *parser.Index:
		return c.compileIndex(e)
	case *parser.Substring:
		return c.compileSubstring(e)
	case *parser.Member:
		return c.compileMember(e)
	case *parser.ListLit:
		elems := c.compileExprs(e.Elems)
		pos, size := e.Pos, arrayHeader+int64(len(e.Elems))*valueBytes
		return func(fr *frame) Value {
			fr.th.alloc(fr, pos, size)
			a := NewArray(Variant)
			for _, el := range elems {
				a.Append(el(fr))
			}
			return ArrayValue(a)
		}
	case *parser.Tuple:
		elems := c.compileExprs(e.Elems)
		return func(fr *frame) Value {
			vs := make([]Value, len(elems))
			for i, el := range elems {
				vs[i] = el(fr)
			}
			return TupleValue(vs)
		}
	case *parser.Indirection:
		return c.compileIndirection(e)
	case *parser.ProcLit:
		return c.compileProcLit(e)
	}
	if f := c.classExpr(e); f != nil {
		return f
	}
	c.errorf(e.Position(), "unsupported expression")
	return constFn(Null)
}

func (c *compiler) compileExprs(es []parser.Expr) []evalFn {
	out := make([]evalFn, len(es))
	for i, e := range es {
		out[i] = c.compileExpr(e)
	}
	return out
}

func (c *compiler) compileString(e *parser.StringLit) evalFn {
	if len(e.Parts) == 0 {
		return constFn(Str(e.Value))
	}
	parts := c.compileExprs(e.Parts)
	pos := e.Pos
	return func(fr *frame) Value {
		th := fr.th
		var b strings.Builder
		for _, p := range parts {
			s := th.str(fr, pos, p(fr))
			th.alloc(fr, pos, int64(len(s)))
			b.WriteString(s)
		}
		return Str(b.String())
	}
}

// loadVar compiles a read of variable v found depth procedure levels up.
func loadVar(v *varInfo, depth int) evalFn {
	slot := v.slot
	switch {
	case v.isConst:
		return constFn(v.constV)
	case v.global:
		return func(fr *frame) Value { return fr.th.globals[slot] }
	case depth == 0:
		return func(fr *frame) Value { return fr.slots[slot] }
	default:
		return func(fr *frame) Value {
			f := fr
			for i := 0; i < depth; i++ {
				f = f.up
			}
			return f.slots[slot]
		}
	}
}

func (c *compiler) compileIdent(e *parser.Ident) evalFn {
	return c.identOperand(e).fn
}

// identOperand compiles a name, noting when it reads a slot of the current activation or is
// a constant integer.
func (c *compiler) identOperand(e *parser.Ident) operand {
	if f := c.classIdent(e); f != nil {
		return exprOperand(f)
	}
	if v, depth := c.lookupVar(e.Name); v != nil {
		op := exprOperand(loadVar(v, depth))
		switch {
		case v.isConst:
			op.isInt, op.ival = v.constV.k == KInt, v.constV.n
		case v.global:
			op.global = v.slot
		case depth == 0:
			op.slot = v.slot
		}
		return op
	}
	return exprOperand(c.nameFn(e))
}

// nameFn compiles a name that is not a variable.
func (c *compiler) nameFn(e *parser.Ident) evalFn {
	if p, up := c.lookupProc(e.Name); p != nil {
		if p.required > 0 {
			// A procedure that needs parameters, named without parentheses, is passed as a
			// value (a callback: TableauTrie(t, ttFonction, Compare)); one without
			// parameters is called, as WLanguage allows.
			if c.sc != nil && up >= 0 {
				c.sc.proc.heapFrame = true
			}
			return func(fr *frame) Value { return Value{k: KProc, r: &closure{proc: p, up: upFrame(fr, up)}} }
		}
		return c.userCall(e.Pos, p, up, nil)
	}
	key := wlex.Fold(e.Name)
	if lv, ok := c.lib.varOf(key); ok {
		return func(fr *frame) Value { return lv.Get(fr.th) }
	}
	if v, ok := c.lib.constOf(key); ok {
		return constFn(v)
	}
	if b, ok := c.lib.funcOf(key); ok {
		return c.builtinCall(e.Pos, b, nil, nil)
	}
	return c.unknownName(e.Pos, e.Name)
}

// unknownName compiles a name nothing defines: a warning now, a fatal error if reached.
// The current object's names (objet, object, this, and the one `:Membre` stands for) get a
// message saying where they exist.
func (c *compiler) unknownName(pos lexer.Position, name string) evalFn {
	msg := "unknown identifier " + name
	if isSelfName(name) {
		msg = name + " is the current object, which exists only inside a method of a class (`:Membre` names one of its members)"
	}
	c.warnf(pos, "%s", msg)
	return func(fr *frame) Value {
		fr.th.fatalf(fr, pos, "%s", msg)
		return Null
	}
}

func (c *compiler) compileUnary(e *parser.Unary) evalFn {
	switch e.Op {
	case "NOT":
		cond := c.compileCond(e.X)
		return func(fr *frame) Value { return Bool(!cond(fr)) }
	case "+":
		x := c.compileExpr(e.X)
		return func(fr *frame) Value { return x(fr).ToNumber() }
	}
	x := c.compileExpr(e.X)
	pos := e.Pos
	if n, ok := e.X.(*parser.NumberLit); ok {
		v, _ := parseNumber(n.Text)
		if v.k == KInt {
			return constFn(Int(-v.n))
		}
		return constFn(Real(-v.float()))
	}
	return func(fr *frame) Value {
		v := x(fr)
		switch v.k {
		case KInt:
			return Int(-v.n)
		case KReal:
			return Real(-v.float())
		case KDuration:
			return Value{k: KDuration, n: -v.n}
		}
		n, ok := numeric(v)
		if !ok {
			fr.th.fatalf(fr, pos, "cannot negate a value of type %s", v.k)
		}
		if n.k == KInt {
			return Int(-n.n)
		}
		return Real(-n.float())
	}
}

func (c *compiler) compileBinary(e *parser.Binary) evalFn {
	switch e.Op {
	case "+":
		if chain := flattenPlus(e); hasSeparator(chain) {
			return c.compileSepChain(chain, e.Pos)
		}
		return c.compileAdd(e.Pos, c.compileOperand(e.X), c.compileOperand(e.Y))
	case "-":
		return c.compileSub(e.Pos, c.compileOperand(e.X), c.compileOperand(e.Y))
	case "*", "/", "%":
		x, y := c.compileExpr(e.X), c.compileExpr(e.Y)
		pos, op := e.Pos, e.Op[0]
		return func(fr *frame) Value {
			a, b := x(fr), y(fr)
			v, ok := arith(op, a, b)
			if !ok {
				fr.th.arithError(fr, pos, op, a, b)
			}
			return v
		}
	}
	cond := c.compileCond(e)
	return func(fr *frame) Value { return Bool(cond(fr)) }
}

func (th *Thread) arithError(fr *frame, pos lexer.Position, op byte, a, b Value) {
	if op == '/' || op == '%' {
		if n, ok := numeric(b); ok && n.AsFloat() == 0 {
			th.fatalf(fr, pos, "division by zero")
		}
	}
	th.fatalf(fr, pos, "operator %c cannot be applied to %s and %s", op, a.k, b.k)
}

// flattenPlus lists the operands of a chain of "+".
func flattenPlus(e parser.Expr) []parser.Expr {
	if b, ok := e.(*parser.Binary); ok && b.Op == "+" {
		return append(flattenPlus(b.X), b.Y)
	}
	return []parser.Expr{e}
}

func isSeparator(e parser.Expr) bool {
	l, ok := e.(*parser.ListLit)
	return ok && len(l.Elems) == 1
}

func hasSeparator(chain []parser.Expr) bool {
	for _, e := range chain {
		if isSeparator(e) {
			return true
		}
	}
	return false
}

// compileSepChain compiles `a + [sep] + b + ...`.
func (c *compiler) compileSepChain(chain []parser.Expr, pos lexer.Position) evalFn {
	parts := c.sepParts(chain)
	return func(fr *frame) Value { return sepConcat(fr, pos, Null, false, parts) }
}

// sepPart is an operand of a "+" chain; sep marks an optional separator [x].
type sepPart struct {
	fn  evalFn
	sep bool
}

func (c *compiler) sepParts(chain []parser.Expr) []sepPart {
	parts := make([]sepPart, len(chain))
	for i, e := range chain {
		if isSeparator(e) {
			parts[i] = sepPart{fn: c.compileExpr(e.(*parser.ListLit).Elems[0]), sep: true}
		} else {
			parts[i] = sepPart{fn: c.compileExpr(e)}
		}
	}
	return parts
}

// sepConcat evaluates a "+" chain holding optional separators, starting from acc when
// hasAcc is set (for `s += [sep] + x`).
func sepConcat(fr *frame, pos lexer.Position, acc Value, hasAcc bool, parts []sepPart) Value {
	th := fr.th
	pending := ""
	havePending := false
	for _, p := range parts {
		v := p.fn(fr)
		if p.sep {
			pending, havePending = th.str(fr, pos, v), true
			continue
		}
		if !hasAcc {
			acc, hasAcc = v, true
			if havePending {
				// A separator before anything: nothing to separate from.
				havePending = false
			}
			continue
		}
		if havePending {
			left := th.str(fr, pos, acc)
			right := th.str(fr, pos, v)
			if left != "" && pending != "" && !strings.HasSuffix(left, pending) && !strings.HasPrefix(right, pending) {
				acc = th.appendString(fr, pos, acc, pending)
			}
			acc = th.appendString(fr, pos, acc, right)
			havePending = false
			continue
		}
		var ok bool
		acc, ok = th.add(fr, pos, acc, v)
		if !ok {
			th.fatalf(fr, pos, "cannot add %s and %s", acc.k, v.k)
		}
	}
	if havePending {
		left := th.str(fr, pos, acc)
		if left != "" && !strings.HasSuffix(left, pending) {
			acc = th.appendString(fr, pos, acc, pending)
		}
	}
	return acc
}

// compileCond compiles an expression used as a condition.
func (c *compiler) compileCond(e parser.Expr) func(*frame) bool {
	switch e := e.(type) {
	case *parser.Unary:
		if e.Op == "NOT" {
			x := c.compileCond(e.X)
			return func(fr *frame) bool { return !x(fr) }
		}
	case *parser.Binary:
		switch e.Op {
		case "AND":
			x, y := c.compileCond(e.X), c.compileCond(e.Y)
			return func(fr *frame) bool {
				a := x(fr)
				b := y(fr)
				return a && b
			}
		case "OR":
			x, y := c.compileCond(e.X), c.compileCond(e.Y)
			return func(fr *frame) bool {
				a := x(fr)
				b := y(fr)
				return a || b
			}
		case "_AND_":
			x, y := c.compileCond(e.X), c.compileCond(e.Y)
			return func(fr *frame) bool { return x(fr) && y(fr) }
		case "_OR_":
			x, y := c.compileCond(e.X), c.compileCond(e.Y)
			return func(fr *frame) bool { return x(fr) || y(fr) }
		case "=", "<>", "<", "<=", ">", ">=":
			return c.compileComparison(e.Pos, e.Op, c.compileOperand(e.X), c.compileOperand(e.Y))
		case "~=", "~~", "[=", "[=]", "=]", "[~", "~]", "[~]":
			x, y, op := c.compileExpr(e.X), c.compileExpr(e.Y), e.Op
			return func(fr *frame) bool { return stringOp(op, x(fr), y(fr)) }
		}
	case *parser.Between:
		low, x, high := c.compileExpr(e.Low), c.compileExpr(e.X), c.compileExpr(e.High)
		lo, hi := e.LowOp, e.HighOp
		pos := e.Pos
		return func(fr *frame) bool {
			v := x(fr)
			return cmpOp(fr, pos, lo, low(fr), v) && cmpOp(fr, pos, hi, v, high(fr))
		}
	case *parser.In:
		x := c.compileExpr(e.X)
		list := c.compileExprs(e.List)
		not := e.Not
		return func(fr *frame) bool {
			v := x(fr)
			found := false
			for _, l := range list {
				item := l(fr)
				if item.k == KArray && len(list) == 1 {
					for _, it := range item.Array().items {
						if equalValues(v, it) {
							found = true
							break
						}
					}
					continue
				}
				if equalValues(v, item) {
					found = true
					break
				}
			}
			return found != not
		}
	}
	x := c.compileExpr(e)
	return func(fr *frame) bool {
		v := x(fr)
		if v.k == KBool {
			return v.n != 0
		}
		return v.AsBool()
	}
}

func cmpOp(fr *frame, pos lexer.Position, op string, a, b Value) bool {
	if op == "=" {
		return equalValues(a, b)
	}
	if op == "<>" {
		return !equalValues(a, b)
	}
	c, ok := compare(a, b)
	if !ok {
		fr.th.fatalf(fr, pos, "cannot compare %s with %s", a.k, b.k)
	}
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}
