package interp

import (
	"math"
	"strings"
	"unicode"

	wlex "github.com/wl-lang/wl/lexer"
)

// isTextual reports whether v takes part in "+" as text.
func (v Value) isTextual() bool { return v.k == KString || v.k == KBuffer }

// opAdd is "+": concatenation when either side is a string, date arithmetic, else addition.
func opAdd(a, b Value) (Value, bool) {
	if a.k == KInt && b.k == KInt {
		s := a.n + b.n
		if (s > a.n) == (b.n > 0) {
			return Int(s), true
		}
		return Real(float64(a.n) + float64(b.n)), true
	}
	if a.isTextual() || b.isTextual() {
		return appendString(a, b.String()), true
	}
	switch a.k {
	case KDate:
		if b.isNumber() {
			return dateValue(a.n + b.AsInt()), true
		}
		if b.k == KDuration {
			return dateValue(a.n + b.n/msPerDay), true
		}
	case KDateTime, KTime:
		if b.k == KDuration {
			return Value{k: a.k, n: a.n + b.n}, true
		}
	case KDuration:
		if b.k == KDuration {
			return Value{k: KDuration, n: a.n + b.n}, true
		}
	}
	return arith('+', a, b)
}

func opSub(a, b Value) (Value, bool) {
	if a.k == KInt && b.k == KInt {
		d := a.n - b.n
		if (d < a.n) == (b.n > 0) {
			return Int(d), true
		}
		return Real(float64(a.n) - float64(b.n)), true
	}
	switch a.k {
	case KDate:
		switch b.k {
		case KDate:
			return Int(a.n - b.n), true
		case KDuration:
			return dateValue(a.n - b.n/msPerDay), true
		}
		if b.isNumber() {
			return dateValue(a.n - b.AsInt()), true
		}
	case KDateTime, KTime:
		if b.k == a.k {
			return Value{k: KDuration, n: a.n - b.n}, true
		}
		if b.k == KDuration {
			return Value{k: a.k, n: a.n - b.n}, true
		}
	case KDuration:
		if b.k == KDuration {
			return Value{k: KDuration, n: a.n - b.n}, true
		}
	}
	return arith('-', a, b)
}

// numeric gives the number a value stands for in arithmetic; ok is false for values that
// have none (arrays, objects).
func numeric(v Value) (Value, bool) {
	switch v.k {
	case KInt, KReal:
		return v, true
	case KBool:
		return Int(v.n), true
	case KNull:
		return Int(0), true
	case KString, KBuffer, KDate, KTime, KDateTime, KDuration:
		return v.ToNumber(), true
	case KTuple:
		if vs := v.Tuple(); len(vs) > 0 {
			return numeric(vs[0])
		}
	}
	return Null, false
}

// arith applies a numeric operator; ok is false when an operand is not a number or on
// division by zero (the caller reports the error).
func arith(op byte, a, b Value) (Value, bool) {
	x, ok1 := numeric(a)
	y, ok2 := numeric(b)
	if !ok1 || !ok2 {
		return Null, false
	}
	if x.k == KInt && y.k == KInt {
		switch op {
		case '+':
			return opAdd(x, y)
		case '-':
			return opSub(x, y)
		case '*':
			hi, lo := mul64(x.n, y.n)
			if hi {
				return Real(float64(x.n) * float64(y.n)), true
			}
			return Int(lo), true
		case '/':
			if y.n == 0 {
				return Null, false
			}
			if x.n%y.n == 0 {
				return Int(x.n / y.n), true
			}
			return Real(float64(x.n) / float64(y.n)), true
		case '%':
			if y.n == 0 {
				return Null, false
			}
			return Int(x.n % y.n), true
		}
	}
	f, g := x.AsFloat(), y.AsFloat()
	switch op {
	case '+':
		return Real(f + g), true
	case '-':
		return Real(f - g), true
	case '*':
		return Real(f * g), true
	case '/':
		if g == 0 {
			return Null, false
		}
		return Real(f / g), true
	case '%':
		if g == 0 {
			return Null, false
		}
		return Real(math.Mod(f, g)), true
	}
	return Null, false
}

// mul64 multiplies, reporting overflow.
func mul64(a, b int64) (overflow bool, r int64) {
	if a == 0 || b == 0 {
		return false, 0
	}
	r = a * b
	if r/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return true, 0
	}
	return false, r
}

