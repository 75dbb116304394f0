package interp

import (
	"strings"
)

// Array is a WLanguage array (tableau): 1-based, growable, with an element type that values
// are converted to when stored. Arrays with two dimensions keep their sizes in dims.
type Array struct {
	elem  *Type
	items []Value
	dims  []int
	mark  walkMark
}

// NewArray makes an empty array of elements of type elem (nil: variant).
func NewArray(elem *Type) *Array { return &Array{elem: elem} }

// NewArrays makes one empty array per element type given, in one allocation: for an object
// that holds several arrays from the start (an Email's recipients and attachments).
func NewArrays(elems ...*Type) []Array {
	as := make([]Array, len(elems))
	for i, e := range elems {
		as[i].elem = e
	}
	return as
}

// Len is the number of elements.
func (a *Array) Len() int { return len(a.items) }

// Items returns the elements (index 0 is element 1). The slice must not be kept.
func (a *Array) Items() []Value { return a.items }

// At returns element i (1-based); ok is false out of range.
func (a *Array) At(i int) (Value, bool) {
	if i < 1 || i > len(a.items) {
		return Null, false
	}
	return a.items[i-1], true
}

// Set stores v at i (1-based), converted to the element type; ok is false out of range.
func (a *Array) Set(i int, v Value) bool {
	if i < 1 || i > len(a.items) {
		return false
	}
	a.items[i-1] = a.elem.convert(v)
	return true
}

// Append adds v at the end, converted to the element type, and returns the new length.
func (a *Array) Append(v Value) int {
	a.items = append(a.items, a.elem.convert(v))
	return len(a.items)
}

// AppendOwned adds v at the end as it is, without the conversion (and so the copy of a
// structure or an object) that Append makes, and returns the new length. v must be of the
// element type already and referred to by nothing else: a value a library function has
// just made for the array it returns.
func (a *Array) AppendOwned(v Value) int {
	a.items = append(a.items, v)
	return len(a.items)
}

// Insert adds v before position i (1-based; Len()+1 appends).
func (a *Array) Insert(i int, v Value) bool {
	if i < 1 || i > len(a.items)+1 {
		return false
	}
	a.items = append(a.items, Null)
	copy(a.items[i:], a.items[i-1:])
	a.items[i-1] = a.elem.convert(v)
	return true
}

// Delete removes element i (1-based).
func (a *Array) Delete(i int) bool {
	if i < 1 || i > len(a.items) {
		return false
	}
	a.items = append(a.items[:i-1], a.items[i:]...)
	return true
}

// Clear removes every element.
func (a *Array) Clear() { a.items = a.items[:0]; a.dims = nil }

// Resize sets the number of elements, filling with the element type's default.
func (a *Array) Resize(n int) {
	if n < 0 {
		n = 0
	}
	for len(a.items) < n {
		a.items = append(a.items, a.elem.Zero())
	}
	a.items = a.items[:n]
}

// Dims returns the sizes of an array of two dimensions or more (elements are stored row by
// row), nil for an array of one dimension. The slice must not be modified.
func (a *Array) Dims() []int { return a.dims }

// ElemType is the type of the elements (nil for variant).
func (a *Array) ElemType() *Type { return a.elem }

// Copy returns a copy of the array (elements that are arrays are copied too).
func (a *Array) Copy() *Array {
	return copyValue(ArrayValue(a)).Array()
}

// maxJoinBytes bounds the string an array converts to where no run's memory limit applies
// (Value.String): a larger one is the run's memory-limit error.
const maxJoinBytes = 1 << 30

func (a *Array) join(sep string) string {
	if n := a.JoinSize(sep); n > maxJoinBytes {
		panic(&memPanic{limit: maxJoinBytes})
	}
	var b strings.Builder
	for i, v := range a.items {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(elemString(v))
	}
	return b.String()
}

// elemString is an element's part of its array's string: nothing for an array or an
// associative array inside it (an array may hold itself, or the same big array many times).
func elemString(v Value) string {
	if v.k == KArray || v.k == KAssoc {
		return ""
	}
	return v.String()
}

// JoinSize bounds the length of Join(sep), without building it (a number or a date counts
// as maxScalarString bytes).
func (a *Array) JoinSize(sep string) int64 {
	n := int64(len(sep)) * int64(max(len(a.items)-1, 0))
	for _, v := range a.items {
		switch v.k {
		case KString, KBuffer:
			n += v.n
		case KArray, KAssoc, KNull:
		case KObject, KTuple:
			n += int64(len(v.String()))
		default:
			n += maxScalarString
		}
	}
	return n
}

// maxScalarString bounds the length of the string of a number, a date or a duration.
const maxScalarString = 32

// Join returns the elements as strings separated by sep. Elements that are arrays or
// associative arrays give empty strings.
func (a *Array) Join(sep string) string { return a.join(sep) }

// Assoc is an associative array (tableau associatif): keys in insertion order. Keys are held
// as strings: with a key type other than string (the third declaration option), in the
// canonical text of that type, so that keys compare as values of that type.
type Assoc struct {
	elem  *Type
	opts  *AssocOptions
	index map[string]int   // by key as compared (see AssocOptions.key): first element
	dups  map[string][]int // with duplicates (AvecDoublon) only: every element, in order
	keys  []string
	vals  []Value
	mark  walkMark
}

// NewAssoc makes an empty associative array of elements of type elem (nil: variant).
func NewAssoc(elem *Type) *Assoc { return &Assoc{elem: elem, index: map[string]int{}} }

// ElemType is the type of the values (nil for variant).
func (a *Assoc) ElemType() *Type { return a.elem }

