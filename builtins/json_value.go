package builtins

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// jsonValue is a value of the JSON type (`j est un JSON`), and what JSONVersVariant returns
// for an object or an array: a place in a JSON document. Reading a member or an element
// that is an object or an array gives a jsonValue sharing the document, so `j.client.nom =
// "x"` changes j; reading a null, boolean, number or string gives the plain WLanguage value.
//
// A place that does not exist yet (the container of `j.a.b = 1` when j has no member a) is
// pending: assigning through it creates it and the places above it.
type jsonValue struct {
	typ  *interp.ObjectType
	node *jsonNode // nil while pending
	// parent, key and index say where a pending place goes: member key, or element index
	// (1-based) when key is "".
	parent *jsonValue
	key    string
	index  int
}

func (j *jsonValue) ObjectType() *interp.ObjectType { return j.typ }

// Copy implements interp.Copier: assignment copies the document.
func (j *jsonValue) Copy() interp.Object {
	return &jsonValue{typ: j.typ, node: j.node.clone()}
}

// String is the JSON text of an object or an array, and the WLanguage string of a null,
// boolean, number or string (`Info(j)` shows the document, `Trace(j)` of a string its
// text).
func (j *jsonValue) String() string {
	if j.node == nil {
		return ""
	}
	switch j.node.kind {
	case jObject, jArray:
		return j.node.String()
	}
	return j.node.scalar().String()
}

func (j *jsonValue) child(n *jsonNode) *jsonValue { return &jsonValue{typ: j.typ, node: n} }

// wrap is the WLanguage value of a node of j's document.
func (j *jsonValue) wrap(n *jsonNode) interp.Value {
	if n == nil {
		return interp.Null
	}
	if n.kind == jObject || n.kind == jArray {
		return interp.ObjectValue(j.child(n))
	}
	return n.scalar()
}

// materialize makes the place exist as a container of the given kind: a pending place is
// created (with the places above it), a null becomes an empty object or array.
func (j *jsonValue) materialize(kind jsonKind) error {
	if j.node == nil {
		if j.parent == nil {
			j.node = &jsonNode{kind: kind}
			return nil
		}
		pk := jObject
		if j.key == "" {
			pk = jArray
		}
		if err := j.parent.materialize(pk); err != nil {
			return err
		}
		n := &jsonNode{kind: kind}
		if pk == jObject {
			j.parent.node.set(j.key, n)
		} else if err := j.parent.node.setItem(j.index, n); err != nil {
			return err
		}
		j.node, j.parent = n, nil
		return nil
	}
	switch {
	case j.node.kind == kind:
		return nil
	case j.node.kind == jNull:
		*j.node = jsonNode{kind: kind}
		return nil
	}
	what := "a member"
	if kind == jArray {
		what = "an element"
	}
	return fmt.Errorf("this JSON value is %s: it cannot have %s", describeJSONKind(j.node.kind), what)
}

func describeJSONKind(k jsonKind) string {
	switch k {
	case jBool:
		return "a boolean"
	case jNumber:
		return "a number"
	case jString:
		return "a string"
	case jObject:
		return "an object"
	case jArray:
		return "an array"
	}
	return "null"
}

// HasMember implements interp.DynamicMembers.
func (j *jsonValue) HasMember(name string) bool {
	return j.node != nil && j.node.get(name) != nil
}

// Member implements interp.DynamicMembers: a member that does not exist reads as Null.
func (j *jsonValue) Member(_ *interp.Thread, name string) (interp.Value, error) {
	if j.node == nil {
		return interp.Null, nil
	}
	return j.wrap(j.node.get(name)), nil
}

// MemberContainer implements interp.DynamicMembers.
func (j *jsonValue) MemberContainer(_ *interp.Thread, name string) (interp.Value, error) {
	if j.node != nil {
		if n := j.node.get(name); n != nil && n.kind != jNull {
			return j.wrap(n), nil
		}
		if n := j.node.get(name); n != nil {
			return interp.ObjectValue(j.child(n)), nil
		}
	}
	return interp.ObjectValue(&jsonValue{typ: j.typ, parent: j, key: name}), nil
}

