package interp

import (
	"math"
	"unsafe"

	"github.com/alecthomas/participle/v2/lexer"
)

// Kind is the dynamic type of a Value.
type Kind uint8

// Value kinds.
const (
	KNull     Kind = iota // Null, and the content of a variant never assigned
	KBool                 // Vrai/Faux
	KInt                  // entier of any size, held as int64
	KReal                 // réel, numérique, monétaire, held as float64
	KString               // chaîne
	KBuffer               // buffer: bytes
	KDate                 // date, held as days since 0001-01-01 in N
	KTime                 // heure, milliseconds since midnight in N
	KDateTime             // dateheure, milliseconds since 0001-01-01 in N
	KDuration             // durée, milliseconds in N
	KArray                // tableau
	KAssoc                // tableau associatif
	KObject               // a value of a type registered by a library (Email, sessions...)
	KProc                 // a procedure used as a value
	KTuple                // several values (multiple results)
)

var kindNames = [...]string{
	KNull: "Null", KBool: "boolean", KInt: "integer", KReal: "real", KString: "string",
	KBuffer: "buffer", KDate: "date", KTime: "time", KDateTime: "datetime", KDuration: "duration",
	KArray: "array", KAssoc: "associative array", KObject: "object", KProc: "procedure",
	KTuple: "multiple values",
}

// String names the kind for messages.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Value is a WLanguage value. It is small and passed by value; the zero Value is Null.
// Numbers, booleans and date/time values live in n; strings, arrays and objects in r.
type Value struct {
	k Kind
	n int64
	r any
}

// Null is the Null value.
var Null = Value{}

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.k }

// Bool makes a boolean.
func Bool(b bool) Value {
	if b {
		return Value{k: KBool, n: 1}
	}
	return Value{k: KBool}
}

// Int makes an integer.
func Int(i int64) Value { return Value{k: KInt, n: i} }

// Real makes a real number.
func Real(f float64) Value { return Value{k: KReal, n: int64(math.Float64bits(f))} }

// Str makes a string.
func Str(s string) Value {
	if s == "" {
		return Value{k: KString}
	}
	return Value{k: KString, n: int64(len(s)), r: stringBuf(s)}
}

// Buffer makes a buffer holding a copy of b.
func Buffer(b []byte) Value {
	c := make([]byte, len(b))
	copy(c, b)
	return Value{k: KBuffer, n: int64(len(c)), r: &strBuf{b: c}}
}

// Date makes a date from a day number (days since 0001-01-01).
func dateValue(days int64) Value { return Value{k: KDate, n: days} }

// Object makes a value from a library object.
func ObjectValue(o Object) Value { return Value{k: KObject, r: o} }

// ArrayValue makes a value from an array.
func ArrayValue(a *Array) Value { return Value{k: KArray, r: a} }

// AssocValue makes a value from an associative array.
func AssocValue(a *Assoc) Value { return Value{k: KAssoc, r: a} }

// IsNull reports whether v is Null.
func (v Value) IsNull() bool { return v.k == KNull }

// AsBool is v's boolean meaning: Vrai, a non-zero number, a non-empty string other than "0".
func (v Value) AsBool() bool {
	switch v.k {
	case KBool, KInt:
		return v.n != 0
	case KReal:
		return v.float() != 0
	case KString:
		s := v.str()
		return s != "" && s != "0"
	case KNull:
		return false
	}
	return true
}

func (v Value) float() float64 { return math.Float64frombits(uint64(v.n)) }

// Object returns the library object of a KObject value, or nil.
func (v Value) Object() Object {
	if v.k != KObject {
		return nil
	}
	o, _ := v.r.(Object)
	return o
}

// Array returns the array of a KArray value, or nil.
func (v Value) Array() *Array {
	if v.k != KArray {
		return nil
	}
	return v.r.(*Array)
}

// Assoc returns the associative array of a KAssoc value, or nil.
func (v Value) Assoc() *Assoc {
	if v.k != KAssoc {
		return nil
	}
	return v.r.(*Assoc)
}

// Tuple returns the values of a KTuple value.
func (v Value) Tuple() []Value {
	if v.k != KTuple {
		return nil
	}
	return v.r.([]Value)
}

// TupleValue makes a multiple-results value.
func TupleValue(vs []Value) Value { return Value{k: KTuple, r: vs} }

// BufferBytes returns the bytes of a buffer or string value without copying; they must not
// be modified.
func (v Value) BufferBytes() []byte {
	switch v.k {
	case KBuffer, KString:
		if v.r == nil {
			return nil
		}
		return v.r.(*strBuf).b[:v.n:v.n]
	}
	return []byte(v.String())
}

// strBuf holds the bytes of strings and buffers. Bytes below len(b) are never changed once
// written, so many values may share one strBuf, each seeing its own prefix of length n; a
// value whose length equals len(b) may append in place (amortised O(1) "s += x"). A frozen
// buffer (literals, Go strings) is never appended to: appending copies it first.
type strBuf struct {
	b      []byte
	frozen bool
	mark   walkMark
}

// stringBuf wraps a non-empty Go string without copying it.
func stringBuf(s string) *strBuf {
	return &strBuf{b: unsafe.Slice(unsafe.StringData(s), len(s)), frozen: true}
}

// str returns the Go string of a KString value without copying.
func (v Value) str() string {
	if v.r == nil || v.n == 0 {
		return ""
	}
	b := v.r.(*strBuf).b
	return unsafe.String(&b[0], int(v.n))
}

// appendString returns a + s, appending in place when a owns the end of its buffer.
func appendString(a Value, s string) Value {
	var th *Thread
	return th.appendString(nil, lexer.Position{}, a, s)
}

// appendString is appendString(a, s) with what it allocates charged to the memory limit
// first, at pos in fr; th may be nil (nothing is charged).
func (th *Thread) appendString(fr *frame, pos lexer.Position, a Value, s string) Value {
	if a.k != KString {
		if th != nil {
			th.alloc(fr, pos, stringHeader+stringSize(a)+int64(len(s)))
		}
		return Str(a.String() + s)
	}
	if s == "" {
		return a
	}
	if a.r != nil {
		buf := a.r.(*strBuf)
		if !buf.frozen && int(a.n) == len(buf.b) {
			if need := len(buf.b) + len(s); need > cap(buf.b) {
				// Double the capacity (Go's append grows large slices by only 1.25x, which
				// copies a growing string five times over).
				c := max(2*cap(buf.b), need)
				if th != nil {
					th.alloc(fr, pos, stringHeader+int64(c))
				}
				nb := make([]byte, len(buf.b), c)
				copy(nb, buf.b)
				buf.b = nb
			}
			buf.b = append(buf.b, s...)
			return Value{k: KString, n: a.n + int64(len(s)), r: buf}
		}
	}
	n := growCap(int(a.n) + len(s))
	if th != nil {
		th.alloc(fr, pos, stringHeader+int64(n))
	}
	old := a.str()
	nb := make([]byte, 0, n)
	nb = append(nb, old...)
	nb = append(nb, s...)
	return Value{k: KString, n: int64(len(nb)), r: &strBuf{b: nb}}
}

func growCap(n int) int {
	if n < 32 {
		return 32
	}
	return n + n/2
}
