package interp

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"time"
)

// UnpackArgs assigns the arguments of a builtin to Go variables: each ptr is a *string,
// *int, *int64, *float64, *bool, *[]byte, *time.Time, *time.Duration or *Value. Arguments
// after the required ones are optional: pass the number of required ones in required. A
// wrong count or a value that does not convert is an error naming fn.
func UnpackArgs(fn string, args []Value, required int, ptrs ...any) error {
	if len(args) < required || len(args) > len(ptrs) {
		if required == len(ptrs) {
			return fmt.Errorf("%s: wrong number of parameters: %d given, %d expected", fn, len(args), required)
		}
		return fmt.Errorf("%s: wrong number of parameters: %d given, %d to %d expected", fn, len(args), required, len(ptrs))
	}
	for i, a := range args {
		if err := unpack(a, ptrs[i]); err != nil {
			return fmt.Errorf("%s: parameter %d: %w", fn, i+1, err)
		}
	}
	return nil
}

func unpack(v Value, ptr any) error {
	switch p := ptr.(type) {
	case *Value:
		*p = v
	case *string:
		*p = v.String()
	case *int:
		*p = int(v.AsInt())
	case *int64:
		*p = v.AsInt()
	case *float64:
		*p = v.AsFloat()
	case *bool:
		*p = v.AsBool()
	case *[]byte:
		*p = append([]byte(nil), v.BufferBytes()...)
	case *time.Time:
		switch v.k {
		case KDate, KDateTime:
			*p = v.GoTime()
		default:
			d := TypeDateTime.convert(v)
			if d.n == 0 {
				return fmt.Errorf("%q is not a date", v.String())
			}
			*p = d.GoTime()
		}
	case *time.Duration:
		*p = time.Duration(v.AsInt()) * time.Millisecond
		if v.k == KDuration || v.k == KTime {
			*p = time.Duration(v.n) * time.Millisecond
		}
	default:
		return fmt.Errorf("cannot unpack into %T", ptr)
	}
	return nil
}

var (
	threadType  = reflect.TypeOf((*Thread)(nil))
	contextType = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
	valueType   = reflect.TypeOf(Value{})
)

// GoFunc makes a builtin from an ordinary Go function, for hosts that embed wl. The
// function may take a *Thread, or a context.Context (the run's, to stop waiting when the run
// is cancelled), first; its other parameters are filled from the WLanguage arguments
// (string, bool, integers, floats, []byte, time.Time, time.Duration, Value, and a final
// variadic ...Value or ...string); it may return nothing, a value, an error, or a value and
// an error. A returned error is a fatal WLanguage error at the call, which CAS EXCEPTION and
// QUAND EXCEPTION can handle.
func GoFunc(names []string, fn any) (*Builtin, error) {
	rv := reflect.ValueOf(fn)
	rt := rv.Type()
	if rt.Kind() != reflect.Func {
		return nil, fmt.Errorf("GoFunc %v: %T is not a function", names, fn)
	}
	if len(names) == 0 {
		return nil, errors.New("GoFunc: no name")
	}
	first := 0
	if rt.NumIn() > 0 && (rt.In(0) == threadType || rt.In(0) == contextType) {
		first = 1
	}
	withCtx := first == 1 && rt.In(0) == contextType
	nparams := rt.NumIn() - first
	for i := first; i < rt.NumIn(); i++ {
		t := rt.In(i)
		if rt.IsVariadic() && i == rt.NumIn()-1 {
			t = t.Elem()
		}
		if !unpackable(t) {
			return nil, fmt.Errorf("GoFunc %s: parameter type %s is not supported", names[0], rt.In(i))
		}
	}
	switch {
	case rt.NumOut() > 2,
		rt.NumOut() == 2 && rt.Out(1) != errorType:
		return nil, fmt.Errorf("GoFunc %s: results must be (), (T), (error) or (T, error)", names[0])
	}
	b := &Builtin{Names: names, MinArgs: nparams, MaxArgs: nparams}
	if rt.IsVariadic() {
		b.MinArgs, b.MaxArgs = nparams-1, -1
	}
	name := names[0]
	b.Fn = func(th *Thread, args []Value) (Value, error) {
		in := make([]reflect.Value, 0, rt.NumIn())
		switch {
		case withCtx:
			in = append(in, reflect.ValueOf(&th.ctx).Elem())
		case first == 1:
			in = append(in, reflect.ValueOf(th))
		}
		for i := first; i < rt.NumIn(); i++ {
			pt := rt.In(i)
			ai := i - first
			if rt.IsVariadic() && i == rt.NumIn()-1 {
				for _, a := range args[ai:] {
					x, err := fromValue(a, pt.Elem())
					if err != nil {
						return Null, fmt.Errorf("%s: %w", name, err)
					}
					in = append(in, x)
				}
				break
			}
			x, err := fromValue(args[ai], pt)
			if err != nil {
				return Null, fmt.Errorf("%s: parameter %d: %w", name, ai+1, err)
			}
			in = append(in, x)
		}
		out := rv.Call(in)
		if n := len(out); n > 0 && rt.Out(n-1) == errorType {
			if err, _ := out[n-1].Interface().(error); err != nil {
				return Null, err
			}
			out = out[:n-1]
		}
		if len(out) == 0 {
			return Null, nil
		}
		return ValueOf(out[0].Interface())
	}
	return b, nil
}

func unpackable(t reflect.Type) bool {
	if t == valueType || t == reflect.TypeOf(time.Time{}) || t == reflect.TypeOf(time.Duration(0)) {
		return true
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32,
		reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8
	}
	return false
}

func fromValue(v Value, t reflect.Type) (reflect.Value, error) {
	switch {
	case t == valueType:
		return reflect.ValueOf(v), nil
	case t == reflect.TypeOf(time.Time{}):
		var tm time.Time
		err := unpack(v, &tm)
		return reflect.ValueOf(tm), err
	case t == reflect.TypeOf(time.Duration(0)):
		var d time.Duration
		err := unpack(v, &d)
		return reflect.ValueOf(d), err
	}
	x := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		x.SetString(v.String())
	case reflect.Bool:
		x.SetBool(v.AsBool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x.SetInt(v.AsInt())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n := v.AsInt()
		if n < 0 {
			return x, fmt.Errorf("%d is negative", n)
		}
		x.SetUint(uint64(n))
	case reflect.Float32, reflect.Float64:
		x.SetFloat(v.AsFloat())
	case reflect.Slice:
		x.SetBytes(append([]byte(nil), v.BufferBytes()...))
	}
	return x, nil
}