// SetMember implements interp.DynamicMembers.
func (j *jsonValue) SetMember(_ *interp.Thread, name string, v interp.Value) error {
	n, err := toJSONNode(v, 0)
	if err != nil {
		return err
	}
	if err := j.materialize(jObject); err != nil {
		return err
	}
	j.node.set(name, n)
	return nil
}

// MemberProperty implements interp.DynamicMembers: ..Existe, ..Valeur and ..Occurrence of
// a member, whatever it holds.
func (j *jsonValue) MemberProperty(_ *interp.Thread, name, prop string) (interp.Value, bool, error) {
	var n *jsonNode
	if j.node != nil {
		n = j.node.get(name)
	}
	return j.propertyOf(n, prop)
}

func (j *jsonValue) propertyOf(n *jsonNode, prop string) (interp.Value, bool, error) {
	switch prop {
	case "existe", "exist":
		return interp.Bool(n != nil), true, nil
	case "valeur", "value":
		return j.wrap(n), true, nil
	case "occurrence", "count":
		if n == nil {
			return interp.Int(0), true, nil
		}
		return interp.Int(int64(n.count())), true, nil
	}
	return interp.Null, false, nil
}

// element finds the node an index designates: a member name for an object, a 1-based
// position for an array. A name absent, or a position past the end, gives nil.
func (j *jsonValue) element(idx []interp.Value) (*jsonNode, error) {
	if len(idx) != 1 {
		return nil, fmt.Errorf("a JSON value takes one index, %d given", len(idx))
	}
	if j.node == nil {
		return nil, nil
	}
	switch j.node.kind {
	case jObject:
		return j.node.get(idx[0].String()), nil
	case jArray:
		if k := idx[0].Kind(); k != interp.KInt && k != interp.KReal {
			return nil, fmt.Errorf("a JSON array is indexed by a number, not by %q", idx[0].String())
		}
		i := idx[0].AsInt()
		if i < 1 || i > int64(len(j.node.items)) {
			return nil, nil
		}
		return j.node.items[i-1], nil
	case jNull:
		return nil, nil
	}
	return nil, fmt.Errorf("this JSON value is %s: it has no elements", describeJSONKind(j.node.kind))
}

// Index implements interp.Indexer: j["nom"], j.tab[2]. A position out of range is an
// error, as it is for arrays; a name absent reads as Null.
func (j *jsonValue) Index(_ *interp.Thread, idx []interp.Value) (interp.Value, error) {
	n, err := j.element(idx)
	if err != nil {
		return interp.Null, err
	}
	if n == nil && j.node != nil && j.node.kind == jArray {
		return interp.Null, fmt.Errorf("index %s out of range: the JSON array has %d elements", idx[0].String(), len(j.node.items))
	}
	return j.wrap(n), nil
}

// SetIndex implements interp.Indexer: j["nom"] = v sets a member; j.tab[i] = v an element
// (one past the end appends).
func (j *jsonValue) SetIndex(_ *interp.Thread, idx []interp.Value, v interp.Value) error {
	if len(idx) != 1 {
		return fmt.Errorf("a JSON value takes one index, %d given", len(idx))
	}
	n, err := toJSONNode(v, 0)
	if err != nil {
		return err
	}
	if k := idx[0].Kind(); k == interp.KInt || k == interp.KReal {
		if j.node != nil && j.node.kind == jObject {
			j.node.set(idx[0].String(), n)
			return nil
		}
		if err := j.materialize(jArray); err != nil {
			return err
		}
		return j.node.setItem(int(idx[0].AsInt()), n)
	}
	if err := j.materialize(jObject); err != nil {
		return err
	}
	j.node.set(idx[0].String(), n)
	return nil
}

