package interp

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// The key options of an associative array's declaration,
// `tableau associatif (<options> [, <valeur par défaut> [, <type de clé> [, <taille initiale>]]]) de <type>`
// (doc.pcsoft.fr/?1514058), with the values of the cc* constants the builtins package
// registers (ccSansCasse, ccSansEspace, ccSansAccent): keys that differ only by case, by
// blanks at their ends or by accents name the same element. The page applies them to string
// keys only ("si le type de clé est une chaîne"): with another key type they change nothing.
const (
	KeyIgnoreCase   = 1  // ccSansCasse / ccIgnoreCase
	KeyIgnoreSpace  = 8  // ccSansEspace / ccIgnoreSpace
	KeyIgnoreAccent = 32 // ccSansAccent / ccIgnoreAccent
	// KeyWithDuplicates is AvecDoublon / WithDuplicates: several elements under one key.
	// The value is the one of PC SOFT's WEBDEV runtime (WDTableau.js, ms_nAvecDoublon).
	KeyWithDuplicates = 1 << 30
)

// AssocOptions are the declared options of an associative array: how keys compare, whether
// a key may hold several elements, the key type and the value read under a key that has no
// element.
//
// With duplicates (AvecDoublon), as PC SOFT's WEBDEV runtime (WDTableau.js) does it:
// `t[k] = v` adds one more element under k (it never replaces); `t[k, n]` reads or replaces
// the n-th element of k (1-based; reading a missing one gives the default value, replacing
// one is a fatal error); `t[k]` alone cannot be read (which element is meant?), a fatal
// error; Occurrence/TableauOccurrence count every element and `t[k].Occurrence` the
// elements of k; Supprime(t, k) removes every element of k; POUR TOUT walks every element
// in the order they were added. The initial size is a capacity hint: accepted (a
// non-negative integer constant) and with no visible effect, as the page describes it.
type AssocOptions struct {
	Flags      int64
	Default    Value
	HasDefault bool
	// KeyType is the declared key type when it is not a string (nil: string keys).
	KeyType *Type
	// Size is the declared initial size (a hint only).
	Size int64
}

// duplicates reports whether a key may hold several elements (AvecDoublon).
func (o *AssocOptions) duplicates() bool { return o != nil && o.Flags&KeyWithDuplicates != 0 }

// typed reports whether keys have a declared type other than string.
func (o *AssocOptions) typed() bool { return o != nil && o.KeyType != nil }

// key returns the key under which k is stored: with a key type, the text of k converted to
// that type (so that "01" and 1 are the same integer key); with string keys, k as the cc*
// options compare it.
func (o *AssocOptions) key(k string) string {
	if o == nil {
		return k
	}
	if o.KeyType != nil {
		return o.KeyType.convert(Str(k)).String()
	}
	if o.Flags&(KeyIgnoreSpace|KeyIgnoreCase|KeyIgnoreAccent) == 0 {
		return k
	}
	if o.Flags&KeyIgnoreSpace != 0 {
		k = strings.TrimSpace(k)
	}
	switch o.Flags & (KeyIgnoreCase | KeyIgnoreAccent) {
	case KeyIgnoreCase | KeyIgnoreAccent:
		return wlex.Fold(k)
	case KeyIgnoreCase:
		return strings.ToLower(k)
	case KeyIgnoreAccent:
		return wlex.StripAccents(k)
	}
	return k
}

// KeyValue returns the i-th key (0-based, insertion order) as a value of the key type: a
// string, or an integer, a date... when the declaration gives the key type.
func (a *Assoc) KeyValue(i int) Value {
	if a.opts.typed() {
		return a.opts.KeyType.convert(Str(a.keys[i]))
	}
	return Str(a.keys[i])
}

// Duplicates reports whether the array was declared AvecDoublon / WithDuplicates.
func (a *Assoc) Duplicates() bool { return a.opts.duplicates() }

// positions returns the positions of the elements under key, in order.
func (a *Assoc) positions(key string) []int {
	k := a.opts.key(key)
	if a.opts.duplicates() {
		return a.dups[k]
	}
	if i, ok := a.index[k]; ok {
		return []int{i}
	}
	return nil
}

