package interp

import (
	"fmt"
	"reflect"
	"time"
)

// ValueOf converts a Go value to a WLanguage value: nil gives Null; booleans, integers,
// floats and strings give the matching types; []byte a buffer; time.Time a datetime;
// time.Duration a durée; slices and arrays an array; maps with string keys an associative
// array; a Value or an Object is kept.
func ValueOf(x any) (Value, error) {
	return valueOf(x, 0)
}

// maxGoNesting bounds the nesting of the Go slices and maps ValueOf converts (a []any can
// hold itself).
const maxGoNesting = 10000

func valueOf(x any, depth int) (Value, error) {
	if depth > maxGoNesting {
		return Null, fmt.Errorf("cannot convert Go values nested more than %d levels deep", maxGoNesting)
	}
	switch x := x.(type) {
	case nil:
		return Null, nil
	case Value:
		return x, nil
	case Object:
		return ObjectValue(x), nil
	case bool:
		return Bool(x), nil
	case string:
		return Str(x), nil
	case []byte:
		return Buffer(x), nil
	case int:
		return Int(int64(x)), nil
	case int64:
		return Int(x), nil
	case int32:
		return Int(int64(x)), nil
	case float64:
		return Real(x), nil
	case time.Time:
		return DateTimeOf(x), nil
	case time.Duration:
		return DurationOf(x), nil
	}
	rv := reflect.ValueOf(x)
	switch rv.Kind() {
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
		return Int(rv.Int()), nil
	case reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uint:
		return Int(int64(rv.Uint())), nil
	case reflect.Float32, reflect.Float64:
		return Real(rv.Float()), nil
	case reflect.String:
		return Str(rv.String()), nil
	case reflect.Bool:
		return Bool(rv.Bool()), nil
	case reflect.Slice, reflect.Array:
		a := NewArray(Variant)
		for i := 0; i < rv.Len(); i++ {
			v, err := valueOf(rv.Index(i).Interface(), depth+1)
			if err != nil {
				return Null, err
			}
			a.Append(v)
		}
		return ArrayValue(a), nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		m := NewAssoc(Variant)
		keys := rv.MapKeys()
		sortStrings(keys)
		for _, k := range keys {
			v, err := valueOf(rv.MapIndex(k).Interface(), depth+1)
			if err != nil {
				return Null, err
			}
			m.Set(k.String(), v)
		}
		return AssocValue(m), nil
	case reflect.Pointer:
		if rv.IsNil() {
			return Null, nil
		}
	}
	return Null, fmt.Errorf("cannot convert a Go %T to a WLanguage value", x)
}

func sortStrings(keys []reflect.Value) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// GoValue converts v to a plain Go value: Null is nil, booleans bool, integers int64, reals
// float64, strings string, buffers []byte, dates and datetimes time.Time, durations
// time.Duration, arrays []any, associative arrays map[string]any; objects are returned as
// they are.
func (v Value) GoValue() any {
	switch v.k {
	case KNull:
		return nil
	case KBool:
		return v.n != 0
	case KInt:
		return v.n
	case KReal:
		return v.float()
	case KString:
		return v.str()
	case KBuffer:
		return append([]byte(nil), v.BufferBytes()...)
	case KDate, KDateTime:
		return v.GoTime()
	case KTime:
		return time.Duration(v.n) * time.Millisecond
	case KDuration:
		return time.Duration(v.n) * time.Millisecond
	case KArray, KAssoc, KTuple:
		var gc goConverter
		out := gc.value(v)
		for len(gc.todo) > 0 {
			p := gc.todo[len(gc.todo)-1]
			gc.todo = gc.todo[:len(gc.todo)-1]
			for i, x := range p.src {
				if p.keys != nil {
					p.m[p.keys[i]] = gc.value(x)
				} else {
					p.s[i] = gc.value(x)
				}
			}
		}
		return out
	case KObject:
		return v.r
	case KProc:
		return v.r.(*closure).proc.Name
	}
	return nil
}

// goConverter is the state of GoValue for arrays: the conversions made so far, by array, and
// the slices and maps still to fill. It works from a list rather than by recursion, so that
// arrays nested without bound cannot exhaust the stack, and converts an array met twice (or
// inside itself) once: the Go value has the same shape.
type goConverter struct {
	done map[any]any
	todo []goPending
}

// goPending is a converted container whose elements, src, are still to be converted into
// s (an array or multiple values) or into m under keys (an associative array).
type goPending struct {
	src  []Value
	s    []any
	m    map[string]any
	keys []string
}

func (gc *goConverter) value(v Value) any {
	switch v.k {
	case KArray:
		a := v.Array()
		if out, ok := gc.done[a]; ok {
			return out
		}
		out := make([]any, len(a.items))
		gc.remember(a, out)
		gc.todo = append(gc.todo, goPending{src: a.items, s: out})
		return out
	case KAssoc:
		a := v.Assoc()
		if out, ok := gc.done[a]; ok {
			return out
		}
		out := make(map[string]any, len(a.keys))
		gc.remember(a, out)
		gc.todo = append(gc.todo, goPending{src: a.vals, m: out, keys: a.keys})
		return out
	case KTuple:
		vs := v.Tuple()
		out := make([]any, len(vs))
		gc.todo = append(gc.todo, goPending{src: vs, s: out})
		return out
	}
	return v.GoValue()
}

func (gc *goConverter) remember(a, out any) {
	if gc.done == nil {
		gc.done = map[any]any{}
	}
	gc.done[a] = out
}