// IndexContainer implements interp.IndexContainer.
func (j *jsonValue) IndexContainer(_ *interp.Thread, idx []interp.Value) (interp.Value, error) {
	n, err := j.element(idx)
	if err != nil {
		return interp.Null, err
	}
	if n != nil {
		if n.kind == jNull {
			return interp.ObjectValue(j.child(n)), nil
		}
		return j.wrap(n), nil
	}
	if k := idx[0].Kind(); (k == interp.KInt || k == interp.KReal) && (j.node == nil || j.node.kind != jObject) {
		i := idx[0].AsInt()
		if i < 1 || i > math.MaxInt32 {
			return interp.Null, fmt.Errorf("index %d out of range: JSON arrays start at 1", i)
		}
		return interp.ObjectValue(&jsonValue{typ: j.typ, parent: j, index: int(i)}), nil
	}
	return interp.ObjectValue(&jsonValue{typ: j.typ, parent: j, key: idx[0].String()}), nil
}

// IndexProperty implements interp.IndexProperty.
func (j *jsonValue) IndexProperty(_ *interp.Thread, idx []interp.Value, prop string) (interp.Value, bool, error) {
	n, err := j.element(idx)
	if err != nil {
		return interp.Null, false, err
	}
	return j.propertyOf(n, prop)
}

// IterateKeyed implements interp.KeyedIterable: POUR TOUT walks the elements of an array
// (POUR TOUT x, i DE j.tab: the element and its position) or the members of an object (POUR
// TOUT valeur, nom DE j: the value and the member's name), in order, over the members there
// were when the loop started.
func (j *jsonValue) IterateKeyed(*interp.Thread) (func() (interp.Value, interp.Value, bool), error) {
	var list []*jsonNode
	var keys []string
	if j.node != nil {
		switch j.node.kind {
		case jArray:
			list = j.node.items
		case jObject:
			list, keys = j.node.vals, append([]string(nil), j.node.keys...)
		case jNull:
		default:
			return nil, fmt.Errorf("POUR TOUT cannot walk a JSON value that is %s", describeJSONKind(j.node.kind))
		}
	}
	list = append([]*jsonNode(nil), list...)
	i := 0
	return func() (interp.Value, interp.Value, bool) {
		if i >= len(list) {
			return interp.Null, interp.Null, false
		}
		i++
		key := interp.Null
		if keys != nil {
			key = interp.Str(keys[i-1])
		}
		return j.wrap(list[i-1]), key, true
	}, nil
}

