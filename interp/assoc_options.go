package interp

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// The key options of an associative array's declaration,
// `tableau associatif (<options> [, <valeur par défaut>]) de <type>` (doc.pcsoft.fr/?1514058),
// with the values of the cc* constants the builtins package registers (ccSansCasse,
// ccSansEspace, ccSansAccent): keys that differ only by case, by blanks at their ends or by
// accents name the same element.
const (
	KeyIgnoreCase   = 1  // ccSansCasse / ccIgnoreCase
	KeyIgnoreSpace  = 8  // ccSansEspace / ccIgnoreSpace
	KeyIgnoreAccent = 32 // ccSansAccent / ccIgnoreAccent
	// KeyWithDuplicates is AvecDoublon / WithDuplicates (several elements under one key,
	// PC SOFT's WEBDEV runtime uses this value): recognised so that its declaration is
	// refused with a clear message, wl's associative arrays have no duplicates.
	KeyWithDuplicates = 1 << 30
)

// AssocOptions are the declared options of an associative array: how keys compare and the
// value read under a key that has no element.
type AssocOptions struct {
	Flags      int64
	Default    Value
	HasDefault bool
}

// key returns the key under which k is stored.
func (o *AssocOptions) key(k string) string {
	if o == nil || o.Flags == 0 {
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

// missing returns the value read under a key that has no element: the declared default
// value, else the element type's initial value (a new structure, an empty array...).
func (a *Assoc) missing() Value {
	if a.opts != nil && a.opts.HasDefault {
		return a.elem.convert(a.opts.Default)
	}
	return a.elem.Zero()
}

// assocOptions compiles the parenthesised options of an associative array declaration:
// constants only (the key options, then the default value).
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
				c.errorf(pos, "the options of an associative array must be constants (ccSansCasse, ccSansAccent, ccSansEspace)")
				continue
			}
			if v.n&KeyWithDuplicates != 0 {
				c.errorf(pos, "associative arrays with duplicates (AvecDoublon) are not supported: each key has one element")
				continue
			}
			if bad := v.n &^ (KeyIgnoreCase | KeyIgnoreSpace | KeyIgnoreAccent); bad != 0 {
				c.errorf(pos, "option %d of an associative array is not supported (ccSansCasse, ccSansAccent and ccSansEspace are)", bad)
			}
			o.Flags = v.n
		case 1:
			v, ok := c.constValue(e)
			if !ok {
				c.errorf(pos, "the default value of an associative array must be a constant")
				continue
			}
			o.Default, o.HasDefault = v, true
		default:
			c.errorf(pos, "an associative array takes at most 2 options here (key options, default value): the key type is not supported, keys are strings")
		}
	}
	return o
}

// element returns the element of m under key for a write through it (ta["k"].Membre = v,
// ta["k"][2] = v): a key without element gets one first, holding the default value.
func (th *Thread) assocElement(fr *frame, pos lexer.Position, m *Assoc, key string) Value {
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
