package lexer

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Decode turns the bytes of a source file into text. A UTF-8 byte-order mark is removed;
// valid UTF-8 is taken as it is; anything else is read as Windows-1252, the encoding
// WINDEV saves its code in on Western-European systems.
func Decode(src []byte) string {
	src = bytes.TrimPrefix(src, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(src) {
		return string(src)
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(src)
	if err != nil {
		// Windows-1252 maps every byte, so this cannot happen; keep the bytes rather than fail.
		return string(src)
	}
	return string(out)
}
