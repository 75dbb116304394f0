package imapwire_test

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/emersion/go-imap/v2/internal/imapwire"
)

// step is one decoder call and what it should give.
type step struct {
	kind string // "atom", "number", "text", "sp", "special", "crlf", "eof", "literal"
	want string // the value read (atom, text, number in decimal); the byte for "special"
	ok   bool
}

// TestDecoderRuns checks that atoms, numbers and text, which the decoder reads in bulk from
// its buffer, give the same values, stops and errors as reading them byte by byte: with the
// whole input in one buffer and with a 16-byte buffer filled one byte per read, so that runs
// span several refills.
func TestDecoderRuns(t *testing.T) {
	long := strings.Repeat("A", 100)
	tests := []struct {
		name    string
		in      string
		maxSize int64
		steps   []step
		wantErr string // the decoder's error at the end ("" for none)
	}{
		{name: "fetch line", in: "* 12 FETCH (UID 42 X-Y)\r\n", steps: []step{
			{"special", "*", true}, {"sp", "", true}, {"number", "12", true}, {"sp", "", true},
			{"atom", "FETCH", true}, {"sp", "", true}, {"special", "(", true}, {"atom", "UID", true},
			{"sp", "", true}, {"number", "42", true}, {"sp", "", true}, {"atom", "X-Y", true},
			{"special", ")", true}, {"crlf", "", true}, {"eof", "", true},
		}},
		{name: "long atom", in: long + " " + long + "\r\n", steps: []step{
			{"atom", long, true}, {"sp", "", true}, {"atom", long, true}, {"crlf", "", true},
		}},
		{name: "text", in: "OK done, " + long + "\r\nnext", steps: []step{
			{"text", "OK done, " + long, true}, {"crlf", "", true}, {"atom", "next", false},
		}, wantErr: io.ErrUnexpectedEOF.Error()},
		{name: "empty atom leaves the byte", in: "(a", steps: []step{
			{"atom", "", false}, {"special", "(", true}, {"atom", "a", false},
		}, wantErr: io.ErrUnexpectedEOF.Error()},
		{name: "empty number", in: "x1 ", steps: []step{{"number", "", false}, {"atom", "x1", true}}},
		{name: "number overflow", in: "99999999999 (", steps: []step{{"number", "", false}, {"sp", "", true}}},
		{name: "number at end of input", in: "123", steps: []step{{"number", "", false}},
			wantErr: io.ErrUnexpectedEOF.Error()},
		{name: "empty text", in: "\r\n", steps: []step{{"text", "", false}, {"crlf", "", true}}},
		// readByte reads a byte only while at most MaxSize were read before it: "ABC" then
		// the space that ends it are 4 bytes, read at counts 0 to 3.
		{name: "max size reached by the stop byte", in: "ABC DEF", maxSize: 3, steps: []step{
			{"atom", "ABC", true}, {"sp", "", false},
		}, wantErr: "imapwire: max size exceeded"},
		{name: "max size inside the run", in: "ABC DEF", maxSize: 2, steps: []step{{"atom", "", false}},
			wantErr: "imapwire: max size exceeded"},
		{name: "max size inside a long run", in: long + " ", maxSize: 50, steps: []step{{"atom", "", false}},
			wantErr: "imapwire: max size exceeded"},
		{name: "max size after a long run", in: long + " ", maxSize: 100, steps: []step{{"atom", long, true}}},
		{name: "open literal", in: "{3}\r\nabc", steps: []step{{"literal", "", true}, {"atom", "", false}},
			wantErr: "imapwire: cannot decode while a literal is open"},
	}
	readers := map[string]func(s string) *bufio.Reader{
		"whole": func(s string) *bufio.Reader { return bufio.NewReader(strings.NewReader(s)) },
		"one byte": func(s string) *bufio.Reader {
			return bufio.NewReaderSize(iotest.OneByteReader(strings.NewReader(s)), 16)
		},
	}
	for _, tc := range tests {
		for rname, newReader := range readers {
			t.Run(tc.name+"/"+rname, func(t *testing.T) {
				dec := imapwire.NewDecoder(newReader(tc.in), imapwire.ConnSideClient)
				dec.MaxSize = tc.maxSize
				for i, st := range tc.steps {
					var got string
					var ok bool
					switch st.kind {
					case "atom":
						ok = dec.Atom(&got)
					case "text":
						ok = dec.Text(&got)
					case "number":
						var n uint32
						if ok = dec.Number(&n); ok {
							got = strconv.FormatUint(uint64(n), 10)
						}
					case "sp":
						ok = dec.SP()
					case "special":
						ok = dec.Special(st.want[0])
						got = st.want
					case "crlf":
						ok = dec.CRLF()
					case "eof":
						ok = dec.EOF()
					case "literal":
						_, _, ok = dec.LiteralReader()
					}
					if ok != st.ok || (ok && got != st.want) {
						t.Fatalf("step %d (%s): got %q, %v; want %q, %v (error %v)", i, st.kind, got, ok, st.want, st.ok, dec.Err())
					}
				}
				gotErr := ""
				if dec.Err() != nil {
					gotErr = dec.Err().Error()
				}
				if gotErr != tc.wantErr {
					t.Fatalf("error %q, want %q", gotErr, tc.wantErr)
				}
			})
		}
	}
}