// Len is the number of elements (with duplicates, several elements may share a key).
func (a *Assoc) Len() int { return len(a.keys) }

// Get returns the value of key (with duplicates, its first element).
func (a *Assoc) Get(key string) (Value, bool) {
	i, ok := a.index[a.opts.key(key)]
	if !ok {
		return Null, false
	}
	return a.vals[i], true
}

// Set stores v under key, converted to the element type. Without duplicates it replaces
// the key's element; with duplicates (AvecDoublon) it adds one more element under key.
func (a *Assoc) Set(key string, v Value) {
	v = a.elem.convert(v)
	k := a.opts.key(key)
	if a.opts.typed() {
		key = k
	}
	i, ok := a.index[k]
	if ok && !a.opts.duplicates() {
		a.keys[i], a.vals[i] = key, v
		return
	}
	if !ok {
		a.index[k] = len(a.keys)
	}
	if a.opts.duplicates() {
		if a.dups == nil {
			a.dups = map[string][]int{}
		}
		a.dups[k] = append(a.dups[k], len(a.keys))
	}
	a.keys = append(a.keys, key)
	a.vals = append(a.vals, v)
}

// Delete removes key (with duplicates, every element under key).
func (a *Assoc) Delete(key string) bool {
	k := a.opts.key(key)
	if _, ok := a.index[k]; !ok {
		return false
	}
	keys, vals := a.keys[:0], a.vals[:0]
	for i, kk := range a.keys {
		if a.opts.key(kk) != k {
			keys, vals = append(keys, kk), append(vals, a.vals[i])
		}
	}
	clear(a.keys[len(keys):])
	clear(a.vals[len(vals):])
	a.keys, a.vals = keys, vals
	a.reindex()
	return true
}

// reindex rebuilds the index of the keys from their order.
func (a *Assoc) reindex() {
	a.index = make(map[string]int, len(a.keys))
	a.dups = nil
	for i, key := range a.keys {
		k := a.opts.key(key)
		if _, ok := a.index[k]; !ok {
			a.index[k] = i
		}
		if a.opts.duplicates() {
			if a.dups == nil {
				a.dups = map[string][]int{}
			}
			a.dups[k] = append(a.dups[k], i)
		}
	}
}

// Clear removes every entry.
func (a *Assoc) Clear() {
	a.index = map[string]int{}
	a.dups = nil
	a.keys, a.vals = nil, nil
}

// Keys returns the keys in insertion order. The slice must not be kept.
func (a *Assoc) Keys() []string { return a.keys }

// Values returns the values in insertion order. The slice must not be kept.
func (a *Assoc) Values() []Value { return a.vals }

// Copy returns a copy (elements that are arrays are copied too).
func (a *Assoc) Copy() *Assoc {
	return copyValue(AssocValue(a)).Assoc()
}

// copyValue returns v with its array content copied, the way assignment copies arrays:
// arrays and associative arrays inside are copied too, objects with their Copy method. An
// array met twice (or inside itself) is copied once, and its copy is met twice: the copy
// has the original's shape. The copy works from a list of pending arrays rather than by
// recursion, so that arrays nested without bound cannot exhaust the stack.
func copyValue(v Value) Value {
	switch v.k {
	case KArray, KAssoc:
	case KObject:
		if c, ok := v.r.(Copier); ok {
			return ObjectValue(c.Copy())
		}
		return v
	default:
		return v
	}
	cp := copier{}
	out := cp.value(v)
	for len(cp.todo) > 0 {
		vs := cp.todo[len(cp.todo)-1]
		cp.todo = cp.todo[:len(cp.todo)-1]
		for i, x := range vs {
			vs[i] = cp.value(x)
		}
	}
	return out
}

// copier is the state of copyValue: the copies made so far, by original, and the element
// slices of copies whose elements are still the originals'.
type copier struct {
	done map[any]Value
	todo [][]Value
}

// value returns the copy of v: a new array or associative array holding the original's
// elements (queued to be replaced by their own copies), or the copy made already.
func (cp *copier) value(v Value) Value {
	switch v.k {
	case KArray:
		a := v.Array()
		if c, ok := cp.done[a]; ok {
			return c
		}
		c := &Array{elem: a.elem, items: append([]Value(nil), a.items...), dims: append([]int(nil), a.dims...)}
		cp.remember(a, ArrayValue(c), c.items)
		return ArrayValue(c)
	case KAssoc:
		a := v.Assoc()
		if c, ok := cp.done[a]; ok {
			return c
		}
		c := &Assoc{elem: a.elem, opts: a.opts, index: make(map[string]int, len(a.keys)), keys: append([]string(nil), a.keys...), vals: append([]Value(nil), a.vals...)}
		for k, i := range a.index {
			c.index[k] = i
		}
		if a.dups != nil {
			c.dups = make(map[string][]int, len(a.dups))
			for k, is := range a.dups {
				c.dups[k] = append([]int(nil), is...)
			}
		}
		cp.remember(a, AssocValue(c), c.vals)
		return AssocValue(c)
	case KObject:
		if c, ok := v.r.(Copier); ok {
			return ObjectValue(c.Copy())
		}
	}
	return v
}

// remember records the copy c of the container orig, whose elements still need copying
// when one of them is a container or an object.
func (cp *copier) remember(orig any, c Value, elems []Value) {
	for _, x := range elems {
		if x.k == KArray || x.k == KAssoc || x.k == KObject {
			if cp.done == nil {
				cp.done = map[any]Value{}
			}
			cp.todo = append(cp.todo, elems)
			break
		}
	}
	if cp.done != nil {
		cp.done[orig] = c
	}
}
