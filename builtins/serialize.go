package builtins

import (
	"fmt"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
)

// Formats of Sérialise / Désérialise. The values are those of WINDEV Mobile's Java
// runtime (fr.pcsoft.wdjava.core.d.d: 256 binary, 512 XML, 1024 JSON); psdBinaireFormat16
// is wl's own value.
const (
	psdBinary         = 256
	psdXML            = 512
	psdJSON           = 1024
	psdBinaryFormat16 = 257
)

// serialObject is a library type that Sérialise and Désérialise can write and read
// (AuthToken, which PC SOFT's help saves whole with Sérialise).
type serialObject interface {
	serialJSON() (*jsonNode, error)
	deserialJSON(n *jsonNode) error
}

// recordNode is the JSON object of a structure or class instance: its members in
// declaration order (an ancestor's first), each under its name or the one its
// <Sérialise = "nom"> annotation gives, those annotated <Sérialise = Faux> left out.
func recordNode(r interp.Record, depth int) (*jsonNode, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("the value is nested more than %d levels deep", maxJSONDepth)
	}
	n := &jsonNode{kind: jObject, keys: []string{}, vals: []*jsonNode{}}
	for i := 0; i < r.Len(); i++ {
		f := r.Field(i)
		if f.Skip {
			continue
		}
		c, err := toJSONNode(r.Get(i), depth+1)
		if err != nil {
			return nil, fmt.Errorf("member %s of %s: %w", f.Name, r.TypeName(), err)
		}
		n.keys = append(n.keys, f.SerialName)
		n.vals = append(n.vals, c)
	}
	return n, nil
}

// gridNode writes the elements of an array of several dimensions (stored row by row) as
// nested arrays: [[row 1], [row 2]...].
func gridNode(items []interp.Value, dims []int, depth int) (*jsonNode, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("the value is nested more than %d levels deep", maxJSONDepth)
	}
	n := &jsonNode{kind: jArray, items: []*jsonNode{}}
	if len(dims) == 1 {
		for _, it := range items {
			c, err := toJSONNode(it, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
		return n, nil
	}
	size := len(items) / max(dims[0], 1)
	for i := 0; i < dims[0] && size*(i+1) <= len(items); i++ {
		c, err := gridNode(items[i*size:(i+1)*size], dims[1:], depth+1)
		if err != nil {
			return nil, err
		}
		n.items = append(n.items, c)
	}
	return n, nil
}

// serialFormat checks Sérialise's and Désérialise's format parameter: only psdJSON is
// supported.
func serialFormat(fn string, v interp.Value) error {
	switch f := v.AsInt(); f {
	case psdJSON:
		return nil
	case psdBinary, psdBinaryFormat16:
		return fmt.Errorf("%s: psdBinaire is PC SOFT's own format, which is not documented: not supported by wl (use psdJSON)", fn)
	case psdXML:
		return fmt.Errorf("%s: psdXML is not supported by wl (use psdJSON)", fn)
	default:
		return fmt.Errorf("%s: %d is not a serialization format (psdJSON, psdXML, psdBinaire)", fn, f)
	}
}

// registerSerialize adds Sérialise / Serialize and Désérialise / Deserialize in psdJSON
// (jt is the JSON type, which a variant receiving an object or an array becomes).
func registerSerialize(r *registrar, jt *interp.ObjectType) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(psdJSON, "psdJSON")
	c(psdXML, "psdXML")
	c(psdBinary, "psdBinaire", "psdBinary")
	c(psdBinaryFormat16, "psdBinaireFormat16", "psdBinaryFormat16")
	// Sérialise(<variable>, <buffer>, <format> [, <root name>]) writes the variable into
	// the buffer (a buffer or string variable) as JSON: structures and classes as objects
	// of their members, arrays as arrays, associative arrays as objects, dates as
	// "AAAA-MM-JJ" strings... (toJSONNode). As PC SOFT documents psdJSON, the text is 7-bit
	// ASCII: every other character is written \uXXXX. The root name only concerns XML.
	r.fn(&interp.Builtin{Names: []string{"Sérialise", "Serialize"}, MinArgs: 3, MaxArgs: 4, OutFrom: 2, OutTo: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			if err := serialFormat("Sérialise", a[2]); err != nil {
				return interp.Null, err
			}
			n, err := toJSONNode(a[0], 0)
			if err != nil {
				return interp.Null, fmt.Errorf("Sérialise: %w", err)
			}
			var b strings.Builder
			n.marshal(&b, true)
			if a[1].Kind() == interp.KString {
				a[1] = interp.Str(b.String())
			} else {
				a[1] = interp.Buffer([]byte(b.String()))
			}
			return interp.Null, nil
		}})
	// Désérialise(<variable>, <buffer>, <format>) reads JSON into the variable: a structure
	// or class takes the members the document has (found by their serialization name,
	// exactly then ignoring case, as WINDEV's runtime does) and keeps the others; an array
	// or associative array is refilled; a JSON variable or a variant receives the document
	// (members and elements read as those of JSONVersVariant's result). Text that is not
	// JSON makes it return Faux with ErreurDétectée set; a document whose shape does not
	// fit the variable (an array for a structure...) stops the script.
	r.fn(&interp.Builtin{Names: []string{"Désérialise", "Deserialize"}, MinArgs: 3, MaxArgs: 3, OutFrom: 1, OutTo: 1, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			if err := serialFormat("Désérialise", a[2]); err != nil {
				return interp.Null, err
			}
			n, err := parseJSON(a[1].BufferBytes())
			if err != nil {
				th.SetError(interp.ErrorInfo{Message: "Désérialise: the buffer is not valid JSON: " + err.Error()})
				return interp.Bool(false), nil
			}
			d := deserializer{jt: jt}
			v, err := d.fill(a[0], nil, n, "")
			if err != nil {
				return interp.Null, fmt.Errorf("Désérialise: %w", err)
			}
			a[0] = v
			return interp.Bool(true), nil
		}})
}