// Count returns the number of elements under key (0 or 1 without duplicates).
func (a *Assoc) Count(key string) int { return len(a.positions(key)) }

// At returns the n-th element (1-based) under key.
func (a *Assoc) At(key string, n int64) (Value, bool) {
	ps := a.positions(key)
	if n < 1 || n > int64(len(ps)) {
		return Null, false
	}
	return a.vals[ps[n-1]], true
}

// SetAt replaces the n-th element (1-based) under key; false when there is none.
func (a *Assoc) SetAt(key string, n int64, v Value) bool {
	ps := a.positions(key)
	if n < 1 || n > int64(len(ps)) {
		return false
	}
	a.vals[ps[n-1]] = a.elem.convert(v)
	return true
}

// missing returns the value read under a key that has no element: the declared default
// value, else the element type's initial value (a new structure, an empty array...).
func (a *Assoc) missing() Value {
	if a.opts != nil && a.opts.HasDefault {
		return a.elem.convert(a.opts.Default)
	}
	return a.elem.Zero()
}

// assocOptions compiles the parenthesised options of an associative array declaration:
// constants (the key options, the default value), the key type, the initial size.
func (c *compiler) assocOptions(ref *parser.TypeRef) *AssocOptions {
	if len(ref.Options) == 0 {
		return nil
	}
	o := &AssocOptions{}
	for i, e := range ref.Options {
		if e == nil {
			continue
		}
		pos := optionStart(e)
		switch i {
		case 0:
			v, ok := c.constValue(e)
			if !ok || v.k != KInt {
				c.errorf(pos, "the options of an associative array must be constants (AvecDoublon, ccSansCasse, ccSansAccent, ccSansEspace)")
				continue
			}
			if bad := v.n &^ (KeyIgnoreCase | KeyIgnoreSpace | KeyIgnoreAccent | KeyWithDuplicates); bad != 0 {
				c.errorf(pos, "option %d of an associative array is not supported (AvecDoublon, ccSansCasse, ccSansAccent and ccSansEspace are)", bad)
			}
			o.Flags = v.n
		case 1:
			v, ok := c.constValue(e)
			if !ok {
				c.errorf(pos, "the default value of an associative array must be a constant")
				continue
			}
			o.Default, o.HasDefault = v, true
		case 2:
			o.KeyType = c.assocKeyType(e)
		case 3:
			v, ok := c.constValue(e)
			if !ok || v.k != KInt || v.n < 0 {
				c.errorf(pos, "the initial size of an associative array must be a non-negative integer constant")
				continue
			}
			o.Size = v.n
		default:
			c.errorf(pos, "an associative array takes at most 4 options (options, default value, key type, initial size)")
		}
	}
	return o
}

// assocKeyType resolves the key type option: the name of a simple type (entier, réel,
// chaîne, date, heure, dateheure, durée, booléen...). Strings give nil (the default).
func (c *compiler) assocKeyType(e parser.Expr) *Type {
	id, ok := e.(*parser.Ident)
	if !ok {
		c.errorf(optionStart(e), "the key type of an associative array must be a type name (entier, chaîne, date...)")
		return nil
	}
	if t := c.classType(&parser.TypeRef{Pos: id.Pos, Words: []string{id.Name}}); t != nil {
		c.errorf(id.Pos, "%s cannot be the key type of an associative array: keys are of a simple type (entier, réel, chaîne, booléen, date, heure, dateheure, durée)", id.Name)
		return nil
	}
	t, unknown := c.types.resolve([]string{id.Name}, 0)
	if unknown != "" {
		c.errorf(id.Pos, "unknown key type %s for an associative array", unknown)
		return nil
	}
	switch t.Kind {
	case KString:
		return nil
	case KBool, KInt, KReal, KDate, KTime, KDateTime, KDuration:
		if t.Obj != nil || t.Assoc || len(t.Dims) > 0 {
			break
		}
		return t
	}
	c.errorf(id.Pos, "%s cannot be the key type of an associative array: keys are of a simple type (entier, réel, chaîne, booléen, date, heure, dateheure, durée)", id.Name)
	return nil
}

