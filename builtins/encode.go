package builtins

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/wl-lang/wl/interp"
)

// Formats of Encode / Décode. The values are wl's own (scripts use the names).
const (
	encPCS          = 0 // encodePCS: PC SOFT's own format, the default; not documented
	encBase64       = 1 // encodeBASE64: Base64 with a line break (RC) every 76 characters
	encBase64NoCR   = 2 // encodeBASE64SansRC: Base64 on one line
	encBase64URL    = 3 // encodeBASE64URL: the URL alphabet of RFC 4648 §5, without "="
	encUUEncode     = 4 // encodeUUEncode
	base64LineWidth = 76
)

// Formats of URLEncode / URLDécode (combinable with +). wl's own values.
const (
	urlFromAnsi    = 16  // encodeURLDepuisAnsi / encodeURLFromAnsi: the text's Windows-1252 bytes
	urlFromUTF8    = 32  // encodeURLDepuisUTF8 / encodeURLFromUTF8: its UTF-8 bytes (default)
	urlFromUnicode = 64  // encodeURLDepuisUnicode / encodeURLFromUnicode: same as UTF-8 in wl
	urlParameter   = 128 // encodeURLParamètre / encodeURLParameter: a parameter's value
)

// Options of BufferVersHexa / HexaVersBuffer.
const (
	hexNoGrouping = -1           // SansRegroupement / NoGrouping
	hexNoLine     = -1           // SansLigne / NoLine
	hexBigEndian  = 1 << 30      // BigEndian: words written most significant byte first
	hexLineBytes  = 16           // bytes per line by default when bytes are grouped
	hexEndianMask = hexBigEndian // the bit that BigEndian sets in the third parameter
)

func registerEncode(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(encPCS, "encodePCS")
	c(encBase64, "encodeBASE64")
	c(encBase64NoCR, "encodeBASE64SansRC", "encodeBASE64NoCR")
	c(encBase64URL, "encodeBASE64URL")
	c(encUUEncode, "encodeUUEncode")
	c(urlFromAnsi, "encodeURLDepuisAnsi", "encodeURLFromAnsi")
	c(urlFromUTF8, "encodeURLDepuisUTF8", "encodeURLFromUTF8")
	c(urlFromUnicode, "encodeURLDepuisUnicode", "encodeURLFromUnicode")
	c(urlParameter, "encodeURLParamètre", "encodeURLParameter")
	c(hexNoGrouping, "SansRegroupement", "NoGrouping")
	c(hexNoLine, "SansLigne", "NoLine")
	c(hexBigEndian, "BigEndian")
	fn := func(names []string, min, max int, canFail bool, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, CanFail: canFail, Fn: f})
	}
	fn([]string{"Encode"}, 1, 2, false, encode)
	fn([]string{"Décode", "Decode"}, 1, 2, true, decode)
	fn([]string{"URLEncode"}, 1, 2, false, urlEncode)
	fn([]string{"URLDécode", "URLDecode"}, 1, 2, false, urlDecode)
	fn([]string{"BufferVersHexa", "BufferToHexa"}, 1, 3, false, bufferToHexa)
	fn([]string{"HexaVersBuffer", "HexaToBuffer"}, 1, 3, true, hexaToBuffer)
}

// encodingFormat reads the format parameter of Encode / Décode and refuses the formats wl
// cannot write faithfully.
func encodingFormat(fn string, a []interp.Value) (int64, error) {
	f := int64(encPCS)
	if len(a) > 1 {
		f = a[1].AsInt()
	}
	switch f {
	case encBase64, encBase64NoCR, encBase64URL:
		return f, nil
	case encPCS:
		return 0, fmt.Errorf("%s: encodePCS (the default format) is PC SOFT's own format, which is not documented: not supported by wl (give encodeBASE64, encodeBASE64SansRC or encodeBASE64URL)", fn)
	case encUUEncode:
		return 0, fmt.Errorf("%s: encodeUUEncode is not supported by wl: how WINDEV frames the UUEncode lines is not documented (give encodeBASE64, encodeBASE64SansRC or encodeBASE64URL)", fn)
	}
	return 0, fmt.Errorf("%s: %d is not an encoding format (encodeBASE64, encodeBASE64SansRC, encodeBASE64URL)", fn, f)
}

