package builtins

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/wl-lang/wl/interp"
)

func registerNumbers(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// PartieEntière truncates toward zero (PartieEntière(-7.9) = -7), so that a number is
	// always PartieEntière(x) + PartieDécimale(x).
	fn([]string{"PartieEntière", "IntegerPart"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].ToNumber()
		if n.Kind() == interp.KInt {
			return n, nil
		}
		return realToNumber(math.Trunc(n.AsFloat())), nil
	})
	fn([]string{"PartieDécimale", "DecimalPart"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].ToNumber()
		if n.Kind() == interp.KInt {
			return interp.Real(0), nil
		}
		f := n.AsFloat()
		// Computed on the decimal form, so that PartieDécimale(1.1) is 0.1, not 0.10000000000000009.
		s := strconv.FormatFloat(f, 'f', -1, 64)
		_, frac, ok := strings.Cut(s, ".")
		if !ok {
			return interp.Real(0), nil
		}
		d, _ := strconv.ParseFloat("0."+frac, 64)
		if f < 0 {
			d = -d
		}
		return interp.Real(d), nil
	})
	fn([]string{"Abs"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].ToNumber()
		if n.Kind() == interp.KInt {
			if v := n.AsInt(); v < 0 && v != math.MinInt64 {
				return interp.Int(-v), nil
			}
			return n, nil
		}
		return interp.Real(math.Abs(n.AsFloat())), nil
	})
	fn([]string{"Max"}, 1, -1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return extreme("Max", a, 1)
	})
	fn([]string{"Min"}, 1, -1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return extreme("Min", a, -1)
	})
	fn([]string{"Arrondi", "Round"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return roundWith(a, roundNearest), nil
	})
	fn([]string{"ArrondiInférieur", "RoundDown"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return roundWith(a, roundDown), nil
	})
	fn([]string{"ArrondiSupérieur", "RoundUp"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return roundWith(a, roundUp), nil
	})
	fn([]string{"Racine", "Root", "Sqrt"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		x, n := a[0].AsFloat(), 2.0
		if len(a) > 1 {
			n = a[1].AsFloat()
		}
		if x < 0 || n == 0 {
			return interp.Null, fmt.Errorf("Racine: no root of order %s for %s", formatPlain(n), formatPlain(x))
		}
		return realToNumber(math.Pow(x, 1/n)), nil
	})
	fn([]string{"Puissance", "Power"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return realToNumber(math.Pow(a[0].AsFloat(), a[1].AsFloat())), nil
	})
	// Modulo(a, b) is the remainder of a / b, of the sign of a (Modulo(-7, 3) = -1).
	fn([]string{"Modulo"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		x, y := a[0].ToNumber(), a[1].ToNumber()
		if y.AsFloat() == 0 {
			return interp.Null, fmt.Errorf("Modulo: division by zero")
		}
		if x.Kind() == interp.KInt && y.Kind() == interp.KInt {
			if y.AsInt() == -1 {
				return interp.Int(0), nil
			}
			return interp.Int(x.AsInt() % y.AsInt()), nil
		}
		return interp.Real(math.Mod(x.AsFloat(), y.AsFloat())), nil
	})
	// Hasard() is a real in [0, 1); Hasard(n) an integer from 1 to n; Hasard(a, b) an integer
	// from a to b (bounds included, in any order).
	fn([]string{"Hasard", "Random"}, 0, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		rng := th.Rand()
		switch len(a) {
		case 0:
			return interp.Real(rng.Float64()), nil
		case 1:
			hi := a[0].AsInt()
			if hi < 1 {
				return interp.Null, fmt.Errorf("Hasard: the upper bound must be at least 1, not %d", hi)
			}
			return interp.Int(1 + rng.Int64N(hi)), nil
		}
		lo, hi := a[0].AsInt(), a[1].AsInt()
		if hi < lo {
			lo, hi = hi, lo
		}
		if hi-lo < 0 || hi-lo == math.MaxInt64 {
			return interp.Null, fmt.Errorf("Hasard: the range %d to %d is too large", lo, hi)
		}
		return interp.Int(lo + rng.Int64N(hi-lo+1)), nil
	})
	// InitHasard(seed) makes Hasard repeat the same sequence for the same seed; InitHasard()
	// starts an unpredictable one.
	fn([]string{"InitHasard", "InitRandom"}, 0, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if len(a) == 1 && !a[0].IsNull() {
			th.Reseed(uint64(a[0].AsInt()))
		} else {
			th.Reseed(rand.Uint64())
		}
		return interp.Null, nil
	})
}

