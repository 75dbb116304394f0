package mailrt

import (
	"bytes"
	"testing"
)

// TestIsASCII: for every length to 40 and every place of one byte of 0x80 or more (0x80,
// 0xC3, 0xFF) among ASCII bytes (0x00, 'a', 0x7F), isASCII says what a byte-by-byte look
// says, also for a slice that starts inside an array (not aligned).
func TestIsASCII(t *testing.T) {
	slow := func(b []byte) bool {
		for _, c := range b {
			if c >= 0x80 {
				return false
			}
		}
		return true
	}
	for n := 0; n <= 40; n++ {
		for _, fill := range []byte{0, 'a', 0x7F} {
			for at := -1; at < n; at++ {
				for _, high := range []byte{0x80, 0xC3, 0xFF} {
					arr := bytes.Repeat([]byte{fill}, n+3)
					b := arr[3:]
					if at >= 0 {
						b[at] = high
					}
					if got, want := isASCII(b), slow(b); got != want || want != (at < 0) {
						t.Fatalf("isASCII(%q) = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
}
