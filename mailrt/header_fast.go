package mailrt

import (
	"bytes"

	"github.com/emersion/go-message/textproto"
)

// maxFastHeader bounds the header readHeaderFast reads; a larger one goes to go-message's
// reader, which also enforces its own limit (1 MiB).
const maxFastHeader = 64 << 10

// readHeaderFast splits the header of a message as go-message's textproto.ReadHeader does,
// with the same fields in the same order, for the header nearly every message has: lines
// ending in CRLF or LF, none folded (none starting with a space or a tab), each a valid key,
// a colon and a value without CR, and a blank line after the last. ReadHeader reads through a
// 4 KiB bufio.Reader and copies each field into a 256-byte buffer of its own; this reads the
// bytes in place. body is what follows the blank line. ok is false for any other header
// (folded lines, a missing blank line, odd bytes in a key...): ReadHeader reads it.
func readHeaderFast(raw []byte) (h textproto.Header, body []byte, ok bool) {
	type field struct{ k, v []byte }
	var buf [32]field
	fields := buf[:0]
	i := 0
	for {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 || i+j > maxFastHeader {
			return textproto.Header{}, nil, false
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
			return textproto.Header{}, nil, false
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			return textproto.Header{}, nil, false
		}
		key := trimSpaceTab(line[:colon])
		if len(key) == 0 {
			return textproto.Header{}, nil, false
		}
		for _, c := range key {
			if c < 33 || c > 126 {
				return textproto.Header{}, nil, false
			}
		}
		fields = append(fields, field{key, trimSpaceTab(line[colon+1:])})
		i = next
	}
	// One string holds the whole header, and each key and value is a part of it: two
	// allocations fewer per field. The offset of a part of raw is where its capacity ends.
	head := string(raw[:i])
	str := func(b []byte) string {
		at := cap(raw) - cap(b)
		return head[at : at+len(b)]
	}
	// ReadHeader keeps its fields last first (Get gives the first one of a key); Add keeps
	// them in the order added, so they are added from the last.
	for k := len(fields) - 1; k >= 0; k-- {
		h.Add(str(fields[k].k), str(fields[k].v))
	}
	return h, body, true
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