// deserializer fills WLanguage values from a JSON document.
type deserializer struct {
	jt *interp.ObjectType
}

// fill returns the value that cur (of declared type t, nil when unknown or variant) becomes
// from node n: structures, classes, arrays, associative arrays and JSON values are filled
// in place and returned; other values are converted. where names the place for errors.
func (d deserializer) fill(cur interp.Value, t *interp.Type, n *jsonNode, where string) (interp.Value, error) {
	if n.kind == jNull {
		return d.empty(cur, t), nil
	}
	if cur.IsNull() && t != nil {
		if v, ok := interp.NewRecord(t); ok {
			cur = v // a dynamic object member not allocated yet
		}
	}
	if rec, ok := interp.RecordOf(cur); ok {
		return cur, d.fillRecord(rec, n, where)
	}
	switch cur.Kind() {
	case interp.KObject:
		switch o := cur.Object().(type) {
		case *jsonValue:
			o.node = n
			return cur, nil
		case serialObject:
			if err := o.deserialJSON(n); err != nil {
				return interp.Null, placed(where, err)
			}
			return cur, nil
		}
	case interp.KArray:
		return cur, d.fillArray(cur.Array(), n, where)
	case interp.KAssoc:
		return cur, d.fillAssoc(cur.Assoc(), n, where)
	}
	if t == nil {
		return (&jsonValue{typ: d.jt}).wrap(n), nil
	}
	return scalarFromJSON(t, n, where)
}

// empty is what cur (of declared type t) becomes from a JSON null: a member of a declared
// type its type's default value (a dynamic object member Null), a structure, class, array or
// associative array given as the variable itself emptied in place, anything else Null.
func (d deserializer) empty(cur interp.Value, t *interp.Type) interp.Value {
	if t != nil {
		return t.Zero()
	}
	if rec, ok := interp.RecordOf(cur); ok {
		for i := 0; i < rec.Len(); i++ {
			if f := rec.Field(i); !f.Skip {
				rec.Set(i, f.Type.Zero())
			}
		}
		return cur
	}
	switch cur.Kind() {
	case interp.KArray:
		cur.Array().Clear()
		return cur
	case interp.KAssoc:
		cur.Assoc().Clear()
		return cur
	case interp.KObject:
		if j, ok := cur.Object().(*jsonValue); ok {
			j.node = &jsonNode{kind: jNull}
			return cur
		}
	}
	return interp.Null
}

// placed prefixes err with the place it concerns.
func placed(where string, err error) error {
	if where == "" {
		return err
	}
	return fmt.Errorf("%s: %w", where, err)
}

