package sandbox

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// imapConv is a raw IMAP conversation for tests.
type imapConv struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	n    int
}

func dialIMAPRaw(t *testing.T, s *Server) *imapConv {
	t.Helper()
	conn, _ := dialRaw(t, s.Addr(IMAP))
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	c := &imapConv{t: t, conn: conn, r: bufio.NewReader(conn)}
	mustContain(t, c.line(), "* OK")
	return c
}

func (c *imapConv) line() string {
	c.t.Helper()
	l, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("reading from IMAP: %v", err)
	}
	return l
}

// cmd sends a command and returns everything up to its tagged reply (literals included),
// and that reply.
func (c *imapConv) cmd(command string) (string, string) {
	c.t.Helper()
	c.n++
	tag := "t" + strconv.Itoa(c.n)
	fmt.Fprintf(c.conn, "%s %s\r\n", tag, command)
	var b strings.Builder
	for {
		l := c.line()
		if strings.HasPrefix(l, tag+" ") {
			return b.String(), strings.TrimRight(l, "\r\n")
		}
		b.WriteString(l)
		if i := strings.LastIndexByte(l, '{'); i >= 0 && strings.HasSuffix(l, "}\r\n") {
			n, err := strconv.Atoi(l[i+1 : len(l)-3])
			if err == nil {
				lit := make([]byte, n)
				if _, err := io.ReadFull(c.r, lit); err != nil {
					c.t.Fatal(err)
				}
				b.Write(lit)
			}
		}
	}
}

func (c *imapConv) ok(command string) string {
	c.t.Helper()
	out, reply := c.cmd(command)
	mustContain(c.t, reply, " OK ")
	return out
}

// storeTestMessages are messages that take every path of the store: a MIME message with an
// attachment, LF line endings, a header too long to stay in memory, a body with dots.
func storeTestMessages() [][]byte {
	return [][]byte{
		testMessage("with attachment", randomBytes(6000)),
		[]byte("From: a@b.c\nSubject: LF only\n\nfirst line\n.second line\n"),
		[]byte("From: a@b.c\r\nSubject: long header\r\nX-Long: " + strings.Repeat("abc ", headCap/4) + "\r\n\r\nneedle in the body\r\n"),
		[]byte("Subject: dots\r\n\r\n.\r\n..\r\n.x\r\n"),
	}
}

