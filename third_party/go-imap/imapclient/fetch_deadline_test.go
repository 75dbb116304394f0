package imapclient_test

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// deadlineConn records how far ahead each read deadline set on it is, and calls onLong when
// one is over a minute away (the literal timeout).
type deadlineConn struct {
	net.Conn
	mu     sync.Mutex
	long   int
	onLong func()
}

func (c *deadlineConn) SetReadDeadline(t time.Time) error {
	if !t.IsZero() && time.Until(t) > time.Minute {
		c.mu.Lock()
		c.long++
		c.mu.Unlock()
		if c.onLong != nil {
			c.onLong()
		}
	}
	return c.Conn.SetReadDeadline(t)
}

// TestFetchBufferedLiteralTimeout: with BufferedLiteralMax, the reader sets the literal
// timeout (5 minutes) before reading a literal only when the literal is not all in its
// buffer yet, where reading it waits for the network: not for two messages sent in one
// write, once for a literal cut in two by the server (the rest is sent only once that
// timeout is set; the test fails after 10 s without it).
func TestFetchBufferedLiteralTimeout(t *testing.T) {
	msg := func(seq int, body string) string {
		return fmt.Sprintf("* %d FETCH (UID %d BODY[] {%d}\r\n%s)\r\n", seq, seq, len(body), body)
	}
	one, two := msg(1, "Subject: one\r\n\r\nfirst\r\n"), msg(2, "Subject: two\r\n\r\nsecond\r\n")
	cut := len(one) + strings.Index(two, "second")
	for _, tt := range []struct {
		name  string
		parts []string
		long  int
	}{
		{"in one write", []string{one + two}, 0},
		{"the second literal cut", []string{(one + two)[:cut], (one + two)[cut:]}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gate := make(chan struct{})
			var once sync.Once
			release := func() { once.Do(func() { close(gate) }) }
			conn := &deadlineConn{Conn: gatedServer(t, tt.parts, gate, true), onLong: release}
			timer := time.AfterFunc(10*time.Second, release)
			defer timer.Stop()
			c := imapclient.New(conn, &imapclient.Options{BufferedLiteralMax: 1 << 20})
			defer c.Close()
			msgs, err := c.Fetch(imap.SeqSetNum(1, 2), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
			if err != nil || len(msgs) != 2 || string(msgs[1].BodySection[0].Bytes) != "Subject: two\r\n\r\nsecond\r\n" {
				t.Fatalf("fetch: %v, %d messages", err, len(msgs))
			}
			conn.mu.Lock()
			defer conn.mu.Unlock()
			if conn.long != tt.long {
				t.Errorf("the literal timeout was set %d times, want %d", conn.long, tt.long)
			}
		})
	}
}
