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
}

// NewArray makes an empty array of elements of type elem (nil: variant).
func NewArray(elem *Type) *Array { return &Array{elem: elem} }

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
	c := &Array{elem: a.elem, items: make([]Value, len(a.items)), dims: append([]int(nil), a.dims...)}
	for i, v := range a.items {
		c.items[i] = copyValue(v)
	}
	return c
}

func (a *Array) join(sep string) string {
	var b strings.Builder
	for i, v := range a.items {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(v.String())
	}
	return b.String()
}

// Join returns the elements as strings separated by sep.
func (a *Array) Join(sep string) string { return a.join(sep) }

// Assoc is an associative array (tableau associatif): string keys in insertion order.
type Assoc struct {
	elem  *Type
	index map[string]int
	keys  []string
	vals  []Value
}

// NewAssoc makes an empty associative array of elements of type elem (nil: variant).
func NewAssoc(elem *Type) *Assoc { return &Assoc{elem: elem, index: map[string]int{}} }

// Len is the number of entries.
func (a *Assoc) Len() int { return len(a.keys) }

// Get returns the value of key.
func (a *Assoc) Get(key string) (Value, bool) {
	i, ok := a.index[key]
	if !ok {
		return Null, false
	}
	return a.vals[i], true
}

// Set stores v under key, converted to the element type.
func (a *Assoc) Set(key string, v Value) {
	v = a.elem.convert(v)
	if i, ok := a.index[key]; ok {
		a.vals[i] = v
		return
	}
	a.index[key] = len(a.keys)
	a.keys = append(a.keys, key)
	a.vals = append(a.vals, v)
}

// Delete removes key.
func (a *Assoc) Delete(key string) bool {
	i, ok := a.index[key]
	if !ok {
		return false
	}
	a.keys = append(a.keys[:i], a.keys[i+1:]...)
	a.vals = append(a.vals[:i], a.vals[i+1:]...)
	delete(a.index, key)
	for j := i; j < len(a.keys); j++ {
		a.index[a.keys[j]] = j
	}
	return true
}

// Clear removes every entry.
func (a *Assoc) Clear() {
	a.index = map[string]int{}
	a.keys, a.vals = nil, nil
}

// Keys returns the keys in insertion order. The slice must not be kept.
func (a *Assoc) Keys() []string { return a.keys }

// Values returns the values in insertion order. The slice must not be kept.
func (a *Assoc) Values() []Value { return a.vals }

// Copy returns a copy.
func (a *Assoc) Copy() *Assoc {
	c := NewAssoc(a.elem)
	for i, k := range a.keys {
		c.Set(k, copyValue(a.vals[i]))
	}
	return c
}

// copyValue returns v with its array content copied, the way assignment copies arrays.
func copyValue(v Value) Value {
	switch v.k {
	case KArray:
		return ArrayValue(v.Array().Copy())
	case KAssoc:
		return AssocValue(v.Assoc().Copy())
	case KObject:
		if c, ok := v.r.(Copier); ok {
			return ObjectValue(c.Copy())
		}
	}
	return v
}
