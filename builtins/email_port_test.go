package builtins

import (
	"errors"
	"testing"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// TestSessionPort: a port is a whole number from 1 to 65535 or a string of one; absent,
// 0 or empty is the default port; anything else is a KindInvalidValue error naming it.
func TestSessionPort(t *testing.T) {
	tests := []struct {
		v    interp.Value
		want int    // 0 when an error is expected
		msg  string // the expected error
	}{
		{interp.Null, 587, ""},
		{interp.Int(0), 587, ""},
		{interp.Str(""), 587, ""},
		{interp.Int(1), 1, ""},
		{interp.Int(2525), 2525, ""},
		{interp.Int(65535), 65535, ""},
		{interp.Str("2525"), 2525, ""},
		{interp.Str(" 2525 "), 2525, ""},
		{interp.Real(2525), 2525, ""},
		{interp.Str("abc"), 0, `SMTP connect: the port "abc" is not a whole number between 1 and 65535`},
		{interp.Str("25x"), 0, `SMTP connect: the port "25x" is not a whole number between 1 and 65535`},
		{interp.Str("25\r\nQUIT"), 0, `SMTP connect: the port "25\r\nQUIT" is not a whole number between 1 and 65535`},
		{interp.Int(-5), 0, "SMTP connect: the port -5 is not between 1 and 65535"},
		{interp.Str("-5"), 0, "SMTP connect: the port -5 is not between 1 and 65535"},
		{interp.Int(70000), 0, "SMTP connect: the port 70000 is not between 1 and 65535"},
		{interp.Int(65536), 0, "SMTP connect: the port 65536 is not between 1 and 65535"},
		{interp.Int(1 << 40), 0, "SMTP connect: the port 1099511627776 is not between 1 and 65535"},
		{interp.Real(2.5), 0, "SMTP connect: the port 2.5 is not a whole number between 1 and 65535"},
		{interp.Real(1e10), 0, "SMTP connect: the port 10000000000 is not between 1 and 65535"},
		{interp.Bool(true), 0, `SMTP connect: the port "1" is not a whole number between 1 and 65535`},
	}
	for _, tt := range tests {
		got, err := sessionPort(tt.v, mailrt.SMTP, mailrt.SecuritySTARTTLS)
		if tt.msg == "" {
			if err != nil || got != tt.want {
				t.Errorf("%v: %d, %v; want %d", tt.v, got, err, tt.want)
			}
			continue
		}
		var ve *mailrt.ValueError
		if err == nil || err.Error() != tt.msg || mailrt.KindOf(err) != mailrt.KindInvalidValue || !errors.As(err, &ve) || ve.Field != "port" {
			t.Errorf("%v: %d, %v; want the error %q", tt.v, got, err, tt.msg)
		}
	}
}