// toJSONNode converts a WLanguage value to a JSON node: Null, booleans, numbers and
// strings as themselves, buffers as strings, dates, times and datetimes as ISO 8601
// strings ("2026-11-24", "13:45:30.250", "2026-11-24T13:45:30.250", the forms WINDEV's
// runtime writes), durations as their milliseconds, arrays as arrays (an array of several
// dimensions as an array of rows), associative arrays as objects, structures and classes
// as objects of their members (recordNode), JSON values copied.
func toJSONNode(v interp.Value, depth int) (*jsonNode, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("the value is nested more than %d levels deep", maxJSONDepth)
	}
	switch v.Kind() {
	case interp.KNull:
		return &jsonNode{kind: jNull}, nil
	case interp.KBool:
		return &jsonNode{kind: jBool, b: v.AsBool()}, nil
	case interp.KInt, interp.KDuration:
		return &jsonNode{kind: jNumber, text: fmt.Sprint(v.AsInt())}, nil
	case interp.KReal:
		f := v.AsFloat()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return &jsonNode{kind: jNull}, nil
		}
		return &jsonNode{kind: jNumber, text: v.String()}, nil
	case interp.KString, interp.KBuffer:
		return &jsonNode{kind: jString, text: v.String()}, nil
	case interp.KDate, interp.KDateTime:
		if v.Kind() == interp.KDateTime {
			return &jsonNode{kind: jString, text: v.GoTime().Format("2006-01-02T15:04:05.000")}, nil
		}
		return &jsonNode{kind: jString, text: v.GoTime().Format("2006-01-02")}, nil
	case interp.KTime:
		return &jsonNode{kind: jString, text: v.GoTime().Format("15:04:05.000")}, nil
	case interp.KArray:
		if dims := v.Array().Dims(); len(dims) > 1 {
			return gridNode(v.Array().Items(), dims, depth)
		}
		n := &jsonNode{kind: jArray, items: []*jsonNode{}}
		for _, it := range v.Array().Items() {
			c, err := toJSONNode(it, depth+1)
			if err != nil {
				return nil, err
			}
			n.items = append(n.items, c)
		}
		return n, nil
	case interp.KAssoc:
		a := v.Assoc()
		n := &jsonNode{kind: jObject, keys: []string{}, vals: []*jsonNode{}}
		for i, k := range a.Keys() {
			c, err := toJSONNode(a.Values()[i], depth+1)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k)
			n.vals = append(n.vals, c)
		}
		return n, nil
	case interp.KObject:
		switch o := v.Object().(type) {
		case *jsonValue:
			return o.node.clone(), nil
		case serialObject:
			return o.serialJSON()
		}
		if rec, ok := interp.RecordOf(v); ok {
			return recordNode(rec, depth)
		}
		return nil, fmt.Errorf("a value of type %s cannot be converted to JSON", v.Object().ObjectType().Name)
	case interp.KTuple:
		if vs := v.Tuple(); len(vs) > 0 {
			return toJSONNode(vs[0], depth)
		}
		return &jsonNode{kind: jNull}, nil
	}
	return nil, fmt.Errorf("a %s cannot be converted to JSON", v.Kind())
}

// newJSONType makes the JSON type.
func newJSONType() *interp.ObjectType {
	t := &interp.ObjectType{Name: "JSON", Names: []string{"JSON"}, Open: true}
	t.New = func() interp.Object { return &jsonValue{typ: t, node: &jsonNode{kind: jNull}} }
	t.Assign = func(v interp.Value) (interp.Object, bool) {
		switch v.Kind() {
		case interp.KString, interp.KBuffer:
			// A string holding a JSON document is read as one; any other string is a JSON
			// string.
			text := v.String()
			if n, err := parseJSON([]byte(text)); err == nil {
				return &jsonValue{typ: t, node: n}, true
			}
			return &jsonValue{typ: t, node: &jsonNode{kind: jString, text: text}}, true
		case interp.KObject:
			// A JSON value is copied, a structure or class instance becomes the object of its
			// members; other objects are stored as they are.
			if _, ok := v.Object().(*jsonValue); !ok {
				if _, ok := interp.RecordOf(v); !ok {
					return nil, false
				}
			}
		}
		n, err := toJSONNode(v, 0)
		if err != nil {
			return nil, false
		}
		return &jsonValue{typ: t, node: n}, true
	}
	self := func(o interp.Object) *jsonValue { return o.(*jsonValue) }
	t.Props = []*interp.Property{
		{Names: []string{"Existe", "Exist"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Bool(self(o).node != nil), nil
			}},
		{Names: []string{"Occurrence", "Count"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				if n := self(o).node; n != nil {
					return interp.Int(int64(n.count())), nil
				}
				return interp.Int(0), nil
			}},
		{Names: []string{"Valeur", "Value"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				j := self(o)
				return j.wrap(j.node), nil
			}},
	}
	return t
}

// errNotJSON is the message of JSONVersVariant for text that is not JSON.
var errNotJSON = errors.New("JSONVersVariant: the text is not valid JSON")

// jsonText returns the JSON text of a value for VariantVersJSON.
func jsonText(v interp.Value) (string, error) {
	n, err := toJSONNode(v, 0)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	n.marshal(&b, false)
	return b.String(), nil
}
