package sandbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func TestFaults(t *testing.T) {
	s := start(t, Config{})
	var se *smtp.SMTPError

	t.Run("reject recipient", func(t *testing.T) {
		s.SetFaults(Faults{RejectRecipients: []string{"Nobody@Example.com"}})
		defer s.SetFaults(Faults{})
		c, err := smtp.Dial(s.Addr(SMTP))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Mail("a@b.c", nil)
		if err := c.Rcpt("NOBODY@example.com", nil); !errors.As(err, &se) || se.Code != 550 {
			t.Fatalf("RCPT: %v", err)
		}
		if err := c.Rcpt("ok@example.com", nil); err != nil {
			t.Fatalf("other recipient: %v", err)
		}
	})
	t.Run("refuse auth", func(t *testing.T) {
		s.SetFaults(Faults{RefuseAuth: true})
		defer s.SetFaults(Faults{})
		err := sendWith(t, s, modeImplicit, sasl.NewPlainClient("", "u", "p"), "a@b.c", []string{"x@y.z"}, testMessage("x", nil))
		if !errors.As(err, &se) || se.Code != 535 {
			t.Fatalf("AUTH: %v", err)
		}
		p := dialPOP3(t, s, false)
		p.cmd("USER u")
		mustContain(t, p.cmd("PASS p"), "-ERR")
		c := dialIMAP(t, s, modePlain)
		if err := c.Login("u", "p").Wait(); err == nil {
			t.Error("IMAP login accepted")
		}
	})
	t.Run("drop during data", func(t *testing.T) {
		s.SetFaults(Faults{DropDuringData: true})
		defer s.SetFaults(Faults{})
		before := len(s.Messages())
		if err := sendWith(t, s, modePlain, nil, "a@b.c", []string{"x@y.z"}, testMessage("dropped", nil)); err == nil {
			t.Fatal("the send succeeded")
		}
		if len(s.Messages()) != before {
			t.Fatal("a dropped message was stored")
		}
	})
	t.Run("slow replies", func(t *testing.T) {
		s.SetFaults(Faults{ReplyDelay: 300 * time.Millisecond})
		defer s.SetFaults(Faults{})
		conn, err := net.Dial("tcp", s.Addr(SMTP))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		// A client that waits less than the delay for the greeting times out.
		conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
		_, err = conn.Read(make([]byte, 10))
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("read: %v", err)
		}
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := conn.Read(make([]byte, 10)); err != nil {
			t.Fatalf("the greeting never came: %v", err)
		}
	})
	t.Run("refuse starttls", func(t *testing.T) {
		s.SetFaults(Faults{RefuseStartTLS: true})
		defer s.SetFaults(Faults{})
		if _, err := smtp.DialStartTLS(s.Addr(SMTP), clientTLS(s)); err == nil {
			t.Error("SMTP STARTTLS accepted")
		}
		if _, err := imapclient.DialStartTLS(s.Addr(IMAP), &imapclient.Options{TLSConfig: clientTLS(s)}); err == nil {
			t.Error("IMAP STARTTLS accepted")
		}
		p := dialPOP3(t, s, false)
		mustContain(t, p.cmd("STLS"), "-ERR")
		// Implicit TLS is not affected.
		if err := sendWith(t, s, modeImplicit, nil, "a@b.c", []string{"x@y.z"}, testMessage("tls", nil)); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCertificates(t *testing.T) {
	s := start(t, Config{})
	for _, name := range []string{"localhost", "127.0.0.1", "smtp.gmail.com", "mail.example.org"} {
		conn, err := tls.Dial("tcp", s.Addr(SMTPS), &tls.Config{RootCAs: s.CertPool(), ServerName: name})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		conn.Close()
	}
	// Without the CA, verification fails.
	if conn, err := tls.Dial("tcp", s.Addr(SMTPS), &tls.Config{ServerName: "localhost"}); err == nil {
		conn.Close()
		t.Error("the sandbox certificate verified without its CA")
	}
}

func TestDirPersistenceAndReload(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	att := randomBytes(2000)
	if err := sendWith(t, s, modeStartTLS, sasl.NewLoginClient("ada", "x"), "a@b.c", []string{"x@y.z"}, testMessage("kept", att)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	emls, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(emls) != 1 {
		t.Fatalf("%d .eml files", len(emls))
	}
	if pem, err := os.ReadFile(filepath.Join(dir, "ca.pem")); err != nil || !bytes.Contains(pem, []byte("BEGIN CERTIFICATE")) {
		t.Fatalf("ca.pem: %v", err)
	}
	s2 := start(t, Config{Dir: dir})
	msgs := s2.Messages()
	if len(msgs) != 1 || msgs[0].Subject != "kept" || msgs[0].Auth.User != "ada" || msgs[0].TLS != TLSStartTLS {
		t.Fatalf("after restart: %+v", msgs)
	}
	p := dialPOP3(t, s2, true)
	p.cmd("USER u")
	p.cmd("PASS p")
	_, raw := p.multi("RETR 1")
	checkAttachment(t, raw, att)
	p.cmd("DELE 1")
	p.cmd("QUIT")
	if emls, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(emls) != 0 {
		t.Errorf("deleted message still on disk: %v", emls)
	}
}

func TestSeedDirSubscribeAndDial(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "b.eml"), []byte("Subject: second\n\nLF only\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a.eml"), []byte("Subject: first\r\n\r\nx\r\n"), 0o644)
	s := start(t, Config{})
	if err := s.SeedDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedDir(filepath.Join(dir, "missing")); err == nil {
		t.Error("seeding a missing directory succeeded")
	}
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	_, raw := p.multi("RETR 2")
	if !strings.Contains(string(raw), "Subject: second\r\n\r\nLF only\r\n") {
		t.Errorf("seeded LF message not served with CRLF: %q", raw)
	}
	_, first := p.multi("TOP 1 0")
	mustContain(t, string(first), "first")
	if len(s.Messages()) != 0 {
		t.Error("seeded messages are listed as captured")
	}

	ch, cancel := s.Subscribe()
	conn, err := s.Dial(context.Background(), SMTP, "smtp.example.com:587")
	if err != nil {
		t.Fatal(err)
	}
	c, err := smtp.NewClientStartTLS(conn, &tls.Config{RootCAs: s.CertPool(), ServerName: "smtp.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail("a@b.c", []string{"x@y.z"}, bytes.NewReader(testMessage("dialed", nil))); err != nil {
		t.Fatal(err)
	}
	c.Quit()
	select {
	case m := <-ch:
		if m.Server != "smtp.example.com:587" || m.TLS != TLSStartTLS || m.Subject != "dialed" {
			t.Errorf("subscribed message: %+v", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message on the subscription")
	}
	cancel()
	if _, ok := <-ch; ok {
		t.Error("channel still open after cancel")
	}
}

func TestStartErrors(t *testing.T) {
	if _, err := Start(Config{Auth: "nocolon"}); err == nil {
		t.Error("bad auth accepted")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := Start(Config{SMTP: l.Addr().String()}); err == nil || !strings.Contains(err.Error(), "SMTP") {
		t.Errorf("port in use: %v", err)
	}
}

// BenchmarkSMTPAccept measures messages accepted per second over one SMTP connection, kept
// in memory.
func BenchmarkSMTPAccept(b *testing.B) { benchAccept(b, Config{}) }

// BenchmarkSMTPAcceptDir is the same with every message written and synced to a directory
// before its 250 reply.
func BenchmarkSMTPAcceptDir(b *testing.B) { benchAccept(b, Config{Dir: b.TempDir()}) }

func benchAccept(b *testing.B, cfg Config) {
	s := start(b, cfg)
	c, err := smtp.Dial(s.Addr(SMTP))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	msg := testMessage("bench", nil)
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if err := c.SendMail("a@b.c", []string{"x@y.z"}, bytes.NewReader(msg)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}
