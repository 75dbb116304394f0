package sandbox

import (
	"bytes"
	"io"
)

// headCap bounds the header block a stored message keeps in memory. A message whose header
// is longer reads it from its file when a client asks for it.
const headCap = 16 << 10

// msgInfo is what the store keeps of a message besides its bytes.
type msgInfo struct {
	size    int64  // its length
	popSize int64  // its length once every line ends with CRLF, as POP3 sends it
	head    []byte // its header block with the blank line after it (the whole message when it has no body), nil when longer than headCap
}

// scanner measures a message written to it in pieces, so that a message file is measured
// without being held in memory.
type scanner struct {
	size, lf, crlf     int64
	lastCR             bool
	head               []byte
	headDone, headLong bool
}

var (
	lfBytes   = []byte("\n")
	crlfBytes = []byte("\r\n")
)

func (sc *scanner) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	sc.size += int64(len(p))
	sc.lf += int64(bytes.Count(p, lfBytes))
	sc.crlf += int64(bytes.Count(p, crlfBytes))
	if sc.lastCR && p[0] == '\n' {
		sc.crlf++
	}
	sc.lastCR = p[len(p)-1] == '\r'
	if !sc.headDone && !sc.headLong {
		n := min(len(p), headCap+1-len(sc.head))
		sc.head = append(sc.head, p[:n]...)
		if end := headerEnd(sc.head); end >= 0 {
			sc.head, sc.headDone = sc.head[:end], true
		} else if len(sc.head) > headCap {
			sc.head, sc.headLong = nil, true
		}
	}
	return len(p), nil
}

// info is the measure of everything written so far, taken as the whole message; its head
// is a copy.
func (sc *scanner) info() msgInfo {
	in := msgInfo{size: sc.size, popSize: sc.size + sc.lf - sc.crlf}
	if !sc.headLong {
		in.head = append(make([]byte, 0, len(sc.head)), sc.head...)
	}
	return in
}

// measure measures a message held in memory; its head is a slice of raw.
func measure(raw []byte) msgInfo {
	var sc scanner
	sc.Write(raw)
	in := msgInfo{size: sc.size, popSize: sc.size + sc.lf - sc.crlf}
	if !sc.headLong {
		in.head = raw[:len(sc.head):len(sc.head)]
	}
	return in
}

// measureReader measures a message read from r.
func measureReader(r io.Reader) (msgInfo, error) {
	var sc scanner
	_, err := io.CopyBuffer(&sc, r, make([]byte, 32<<10))
	return sc.info(), err
}

// headerEnd is the offset just after the blank line that ends the header block of b, or -1
// when b holds no complete blank line.
func headerEnd(b []byte) int {
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return -1
		}
		if j == 0 || (j == 1 && b[i] == '\r') {
			return i + j + 1
		}
		i += j + 1
	}
	return -1
}
