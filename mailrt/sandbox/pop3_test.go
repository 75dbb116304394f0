package sandbox

import (
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-message/mail"
)

// pop3Conv is a raw POP3 conversation for tests.
type pop3Conv struct {
	t    *testing.T
	conn net.Conn
	r    *lineReader
}

func dialPOP3(t *testing.T, s *Server, implicit bool) *pop3Conv {
	t.Helper()
	var conn net.Conn
	var err error
	if implicit {
		conn, err = tls.Dial("tcp", s.Addr(POP3S), clientTLS(s))
	} else {
		conn, err = net.Dial("tcp", s.Addr(POP3))
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	p := &pop3Conv{t: t, conn: conn, r: newLineReader(conn)}
	mustContain(t, p.r.line(), "+OK")
	return p
}

func (p *pop3Conv) cmd(c string) string {
	p.t.Helper()
	fmt.Fprintf(p.conn, "%s\r\n", c)
	return p.r.line()
}

// multi reads a multi-line answer, undoing dot-stuffing.
func (p *pop3Conv) multi(c string) (string, []byte) {
	p.t.Helper()
	first := p.cmd(c)
	if !strings.HasPrefix(first, "+OK") {
		return first, nil
	}
	var b bytes.Buffer
	for {
		l := p.r.line()
		if l == "." {
			return first, b.Bytes()
		}
		if strings.HasPrefix(l, ".") {
			l = l[1:]
		}
		b.WriteString(l + "\r\n")
	}
}

func (p *pop3Conv) stls(s *Server) {
	p.t.Helper()
	mustContain(p.t, p.cmd("STLS"), "+OK")
	tc := tls.Client(p.conn, clientTLS(s))
	if err := tc.Handshake(); err != nil {
		p.t.Fatal(err)
	}
	p.conn, p.r = tc, newLineReader(tc)
}

func TestPOP3(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	att := randomBytes(5000)
	for i := 1; i <= 3; i++ {
		if err := s.Seed(testMessage(fmt.Sprintf("msg %d", i), att)); err != nil {
			t.Fatal(err)
		}
	}
	for _, mode := range []string{"plain", "stls", "implicit"} {
		t.Run(mode, func(t *testing.T) {
			p := dialPOP3(t, s, mode == "implicit")
			_, capa := p.multi("CAPA")
			if got := strings.Contains(string(capa), "STLS"); got != (mode != "implicit") {
				t.Errorf("STLS offered: %v (%s)", got, capa)
			}
			if mode == "stls" {
				p.stls(s)
			}
			mustContain(t, p.cmd("STAT"), "-ERR")
			mustContain(t, p.cmd("USER ada"), "+OK")
			mustContain(t, p.cmd("PASS wrong"), "-ERR")
			mustContain(t, p.cmd("USER ada"), "+OK")
			mustContain(t, p.cmd("PASS secret"), "+OK")
			if stat := p.cmd("STAT"); !strings.HasPrefix(stat, "+OK 3 ") {
				t.Fatalf("STAT %q", stat)
			}
			_, list := p.multi("LIST")
			if n := strings.Count(string(list), "\r\n"); n != 3 {
				t.Errorf("LIST has %d lines", n)
			}
			_, uidl := p.multi("UIDL")
			if n := strings.Count(string(uidl), "\r\n"); n != 3 {
				t.Errorf("UIDL has %d lines", n)
			}
			_, top := p.multi("TOP 2 1")
			mustContain(t, string(top), "Subject: msg 2")
			if strings.Contains(string(top), "Bonjour") {
				t.Error("TOP 2 1 returned the body")
			}
			_, raw := p.multi("RETR 1")
			checkAttachment(t, raw, att)
			mustContain(t, p.cmd("RETR 9"), "-ERR")
			mustContain(t, p.cmd("QUIT"), "+OK")
		})
	}
}

// checkAttachment parses a message and compares its attachment byte for byte.
func checkAttachment(t *testing.T, raw, want []byte) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if err != nil {
			t.Fatal("no attachment found")
		}
		if _, ok := p.Header.(*mail.AttachmentHeader); ok {
			var b bytes.Buffer
			b.ReadFrom(p.Body)
			if !bytes.Equal(b.Bytes(), want) {
				t.Fatalf("attachment differs: %d bytes, want %d", b.Len(), len(want))
			}
			return
		}
	}
}

func TestPOP3DeleteAppliedAtQuit(t *testing.T) {
	s := start(t, Config{})
	s.Seed([]byte("Subject: one\r\n\r\nx\r\n"))
	s.Seed([]byte("Subject: two\r\n\r\nline\r\n.dotted\r\n"))
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	mustContain(t, p.cmd("DELE 1"), "+OK")
	mustContain(t, p.cmd("RETR 1"), "-ERR")
	mustContain(t, p.cmd("STAT"), "+OK 1 ")
	mustContain(t, p.cmd("RSET"), "+OK")
	mustContain(t, p.cmd("STAT"), "+OK 2 ")
	mustContain(t, p.cmd("DELE 1"), "+OK")
	// Another session started before QUIT still sees both messages, numbered as before.
	q := dialPOP3(t, s, false)
	q.cmd("USER u")
	mustContain(t, q.cmd("PASS p"), "2 messages")
	// A connection that drops without QUIT deletes nothing.
	q.conn.Close()
	if n := len(s.store.snapshot(s.store.shared, inbox)); n != 2 {
		t.Fatalf("%d messages before QUIT", n)
	}
	mustContain(t, p.cmd("QUIT"), "+OK")
	msgs := s.store.snapshot(s.store.shared, inbox)
	if len(msgs) != 1 || !strings.Contains(string(msgs[0].raw), "two") {
		t.Fatalf("after QUIT: %d messages", len(msgs))
	}
	// Dot-stuffing round trip.
	r := dialPOP3(t, s, false)
	r.cmd("USER u")
	r.cmd("PASS p")
	_, raw := r.multi("RETR 1")
	mustContain(t, string(raw), "\r\n.dotted\r\n")
}

func TestPOP3AuthPlainAndLogin(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	p := dialPOP3(t, s, true)
	plain := base64.StdEncoding.EncodeToString([]byte("\x00ada\x00secret"))
	mustContain(t, p.cmd("AUTH PLAIN "+plain), "+OK")
	q := dialPOP3(t, s, true)
	mustContain(t, q.cmd("AUTH LOGIN"), "+ ")
	mustContain(t, q.cmd(base64.StdEncoding.EncodeToString([]byte("ada"))), "+ ")
	mustContain(t, q.cmd(base64.StdEncoding.EncodeToString([]byte("wrong"))), "-ERR")
}

func TestPOP3Robustness(t *testing.T) {
	s := start(t, Config{RequireTLSForAuth: true})
	p := dialPOP3(t, s, false)
	mustContain(t, p.cmd("FROB"), "-ERR")
	mustContain(t, p.cmd("RETR 1"), "-ERR")
	mustContain(t, p.cmd("USER u"), "-ERR [AUTH] TLS required")
	mustContain(t, p.cmd(strings.Repeat("A", 10000)), "")
	q := dialPOP3(t, s, false)
	q.stls(s)
	mustContain(t, q.cmd("USER u"), "+OK")
	mustContain(t, q.cmd("PASS p"), "+OK")
}
