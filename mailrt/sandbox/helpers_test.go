package sandbox

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func start(t testing.TB, cfg Config) *Server {
	t.Helper()
	s, err := Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func clientTLS(s *Server) *tls.Config {
	return &tls.Config{RootCAs: s.CertPool(), ServerName: "localhost"}
}

// testMessage is a MIME message with a text part, an HTML part and a binary attachment.
func testMessage(subject string, attachment []byte) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Ada <ada@example.com>\r\nTo: Bob <bob@example.com>, carol@example.com\r\nCc: dan@example.com\r\n")
	fmt.Fprintf(&b, "Subject: %s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"BOUND\"\r\n\r\n", subject)
	fmt.Fprintf(&b, "--BOUND\r\nContent-Type: multipart/alternative; boundary=\"ALT\"\r\n\r\n")
	fmt.Fprintf(&b, "--ALT\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBonjour =C3=A0 tous\r\n.un point en t=C3=AAte\r\n")
	fmt.Fprintf(&b, "--ALT\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Bonjour</p>\r\n--ALT--\r\n")
	if attachment != nil {
		fmt.Fprintf(&b, "--BOUND\r\nContent-Type: application/octet-stream; name=\"data.bin\"\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		enc := base64.StdEncoding.EncodeToString(attachment)
		for len(enc) > 76 {
			b.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		b.WriteString(enc + "\r\n")
	}
	b.WriteString("--BOUND--\r\n")
	return b.Bytes()
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

type smtpMode int

const (
	modePlain smtpMode = iota
	modeStartTLS
	modeImplicit
)

func (m smtpMode) String() string { return [...]string{"plain", "starttls", "implicit"}[m] }

// sendWith sends one message with go-smtp's client.
func sendWith(t testing.TB, s *Server, mode smtpMode, auth sasl.Client, from string, to []string, msg []byte) error {
	t.Helper()
	var c *smtp.Client
	var err error
	switch mode {
	case modePlain:
		c, err = smtp.Dial(s.Addr(SMTP))
	case modeStartTLS:
		c, err = smtp.DialStartTLS(s.Addr(SMTP), clientTLS(s))
	case modeImplicit:
		c, err = smtp.DialTLS(s.Addr(SMTPS), clientTLS(s))
	}
	if err != nil {
		return err
	}
	defer c.Close()
	if auth != nil {
		if err := c.Auth(auth); err != nil {
			return err
		}
	}
	if err := c.SendMail(from, to, bytes.NewReader(msg)); err != nil {
		return err
	}
	return c.Quit()
}

// waitMessages polls until n messages were captured.
func waitMessages(t testing.TB, s *Server, n int) []Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		m := s.Messages()
		if len(m) >= n || time.Now().After(deadline) {
			if len(m) < n {
				t.Fatalf("%d messages captured, want %d", len(m), n)
			}
			return m
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func mustContain(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("%q does not contain %q", got, want)
	}
}

func jsonOf(m Message) (string, error) {
	b, err := json.Marshal(m)
	return string(b), err
}

// lineReader reads CRLF lines of a raw protocol conversation.
type lineReader struct {
	r *bufio.Reader
}

func newLineReader(c net.Conn) *lineReader {
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	return &lineReader{r: bufio.NewReader(c)}
}

func (l *lineReader) line() string {
	s, _ := l.r.ReadString('\n')
	return strings.TrimRight(s, "\r\n")
}

func dialRaw(t testing.TB, addr string) (net.Conn, error) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, nil
}