// realToNumber gives an integer value for whole reals that fit, a real otherwise.
func realToNumber(f float64) interp.Value {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return interp.Int(int64(f))
	}
	return interp.Real(f)
}

// formatPlain formats a number for messages.
func formatPlain(f float64) string { return realToNumber(f).String() }

// extreme is Max / Min: the greatest or smallest of its parameters (or of the elements of
// one array parameter), compared as numbers.
func extreme(fn string, a []interp.Value, sign int) (interp.Value, error) {
	if len(a) == 1 && a[0].Array() != nil {
		a = a[0].Array().Items()
		if len(a) == 0 {
			return interp.Null, fmt.Errorf("%s: the array is empty", fn)
		}
	}
	best := a[0].ToNumber()
	for _, v := range a[1:] {
		x := v.ToNumber()
		if (sign > 0 && x.AsFloat() > best.AsFloat()) || (sign < 0 && x.AsFloat() < best.AsFloat()) {
			best = x
		}
	}
	return best, nil
}

// Rounding directions of roundWith.
const (
	roundNearest = iota // Arrondi: halves away from zero
	roundDown           // ArrondiInférieur: toward minus infinity
	roundUp             // ArrondiSupérieur: toward plus infinity
)

// roundWith rounds a[0] to a[1] decimals (0 by default; a negative count rounds to tens,
// hundreds...) in the given direction.
func roundWith(a []interp.Value, dir int) interp.Value {
	n := a[0].ToNumber()
	digits := optionArg(a, 1)
	if n.Kind() == interp.KInt && digits >= 0 {
		return n
	}
	digits = max(min(digits, 15), -18)
	x := n.AsFloat()
	if dir == roundNearest {
		return realToNumber(roundHalfAway(x, int(digits)))
	}
	p := math.Pow(10, float64(digits))
	// Scale through the decimal form so that 2.3 * 100 stays 230, not 229.99999999999997.
	scaled, _ := strconv.ParseFloat(strconv.FormatFloat(x*p, 'g', 15, 64), 64)
	if dir == roundDown {
		scaled = math.Floor(scaled)
	} else {
		scaled = math.Ceil(scaled)
	}
	v := scaled / p
	if digits > 0 {
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'f', int(digits), 64), 64)
	}
	return realToNumber(v)
}

// roundHalfAway rounds x to digits decimals, halves away from zero, on the shortest decimal
// form of x: Arrondi(1.005, 2) is 1.01 as the number is written, although the binary
// double is slightly below.
func roundHalfAway(x float64, digits int) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	s := roundDecimalString(strconv.FormatFloat(math.Abs(x), 'f', -1, 64), digits)
	v, _ := strconv.ParseFloat(s, 64)
	if x < 0 {
		v = -v
	}
	return v
}

