package interp

import (
	"github.com/wl-lang/wl/parser"
)

// compileSelectExpr compiles SELON(v, a, b, ..., SINON z) / SWITCH(...): the v-th value
// (1-based, only that one is evaluated), the SINON value when v is out of range. Without
// SINON an out-of-range v is a fatal error (choice made where the documentation is silent).
func (c *compiler) compileSelectExpr(e *parser.SelectExpr) evalFn {
	idx := c.compileExpr(e.Index)
	vals := c.compileExprs(e.Values)
	var other evalFn
	if e.Else != nil {
		other = c.compileExpr(e.Else)
	}
	pos := e.Pos
	return func(fr *frame) Value {
		i := idx(fr).AsInt()
		if i >= 1 && i <= int64(len(vals)) {
			return vals[i-1](fr)
		}
		if other == nil {
			fr.th.fatalf(fr, pos, "SELON(): value %d out of range 1 to %d and no SINON value", i, len(vals))
		}
		return other(fr)
	}
}

// tupleType resolves the result types of `PROCÉDURE P() : (entier, chaîne)`: each result is
// converted to its type.
func (c *compiler) tupleType(ref *parser.TypeRef) *Type {
	t := &Type{Name: "multiple values", Kind: KTuple}
	for _, e := range ref.Tuple {
		t.Tuple = append(t.Tuple, c.resolveTypeRef(e))
	}
	return t
}

// convertTuple converts each of several results to its declared type.
func (t *Type) convertTuple(v Value) Value {
	vs := v.Tuple()
	if v.k != KTuple {
		vs = []Value{v}
	}
	out := make([]Value, len(t.Tuple))
	for i, et := range t.Tuple {
		if i < len(vs) {
			out[i] = et.convert(vs[i])
		} else {
			out[i] = et.Zero()
		}
	}
	return TupleValue(out)
}

// copyStmt compiles the two assignments written like comparisons at the start of a
// statement: `a <= b`, the homonymic copy (the members of b copied to the members of a that
// have the same name), and `a <- b`, the assignment by reference (a designates b's array or
// object instead of receiving a copy).
func (c *compiler) copyStmt(a *parser.ExprAction) execFn {
	b, ok := a.X.(*parser.Binary)
	if !ok {
		return nil
	}
	switch b.Op {
	case "<=":
		if !isAssignable(b.X) {
			return nil
		}
		dst, src := c.compileExpr(b.X), c.compileExpr(b.Y)
		var set setFn
		if _, isIdent := b.X.(*parser.Ident); isIdent {
			set = c.compileSetter(b.X)
		}
		return func(fr *frame) ctl {
			d, s := dst(fr), src(fr)
			if !homonymicCopy(fr.th, d, s) && set != nil {
				set(fr, s)
			}
			return ctlNext
		}
	case "<":
		u, ok := b.Y.(*parser.Unary)
		if !ok || u.Op != "-" || u.Pos.Offset != b.Pos.Offset+1 {
			return nil
		}
		id, ok := b.X.(*parser.Ident)
		if !ok {
			c.errorf(b.Pos, "<- assigns a variable by reference: the left side must be a variable")
			return nil
		}
		v, depth := c.lookupVar(id.Name)
		if v == nil || v.isConst {
			return nil
		}
		src := c.compileExpr(u.X)
		slot, global := v.slot, v.global
		return func(fr *frame) ctl {
			x := src(fr)
			switch {
			case global:
				fr.th.globals[slot] = x
			default:
				upFrame(fr, depth).slots[slot] = x
			}
			return ctlNext
		}
	}
	return nil
}

// homonymicCopy copies the members of src to the members of dst with the same name, nested
// structures member by member; false when dst is not a structure or class instance.
func homonymicCopy(th *Thread, dst, src Value) bool {
	d, ok := dst.r.(*instance)
	if !ok || dst.k != KObject {
		return false
	}
	s, ok := src.r.(*instance)
	if !ok || src.k != KObject {
		return true
	}
	for i, f := range d.cls.fields {
		j, ok := s.cls.fieldIdx[f.key]
		if !ok {
			continue
		}
		if homonymicCopy(th, d.fields[i], s.fields[j]) {
			continue
		}
		d.fields[i] = f.typ.convert(s.fields[j])
	}
	return true
}
