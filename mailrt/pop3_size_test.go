package mailrt

import (
	"io"
	"net/textproto"
	"strings"
	"testing"
)

// readOnly is a connection that reads a server's answers and drops what is written.
type readOnly struct{ io.Reader }

func (readOnly) Write(b []byte) (int, error) { return len(b), nil }
func (readOnly) Close() error                { return nil }

// TestPOP3AnswerOddSize reads a RETR answer whose "+OK <n> octets" is any number a server
// may send, up to the largest int: the message is read whatever the size says, and the
// buffer it sizes never overflows (n+8 did, a makeslice panic).
func TestPOP3AnswerOddSize(t *testing.T) {
	const msg = "Subject: x\r\n\r\nx\r\n"
	for _, size := range []string{"17", "0", "268435455", "9223372036854775799", "9223372036854775800", "9223372036854775807"} {
		var reserved []int64
		c := &POP3Client{tp: textproto.NewConn(readOnly{strings.NewReader("+OK " + size + " octets\r\n" + msg + ".\r\n")})}
		c.s.Reserve = func(n int64) error {
			reserved = append(reserved, n)
			return nil
		}
		b, err := c.answerBody("POP3 RETR 1", true)
		if err != nil || string(b) != msg {
			t.Errorf("size %s: %q, %v", size, b, err)
		}
		for _, n := range reserved {
			if n < 0 || n > maxSizeHint {
				t.Errorf("size %s: %d bytes reserved", size, n)
			}
		}
	}
}