// roundDecimalString rounds the unsigned decimal number s ("123.456") to prec decimals
// (a negative prec rounds to tens, hundreds...), halves going up, and returns it with
// exactly max(prec, 0) decimals.
func roundDecimalString(s string, prec int) string {
	intPart, frac, _ := strings.Cut(s, ".")
	digits := []byte(intPart + frac)
	intLen := len(intPart)
	keep := intLen + prec // digits kept
	switch {
	case keep < 0:
		digits, intLen = nil, 0
	case keep >= len(digits):
		for len(digits) < keep {
			digits = append(digits, '0')
		}
	default:
		up := digits[keep] >= '5'
		digits = digits[:keep]
		if up {
			i := len(digits) - 1
			for ; i >= 0 && digits[i] == '9'; i-- {
				digits[i] = '0'
			}
			if i >= 0 {
				digits[i]++
			} else {
				digits = append([]byte{'1'}, digits...)
				intLen++
			}
		}
	}
	if prec < 0 {
		// The integer digits kept, then zeros for the tens, hundreds... rounded off.
		kept := strings.TrimLeft(string(digits), "0")
		if kept == "" {
			return "0"
		}
		return kept + strings.Repeat("0", -prec)
	}
	var b strings.Builder
	ip := strings.TrimLeft(string(digits[:intLen]), "0")
	if ip == "" {
		ip = "0"
	}
	b.WriteString(ip)
	if prec > 0 {
		b.WriteByte('.')
		b.Write(digits[intLen:])
	}
	return b.String()
}

// numToString is NumériqueVersChaîne(n [, format]). Without a format, the number as
// WLanguage displays it; a string is returned as it is, whatever the format (PC SOFT's page
// says so). The format is a FormatNumérique variable (numbers_format_type.go) or a string in
// PC SOFT's form "[<Cadrage>][<Signe>][<Zéro>][<Taille>][<.Précision>]<Type>[<Millier>]":
//
//   - "-" aligns left (the default is right), "+" shows the sign of a positive number and
//     of zero (also of a negative number that rounds to zero), "0" pads with zeros on the
//     left of a right-aligned number;
//   - the size is the whole length (sign, separators, decimal point and exponent included),
//     below 100; a size too small is ignored, a larger one pads with spaces;
//   - the precision is the number of decimals, introduced by "." or by "," which is then
//     the decimal separator ("10,2fS" gives " 12 345,50");
//   - the type is d (integer), f (fixed decimals), e (exponent), g (the shorter of e and
//     f), x / X (hexadecimal), o (octal); wl also accepts i, F, E, G and b (binary), and
//     without a type takes f after a precision and d otherwise;
//   - "S" at the end separates the thousands with a space.
//
// wl also accepts a " " flag (a space in place of the "+" of a positive number). Reals are
// rounded halves away from zero on their decimal form (NumériqueVersChaîne(2.675, ".2f") is
// "2.68"; with d, NumériqueVersChaîne(2.5, "d") is "3"). An invalid format is a fatal error.
func numToString(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	if a[0].Kind() == interp.KString {
		return a[0], nil
	}
	n := a[0].ToNumber()
	if len(a) > 1 {
		if f, ok := a[1].Object().(*numericFormat); ok {
			return interp.Str(f.format(n)), nil
		}
	}
	if len(a) < 2 || a[1].String() == "" {
		return interp.Str(n.String()), nil
	}
	s, err := formatNumber(n, a[1].String())
	if err != nil {
		return interp.Null, fmt.Errorf("NumériqueVersChaîne: %v", err)
	}
	return interp.Str(s), nil
}

// numberFormat is a parsed NumériqueVersChaîne format.
type numberFormat struct {
	plus, left, zero, space bool
	width                   int
	decimal                 byte // '.' or ',': the decimal separator
	thousands               bool // "S": a space between the thousands
	prec                    int  // -1: none given
	verb                    byte
}

// maxNumberWidth bounds a format's size: PC SOFT's page says it is less than 100.
const maxNumberWidth = 99

