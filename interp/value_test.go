package interp

import (
	"sync"
	"testing"
)

// Appending in place must never change what another value sharing the buffer sees.
func TestAppendStringSharing(t *testing.T) {
	a := appendString(Str(""), "abc") // a owns a fresh buffer
	b := appendString(a, "def")       // appends in place
	c := appendString(a, "XYZ")       // a no longer owns the end: copies
	if a.String() != "abc" || b.String() != "abcdef" || c.String() != "abcXYZ" {
		t.Errorf("a=%q b=%q c=%q", a, b, c)
	}
	d := appendString(b, "ghi")
	if b.String() != "abcdef" || d.String() != "abcdefghi" {
		t.Errorf("b=%q d=%q", b, d)
	}
}

// A literal's buffer is frozen: appending to it copies, so programs can share literals
// between concurrent runs.
func TestAppendToFrozenCopies(t *testing.T) {
	lit := freeze(Str("lit"))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := lit
			for j := 0; j < 100; j++ {
				v = appendString(v, "x")
			}
			if v.String()[:3] != "lit" || len(v.String()) != 103 {
				t.Errorf("got %q", v)
			}
		}()
	}
	wg.Wait()
	if lit.String() != "lit" {
		t.Errorf("literal changed: %q", lit)
	}
}

// Appends are amortised: the buffer grows geometrically.
func TestAppendAmortised(t *testing.T) {
	v := Str("")
	grows := 0
	var last *strBuf
	for i := 0; i < 100000; i++ {
		v = appendString(v, "0123456789")
		if b := v.r.(*strBuf); b != last || cap(b.b) != cap(last.b) {
			grows++
			last = b
		}
	}
	if len(v.String()) != 1000000 {
		t.Fatalf("length %d", len(v.String()))
	}
	if grows > 60 {
		t.Errorf("%d reallocations for 100000 appends: not amortised", grows)
	}
}

func TestEmptyStringsAreSafe(t *testing.T) {
	vs := []Value{Str(""), {k: KString}, Buffer(nil), appendString(Str(""), "")}
	for _, v := range vs {
		if v.String() != "" || len(v.BufferBytes()) != 0 {
			t.Errorf("%#v not empty", v)
		}
	}
}

func TestFormatReal(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0.1 + 0.2, "0.3"},
		{3.5, "3.5"},
		{3, "3"},
		{-2.25, "-2.25"},
		{1.0 / 3, "0.333333333333333"},
		{1e20, "100000000000000000000"},
		{1.1 * 1.1, "1.21"},
	}
	for _, tt := range tests {
		if got := formatReal(tt.f); got != tt.want {
			t.Errorf("formatReal(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want Value
		ok   bool
	}{
		{"12", Int(12), true},
		{" -7 ", Int(-7), true},
		{"1.5", Real(1.5), true},
		{"1,5", Real(1.5), true},
		{"12abc", Int(12), true},
		{"0x1F", Int(31), true},
		{"2e3", Real(2000), true},
		{"abc", Int(0), false},
		{"", Int(0), false},
		{".5", Real(0.5), true},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in)
		if ok != tt.ok || !equalValues(got, tt.want) || got.k != tt.want.k {
			t.Errorf("parseNumber(%q) = %v (%v), %v; want %v, %v", tt.in, got, got.k, ok, tt.want, tt.ok)
		}
	}
}

