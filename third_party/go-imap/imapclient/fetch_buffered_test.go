package imapclient_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// scriptedServer answers the greeting, then the first command with the FETCH responses of
// body (which may end in the middle of a literal: the connection is then closed) and, when
// complete, a tagged OK.
func scriptedServer(t *testing.T, body string, complete bool) net.Conn {
	return gatedServer(t, []string{body}, nil, complete)
}

// gatedServer is scriptedServer sending the parts of the body one by one, each after the
// previous one and a receive from gate.
func gatedServer(t *testing.T, parts []string, gate <-chan struct{}, complete bool) net.Conn {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer ln.Close()
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		br := bufio.NewReader(c)
		io.WriteString(c, "* OK [CAPABILITY IMAP4rev1] ready\r\n") // no CAPABILITY command first
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		tag, _, _ := strings.Cut(line, " ")
		for i, part := range parts {
			if i > 0 {
				<-gate
			}
			io.WriteString(c, part)
		}
		if complete {
			io.WriteString(c, tag+" OK done\r\n")
		} else {
			// The end of the connection, without a reset that could drop what was sent.
			c.(*net.TCPConn).CloseWrite()
		}
		io.Copy(io.Discard, br) // until the client closes
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// fetchedBody is what a command read of one message's body section: the bytes, the error
// that ended the reading (nil at a clean end), and whether the literal gave its bytes with
// Buffered.
type fetchedBody struct {
	uid      imap.UID
	body     string
	err      error
	buffered bool
}

// fetchAll fetches the messages of the scripted responses, reading each body section as
// mailrt does: Buffered when the literal has it, else Read to the end.
func fetchAll(t *testing.T, body string, complete bool, max int64) ([]fetchedBody, error) {
	t.Helper()
	c := imapclient.New(scriptedServer(t, body, complete), &imapclient.Options{BufferedLiteralMax: max})
	defer c.Close()
	cmd := c.Fetch(imap.SeqSetNum(1, 2, 3, 4), &imap.FetchOptions{
		UID:         true,
		BodySection: []*imap.FetchItemBodySection{{Peek: true}},
	})
	var got []fetchedBody
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		var f fetchedBody
		for item := msg.Next(); item != nil; item = msg.Next() {
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				f.uid = it.UID
			case imapclient.FetchItemDataBodySection:
				if bl, ok := it.Literal.(interface{ Buffered() ([]byte, bool) }); ok {
					if b, ok := bl.Buffered(); ok {
						f.body, f.buffered = string(b), true
						if n, err := it.Literal.Read(make([]byte, 1)); n != 0 || err != io.EOF {
							t.Errorf("after Buffered, Read = %d, %v; want 0, EOF", n, err)
						}
						continue
					}
				}
				var sb strings.Builder
				buf := make([]byte, 3) // several reads per literal
				for {
					n, err := it.Literal.Read(buf)
					sb.Write(buf[:n])
					if err != nil {
						if err != io.EOF {
							f.err = err
						}
						break
					}
				}
				f.body = sb.String()
			}
		}
		got = append(got, f)
	}
	return got, cmd.Close()
}

// TestFetchBufferedLiteral compares what a command reads of FETCH body sections with
// BufferedLiteralMax (literals read whole by the reader goroutine) and without it: the same
// bytes, the same errors; and checks which literals were read ahead under the bound.
func TestFetchBufferedLiteral(t *testing.T) {
	msgs := "* 1 FETCH (UID 11 BODY[] {5}\r\nhello)\r\n" +
		"* 2 FETCH (UID 12 BODY[] {0}\r\n)\r\n" +
		"* 3 FETCH (BODY[] {11}\r\nline\r\nUID 1)\r\n" +
		"* 4 FETCH (UID 14 BODY[] \"ok\")\r\n"
	tests := []struct {
		name     string
		body     string
		complete bool
		// buffered are the messages whose literal is read ahead with a bound of 8 bytes
		// (the third is larger; the others hold 7 bytes together).
		buffered []bool
	}{
		{"complete", msgs, true, []bool{true, true, false, true}},
		{"cut in a literal", "* 1 FETCH (UID 11 BODY[] {5}\r\nhello)\r\n* 2 FETCH (UID 12 BODY[] {10}\r\nabc", false, []bool{true, false}},
		{"cut at a literal's end", "* 1 FETCH (UID 11 BODY[] {5}\r\nhello", false, []bool{true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, wantErr := fetchAll(t, tt.body, tt.complete, 0)
			for _, max := range []int64{8, 1 << 20} {
				got, err := fetchAll(t, tt.body, tt.complete, max)
				if (err == nil) != (wantErr == nil) {
					t.Errorf("max %d: Close() = %v, want %v", max, err, wantErr)
				}
				if len(got) != len(want) {
					t.Fatalf("max %d: %d messages, want %d: %+v", max, len(got), len(want), got)
				}
				for i := range want {
					g, w := got[i], want[i]
					if w.buffered {
						t.Fatalf("without the option, message %d was buffered", i+1)
					}
					if g.uid != w.uid || g.body != w.body || fmt.Sprint(g.err) != fmt.Sprint(w.err) {
						t.Errorf("max %d, message %d: got %+v, want %+v", max, i+1, g, w)
					}
					// A bound of 1 MiB buffers every complete literal.
					wantBuffered := g.err == nil && (max > 8 || tt.buffered[i])
					if max > 8 && !tt.complete && i == len(want)-1 {
						wantBuffered = tt.buffered[i]
					}
					if g.buffered != wantBuffered {
						t.Errorf("max %d, message %d: buffered %v, want %v", max, i+1, g.buffered, wantBuffered)
					}
				}
			}
		})
	}
}

