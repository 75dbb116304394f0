package interp

import (
	"math"
	"strings"

	"github.com/wl-lang/wl/lexer"
)

// Type is the declared type of a variable, parameter or array element. A nil *Type is
// variant: it holds any value unchanged.
type Type struct {
	Name  string // as WLanguage names it, for messages
	Kind  Kind   // the kind its values have (KNull for variant)
	Bits  int    // integers: 8, 16, 32 or 64
	Unsig bool   // integers: sans signe / unsigned
	Elem  *Type  // arrays: element type
	Assoc bool   // associative array
	Obj   *ObjectType
	Dims  []int // fixed array sizes
	// Tuple lists the types of a procedure's several results (Kind KTuple).
	Tuple []*Type
	// Keys holds the declared options of an associative array (assoc_options.go); nil for
	// the defaults.
	Keys *AssocOptions
}

// Variant is the type of untyped variables.
var Variant *Type

// The basic types.
var (
	TypeString   = &Type{Name: "chaîne", Kind: KString}
	TypeInt      = &Type{Name: "entier", Kind: KInt, Bits: 32}
	TypeInt64    = &Type{Name: "entier sur 8 octets", Kind: KInt, Bits: 64}
	TypeReal     = &Type{Name: "réel", Kind: KReal}
	TypeBool     = &Type{Name: "booléen", Kind: KBool}
	TypeBuffer   = &Type{Name: "buffer", Kind: KBuffer}
	TypeDate     = &Type{Name: "date", Kind: KDate}
	TypeTime     = &Type{Name: "heure", Kind: KTime}
	TypeDateTime = &Type{Name: "dateheure", Kind: KDateTime}
	TypeDuration = &Type{Name: "durée", Kind: KDuration}
	typeNumeric  = &Type{Name: "numérique", Kind: KReal}
	typeCurrency = &Type{Name: "monétaire", Kind: KReal}
)

// basicTypeNames maps every spelling of the basic types (Fold keys) to the type.
func basicType(fold string) (*Type, bool) {
	switch fold {
	case "chaine", "string", "chaines", "strings", "ansi", "unicode":
		return TypeString, true
	case "entier", "int", "integer", "entiers", "ints", "integers":
		return TypeInt, true
	case "reel", "real", "reels", "reals", "double", "float":
		return TypeReal, true
	case "numerique", "numeric", "numeriques", "numerics", "decimal":
		return typeNumeric, true
	case "monetaire", "currency", "monetaires", "currencies":
		return typeCurrency, true
	case "booleen", "boolean", "bool", "booleens", "booleans":
		return TypeBool, true
	case "buffer", "buffers":
		return TypeBuffer, true
	case "date", "dates":
		return TypeDate, true
	case "heure", "time", "heures", "times":
		return TypeTime, true
	case "dateheure", "datetime", "dateheures", "datetimes":
		return TypeDateTime, true
	case "duree", "duration", "durees", "durations":
		return TypeDuration, true
	case "variant", "variants", "void", "procedure", "procedures", "fonction", "function":
		return Variant, true
	}
	return nil, false
}

// Zero is the value a new variable of the type holds.
func (t *Type) Zero() Value {
	if t == nil {
		return Null
	}
	switch t.Kind {
	case KString:
		return Value{k: KString}
	case KInt:
		return Int(0)
	case KReal:
		return Real(0)
	case KBool:
		return Bool(false)
	case KBuffer:
		return Value{k: KBuffer}
	case KDate, KTime, KDateTime, KDuration:
		return Value{k: t.Kind}
	case KArray:
		a := NewArray(t.Elem)
		if len(t.Dims) > 0 {
			n := 1
			for _, d := range t.Dims {
				n *= d
			}
			a.Resize(n)
			if len(t.Dims) > 1 {
				a.dims = append([]int(nil), t.Dims...)
			}
		}
		return ArrayValue(a)
	case KAssoc:
		a := NewAssoc(t.Elem)
		a.opts = t.Keys
		return AssocValue(a)
	case KObject:
		if t.Obj != nil && t.Obj.New != nil {
			return ObjectValue(t.Obj.New())
		}
	}
	return Null
}

