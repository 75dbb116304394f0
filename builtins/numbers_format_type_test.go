package builtins

import (
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestNumericFormat covers the FormatNumérique page's example and the examples its property
// rows give, then the defaults and wl's choices documented on numericFormat.
func TestNumericFormat(t *testing.T) {
	def := func(change func(*numericFormat)) *numericFormat {
		f := &numericFormat{decimals: 6, fill: ' '}
		if change != nil {
			change(f)
		}
		return f
	}
	tests := []struct {
		name string
		f    *numericFormat
		n    interp.Value
		want string
	}{
		// The page's example: decimal, sign always, 4 decimals, at least 8 characters, "'"
		// between the thousands, filled with spaces.
		{"page example", def(func(f *numericFormat) {
			f.notation, f.sign, f.decimals, f.minLength, f.thousands, f.fill = nfNotationDecimal, nfSignAlways, 4, 8, "'", ' '
		}), interp.Real(1234.567), "+1'234.5670"},
		// ChiffresAprèsVirgule's row: 3.14 with 4 decimals is 3.1400; 6 by default.
		{"4 decimals", def(func(f *numericFormat) { f.decimals = 4 }), interp.Real(3.14), "3.1400"},
		{"6 decimals by default", def(nil), interp.Real(3.14), "3.140000"},
		// CaractèreRemplissage's row: 3.14 on 6 characters filled with "x" is 3.14xx (fill on
		// the right: fncGauche); fncDroite, the default, fills on the left.
		{"fill left-aligned", def(func(f *numericFormat) { f.decimals, f.minLength, f.fill, f.align = 2, 6, 'x', nfAlignLeft }), interp.Real(3.14), "3.14xx"},
		{"fill right-aligned", def(func(f *numericFormat) { f.decimals, f.minLength, f.fill = 2, 6, 'x' }), interp.Real(3.14), "xx3.14"},
		{"default fill is a space", def(func(f *numericFormat) { f.decimals, f.minLength = 0, 5 }), interp.Int(42), "   42"},
		{"too short a length is ignored", def(func(f *numericFormat) { f.decimals, f.minLength = 0, 2 }), interp.Int(12345), "12345"},
		{"negative", def(func(f *numericFormat) { f.decimals, f.thousands = 2, " " }), interp.Real(-1234567.891), "-1 234 567.89"},
		{"sign always on zero", def(func(f *numericFormat) { f.decimals, f.sign = 0, nfSignAlways }), interp.Int(0), "+0"},
		{"negative rounded to zero", def(func(f *numericFormat) { f.decimals = 2 }), interp.Real(-0.001), "0.00"},
		{"rounded half away from zero", def(func(f *numericFormat) { f.decimals = 2 }), interp.Real(2.675), "2.68"},
		{"large integer", def(func(f *numericFormat) { f.decimals, f.thousands = 0, "," }), interp.Int(-9223372036854775808), "-9,223,372,036,854,775,808"},
		{"multi-byte fill counts runes", def(func(f *numericFormat) { f.decimals, f.minLength, f.fill = 0, 4, '·' }), interp.Int(7), "···7"},
	}
	for _, tt := range tests {
		if got := tt.f.format(tt.n); got != tt.want {
			t.Errorf("%s: format(%v) = %q, want %q", tt.name, tt.n, got, tt.want)
		}
	}
}
