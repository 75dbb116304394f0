package builtins

import (
	"fmt"
	"math"
	"strings"

	"github.com/wl-lang/wl/interp"
)

func registerNumbers(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	fn([]string{"PartieEntière", "IntegerPart"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].ToNumber()
		if n.Kind() == interp.KInt {
			return n, nil
		}
		return interp.Int(int64(math.Trunc(n.AsFloat()))), nil
	})
	fn([]string{"PartieDécimale", "DecimalPart"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		f := a[0].AsFloat()
		_, frac := math.Modf(f)
		return interp.Real(frac), nil
	})
	fn([]string{"Abs"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].ToNumber()
		if n.Kind() == interp.KInt {
			if v := n.AsInt(); v < 0 {
				return interp.Int(-v), nil
			}
			return n, nil
		}
		return interp.Real(math.Abs(n.AsFloat())), nil
	})
	fn([]string{"Max"}, 1, -1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return extreme(a, 1), nil
	})
	fn([]string{"Min"}, 1, -1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return extreme(a, -1), nil
	})
	fn([]string{"Arrondi", "Round"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		digits := int64(0)
		if len(a) > 1 {
			digits = a[1].AsInt()
		}
		p := math.Pow(10, float64(digits))
		v := math.Round(a[0].AsFloat()*p) / p
		if digits <= 0 {
			return interp.Int(int64(v)), nil
		}
		return interp.Real(v), nil
	})
	fn([]string{"ArrondiInférieur", "RoundDown"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return roundWith(a, math.Floor), nil
	})
	fn([]string{"ArrondiSupérieur", "RoundUp"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return roundWith(a, math.Ceil), nil
	})
	fn([]string{"Racine", "Root", "Sqrt"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := 2.0
		if len(a) > 1 {
			n = a[1].AsFloat()
		}
		return interp.Real(math.Pow(a[0].AsFloat(), 1/n)), nil
	})
	fn([]string{"Puissance", "Power"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Real(math.Pow(a[0].AsFloat(), a[1].AsFloat())), nil
	})
	fn([]string{"Modulo"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		x, y := a[0].ToNumber(), a[1].ToNumber()
		if y.AsFloat() == 0 {
			return interp.Null, fmt.Errorf("Modulo: division by zero")
		}
		if x.Kind() == interp.KInt && y.Kind() == interp.KInt {
			return interp.Int(x.AsInt() % y.AsInt()), nil
		}
		return interp.Real(math.Mod(x.AsFloat(), y.AsFloat())), nil
	})
	fn([]string{"Hasard", "Random"}, 0, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		rng := th.Rand()
		switch len(a) {
		case 0:
			return interp.Real(rng.Float64()), nil
		case 1:
			hi := a[0].AsInt()
			if hi < 1 {
				return interp.Null, fmt.Errorf("Hasard: the bound must be at least 1, not %d", hi)
			}
			return interp.Int(1 + rng.Int64N(hi)), nil
		}
		lo, hi := a[0].AsInt(), a[1].AsInt()
		if a[0].Kind() == interp.KBool && a[1].Kind() == interp.KBool {
			// Hasard(Faux, Vrai): a random boolean.
			return interp.Bool(rng.IntN(2) == 1), nil
		}
		if hi < lo {
			lo, hi = hi, lo
		}
		return interp.Int(lo + rng.Int64N(hi-lo+1)), nil
	})
	fn([]string{"InitHasard", "InitRandom"}, 0, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if len(a) == 1 {
			th.Reseed(uint64(a[0].AsInt()))
		} else {
			th.Reseed(th.Rand().Uint64())
		}
		return interp.Null, nil
	})
}

func extreme(a []interp.Value, sign int) interp.Value {
	if len(a) == 1 && a[0].Array() != nil {
		a = a[0].Array().Items()
		if len(a) == 0 {
			return interp.Null
		}
	}
	best := a[0]
	for _, v := range a[1:] {
		x, y := v.ToNumber(), best.ToNumber()
		if (sign > 0 && x.AsFloat() > y.AsFloat()) || (sign < 0 && x.AsFloat() < y.AsFloat()) {
			best = v
		}
	}
	return best.ToNumber()
}