// encode is Encode(value [, format]): the bytes of a buffer, or the UTF-8 bytes of a string,
// in Base64. encodeBASE64 breaks lines with RC every 76 characters, as MIME does.
func encode(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	f, err := encodingFormat("Encode", a)
	if err != nil {
		return interp.Null, err
	}
	b := a[0].BufferBytes()
	switch f {
	case encBase64URL:
		return interp.Str(base64.RawURLEncoding.EncodeToString(b)), nil
	case encBase64NoCR:
		return interp.Str(base64.StdEncoding.EncodeToString(b)), nil
	}
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > base64LineWidth {
		out.WriteString(s[:base64LineWidth])
		out.WriteString("\r\n")
		s = s[base64LineWidth:]
	}
	out.WriteString(s)
	return interp.Str(out.String()), nil
}

// decode is Décode(text [, format]): the buffer that Encode turned into text. Line breaks
// and spaces are ignored, "=" padding is optional. Text that is not Base64 gives an empty
// buffer and sets ErreurDétectée.
func decode(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	f, err := encodingFormat("Décode", a)
	if err != nil {
		return interp.Null, err
	}
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
			return -1
		}
		return r
	}, a[0].String())
	s = strings.TrimRight(s, "=")
	enc := base64.RawStdEncoding
	if f == encBase64URL {
		enc = base64.RawURLEncoding
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		th.SetError(interp.ErrorInfo{Message: "Décode: the text is not valid Base64", SystemMessage: err.Error()})
		return interp.Buffer(nil), nil
	}
	return interp.Buffer(b), nil
}

// urlBytes returns the bytes URLEncode encodes: Windows-1252 with encodeURLDepuisAnsi
// (characters it lacks become "?"), else UTF-8.
func urlBytes(s string, f int64) []byte {
	if f&urlFromAnsi == 0 {
		return []byte(s)
	}
	var out []byte
	for _, r := range s {
		if b, ok := charmap.Windows1252.EncodeRune(r); ok {
			out = append(out, b)
		} else {
			out = append(out, '?')
		}
	}
	return out
}

// urlKeep reports whether URLEncode leaves c as it is: letters, digits and "-._~"; in a
// whole URL also the characters that give a URL its structure (RFC 3986's reserved
// characters). With encodeURLParamètre those are encoded too, so that the result can be the
// value of a URL parameter.
func urlKeep(c byte, param bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	case strings.IndexByte("-._~", c) >= 0:
		return true
	case !param && strings.IndexByte(":/?#[]@!$&'()*+,;=", c) >= 0:
		return true
	}
	return false
}

// urlEncode is URLEncode(url [, format]): every other byte becomes %XX.
// "http://mon site/ma page" gives "http://mon%20site/ma%20page".
func urlEncode(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	f := int64(urlFromUTF8)
	if len(a) > 1 {
		f = a[1].AsInt()
	}
	if f <= 0 || f&^(urlFromAnsi|urlFromUTF8|urlFromUnicode|urlParameter) != 0 {
		return interp.Null, fmt.Errorf("URLEncode: %d is not a URL encoding format (encodeURLDepuisAnsi, encodeURLDepuisUTF8, encodeURLDepuisUnicode, encodeURLParamètre)", f)
	}
	const hexDigits = "0123456789ABCDEF"
	var out strings.Builder
	for _, c := range urlBytes(a[0].String(), f) {
		if urlKeep(c, f&urlParameter != 0) {
			out.WriteByte(c)
			continue
		}
		out.WriteByte('%')
		out.WriteByte(hexDigits[c>>4])
		out.WriteByte(hexDigits[c&15])
	}
	return interp.Str(out.String()), nil
}

