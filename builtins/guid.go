package builtins

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// Formats of DonneGUID (wl's own values).
const (
	guidFormatted = 0 // guidFormaté / guidFormatted: "{CD9FE4B6-AE1D-448c-B157-D9EA074726CF}", the default
	guidRaw       = 1 // guidBrut / guidRough: "CD9FE4B6AE1D448CB157D9EA074726CF"
	guidRaw256    = 2 // guidBrut256 / guidRough256: 64 lower-case hexadecimal digits
)

func registerGUID(r *registrar) {
	r.constant(interp.Int(guidFormatted), "guidFormaté", "guidFormatted")
	r.constant(interp.Int(guidRaw), "guidBrut", "guidRough")
	r.constant(interp.Int(guidRaw256), "guidBrut256", "guidRough256")
	r.fn(&interp.Builtin{Names: []string{"DonneGUID", "GetGUID"}, MaxArgs: 1,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			g, err := newGUID(optionArg(a, 0))
			return interp.Str(g), err
		}})
}

// newGUID makes a random (version 4) UUID written the way DonneGUID's help page shows:
// guidFormaté between braces with upper-case digits except the third group, which the
// page's examples ("448c", "4faa") write in lower case; guidBrut as 32 upper-case digits;
// guidBrut256 as 32 random bytes in 64 lower-case digits.
func newGUID(format int64) (string, error) {
	if format == guidRaw256 {
		b := make([]byte, 32)
		rand.Read(b)
		return hex.EncodeToString(b), nil
	}
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 9562 variant
	h := strings.ToUpper(hex.EncodeToString(b))
	switch format {
	case guidRaw:
		return h, nil
	case guidFormatted:
		return "{" + h[:8] + "-" + h[8:12] + "-" + strings.ToLower(h[12:16]) + "-" + h[16:20] + "-" + h[20:] + "}", nil
	}
	return "", fmt.Errorf("DonneGUID: %d is not a GUID format (guidFormaté, guidBrut, guidBrut256)", format)
}
