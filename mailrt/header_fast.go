package mailrt

import (
	"bytes"
	"strings"
	"unsafe"

	"github.com/emersion/go-message/textproto"
)

// maxFastHeader bounds the header readHeaderFast reads; a larger one goes to go-message's
// reader, which also enforces its own limit (1 MiB).
const maxFastHeader = 64 << 10

// readHeaderFast splits the header of a message as go-message's textproto.ReadHeader does,
// with the same fields in the same order, for the header nearly every message has: lines
// ending in CRLF or LF, none folded (none starting with a space or a tab), each a valid key,
// a colon and a value without CR, and a blank line after the last. ReadHeader reads through a
// 4 KiB bufio.Reader, copies each field into a 256-byte buffer of its own and files it in a
// map by its canonical key; this reads the bytes in place into a list (see fastFields).
// body is what follows the blank line. ok is false for any other header (folded lines, a
// missing blank line, odd bytes in a key...): ReadHeader reads it. With owned, the keys and
// values share raw's bytes (the caller never changes them), else they share one copy of
// the header.
func readHeaderFast(raw []byte, owned bool) (h fastFields, body []byte, ok bool) {
	type field struct{ k, v []byte }
	var buf [32]field
	fields := buf[:0]
	i := 0
	for {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 || i+j > maxFastHeader {
			return nil, nil, false
		}
		line := raw[i : i+j]
		next := i + j + 1
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(line) == 0 {
			body = raw[next:]
			break
		}
		if line[0] == ' ' || line[0] == '\t' || bytes.IndexByte(line, '\r') >= 0 {
			return nil, nil, false
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			return nil, nil, false
		}
		key := trimSpaceTab(line[:colon])
		if len(key) == 0 {
			return nil, nil, false
		}
		for _, c := range key {
			if c < 33 || c > 126 {
				return nil, nil, false
			}
		}
		fields = append(fields, field{key, trimSpaceTab(line[colon+1:])})
		i = next
	}
	// One string holds the whole header, and each key and value is a part of it: two
	// allocations fewer per field. The offset of a part of raw is where its capacity ends.
	var head string
	if owned {
		head = unsafe.String(unsafe.SliceData(raw), i)
	} else {
		head = string(raw[:i])
	}
	str := func(b []byte) string {
		at := cap(raw) - cap(b)
		return head[at : at+len(b)]
	}
	h = make(fastFields, len(fields))
	for k, f := range fields {
		h[k] = fastField{str(f.k), str(f.v)}
	}
	return h, body, true
}

// headerGetter is what Parse reads of a header: the value of a field by its key.
// *gomail.Header and fastFields have it.
type headerGetter interface {
	Get(key string) string
}

// fastField is a field of a header read by readHeaderFast, its key and value trimmed.
type fastField struct{ k, v string }

// fastFields are the fields of a header read by readHeaderFast, in the order of the
// message. It answers Get as the textproto.Header go-message would have built, without its
// map and a structure per field: Parse reads a handful of keys of each message.
type fastFields []fastField

// Get gives the value of the first field of key, "" without one, as Get of the
// textproto.Header go-message would have built. That header files a field under its
// canonical key (net/textproto.CanonicalMIMEHeaderKey): a key made of token characters
// differs from its canonical form only by the case of ASCII letters, and any other key is
// left as it is (and then never equals the canonical form of a key of token characters).
// So two keys meet when they are equal, or equal but for the case and made of token
// characters.
func (h fastFields) Get(key string) string {
	token := -1 // unknown yet
	for _, f := range h {
		if len(f.k) != len(key) {
			continue
		}
		if f.k == key {
			return f.v
		}
		if strings.EqualFold(f.k, key) {
			if token < 0 {
				token = 0
				if isTokenKey(key) {
					token = 1
				}
			}
			if token == 1 {
				return f.v
			}
		}
	}
	return ""
}

// isTokenKey tells whether every byte of k is a token character (RFC 7230), those
// net/textproto puts in canonical form.
func isTokenKey(k string) bool {
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// textproto builds go-message's header of the same fields, for a message Parse reads
// through go-message.
func (h fastFields) textproto() textproto.Header {
	var th textproto.Header
	// ReadHeader keeps its fields last first (Get gives the first one of a key); Add keeps
	// them in the order added, so they are added from the last.
	for k := len(h) - 1; k >= 0; k-- {
		th.Add(h[k].k, h[k].v)
	}
	return th
}

// trimSpaceTab removes the spaces and tabs at both ends of s, as go-message trims keys and
// values.
func trimSpaceTab(s []byte) []byte {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
