package mailrt

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	gomessage "github.com/emersion/go-message"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// go-message decodes the bodies and headers of received messages written in other charsets
// than UTF-8 (ISO-8859-*, Windows-125x, Shift_JIS...) through its CharsetReader. Its own
// charset package sets it, but links x/text's ianaindex and htmlindex, whose name tables
// (68 KB) and the x/text language packages they need were built at the start of every wl
// process. charsetReader resolves the same names to the same encodings from the tables of
// charset_names.go, generated from those indexes (TestCharsetNames).
func init() { gomessage.CharsetReader = charsetReader }

// charsetReader returns a reader decoding input from charset to UTF-8, as go-message's
// charset.Reader does.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := charsetEncoding(charset)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(input), nil
}

// errInvalidCharsetName is what go-message's charset.Reader reports for a name that no index
// knows (the error of x/text's htmlindex, the last one it asks).
var errInvalidCharsetName = errors.New("htmlindex: invalid encoding name")

// charsetEncoding resolves a charset name as go-message's charset.Reader does: its two
// quirks, then the IANA MIME names (as ianaindex.MIME, case-insensitive, spaces around
// ignored; a name IANA knows without an encoding goes on), the same with "cs" in front, then
// the WHATWG names (htmlindex).
func charsetEncoding(charset string) (encoding.Encoding, error) {
	switch strings.ToLower(charset) {
	case "ansi_x3.110-1983": // see RFC 1345 page 62, mostly superset of ISO 8859-1
		return encodingAt(encISO8859_1), nil
	case "x-utf_8j": // an alias of UTF-8
		return encodingAt(encUTF8), nil
	}
	if enc := lookupCharset(ianaCharsetNames[:], ianaCharsetEncodings[:], charset); enc != nil {
		return enc, nil
	}
	if enc := lookupCharset(ianaCharsetNames[:], ianaCharsetEncodings[:], "cs"+charset); enc != nil {
		return enc, nil
	}
	i, ok := slices.BinarySearch(htmlCharsetNames[:], strings.ToLower(strings.TrimSpace(charset)))
	if !ok {
		return nil, fmt.Errorf("charset %q: %w", charset, errInvalidCharsetName)
	}
	if enc := encodingAt(htmlCharsetEncodings[i]); enc != nil {
		return enc, nil
	}
	return nil, fmt.Errorf("charset %q: unsupported charset", charset)
}

// lookupCharset finds name (case-insensitive, spaces around ignored) in names, sorted, and
// returns the encoding encs gives it; nil when names lacks it or it has no encoding.
func lookupCharset(names []string, encs []uint8, name string) encoding.Encoding {
	i, ok := slices.BinarySearch(names, strings.ToLower(strings.TrimSpace(name)))
	if !ok {
		return nil
	}
	return encodingAt(encs[i])
}

// asciiEncoding is US-ASCII as x/text's ianaindex decodes it: bytes above 127 become
// U+FFFD. Encoding a rune above 127 is an error.
type asciiEncoding struct{}

func (asciiEncoding) NewDecoder() *encoding.Decoder {
	return &encoding.Decoder{Transformer: asciiTransformer{decode: true}}
}

func (asciiEncoding) NewEncoder() *encoding.Encoder {
	return &encoding.Encoder{Transformer: asciiTransformer{}}
}

// asciiTransformer decodes or encodes US-ASCII.
type asciiTransformer struct {
	transform.NopResetter
	decode bool
}

var errNotASCII = errors.New("mailrt: rune not representable in US-ASCII")

func (t asciiTransformer) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for _, c := range src {
		if c >= utf8.RuneSelf {
			if !t.decode {
				return nDst, nSrc, errNotASCII
			}
			if nDst+utf8.RuneLen(utf8.RuneError) > len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			nDst += utf8.EncodeRune(dst[nDst:], utf8.RuneError)
			nSrc++
			continue
		}
		if nDst >= len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		dst[nDst] = c
		nDst++
		nSrc++
	}
	return nDst, nSrc, nil
}