func roundWith(a []interp.Value, f func(float64) float64) interp.Value {
	digits := int64(0)
	if len(a) > 1 {
		digits = a[1].AsInt()
	}
	p := math.Pow(10, float64(digits))
	v := f(a[0].AsFloat()*p) / p
	if digits <= 0 {
		return interp.Int(int64(v))
	}
	return interp.Real(v)
}

// numToString is NumériqueVersChaîne(n [, format]): without a format, the number as WLanguage
// displays it; with one, "[+][-][0][width][.precision][d|f|x|X|o|e]" ("05d", ".2f", "+.3f",
// "10.2f", "x"), plus "," or " " after the width for thousands separators.
func numToString(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	n := a[0].ToNumber()
	if len(a) < 2 || a[1].String() == "" {
		return interp.Str(n.String()), nil
	}
	s, err := formatNumber(n, a[1].String())
	if err != nil {
		return interp.Null, fmt.Errorf("NumériqueVersChaîne: %v", err)
	}
	return interp.Str(s), nil
}

func formatNumber(n interp.Value, format string) (string, error) {
	f := format
	flags := ""
	for len(f) > 0 && strings.ContainsRune("+-0 ", rune(f[0])) {
		flags += f[:1]
		f = f[1:]
	}
	width := ""
	for len(f) > 0 && f[0] >= '0' && f[0] <= '9' {
		width += f[:1]
		f = f[1:]
	}
	thousands := ""
	if len(f) > 0 && (f[0] == ',' || f[0] == ' ') && (len(f) == 1 || f[1] != '.') || strings.HasPrefix(f, ",.") || strings.HasPrefix(f, " .") {
		thousands = f[:1]
		f = f[1:]
	}
	prec := ""
	if len(f) > 0 && f[0] == '.' {
		f = f[1:]
		prec = "."
		for len(f) > 0 && f[0] >= '0' && f[0] <= '9' {
			prec += f[:1]
			f = f[1:]
		}
	}
	verb := "d"
	if f != "" {
		verb = f[:1]
		f = f[1:]
	}
	if f != "" {
		return "", fmt.Errorf("invalid format %q", format)
	}
	var s string
	switch verb {
	case "d", "i":
		s = fmt.Sprintf("%"+strings.ReplaceAll(flags, "0", "")+"d", int64(math.Round(n.AsFloat())))
		if n.Kind() == interp.KInt {
			s = fmt.Sprintf("%"+strings.ReplaceAll(flags, "0", "")+"d", n.AsInt())
		}
	case "f", "F":
		if prec == "" {
			prec = ".6"
		}
		s = fmt.Sprintf("%"+strings.ReplaceAll(flags, "0", "")+prec+"f", n.AsFloat())
	case "e", "E", "g", "G":
		s = fmt.Sprintf("%"+strings.ReplaceAll(flags, "0", "")+prec+verb, n.AsFloat())
	case "x", "X", "o", "b":
		s = fmt.Sprintf("%"+verb, n.AsInt())
	default:
		return "", fmt.Errorf("invalid format %q", format)
	}
	if thousands != "" {
		s = groupThousands(s, thousands)
	}
	if width != "" {
		w := 0
		fmt.Sscanf(width, "%d", &w)
		left := strings.Contains(flags, "-")
		zero := strings.Contains(flags, "0") && !left
		for len(s) < w {
			switch {
			case left:
				s += " "
			case zero:
				if s != "" && (s[0] == '-' || s[0] == '+') {
					s = s[:1] + "0" + s[1:]
				} else {
					s = "0" + s
				}
			default:
				s = " " + s
			}
		}
	}
	return s, nil
}

func groupThousands(s, sep string) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
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
	return sign + b.String() + frac
}