func parseNumberFormat(format string) (numberFormat, error) {
	nf := numberFormat{prec: -1, decimal: '.'}
	f := format
	bad := fmt.Errorf("invalid format %q", format)
flags:
	for len(f) > 0 {
		switch f[0] {
		case '+':
			nf.plus = true
		case '-':
			nf.left = true
		case '0':
			nf.zero = true
		case ' ':
			nf.space = true
		default:
			break flags
		}
		f = f[1:]
	}
	for len(f) > 0 && f[0] >= '0' && f[0] <= '9' {
		nf.width = nf.width*10 + int(f[0]-'0')
		if nf.width > maxNumberWidth {
			return nf, fmt.Errorf("invalid format %q: the size must be less than 100", format)
		}
		f = f[1:]
	}
	if len(f) > 0 && (f[0] == '.' || f[0] == ',') {
		nf.decimal = f[0]
		f = f[1:]
		nf.prec = 0
		digits := 0
		for len(f) > 0 && f[0] >= '0' && f[0] <= '9' {
			nf.prec = nf.prec*10 + int(f[0]-'0')
			digits++
			f = f[1:]
		}
		if digits == 0 || nf.prec > 100 {
			return nf, bad
		}
	}
	if strings.HasSuffix(f, "S") {
		nf.thousands, f = true, f[:len(f)-1]
	}
	switch {
	case f == "" && nf.prec >= 0:
		nf.verb = 'f'
	case f == "":
		nf.verb = 'd'
	case len(f) == 1 && strings.ContainsRune("dixXobfFeEgG", rune(f[0])):
		nf.verb = f[0]
	default:
		return nf, bad
	}
	return nf, nil
}

func formatNumber(n interp.Value, format string) (string, error) {
	nf, err := parseNumberFormat(format)
	if err != nil {
		return "", err
	}
	f := n.AsFloat()
	neg := f < 0 || (n.Kind() == interp.KInt && n.AsInt() < 0)
	var digits string // without sign
	switch nf.verb {
	case 'd', 'i':
		if n.Kind() == interp.KInt {
			digits = strconv.FormatUint(absInt(n.AsInt()), 10)
		} else {
			digits = roundDecimalString(strconv.FormatFloat(math.Abs(f), 'f', -1, 64), 0)
		}
	case 'f', 'F':
		prec := nf.prec
		if prec < 0 {
			prec = 6
		}
		digits = fixedDigits(f, prec)
	case 'e', 'E', 'g', 'G':
		prec := nf.prec
		if prec < 0 && (nf.verb == 'e' || nf.verb == 'E') {
			prec = 6
		}
		digits = strconv.FormatFloat(math.Abs(f), nf.verb, prec, 64)
	case 'x', 'X', 'o', 'b':
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'b': 2}[nf.verb]
		digits = strconv.FormatUint(absInt(n.AsInt()), base)
		if nf.verb == 'X' {
			digits = strings.ToUpper(digits)
		}
	}
	if strings.Trim(digits, "0.") == "" {
		neg = false // no "-0.00": a negative number rounded to zero shows "+" with the flag
	}
	if nf.thousands && (nf.verb == 'd' || nf.verb == 'i' || nf.verb == 'f' || nf.verb == 'F') {
		digits = groupThousands(digits, " ")
	}
	if nf.decimal != '.' {
		digits = strings.Replace(digits, ".", string(nf.decimal), 1)
	}
	sign := ""
	switch {
	case neg:
		sign = "-"
	case nf.plus:
		sign = "+"
	case nf.space:
		sign = " "
	}
	pad := nf.width - len([]rune(sign+digits))
	switch {
	case pad <= 0:
		return sign + digits, nil
	case nf.left:
		return sign + digits + strings.Repeat(" ", pad), nil
	case nf.zero:
		return sign + strings.Repeat("0", pad) + digits, nil
	}
	return strings.Repeat(" ", pad) + sign + digits, nil
}

// fixedDigits writes |f| with prec decimals, rounded half away from zero on its decimal form
// (Inf and NaN as strconv writes them), without a sign.
func fixedDigits(f float64, prec int) string {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(math.Abs(f), 'f', prec, 64)
	}
	return roundDecimalString(strconv.FormatFloat(math.Abs(f), 'f', -1, 64), prec)
}

func absInt(i int64) uint64 {
	if i < 0 {
		return uint64(-(i + 1)) + 1
	}
	return uint64(i)
}

// groupThousands inserts sep between groups of three digits of the integer part of the
// unsigned number s.
func groupThousands(s, sep string) string {
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}