func TestWrapInt(t *testing.T) {
	tests := []struct {
		n        int64
		bits     int
		unsigned bool
		want     int64
	}{
		{2147483648, 32, false, -2147483648},
		{128, 8, false, -128},
		{256, 8, true, 0},
		{-1, 16, true, 65535},
		{1 << 40, 64, false, 1 << 40},
	}
	for _, tt := range tests {
		if got := wrapInt(tt.n, tt.bits, tt.unsigned); got != tt.want {
			t.Errorf("wrapInt(%d, %d, %v) = %d, want %d", tt.n, tt.bits, tt.unsigned, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b Value
		want int
		ok   bool
	}{
		{Int(1), Int(2), -1, true},
		{Real(2.5), Int(2), 1, true},
		{Str("10"), Int(9), 1, true}, // a numeric string compares as a number
		{Str("abc"), Str("abd"), -1, true},
		{Str("b"), Int(1), 1, true}, // otherwise as text
		{Null, Int(0), 0, true},
		{Null, Str(""), 0, true},
		{Bool(true), Int(1), 0, true},
		{ArrayValue(NewArray(nil)), Int(1), 1, false},
	}
	for _, tt := range tests {
		got, ok := compare(tt.a, tt.b)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("compare(%v, %v) = %d, %v; want %d, %v", tt.a, tt.b, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAddOverflowBecomesReal(t *testing.T) {
	v, ok := opAdd(Int(1<<62), Int(1<<62))
	if !ok || v.k != KReal {
		t.Errorf("int64 overflow: %v %v", v, v.k)
	}
	if v, _ := arith('*', Int(1<<40), Int(1<<40)); v.k != KReal {
		t.Errorf("product overflow stays integer: %v", v)
	}
}

func TestConvert(t *testing.T) {
	tests := []struct {
		typ  *Type
		in   Value
		want string
		kind Kind
	}{
		{TypeInt, Str("12"), "12", KInt},
		{TypeInt, Real(7.9), "7", KInt},
		{TypeInt, Real(-7.9), "-7", KInt},
		{TypeInt, Int(1 << 31), "-2147483648", KInt},
		{TypeInt64, Int(1 << 31), "2147483648", KInt},
		{TypeString, Int(42), "42", KString},
		{TypeString, Bool(true), "1", KString},
		{TypeReal, Str("2.5"), "2.5", KReal},
		{TypeBool, Str("0"), "0", KBool},
		{TypeBool, Int(5), "1", KBool},
		{typeCurrency, Real(1.23456789), "1.234568", KReal},
		{TypeDate, Str("20261124"), "20261124", KDate},
		{TypeTime, Str("1345"), "13450000", KTime},
		{Variant, Str("x"), "x", KString},
		{Variant, TupleValue([]Value{Int(1), Int(2)}), "1", KInt},
	}
	for _, tt := range tests {
		got := tt.typ.convert(tt.in)
		if got.String() != tt.want || got.k != tt.kind {
			t.Errorf("%v.convert(%v) = %q (%v), want %q (%v)", tt.typ, tt.in, got, got.k, tt.want, tt.kind)
		}
	}
}

func TestArrayAssignmentCopies(t *testing.T) {
	arrType := &Type{Kind: KArray, Elem: TypeInt}
	a := NewArray(TypeInt)
	a.Append(Int(1))
	b := arrType.convert(ArrayValue(a)).Array()
	b.Append(Int(2))
	if a.Len() != 1 || b.Len() != 2 {
		t.Errorf("assignment shares the array: %d %d", a.Len(), b.Len())
	}
}

func TestSubstringRunes(t *testing.T) {
	tests := []struct {
		s        string
		from, to int
		want     string
	}{
		{"San Francisco", 5, 10, "Franci"},
		{"Élève", 1, 1, "É"},
		{"abc", 2, 10, "bc"},
		{"abc", 0, 1, "a"},
		{"abc", 4, 5, ""},
		{"abc", 3, 2, ""},
	}
	for _, tt := range tests {
		if got := substringRunes(tt.s, tt.from, tt.to); got != tt.want {
			t.Errorf("substringRunes(%q, %d, %d) = %q, want %q", tt.s, tt.from, tt.to, got, tt.want)
		}
	}
	if got := replaceRunes("abc", 5, 6, "X"); got != "abc X" {
		t.Errorf("replaceRunes past the end = %q", got)
	}
}

// TestAppendOwnedDoesNotCopy checks that AppendOwned keeps the very array it is given where
// Append stores a copy.
func TestAppendOwnedDoesNotCopy(t *testing.T) {
	st := &Type{Kind: KArray, Elem: &Type{Kind: KInt}}
	v := ArrayValue(NewArray(st.Elem))
	for _, c := range []struct {
		name string
		add  func(a *Array, v Value) int
		same bool
	}{
		{"Append", (*Array).Append, false},
		{"AppendOwned", (*Array).AppendOwned, true},
	} {
		a := NewArray(st)
		if n := c.add(a, v); n != 1 {
			t.Fatalf("%s: length %d", c.name, n)
		}
		got, _ := a.At(1)
		if same := got.Array() == v.Array(); same != c.same {
			t.Errorf("%s: the array holds the value given: %v, want %v", c.name, same, c.same)
		}
	}
}
