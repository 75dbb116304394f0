package mailrt

import (
	"bytes"
	"encoding/base64"
	"mime"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// maxQPLine is the longest quoted-printable line (with its line end) that mime/quotedprintable
// reads whole: its reader goes through a 4 KiB bufio.Reader and fails on a longer line.
const maxQPLine = 4096

// singleTextBody decodes the body of a message that is a single text part, as go-message's
// entity, mail reader and Parse's part loop would, without them: Content-Type text/plain
// (or none) or text/html, no Content-Disposition, Content-Transfer-Encoding 7bit, 8bit,
// binary, none, quoted-printable or base64, and a charset that is utf-8, us-ascii (both kept
// as they are, as go-message does) or iso-8859-1. html tells which of Text and HTML the body
// is. ok is false for any other message, and for a body the decoders below would have to
// read differently from go-message's (invalid quoted-printable or base64, an over-long
// quoted-printable line): Parse then reads the message through go-message.
//
// The text shares the bytes it is made of, without a copy, when nothing else can change
// them: a buffer decoded here (quoted-printable, base64), or body itself when owned says
// that body is the caller's no more (ParseOwned).
func singleTextBody(h headerGetter, body []byte, owned bool) (text string, html bool, ok bool) {
	if h.Get("Content-Disposition") != "" {
		return "", false, false
	}
	latin1 := false
	if v := h.Get("Content-Type"); v != "" {
		ct, cs, has, ok := textTypeFast(v)
		if !ok {
			var params map[string]string
			var err error
			if ct, params, err = mime.ParseMediaType(v); err != nil {
				return "", false, false
			}
			cs, has = params["charset"]
		}
		switch ct {
		case "text/plain":
		case "text/html":
			html = true
		default:
			return "", false, false
		}
		if has {
			switch strings.ToLower(cs) {
			case "utf-8", "us-ascii":
			case "iso-8859-1":
				latin1 = true
			default:
				return "", false, false
			}
		}
	}
	var dec []byte
	share := true // dec is the text's alone
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "", "7bit", "8bit", "binary":
		dec, share = body, owned
	case "quoted-printable":
		if dec, ok = decodeQP(body); !ok {
			return "", false, false
		}
	case "base64":
		if dec, ok = decodeBase64(body); !ok {
			return "", false, false
		}
	default:
		return "", false, false
	}
	if latin1 {
		return latin1ToUTF8(dec), html, true
	}
	if share {
		return unsafe.String(unsafe.SliceData(dec), len(dec)), html, true
	}
	return string(dec), html, true
}

// textTypeFast reads the Content-Type most text messages have, "text/plain" or "text/html"
// in any case, alone or with one parameter charset=TOKEN or charset="TOKEN" (TOKEN letters,
// digits, "-" and "_"), as mime.ParseMediaType would, without allocating its map; ok is
// false for anything else.
func textTypeFast(v string) (ct, charset string, has, ok bool) {
	base, rest, semi := strings.Cut(v, ";")
	base = strings.TrimRight(base, " \t")
	switch {
	case strings.EqualFold(base, "text/plain"):
		ct = "text/plain"
	case strings.EqualFold(base, "text/html"):
		ct = "text/html"
	default:
		return "", "", false, false
	}
	if !semi {
		return ct, "", false, true
	}
	rest = strings.Trim(rest, " \t")
	if len(rest) < len("charset=") || !strings.EqualFold(rest[:len("charset=")], "charset=") {
		return "", "", false, false
	}
	val := rest[len("charset="):]
	if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
		val = val[1 : len(val)-1]
	}
	if val == "" {
		return "", "", false, false
	}
	for i := 0; i < len(val); i++ {
		if c := val[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return "", "", false, false
		}
	}
	return ct, val, true, true
}

// decodeQP decodes quoted-printable as mime/quotedprintable's Reader does, for a body that
// reader decodes without an error; ok is false where it would stop on one (an unescaped
// control byte, "=" before a line end inside a line, bytes after a soft line break, a line
// longer than its buffer).
func decodeQP(src []byte) ([]byte, bool) {
	out := make([]byte, 0, len(src))
	for len(src) > 0 {
		var whole []byte
		eof := false
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			whole, src = src[:i+1], src[i+1:]
		} else {
			whole, src, eof = src, nil, true
		}
		if len(whole) > maxQPLine || len(whole) == maxQPLine && whole[len(whole)-1] != '\n' {
			return nil, false
		}
		hasLF := whole[len(whole)-1] == '\n'
		hasCR := hasLF && len(whole) >= 2 && whole[len(whole)-2] == '\r'
		line := bytes.TrimRight(whole, "\n\r \t")
		nl := ""
		if len(line) > 0 && line[len(line)-1] == '=' {
			rest := bytes.TrimLeft(whole[len(line):], " \t")
			line = line[:len(line)-1]
			if !bytes.HasPrefix(rest, []byte("\n")) && !bytes.HasPrefix(rest, []byte("\r\n")) &&
				!(len(rest) == 0 && len(line) > 0 && eof) {
				return nil, false
			}
		} else if hasLF {
			nl = "\n"
			if hasCR {
				nl = "\r\n"
			}
		}
		for i := 0; i < len(line); i++ {
			b := line[i]
			switch {
			case b == '=':
				if i+2 < len(line)+len(nl) {
					if hb, ok := unhex(qpAt(line, nl, i+1)); ok {
						if lb, ok := unhex(qpAt(line, nl, i+2)); ok {
							out = append(out, hb<<4|lb)
							i += 2
							continue
						}
					}
				}
				// Not two hex digits: a literal "=" unless a line end or nothing follows.
				if i+1 >= len(line) {
					return nil, false
				}
				if c := line[i+1]; c == '\r' || c == '\n' {
					return nil, false
				}
			case b == '\t' || b == '\r' || b == '\n' || b >= 0x80:
			case b < ' ' || b > '~':
				return nil, false
			}
			out = append(out, b)
		}
		out = append(out, nl...)
	}
	return out, true
}

// qpAt is the byte i of line followed by nl.
func qpAt(line []byte, nl string, i int) byte {
	if i < len(line) {
		return line[i]
	}
	return nl[i-len(line)]
}

func unhex(b byte) (byte, bool) {
	switch {
	case b >= '0' && b <= '9':
		return b - '0', true
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10, true
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10, true
	}
	return 0, false
}

// decodeBase64 decodes base64 as go-message does (spaces, tabs and line ends dropped, the
// standard alphabet, padding), for a body that is whole groups of four with padding only at
// its end; ok is false otherwise.
func decodeBase64(src []byte) ([]byte, bool) {
	clean := make([]byte, 0, len(src))
	for len(src) > 0 {
		i := bytes.IndexAny(src, " \t\r\n")
		if i < 0 {
			clean = append(clean, src...)
			break
		}
		clean = append(clean, src[:i]...)
		src = src[i+1:]
	}
	if len(clean)%4 != 0 {
		return nil, false
	}
	if p := bytes.IndexByte(clean, '='); p >= 0 && p < len(clean)-2 {
		return nil, false
	}
	out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(out, clean)
	if err != nil {
		return nil, false
	}
	return out[:n], true
}

// latin1ToUTF8 converts ISO-8859-1, whose bytes are the code points U+0000 to U+00FF.
func latin1ToUTF8(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		if c < utf8.RuneSelf {
			sb.WriteByte(c)
		} else {
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
