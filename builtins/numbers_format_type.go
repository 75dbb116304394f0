package builtins

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wl-lang/wl/interp"
)

// The FormatNumérique / NumericFormat type (WINDEV 2024) describes a format for
// NumériqueVersChaîne's second parameter with properties instead of a format string. Its
// page (doc.pcsoft.fr ?1410089836, "formatnumerique_type_variable") was reachable only in
// part: its example and the properties Alignement (fncDroite, the default, or fncGauche),
// CaractèreRemplissage, ChiffresAprèsVirgule (6 by default, less than 100),
// LongueurMinimale, Notation (fnnDécimal), Signe (fnsToujours) and SéparateurMilliers. wl
// has those, under their French names only: the English names of the properties and
// constants were not found (the English name of the type, NumericFormat, is on the page).
// The constants' values are wl's own (the page does not give them), as are these choices
// where the part reached is silent:
//   - Signe: 0, the default, shows the sign of negative numbers only; fnsToujours shows "+"
//     too (and for zero, as the "+" of the format string does).
//   - The decimal separator is ".", as in the format strings without ",".
//   - SéparateurMilliers is empty by default (no grouping); any string can separate.
//   - CaractèreRemplissage is one character, a space by default. The page's example gives
//     "3.14xx" for 3.14 on 6 characters filled with "x", which is fncGauche; with the
//     default fncDroite the fill characters go on the left, as the Alignement row says.
//   - LongueurMinimale counts every character of the result and, like the size of a format
//     string, stays below 100.
type numericFormat struct {
	typ       *interp.ObjectType
	notation  int64
	sign      int64
	decimals  int64
	minLength int64
	thousands string
	fill      rune
	align     int64
}

// The constants of the FormatNumérique properties (values chosen by wl).
const (
	nfNotationDecimal = 0 // fnnDécimal
	nfSignNegative    = 0 // the default: a sign for negative numbers only
	nfSignAlways      = 1 // fnsToujours
	nfAlignRight      = 0 // fncDroite
	nfAlignLeft       = 1 // fncGauche
)

func (f *numericFormat) ObjectType() *interp.ObjectType { return f.typ }

// Copy implements interp.Copier: a FormatNumérique is a value, as the other formats.
func (f *numericFormat) Copy() interp.Object { c := *f; return &c }

func registerNumericFormat(r *registrar) {
	t := &interp.ObjectType{Name: "FormatNumérique", Names: []string{"FormatNumérique", "NumericFormat"}}
	t.New = func() interp.Object {
		return &numericFormat{typ: t, decimals: 6, fill: ' '}
	}
	nf := func(o interp.Object) *numericFormat { return o.(*numericFormat) }
	intProp := func(name string, field func(*numericFormat) *int64, check func(int64) error) *interp.Property {
		return &interp.Property{Names: []string{name},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Int(*field(nf(o))), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				n, ok := wholeNumber(v)
				if !ok {
					return fmt.Errorf("FormatNumérique.%s: an integer is expected, not %q", name, v.String())
				}
				if err := check(n); err != nil {
					return fmt.Errorf("FormatNumérique.%s: %v", name, err)
				}
				*field(nf(o)) = n
				return nil
			}}
	}
	oneOf := func(what string, values ...int64) func(int64) error {
		return func(n int64) error {
			for _, v := range values {
				if n == v {
					return nil
				}
			}
			return fmt.Errorf("invalid %s %d", what, n)
		}
	}
	below100 := func(n int64) error {
		if n < 0 || n > maxNumberWidth {
			return fmt.Errorf("%d is not between 0 and %d", n, maxNumberWidth)
		}
		return nil
	}
	t.Props = []*interp.Property{
		intProp("Alignement", func(f *numericFormat) *int64 { return &f.align }, oneOf("alignment", nfAlignRight, nfAlignLeft)),
		intProp("Notation", func(f *numericFormat) *int64 { return &f.notation }, oneOf("notation", nfNotationDecimal)),
		intProp("Signe", func(f *numericFormat) *int64 { return &f.sign }, oneOf("sign", nfSignNegative, nfSignAlways)),
		intProp("ChiffresAprèsVirgule", func(f *numericFormat) *int64 { return &f.decimals }, below100),
		intProp("LongueurMinimale", func(f *numericFormat) *int64 { return &f.minLength }, below100),
		{Names: []string{"SéparateurMilliers"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Str(nf(o).thousands), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				nf(o).thousands = v.String()
				return nil
			}},
		{Names: []string{"CaractèreRemplissage"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Str(string(nf(o).fill)), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				s := v.String()
				if utf8.RuneCountInString(s) != 1 {
					return fmt.Errorf("FormatNumérique.CaractèreRemplissage: one character is expected, not %q", s)
				}
				nf(o).fill, _ = utf8.DecodeRuneInString(s)
				return nil
			}},
	}
	r.typ(t)
	r.constant(interp.Int(nfNotationDecimal), "fnnDécimal")
	r.constant(interp.Int(nfSignAlways), "fnsToujours")
	r.constant(interp.Int(nfAlignRight), "fncDroite")
	r.constant(interp.Int(nfAlignLeft), "fncGauche")
}

// format writes n as the format says: decimal notation with ChiffresAprèsVirgule decimals
// (rounded half away from zero, as NumériqueVersChaîne's "f"), the thousands separated,
// the sign, then the fill characters up to LongueurMinimale on the side Alignement gives.
func (f *numericFormat) format(n interp.Value) string {
	x := n.AsFloat()
	var digits string
	if n.Kind() == interp.KInt && f.decimals == 0 {
		digits = strconv.FormatUint(absInt(n.AsInt()), 10)
	} else {
		digits = fixedDigits(x, int(f.decimals))
	}
	neg := (x < 0 || (n.Kind() == interp.KInt && n.AsInt() < 0)) && strings.Trim(digits, "0.") != ""
	if f.thousands != "" {
		digits = groupThousands(digits, f.thousands)
	}
	sign := ""
	switch {
	case neg:
		sign = "-"
	case f.sign == nfSignAlways:
		sign = "+"
	}
	s := sign + digits
	pad := int(f.minLength) - utf8.RuneCountInString(s)
	if pad <= 0 {
		return s
	}
	fill := strings.Repeat(string(f.fill), pad)
	if f.align == nfAlignLeft {
		return s + fill
	}
	return fill + s
}