// convert converts v for storage in a variable of type t (WLanguage's assignment rules).
// Conversions that cannot fail are done here; see convertChecked for the others.
func (t *Type) convert(v Value) Value {
	if t != nil && t.Tuple != nil {
		return t.convertTuple(v)
	}
	if t == nil {
		if v.k == KTuple {
			if vs := v.Tuple(); len(vs) > 0 {
				return vs[0]
			}
			return Null
		}
		return v
	}
	if v.k == KTuple {
		vs := v.Tuple()
		if len(vs) == 0 {
			return t.Zero()
		}
		v = vs[0]
	}
	switch t.Kind {
	case KString:
		if v.k == KString {
			return v
		}
		return Str(v.String())
	case KInt:
		var n int64
		switch v.k {
		case KInt, KBool:
			n = v.n
		case KReal:
			n = truncToInt(v.float())
		default:
			n = v.AsInt()
		}
		return Int(wrapInt(n, t.Bits, t.Unsig))
	case KReal:
		if t == typeCurrency {
			// monétaire keeps 6 decimals.
			return Real(math.Round(v.AsFloat()*1e6) / 1e6)
		}
		if v.k == KReal {
			return v
		}
		return Real(v.AsFloat())
	case KBool:
		if v.k == KBool {
			return v
		}
		return Bool(v.AsBool())
	case KBuffer:
		if v.k == KBuffer {
			return v
		}
		if v.k == KString {
			return Value{k: KBuffer, n: v.n, r: v.r}
		}
		b := Str(v.String())
		b.k = KBuffer
		return b
	case KDate:
		switch v.k {
		case KDate:
			return v
		case KDateTime:
			return dateValue(v.n / msPerDay)
		}
		if d, ok := parseDate(v.String()); ok {
			return d
		}
		return t.Zero()
	case KTime:
		switch v.k {
		case KTime:
			return v
		case KDateTime:
			return TimeOfDay(v.n % msPerDay)
		}
		if d, ok := parseTime(v.String()); ok {
			return d
		}
		return t.Zero()
	case KDateTime:
		switch v.k {
		case KDateTime:
			return v
		case KDate:
			return Value{k: KDateTime, n: v.n * msPerDay}
		}
		s := v.String()
		if d, ok := parseDate(s); ok {
			dt := Value{k: KDateTime, n: d.n * msPerDay}
			if len(s) > 8 {
				if tm, ok := parseTime(s[8:]); ok {
					dt.n += tm.n
				}
			}
			return dt
		}
		return t.Zero()
	case KDuration:
		if v.k == KDuration {
			return v
		}
		return Value{k: KDuration, n: v.AsInt()}
	case KArray:
		switch v.k {
		case KArray:
			src := v.Array()
			if src.elem == t.Elem {
				return ArrayValue(src.Copy())
			}
			a := NewArray(t.Elem)
			for _, it := range src.items {
				a.Append(it)
			}
			return ArrayValue(a)
		case KTuple:
			a := NewArray(t.Elem)
			for _, it := range v.Tuple() {
				a.Append(it)
			}
			return ArrayValue(a)
		}
		return v
	case KAssoc:
		if v.k == KAssoc {
			if src := v.Assoc(); src.opts != t.Keys {
				// The content is copied into an array with the variable's own options.
				a := NewAssoc(t.Elem)
				a.opts = t.Keys
				for i, k := range src.keys {
					a.Set(k, copyValue(src.vals[i]))
				}
				return AssocValue(a)
			}
			return AssocValue(v.Assoc().Copy())
		}
		return v
	case KObject:
		if t.Obj != nil && t.Obj.Assign != nil {
			if o, ok := t.Obj.Assign(v); ok {
				return ObjectValue(o)
			}
		}
		return copyValue(v)
	}
	return v
}

// wrapInt reduces n to an integer of the given size, wrapping around like the fixed-size
// integers of WINDEV.
func wrapInt(n int64, bits int, unsigned bool) int64 {
	switch bits {
	case 8:
		if unsigned {
			return int64(uint8(n))
		}
		return int64(int8(n))
	case 16:
		if unsigned {
			return int64(uint16(n))
		}
		return int64(int16(n))
	case 32:
		if unsigned {
			return int64(uint32(n))
		}
		return int64(int32(n))
	}
	return n
}

// typeResolver finds types by name: basic types, then library types.
type typeResolver struct {
	lib *Library
}

// resolve turns a parsed type reference into a Type. unknown is set when a word is not a
// known type name; the type is then variant.
func (r typeResolver) resolve(words []string, size int) (t *Type, unknown string) {
	var base *Type
	unsigned := false
	for i := 0; i < len(words); i++ {
		f := lexer.Fold(words[i])
		switch f {
		case "sans", "signe", "unsigned", "fixe", "fixed":
			if f == "sans" || f == "unsigned" {
				unsigned = true
			}
			continue
		case "ansi", "unicode", "utf8":
			if base == nil {
				base = TypeString
			}
			continue
		}
		if bt, ok := basicType(f); ok {
			base = bt
			continue
		}
		if ot := r.lib.lookupType(f); ot != nil {
			base = &Type{Name: ot.Name, Kind: KObject, Obj: ot}
			continue
		}
		if strings.HasSuffix(f, "s") {
			if ot := r.lib.lookupType(strings.TrimSuffix(f, "s")); ot != nil {
				base = &Type{Name: ot.Name, Kind: KObject, Obj: ot}
				continue
			}
		}
		if base == nil {
			return Variant, words[i]
		}
	}
	if base == nil {
		return Variant, ""
	}
	if base.Kind == KInt && (size != 0 || unsigned) {
		bits := size * 8
		if bits == 0 {
			bits = 32
		}
		if bits > 64 {
			bits = 64
		}
		switch {
		case bits == 64 && !unsigned:
			return TypeInt64, ""
		case bits == 32 && !unsigned:
			return TypeInt, ""
		}
		return &Type{Name: base.Name, Kind: KInt, Bits: bits, Unsig: unsigned}, ""
	}
	return base, ""
}

// Convert converts v the way assigning it to a variable of type t does.
func (t *Type) Convert(v Value) Value { return t.convert(v) }
