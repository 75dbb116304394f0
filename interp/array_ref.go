package interp

import "github.com/wl-lang/wl/parser"

// arrayRefSetter compiles `t = x` and `t est un tableau de T = x` where t is a variable of
// type array: PC SOFT's assignment page (doc.windev.com/?1515003, "Simple assignment: =",
// and the copy rules of doc.windev.com/?6010018) says that with arrays "the destination
// array is a reference to the source array", so t then designates x's array: a change made
// through one name is seen through the other. Copying the content is `t <= x` (assignment
// by copy) or TableauCopie. Associative arrays are not concerned: the same table says their
// content is copied.
//
// Choices where the page is silent: the reference is taken when x is an array of the same
// element type; an array of another element type (or a list [a, b]) is converted into a new
// array as before. Members of structures and classes (s.t = x) keep receiving a copy, as do
// the elements of arrays of arrays. nil when target is not such a variable. Element types
// are compared by sameElemType: a library's object type (Email…) gets a Type of its own at
// each declaration and from each builtin, and is the same type all the same.
func (c *compiler) arrayRefSetter(target parser.Expr) setFn {
	id, ok := target.(*parser.Ident)
	if !ok {
		return nil
	}
	if c.inMethod() && !c.isLocal(id.Name) {
		return nil
	}
	v, depth := c.lookupVar(id.Name)
	if v == nil || v.isConst || v.typ == nil || v.typ.Kind != KArray {
		return nil
	}
	if v.param != nil && depth == 0 {
		v.param.writes = true
	}
	copySet := c.storeVar(v, depth, id.Pos)
	elem, slot, global := v.typ.Elem, v.slot, v.global
	return func(fr *frame, x Value) {
		if x.k != KArray || !sameElemType(x.Array().elem, elem) {
			copySet(fr, x)
			return
		}
		switch {
		case global:
			fr.th.globals[slot] = x
		default:
			upFrame(fr, depth).slots[slot] = x
		}
	}
}

// sameElemType reports whether arrays of elements a and b have the same element type: the
// same Type, or both the plain object type of one library or class type (an Email array
// that EmailRécupèreTout made and one declared `tableau d'Emails`).
func sameElemType(a, b *Type) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Kind != KObject || b.Kind != KObject || a.Obj == nil {
		return false
	}
	return a.Obj == b.Obj && a.Elem == nil && b.Elem == nil && a.Dims == nil && b.Dims == nil &&
		a.Tuple == nil && b.Tuple == nil
}