// compare orders two values: numbers numerically, strings byte by byte, a numeric string
// against a number numerically. ok is false when the two cannot be ordered.
func compare(a, b Value) (int, bool) {
	if a.k == KInt && b.k == KInt {
		return cmpInt(a.n, b.n), true
	}
	an, bn := a.isNumber() || a.k == KBool, b.isNumber() || b.k == KBool
	switch {
	case an && bn:
		return cmpFloat(a.AsFloat(), b.AsFloat()), true
	case a.k == KNull && b.k == KNull:
		return 0, true
	case a.k == KNull:
		return compareNull(b, 1)
	case b.k == KNull:
		c, ok := compareNull(a, 1)
		return -c, ok
	case an && b.isTextual():
		if isNumeric(b.str()) {
			return cmpFloat(a.AsFloat(), b.AsFloat()), true
		}
		return strings.Compare(a.String(), b.str()), true
	case bn && a.isTextual():
		if isNumeric(a.str()) {
			return cmpFloat(a.AsFloat(), b.AsFloat()), true
		}
		return strings.Compare(a.str(), b.String()), true
	case a.k == b.k && (a.k == KDate || a.k == KTime || a.k == KDateTime || a.k == KDuration):
		return cmpInt(a.n, b.n), true
	case a.k == KArray || b.k == KArray || a.k == KAssoc || b.k == KAssoc:
		if a.r == b.r && a.k == b.k {
			return 0, true
		}
		return 1, false
	case a.k == KObject || b.k == KObject || a.k == KProc || b.k == KProc:
		if a.k == b.k && a.r == b.r {
			return 0, true
		}
		return 1, false
	}
	return strings.Compare(a.String(), b.String()), true
}

// compareNull compares Null with v: Null equals 0, "" and Faux and is below anything else.
func compareNull(v Value, _ int) (int, bool) {
	switch v.k {
	case KInt, KBool:
		return cmpInt(0, v.n), true
	case KReal:
		return cmpFloat(0, v.float()), true
	case KString, KBuffer:
		if v.n == 0 {
			return 0, true
		}
		return -1, true
	case KArray, KAssoc, KObject, KProc:
		return -1, true
	}
	return -1, true
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// equalValues is "=".
func equalValues(a, b Value) bool {
	if a.k == KInt && b.k == KInt {
		return a.n == b.n
	}
	if a.k == KString && b.k == KString {
		return a.str() == b.str()
	}
	c, ok := compare(a, b)
	return ok && c == 0
}

// flexible is the comparison form of "~=": case, accents and surrounding blanks ignored.
func flexible(s string) string { return wlex.Fold(strings.TrimSpace(s)) }

// veryFlexible is the form of "~~": also blanks and punctuation inside ignored.
func veryFlexible(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return r
	}, wlex.Fold(s))
}

// stringOp applies the string comparison operators.
func stringOp(op string, a, b Value) bool {
	switch op {
	case "~=":
		if a.isNumber() && b.isNumber() {
			return equalValues(a, b)
		}
		return flexible(a.String()) == flexible(b.String())
	case "~~":
		return veryFlexible(a.String()) == veryFlexible(b.String())
	case "[=":
		return strings.HasPrefix(a.String(), b.String())
	case "[=]":
		return strings.Contains(a.String(), b.String())
	case "=]":
		return strings.HasSuffix(a.String(), b.String())
	case "[~":
		return strings.HasPrefix(flexibleStart(a.String()), flexibleStart(b.String()))
	case "~]":
		return strings.HasSuffix(wlex.Fold(strings.TrimRight(a.String(), " \t")), wlex.Fold(strings.TrimRight(b.String(), " \t")))
	case "[~]":
		return strings.Contains(wlex.Fold(a.String()), wlex.Fold(b.String()))
	}
	return false
}

func flexibleStart(s string) string { return wlex.Fold(strings.TrimLeft(s, " \t")) }

// joinSep joins left and right with the optional separator of `a + [sep] + b`: the separator
// is not added when left is empty, when left already ends with it or right starts with it.
func joinSep(left, sep, right string) string {
	if left == "" || sep == "" || strings.HasSuffix(left, sep) || strings.HasPrefix(right, sep) {
		return left + right
	}
	return left + sep + right
}
