package builtins

import (
	"fmt"

	"golang.org/x/text/encoding/charmap"

	"github.com/wl-lang/wl/interp"
)

// AnsiVersUnicode / AnsiToUnicode and UnicodeVersAnsi / UnicodeToAnsi convert between wl's
// strings, which are Unicode text, and ANSI bytes held in a buffer: Windows-1252 by
// default, or the Windows code page given as second parameter (1250 to 1258, 28591 for
// ISO-8859-1, 28605 for ISO-8859-15, 437 and 850). A string given to AnsiVersUnicode is
// already Unicode and comes back unchanged; UnicodeVersAnsi writes "?" for a character the
// code page does not have.
func registerAnsi(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"AnsiVersUnicode", "AnsiToUnicode"}, MinArgs: 1, MaxArgs: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			cm, err := codePageArg("AnsiVersUnicode", a)
			if err != nil {
				return interp.Null, err
			}
			if a[0].Kind() != interp.KBuffer {
				return interp.Str(a[0].String()), nil
			}
			out, err := cm.NewDecoder().Bytes(a[0].BufferBytes())
			if err != nil {
				return interp.Null, fmt.Errorf("AnsiVersUnicode: %v", err)
			}
			return interp.Str(string(out)), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"UnicodeVersAnsi", "UnicodeToAnsi"}, MinArgs: 1, MaxArgs: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			cm, err := codePageArg("UnicodeVersAnsi", a)
			if err != nil {
				return interp.Null, err
			}
			s := a[0].String()
			out := make([]byte, 0, len(s))
			for _, r := range s {
				b, ok := cm.EncodeRune(r)
				if !ok {
					b = '?'
				}
				out = append(out, b)
			}
			return interp.Buffer(out), nil
		}})
}

// codePage returns the code page numbered n, nil for one AnsiVersUnicode does not know.
func codePage(n int64) *charmap.Charmap {
	switch n {
	case 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258:
		return []*charmap.Charmap{charmap.Windows1250, charmap.Windows1251, charmap.Windows1252,
			charmap.Windows1253, charmap.Windows1254, charmap.Windows1255, charmap.Windows1256,
			charmap.Windows1257, charmap.Windows1258}[n-1250]
	case 28591:
		return charmap.ISO8859_1
	case 28605:
		return charmap.ISO8859_15
	case 437:
		return charmap.CodePage437
	case 850:
		return charmap.CodePage850
	}
	return nil
}

// codePageArg reads the optional code page a[1] (Windows-1252 by default).
func codePageArg(fn string, a []interp.Value) (*charmap.Charmap, error) {
	if len(a) < 2 || a[1].IsNull() {
		return charmap.Windows1252, nil
	}
	if cm := codePage(a[1].AsInt()); cm != nil {
		return cm, nil
	}
	return nil, fmt.Errorf("%s: unknown code page %s (1250 to 1258, 28591, 28605, 437 or 850)", fn, a[1].String())
}
