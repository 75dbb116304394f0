package mailrt

import (
	"encoding/binary"
	"unicode/utf8"
)

// isASCII tells whether every byte of b is below utf8.RuneSelf. It looks at eight bytes at
// a time: it runs on the header of every message read (IsSignedSMIME) and on every message
// sent (8BITMIME).
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