// With a directory, POP3 and IMAP serve after a restart, from the files, exactly what a
// server holding the same messages in memory serves.
func TestDirServesFromFiles(t *testing.T) {
	msgs := storeTestMessages()
	dir := t.TempDir()
	mem := start(t, Config{})
	first, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := mem.Seed(m); err != nil {
			t.Fatal(err)
		}
		if err := first.Seed(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	disk := start(t, Config{Dir: dir})
	for _, m := range disk.store.snapshot(inbox) {
		if m.raw != nil {
			t.Fatalf("message %d is held in memory", m.uid)
		}
	}

	p := dialPOP3(t, disk, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	for i, raw := range msgs {
		n := i + 1
		_, got := p.multi(fmt.Sprintf("RETR %d", n))
		if want := crlf(raw); !bytes.Equal(got, want) {
			t.Errorf("RETR %d: %q, want %q", n, got, want)
		}
		mustContain(t, p.cmd(fmt.Sprintf("LIST %d", n)), fmt.Sprintf("+OK %d %d", n, len(crlf(raw))))
		for _, lines := range []int{0, 1} {
			_, top := p.multi(fmt.Sprintf("TOP %d %d", n, lines))
			whole := crlf(raw)
			end := headerEnd(whole)
			want := whole[:end]
			if lines == 1 {
				rest := whole[end:]
				want = append(want[:len(want):len(want)], rest[:bytes.Index(rest, crlfBytes)+2]...)
			}
			if !bytes.Equal(top, want) {
				t.Errorf("TOP %d %d: %q, want %q", n, lines, top, want)
			}
		}
	}

	for _, command := range []string{
		"FETCH 1:* (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE FLAGS)",
		"FETCH 1:* (BODY.PEEK[] BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODY.PEEK[TEXT])",
		"FETCH 1 (BODY.PEEK[1] BODY.PEEK[2.MIME] BINARY.PEEK[2] BINARY.SIZE[2] BODY.PEEK[]<10.20>)",
		"UID FETCH 2:3 (RFC822.HEADER RFC822.TEXT)",
		"SEARCH BODY needle",
		"SEARCH TEXT \"second line\"",
		"SEARCH HEADER X-Long abc",
		"SEARCH OR SUBJECT dots LARGER 10000",
		"SEARCH NOT BODY line",
	} {
		var got, want [2]string
		for i, s := range []*Server{mem, disk} {
			c := dialIMAPRaw(t, s)
			c.ok("LOGIN u p")
			c.ok("SELECT INBOX")
			out, reply := c.cmd(command)
			got[i], want[i] = out, reply[strings.IndexByte(reply, ' '):]
		}
		if got[0] == "" || got[0] != got[1] || want[0] != want[1] {
			t.Errorf("%s\nfrom memory: %q %s\nfrom files:  %q %s", command, got[0], want[0], got[1], want[1])
		}
	}
}

// Messages reads back the bodies of the captured messages from the files, across restarts.
func TestDirCapturedMessages(t *testing.T) {
	dir := t.TempDir()
	msg := testMessage("captured", randomBytes(3000))
	first, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := sendWith(t, first, modePlain, nil, "a@b.c", []string{"x@y.z", "hidden@y.z"}, msg); err != nil {
		t.Fatal(err)
	}
	before := first.Messages()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if n := len(first.store.captured); n != 1 || first.store.captured[0].msg.Text != "" || first.store.captured[0].msg.Raw != nil {
		t.Fatalf("the captured log holds the bodies: %+v", first.store.captured)
	}
	s := start(t, Config{Dir: dir})
	after := s.Messages()
	want := describe(msg, "a@b.c", []string{"x@y.z", "hidden@y.z"})
	for _, got := range [][]Message{before, after} {
		if len(got) != 1 || !bytes.Equal(got[0].Raw, msg) || got[0].Text != want.Text || got[0].HTML != want.HTML ||
			got[0].Subject != "captured" || len(got[0].Bcc) != 2 || got[0].Bcc[1] != "hidden@y.z" {
			t.Fatalf("captured: %d messages, the first %q with %d bytes (want %d), text %q, html %q; want %q, %q", len(got), got[0].Subject, len(got[0].Raw), len(msg), got[0].Text, got[0].HTML, want.Text, want.HTML)
		}
	}
	// A message deleted since keeps its record, without its bodies.
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	p.cmd("DELE 1")
	p.cmd("QUIT")
	if got := s.Messages(); len(got) != 1 || got[0].Subject != "captured" || got[0].Raw != nil || got[0].Text != "" {
		t.Fatalf("after deletion: %+v", got)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.*[lj]*")); len(files) != 0 {
		t.Errorf("files left after deletion: %v", files)
	}
}

// A message whose file vanished gets an error reply, and the session goes on.
func TestDirVanishedFile(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{Dir: dir})
	s.Seed([]byte("Subject: one\r\n\r\nfirst\r\n"))
	s.Seed([]byte("Subject: two\r\n\r\nsecond\r\n"))
	msgs := s.store.snapshot(inbox)
	if err := os.Remove(filepath.Join(dir, msgs[0].key+".eml")); err != nil {
		t.Fatal(err)
	}
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	mustContain(t, p.cmd("RETR 1"), "-ERR [SYS/PERM]")
	mustContain(t, p.cmd("TOP 1 1"), "-ERR [SYS/PERM]")
	_, second := p.multi("RETR 2")
	mustContain(t, string(second), "second")

	c := dialIMAPRaw(t, s)
	c.ok("LOGIN u p")
	c.ok("SELECT INBOX")
	_, reply := c.cmd("FETCH 1 BODY.PEEK[]")
	mustContain(t, reply, "NO [UNAVAILABLE]")
	_, reply = c.cmd("SEARCH BODY first")
	mustContain(t, reply, "NO [UNAVAILABLE]")
	_, reply = c.cmd("COPY 1 INBOX")
	mustContain(t, reply, "NO [UNAVAILABLE]")
	mustContain(t, c.ok("FETCH 2 BODY.PEEK[]"), "second")
	// What needs only the index still works.
	mustContain(t, c.ok("FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])"), "Subject: one")
	if got := s.Messages(); len(got) != 0 {
		t.Errorf("seeded messages captured: %+v", got)
	}
}
