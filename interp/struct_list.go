package interp

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/alecthomas/participle/v2/lexer"
)

// A structure takes its members from a list of values, in the order of their declaration
// (PC SOFT's "affectation multiple des structures et classes": `p est un Point = [1, 2]`,
// `p = [0, 0, 50]`), each value converted to its member's type; a list inside the list
// fills a member that is itself a structure, or an array of structures element by
// element (`t est un tableau de Point = [[1, 2], [3, 4]]`). Members without a value keep
// their initial value. More values than members is an error.

// fromList converts the list v for storage in a variable of type t when t is a structure,
// an array of structures or an associative array; ok is false when the conversion does not apply (v is not a
// list, t is another type) and the ordinary conversion is to be used.
func fromList(t *Type, v Value) (out Value, ok bool, err error) {
	return fromListAt(t, v, 0)
}

// maxListDepth bounds the nesting of lists that fill structures: a list may contain itself
// (arrays are references), and a structure may hold an array of its own type.
const maxListDepth = 100

// errListTooDeep is the error of a list nested beyond maxListDepth, reported once (not
// prefixed by each level's element and member).
var errListTooDeep = errors.New("lists nested more than " + strconv.Itoa(maxListDepth) + " deep (does the list contain itself?)")

// inList prefixes err with where it happened in the list, except errListTooDeep.
func inList(err error, format string, args ...any) error {
	if err == errListTooDeep {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// fromListAt is fromList for a list nested depth levels deep in the list being converted.
func fromListAt(t *Type, v Value, depth int) (out Value, ok bool, err error) {
	if t == nil || v.k != KArray {
		return Null, false, nil
	}
	if depth > maxListDepth {
		return Null, true, errListTooDeep
	}
	switch t.Kind {
	case KObject:
		if t.Obj == nil || t.Obj.fromList == nil {
			return Null, false, nil
		}
		o, err := t.Obj.fromList(v.Array(), depth)
		if err != nil {
			return Null, true, err
		}
		return ObjectValue(o), true, nil
	case KAssoc:
		return assocFromList(t, v.Array(), depth)
	case KArray:
		src := v.Array()
		if !listFillsStructs(t.Elem, src) {
			return Null, false, nil
		}
		a := NewArray(t.Elem)
		for i, it := range src.items {
			cv, ok, err := fromListAt(t.Elem, it, depth+1)
			if err != nil {
				return Null, true, inList(err, "element %d", i+1)
			}
			if !ok {
				cv = t.Elem.convert(it)
			}
			a.items = append(a.items, cv)
		}
		return ArrayValue(a), true, nil
	}
	return Null, false, nil
}

// listFillsStructs tells whether src is a one-dimension list some of whose elements are
// lists, to store in an array of structures.
func listFillsStructs(elem *Type, src *Array) bool {
	if elem == nil || elem.Kind != KObject || elem.Obj == nil || elem.Obj.fromList == nil || src.dims != nil {
		return false
	}
	for _, it := range src.items {
		if it.k == KArray {
			return true
		}
	}
	return false
}

// assocFromList fills an associative array of type t from a list of [key, value] pairs
// (PC SOFT's multiple assignment of associative arrays, doc.windev.com/?1514031:
// `ta = [["a", 1], ["b", 2]]`), each value converted to the element type.
func assocFromList(t *Type, list *Array, depth int) (Value, bool, error) {
	a := NewAssoc(t.Elem)
	a.opts = t.Keys
	if list.dims != nil {
		return Null, true, fmt.Errorf("an associative array is filled from a list of [key, value] pairs, not from an array with %d dimensions", len(list.dims))
	}
	for i, it := range list.items {
		pair := it.Array()
		if it.k != KArray || len(pair.items) != 2 || pair.dims != nil {
			return Null, true, fmt.Errorf("element %d of the list is not a [key, value] pair", i+1)
		}
		cv, ok, err := fromListAt(t.Elem, pair.items[1], depth+1)
		if err != nil {
			return Null, true, inList(err, "element %d", i+1)
		}
		if !ok {
			cv = pair.items[1]
		}
		a.Set(pair.items[0].String(), cv)
	}
	return AssocValue(a), true, nil
}

// instanceFromList makes an instance of the structure or class c from the values of list.
// depth is the list's nesting in the list being converted.
func (c *classInfo) instanceFromList(list *Array, depth int) (Object, error) {
	o := c.alloc(nil)
	if err := c.fillFromList(o, list, depth); err != nil {
		return nil, err
	}
	return o, nil
}

// fillFromList gives the members of o the values of list, in the order of the members: for
// a class, the members of its ancestors first (the order of the instance, the one Sérialise
// writes), then its own in the order of their declaration; GLOBAL members are not instance
// members and take no value. PC SOFT's multiple-assignment page (doc.windev.com/?1514031)
// allows classes as it allows structures without saying more: the order and the absence
// of access checks (a PRIVÉ member takes its value like the others, as the members are
// copied one by one) are wl's choices. Members without a value keep the one they have.
func (c *classInfo) fillFromList(o *instance, list *Array, depth int) error {
	if list.dims != nil {
		return fmt.Errorf("a list of values with %d dimensions cannot fill %s %s", len(list.dims), c.kindName(), c.name)
	}
	if len(list.items) > len(c.fields) {
		return fmt.Errorf("%d values for %s %s, which has %d members", len(list.items), c.kindName(), c.name, len(c.fields))
	}
	for i, it := range list.items {
		f := c.fields[i]
		cv, ok, err := fromListAt(f.typ, it, depth+1)
		if err != nil {
			return inList(err, "member %s", f.name)
		}
		if !ok {
			cv = f.typ.convert(it)
		}
		o.fields[i] = cv
	}
	return nil
}

// takesList tells whether a list stored in a value of type t may fill it (a structure, an
// array or an associative array): stores into other types skip listInto.
func takesList(t *Type) bool {
	return t != nil && (t.Kind == KObject || t.Kind == KArray || t.Kind == KAssoc)
}

// listInto returns v converted for storage in type t when v is a list filling a structure,
// an array of structures or an associative array (a fatal error at pos when it cannot), else v unchanged.
func (th *Thread) listInto(fr *frame, pos lexer.Position, t *Type, v Value) Value {
	if v.k != KArray {
		return v // small enough to be inlined: every member store passes here
	}
	return th.listIntoSlow(fr, pos, t, v)
}

// listIntoSlow is listInto for a list.
func (th *Thread) listIntoSlow(fr *frame, pos lexer.Position, t *Type, v Value) Value {
	out, ok, err := fromList(t, v)
	if !ok {
		return v
	}
	if err != nil {
		th.fatalf(fr, pos, "%v", err)
	}
	return out
}

// ElementFrom returns v converted for storage as an element of a when v is a list filling a
// structure (an array of structures: Ajoute(t, [1, 2])), the error saying why it cannot;
// any other value is returned unchanged (Append converts it).
func (a *Array) ElementFrom(v Value) (Value, error) {
	out, ok, err := fromList(a.elem, v)
	if !ok {
		return v, nil
	}
	return out, err
}