// urlDecode is URLDécode(text [, format]): each %XX becomes its byte (a "%" not followed by
// two hexadecimal digits stays as it is); the bytes are read as UTF-8, or as Windows-1252
// with encodeURLDepuisAnsi or when they are not UTF-8.
func urlDecode(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s := a[0].String()
	f := optionArg(a, 1)
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			v, _ := hex.DecodeString(s[i+1 : i+3])
			b = append(b, v[0])
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	if f&urlFromAnsi == 0 && utf8.Valid(b) {
		return interp.Str(string(b)), nil
	}
	return interp.Str(decodeWith(b, charmap.Windows1252)), nil
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// bufferToHexa is BufferVersHexa(buffer [, bytes per word [, bytes per line]]): the bytes in
// upper-case hexadecimal. Bytes go in words of 1 (default), 2, 4 or 8 bytes separated by a
// space, each word written as a little-endian number (the bytes 50 00 give "0050") unless
// the third parameter is BigEndian; a line break (RC) comes every 16 bytes, or every "bytes
// per line" bytes (rounded up to whole words). Bytes left over after the last whole word
// are written one by one. SansRegroupement writes every byte without spaces and, unless a
// line length is given, on one line (as a hash for a REST API needs); SansLigne never breaks
// lines. A string is taken as its UTF-8 bytes.
func bufferToHexa(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	b := a[0].BufferBytes()
	word := int64(1)
	if len(a) > 1 && !a[1].IsNull() {
		word = a[1].AsInt()
	}
	line, bigEndian := int64(hexLineBytes), false
	if word == hexNoGrouping {
		line = 0
	}
	if len(a) > 2 && !a[2].IsNull() {
		switch v := a[2].AsInt(); {
		case v == hexNoLine:
			line = 0
		case v > 0 && v&hexEndianMask != 0:
			bigEndian = true
			if rest := v &^ hexEndianMask; rest > 0 {
				line = rest
			}
		case v > 0:
			line = v
		default:
			return interp.Null, fmt.Errorf("BufferVersHexa: %d is not a number of bytes per line", v)
		}
	}
	switch word {
	case hexNoGrouping, 1, 2, 4, 8:
	default:
		return interp.Null, fmt.Errorf("BufferVersHexa: %d is not a number of bytes per word (1, 2, 4, 8 or SansRegroupement)", word)
	}
	n := int(max(word, 1))
	if line > 0 && line < int64(n) {
		line = int64(n)
	}
	var out strings.Builder
	const hexDigits = "0123456789ABCDEF"
	writeByte := func(c byte) {
		out.WriteByte(hexDigits[c>>4])
		out.WriteByte(hexDigits[c&15])
	}
	inLine := 0
	for i := 0; i < len(b); {
		size := n
		if len(b)-i < n {
			size = 1 // a partial word: its bytes one by one
		}
		if i > 0 {
			switch {
			case line > 0 && inLine >= int(line):
				out.WriteString("\r\n")
				inLine = 0
			case word != hexNoGrouping:
				out.WriteByte(' ')
			}
		}
		w := b[i : i+size]
		if bigEndian || size == 1 {
			for _, c := range w {
				writeByte(c)
			}
		} else {
			for j := len(w) - 1; j >= 0; j-- {
				writeByte(w[j])
			}
		}
		i += size
		inLine += size
	}
	return interp.Str(out.String()), nil
}

// hexaToBuffer is HexaVersBuffer(text [, bytes per word [, BigEndian]]): the buffer that
// BufferVersHexa wrote. Spaces and line breaks separate words; with words of 2, 4 or 8
// bytes, each word is read as a little-endian number unless BigEndian is given. Text that
// is not hexadecimal gives an empty buffer and sets ErreurDétectée.
func hexaToBuffer(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	word := int64(1)
	if len(a) > 1 && !a[1].IsNull() {
		word = a[1].AsInt()
	}
	bigEndian := len(a) > 2 && a[2].AsInt() > 0 && a[2].AsInt()&hexEndianMask != 0
	var out []byte
	for _, w := range strings.Fields(a[0].String()) {
		b, err := hex.DecodeString(w)
		if err != nil {
			th.SetError(interp.ErrorInfo{Message: fmt.Sprintf("HexaVersBuffer: %q is not hexadecimal", w)})
			return interp.Buffer(nil), nil
		}
		if word > 1 && !bigEndian && int64(len(b)) == word {
			for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
				b[i], b[j] = b[j], b[i]
			}
		}
		out = append(out, b...)
	}
	return interp.Buffer(out), nil
}
