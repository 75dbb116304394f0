package interp

import (
	"math"
	"strconv"
	"strings"
)

// String converts v to its WLanguage string form: numbers without useless zeros, booleans as
// "1"/"0" (WLanguage converts Vrai to 1), dates as AAAAMMJJ, times as HHMMSSCC, Null as "".
func (v Value) String() string {
	switch v.k {
	case KString:
		return v.str()
	case KInt:
		return strconv.FormatInt(v.n, 10)
	case KReal:
		return formatReal(v.float())
	case KBool:
		if v.n != 0 {
			return "1"
		}
		return "0"
	case KNull:
		return ""
	case KBuffer:
		return v.str()
	case KDate:
		return formatDate(v.n)
	case KTime:
		return formatTime(v.n)
	case KDateTime:
		return formatDate(v.n/msPerDay) + formatTime(v.n%msPerDay) + formatMillis(v.n%1000)
	case KDuration:
		return strconv.FormatInt(v.n, 10)
	case KArray:
		return v.Array().join("\t")
	case KAssoc:
		return ""
	case KObject:
		if s, ok := v.r.(interface{ String() string }); ok {
			return s.String()
		}
		return ""
	case KProc:
		// Every procedure value is a closure (compile_call.go, compile_expr.go).
		return v.r.(*closure).proc.Name
	case KTuple:
		vs := v.Tuple()
		if len(vs) > 0 {
			return vs[0].String()
		}
	}
	return ""
}

// formatReal formats a real with at most 15 significant digits and no exponent, the way
// WLanguage displays numbers (0.1 + 0.2 gives "0.3").
func formatReal(f float64) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e18 {
		return strconv.FormatInt(int64(f), 10)
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	if err != nil {
		r = f
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// parseNumber reads a number from the start of s the way Val does: leading blanks, a sign,
// digits with an optional decimal point (or comma), an optional exponent; 0x hexadecimal.
// ok is false when s holds no number at all.
func parseNumber(s string) (v Value, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Int(0), false
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		if n, err := strconv.ParseUint(s[2:], 16, 64); err == nil {
			return Int(int64(n)), true
		}
	}
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	isReal := false
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		j := i + 1
		frac := 0
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
			frac++
		}
		if frac > 0 || digits > 0 {
			isReal = true
			digits += frac
			i = j
		}
	}
	if digits == 0 {
		return Int(0), false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && s[j] >= '0' && s[j] <= '9' {
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			isReal = true
			i = j
		}
	}
	num := strings.Replace(s[:i], ",", ".", 1)
	if !isReal {
		if n, err := strconv.ParseInt(num, 10, 64); err == nil {
			return Int(n), true
		}
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return Int(0), false
	}
	return Real(f), true
}

// isNumeric reports whether the whole of s (blanks aside) is a number.
func isNumeric(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if _, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
		return true
	}
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		_, err := strconv.ParseUint(s[2:], 16, 64)
		return err == nil
	}
	return false
}

// ToNumber converts v to a number (KInt or KReal): strings are read like Val, booleans give
// 1 or 0, Null gives 0.
func (v Value) ToNumber() Value {
	switch v.k {
	case KInt, KReal:
		return v
	case KBool:
		return Int(v.n)
	case KString, KBuffer:
		n, _ := parseNumber(v.str())
		return n
	case KNull:
		return Int(0)
	case KDate, KTime, KDateTime, KDuration:
		n, _ := parseNumber(v.String())
		return n
	case KTuple:
		vs := v.Tuple()
		if len(vs) > 0 {
			return vs[0].ToNumber()
		}
	}
	return Int(0)
}

// AsInt converts v to an integer, truncating reals toward zero.
func (v Value) AsInt() int64 {
	switch v.k {
	case KInt, KBool:
		return v.n
	case KReal:
		return truncToInt(v.float())
	}
	n := v.ToNumber()
	if n.k == KReal {
		return truncToInt(n.float())
	}
	return n.n
}

func truncToInt(f float64) int64 {
	if math.IsNaN(f) {
		return 0
	}
	if f >= math.MaxInt64 {
		return math.MaxInt64
	}
	if f <= math.MinInt64 {
		return math.MinInt64
	}
	return int64(f)
}

// AsFloat converts v to a float64.
func (v Value) AsFloat() float64 {
	switch v.k {
	case KInt, KBool:
		return float64(v.n)
	case KReal:
		return v.float()
	}
	n := v.ToNumber()
	if n.k == KReal {
		return n.float()
	}
	return float64(n.n)
}

// isNumber reports whether v is an integer or a real.
func (v Value) isNumber() bool { return v.k == KInt || v.k == KReal }