// element returns the element of m under key for a write through it (ta["k"].Membre = v,
// ta["k"][2] = v): a key without element gets one first, holding the default value.
func (th *Thread) assocElement(fr *frame, pos lexer.Position, m *Assoc, key string) Value {
	if m.Duplicates() {
		th.fatalf(fr, pos, "%s", errDupRead)
	}
	if v, ok := m.Get(key); ok {
		return v
	}
	th.setIndex(fr, pos, AssocValue(m), []Value{Str(key)}, m.missing())
	v, _ := m.Get(key)
	return v
}

// optionStart is where an option's expression starts (a sum of constants is positioned at
// its operator).
func optionStart(e parser.Expr) lexer.Position {
	for {
		b, ok := e.(*parser.Binary)
		if !ok || b.X == nil {
			return e.Position()
		}
		e = b.X
	}
}

// errDupRead is the error of t[k] on an associative array with duplicates.
const errDupRead = "this associative array has duplicates (AvecDoublon): name one element of the key with t[key, n]"

// assocGet reads m[idx...]: m[key], or m[key, n] the n-th element of key.
func (th *Thread) assocGet(fr *frame, pos lexer.Position, m *Assoc, idx []Value) Value {
	key := idx[0].String()
	switch len(idx) {
	case 1:
		if m.Duplicates() {
			th.fatalf(fr, pos, "%s", errDupRead)
		}
		if v, ok := m.Get(key); ok {
			return v
		}
	case 2:
		if v, ok := m.At(key, idx[1].AsInt()); ok {
			return v
		}
	default:
		th.fatalf(fr, pos, "an associative array takes a key, or a key and an element number, not %d indexes", len(idx))
	}
	// A key without element reads the default value (the array is unchanged).
	return m.missing()
}

// assocSet writes m[key] = v (with duplicates: one more element under key), or
// m[key, n] = v which replaces the n-th element of key.
func (th *Thread) assocSet(fr *frame, pos lexer.Position, m *Assoc, idx []Value, v Value) {
	key := idx[0].String()
	switch len(idx) {
	case 1:
	case 2:
		n := idx[1].AsInt()
		if c := m.Count(key); n < 1 || n > int64(c) {
			th.fatalf(fr, pos, "element %d of key %q does not exist (the key has %d)", n, key, c)
		}
		if c := th.copyCost(m.elem, v); c > 0 {
			th.alloc(fr, pos, c)
		}
		m.SetAt(key, n, v)
		return
	default:
		th.fatalf(fr, pos, "an associative array takes a key, or a key and an element number, not %d indexes", len(idx))
	}
	if _, ok := m.index[m.opts.key(key)]; !ok || m.Duplicates() {
		th.alloc(fr, pos, assocEntry+int64(len(key)))
	}
	if n := th.copyCost(m.elem, v); n > 0 {
		th.alloc(fr, pos, n)
	}
	m.Set(key, v)
}

// keyOccurrence compiles t[k].Occurrence (t[k]..Occurrence, Count) when t is known at
// compile time to be an associative array with duplicates: the number of elements of key k
// (WDTableau.js, GetProp ..Occurrence with a key). Elsewhere t[k] is read and the member is
// taken from its value as usual (nil).
func (c *compiler) keyOccurrence(e *parser.Member) evalFn {
	switch wlex.Fold(e.Name) {
	case "occurrence", "count", "nboccurrence":
	default:
		return nil
	}
	ix, ok := e.X.(*parser.Index)
	if !ok || len(ix.Indexes) != 1 {
		return nil
	}
	if t := c.staticType(ix.X); t == nil || t.Kind != KAssoc || !t.Keys.duplicates() {
		return nil
	}
	cont, key := c.compileExpr(ix.X), c.compileExpr(ix.Indexes[0])
	return func(fr *frame) Value {
		x, k := cont(fr), key(fr)
		if x.k != KAssoc {
			return Int(0)
		}
		return Int(int64(x.Assoc().Count(k.String())))
	}
}
