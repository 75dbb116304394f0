package interp

import (
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/wl-lang/wl/parser"
)

// operand is a compiled operand of a comparison or of + and -, with what is known of it at
// compile time: the operators read a variable of the current activation or a constant
// integer themselves, without calling fn, the code common to all operands.
type operand struct {
	fn evalFn
	// slot is the slot of the current activation the operand reads (fr.slots[slot]), or -1.
	slot int
	// global is the global variable the operand reads (th.globals[global]), or -1.
	global int
	// isInt is set when the operand is the constant integer ival.
	isInt bool
	ival  int64
}

// compileOperand compiles an expression as compileExpr does, noting what it is.
func (c *compiler) compileOperand(e parser.Expr) operand {
	c.enterNode()
	defer c.leaveNode()
	op := operand{slot: -1, global: -1}
	switch x := e.(type) {
	case *parser.Ident:
		return c.identOperand(x)
	case *parser.NumberLit:
		if v, ok := parseNumber(x.Text); ok && v.k == KInt {
			op.isInt, op.ival = true, v.n
		}
	case *parser.Unary:
		if n, ok := x.X.(*parser.NumberLit); ok && x.Op == "-" {
			if v, ok := parseNumber(n.Text); ok && v.k == KInt {
				op.isInt, op.ival = true, -v.n
			}
		}
	}
	op.fn = c.compileExprNode(e)
	return op
}

// exprOperand is an operand of which nothing is known.
func exprOperand(fn evalFn) operand { return operand{fn: fn, slot: -1, global: -1} }

// cmpCode is a comparison operator.
type cmpCode uint8

const (
	cmpEq cmpCode = iota
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

var cmpCodes = map[string]cmpCode{"=": cmpEq, "<>": cmpNe, "<": cmpLt, "<=": cmpLe, ">": cmpGt, ">=": cmpGe}

// intCmp compares two integers.
func intCmp(code cmpCode, a, b int64) bool {
	switch code {
	case cmpEq:
		return a == b
	case cmpNe:
		return a != b
	case cmpLt:
		return a < b
	case cmpLe:
		return a <= b
	case cmpGt:
		return a > b
	}
	return a >= b
}

// compileComparison compiles a comparison; two integers are compared here, anything else
// by cmpOp.
func (c *compiler) compileComparison(pos lexer.Position, op string, x, y operand) func(*frame) bool {
	code := cmpCodes[op]
	switch {
	case y.isInt && x.slot >= 0:
		s, k, kv := x.slot, y.ival, Int(y.ival)
		return func(fr *frame) bool {
			a := &fr.slots[s]
			if a.k == KInt {
				return intCmp(code, a.n, k)
			}
			return cmpOp(fr, pos, op, *a, kv)
		}
	case y.isInt:
		xf, k, kv := x.fn, y.ival, Int(y.ival)
		return func(fr *frame) bool {
			a := xf(fr)
			if a.k == KInt {
				return intCmp(code, a.n, k)
			}
			return cmpOp(fr, pos, op, a, kv)
		}
	case x.slot >= 0 && y.slot >= 0:
		s, t := x.slot, y.slot
		return func(fr *frame) bool {
			a, b := &fr.slots[s], &fr.slots[t]
			if a.k == KInt && b.k == KInt {
				return intCmp(code, a.n, b.n)
			}
			return cmpOp(fr, pos, op, *a, *b)
		}
	}
	xf, yf := x.fn, y.fn
	return func(fr *frame) bool {
		a, b := xf(fr), yf(fr)
		if a.k == KInt && b.k == KInt {
			return intCmp(code, a.n, b.n)
		}
		return cmpOp(fr, pos, op, a, b)
	}
}

// compileAdd compiles x + y without separators: two integers are added here unless the sum
// overflows, anything else by Thread.add.
func (c *compiler) compileAdd(pos lexer.Position, x, y operand) evalFn {
	switch {
	case y.isInt && x.slot >= 0:
		s, k, kv := x.slot, y.ival, Int(y.ival)
		return func(fr *frame) Value {
			a := &fr.slots[s]
			if a.k == KInt {
				if r := a.n + k; (r > a.n) == (k > 0) {
					return Int(r)
				}
			}
			return addValues(fr, pos, *a, kv)
		}
	case y.isInt:
		xf, k, kv := x.fn, y.ival, Int(y.ival)
		return func(fr *frame) Value {
			a := xf(fr)
			if a.k == KInt {
				if r := a.n + k; (r > a.n) == (k > 0) {
					return Int(r)
				}
			}
			return addValues(fr, pos, a, kv)
		}
	case x.slot >= 0 && y.slot >= 0:
		s, t := x.slot, y.slot
		return func(fr *frame) Value {
			a, b := &fr.slots[s], &fr.slots[t]
			if a.k == KInt && b.k == KInt {
				if r := a.n + b.n; (r > a.n) == (b.n > 0) {
					return Int(r)
				}
			}
			return addValues(fr, pos, *a, *b)
		}
	}
	xf, yf := x.fn, y.fn
	return func(fr *frame) Value {
		a, b := xf(fr), yf(fr)
		if a.k == KInt && b.k == KInt {
			if r := a.n + b.n; (r > a.n) == (b.n > 0) {
				return Int(r)
			}
		}
		return addValues(fr, pos, a, b)
	}
}

// addValues is the general path of +.
func addValues(fr *frame, pos lexer.Position, a, b Value) Value {
	v, ok := fr.th.add(fr, pos, a, b)
	if !ok {
		fr.th.fatalf(fr, pos, "cannot add %s and %s", a.k, b.k)
	}
	return v
}

// compileSub compiles x - y: two integers are subtracted here unless the difference
// overflows, anything else by opSub.
func (c *compiler) compileSub(pos lexer.Position, x, y operand) evalFn {
	switch {
	case y.isInt && x.slot >= 0:
		s, k, kv := x.slot, y.ival, Int(y.ival)
		return func(fr *frame) Value {
			a := &fr.slots[s]
			if a.k == KInt {
				if d := a.n - k; (d < a.n) == (k > 0) {
					return Int(d)
				}
			}
			return subValues(fr, pos, *a, kv)
		}
	case y.isInt:
		xf, k, kv := x.fn, y.ival, Int(y.ival)
		return func(fr *frame) Value {
			a := xf(fr)
			if a.k == KInt {
				if d := a.n - k; (d < a.n) == (k > 0) {
					return Int(d)
				}
			}
			return subValues(fr, pos, a, kv)
		}
	case x.slot >= 0 && y.slot >= 0:
		s, t := x.slot, y.slot
		return func(fr *frame) Value {
			a, b := &fr.slots[s], &fr.slots[t]
			if a.k == KInt && b.k == KInt {
				if d := a.n - b.n; (d < a.n) == (b.n > 0) {
					return Int(d)
				}
			}
			return subValues(fr, pos, *a, *b)
		}
	}
	xf, yf := x.fn, y.fn
	return func(fr *frame) Value {
		a, b := xf(fr), yf(fr)
		if a.k == KInt && b.k == KInt {
			if d := a.n - b.n; (d < a.n) == (b.n > 0) {
				return Int(d)
			}
		}
		return subValues(fr, pos, a, b)
	}
}

// subValues is the general path of -.
func subValues(fr *frame, pos lexer.Position, a, b Value) Value {
	v, ok := opSub(a, b)
	if !ok {
		fr.th.fatalf(fr, pos, "cannot subtract %s from %s", b.k, a.k)
	}
	return v
}