func (d deserializer) fillRecord(r interp.Record, n *jsonNode, where string) error {
	if n.kind != jObject {
		return placed(where, fmt.Errorf("%s %s needs a JSON object, the document has %s", kindOfRecord(r), r.TypeName(), describeJSONKind(n.kind)))
	}
	for i := 0; i < r.Len(); i++ {
		f := r.Field(i)
		if f.Skip {
			continue
		}
		c := memberNode(n, f.SerialName)
		if c == nil {
			continue
		}
		v, err := d.fill(r.Get(i), f.Type, c, join(where, f.Name))
		if err != nil {
			return err
		}
		r.Set(i, v)
	}
	return nil
}

// memberNode finds member name in object n: the exact name first, then a name that differs
// only by case (WINDEV's runtime compares with equalsIgnoreCase).
func memberNode(n *jsonNode, name string) *jsonNode {
	for i, k := range n.keys {
		if k == name {
			return n.vals[i]
		}
	}
	for i, k := range n.keys {
		if strings.EqualFold(k, name) {
			return n.vals[i]
		}
	}
	return nil
}

func join(where, name string) string {
	if where == "" {
		return name
	}
	return where + "." + name
}

func kindOfRecord(r interp.Record) string {
	if r.IsStruct() {
		return "structure"
	}
	return "class"
}

// zeroOf is a new element of type t: an instance for a structure or class (dynamic ones
// included), the type's default value otherwise.
func zeroOf(t *interp.Type) interp.Value {
	if v, ok := interp.NewRecord(t); ok {
		return v
	}
	return t.Zero()
}

func (d deserializer) fillArray(a *interp.Array, n *jsonNode, where string) error {
	if n.kind != jArray {
		return placed(where, fmt.Errorf("an array needs a JSON array, the document has %s", describeJSONKind(n.kind)))
	}
	if len(a.Dims()) > 1 {
		return placed(where, fmt.Errorf("reading an array of %d dimensions is not supported by wl", len(a.Dims())))
	}
	elem := a.ElemType()
	a.Clear()
	for i, it := range n.items {
		v, err := d.fill(zeroOf(elem), elem, it, fmt.Sprintf("%s[%d]", where, i+1))
		if err != nil {
			return err
		}
		a.Append(v)
	}
	return nil
}

func (d deserializer) fillAssoc(a *interp.Assoc, n *jsonNode, where string) error {
	if n.kind != jObject {
		return placed(where, fmt.Errorf("an associative array needs a JSON object, the document has %s", describeJSONKind(n.kind)))
	}
	elem := a.ElemType()
	a.Clear()
	for i, k := range n.keys {
		v, err := d.fill(zeroOf(elem), elem, n.vals[i], fmt.Sprintf("%s[%q]", where, k))
		if err != nil {
			return err
		}
		a.Set(k, v)
	}
	return nil
}

// scalarFromJSON converts a JSON value for a variable of a simple type: dates, times and
// datetimes from the ISO 8601 forms Sérialise writes (or WLanguage's own "AAAAMMJJ"...),
// a string from an object or array as its JSON text, the rest by WLanguage's conversions.
func scalarFromJSON(t *interp.Type, n *jsonNode, where string) (interp.Value, error) {
	if n.kind == jObject || n.kind == jArray {
		if t.Kind == interp.KString {
			return interp.Str(n.String()), nil
		}
		return interp.Null, placed(where, fmt.Errorf("a %s cannot receive %s", t.Name, describeJSONKind(n.kind)))
	}
	if n.kind == jString {
		if v, ok := isoValue(t.Kind, n.text); ok {
			return v, nil
		}
	}
	return t.Convert(n.scalar()), nil
}

// isoValue reads a date, time or datetime written as Sérialise writes them.
func isoValue(k interp.Kind, s string) (interp.Value, bool) {
	layouts := map[interp.Kind][]string{
		interp.KDate:     {"2006-01-02"},
		interp.KTime:     {"15:04:05.000", "15:04:05", "15:04"},
		interp.KDateTime: {"2006-01-02T15:04:05.000", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"},
	}[k]
	for _, l := range layouts {
		tm, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		switch k {
		case interp.KDate:
			return interp.DateOf(tm.Year(), tm.Month(), tm.Day()), true
		case interp.KTime:
			ms := int64(tm.Hour())*3600000 + int64(tm.Minute())*60000 + int64(tm.Second())*1000 + int64(tm.Nanosecond()/1e6)
			return interp.TimeOfDay(ms), true
		default:
			return interp.DateTimeOf(tm), true
		}
	}
	return interp.Null, false
}