// TestFetchBatchNotHeld checks that a message the reader decoded reaches the command while
// the reader waits for the server: the server sends the rest only once the command has
// read the first message.
func TestFetchBatchNotHeld(t *testing.T) {
	gate := make(chan struct{})
	parts := []string{
		"* 1 FETCH (UID 11 BODY[] {5}\r\nhello)\r\n",
		"* 2 FETCH (UID 12 BODY[] {3}\r\nabc)\r\n",
	}
	c := imapclient.New(gatedServer(t, parts, gate, true), &imapclient.Options{BufferedLiteralMax: 1 << 20})
	defer c.Close()
	cmd := c.Fetch(imap.SeqSetNum(1, 2), &imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
	got := make(chan imap.UID)
	go func() {
		defer close(got)
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			buf, err := msg.Collect()
			if err != nil {
				t.Error(err)
				return
			}
			got <- buf.UID
		}
		if err := cmd.Close(); err != nil {
			t.Error(err)
		}
	}()
	for i, want := range []imap.UID{11, 12} {
		select {
		case uid := <-got:
			if uid != want {
				t.Fatalf("message %d: UID %d, want %d", i+1, uid, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("message %d did not reach the command while the reader waited", i+1)
		}
		if i == 0 {
			close(gate)
		}
	}
	if _, ok := <-got; ok {
		t.Error("more messages than sent")
	}
}

// TestFetchManyItems reads a message of more items than the reader keeps before it hands the
// message on (32): they must all come, in order, with and without BufferedLiteralMax.
func TestFetchManyItems(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("* 1 FETCH (")
	const n = 40
	for i := 1; i <= n; i++ {
		if i > 1 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "RFC822.SIZE %d", i)
	}
	sb.WriteString(" BODY[] {2}\r\nok)\r\n")
	for _, max := range []int64{0, 1 << 20} {
		c := imapclient.New(scriptedServer(t, sb.String(), true), &imapclient.Options{BufferedLiteralMax: max})
		cmd := c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{RFC822Size: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		msgs, err := cmd.Collect()
		c.Close()
		if err != nil {
			t.Fatalf("max %d: %v", max, err)
		}
		if len(msgs) != 1 {
			t.Fatalf("max %d: %d messages", max, len(msgs))
		}
		// Collect keeps the last size; read the items one by one to see them all.
		c = imapclient.New(scriptedServer(t, sb.String(), true), &imapclient.Options{BufferedLiteralMax: max})
		cmd = c.Fetch(imap.SeqSetNum(1), &imap.FetchOptions{RFC822Size: true, BodySection: []*imap.FetchItemBodySection{{Peek: true}}})
		var sizes []int64
		body := ""
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			for item := msg.Next(); item != nil; item = msg.Next() {
				switch it := item.(type) {
				case imapclient.FetchItemDataRFC822Size:
					sizes = append(sizes, it.Size)
				case imapclient.FetchItemDataBodySection:
					b, _ := io.ReadAll(it.Literal)
					body = string(b)
				}
			}
		}
		if err := cmd.Close(); err != nil {
			t.Fatalf("max %d: %v", max, err)
		}
		c.Close()
		if len(sizes) != n || body != "ok" {
			t.Fatalf("max %d: %d sizes, body %q", max, len(sizes), body)
		}
		for i, s := range sizes {
			if s != int64(i+1) {
				t.Fatalf("max %d: size %d is %d", max, i+1, s)
			}
		}
	}
}
