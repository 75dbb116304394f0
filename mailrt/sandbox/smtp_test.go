package sandbox

import (
	"bytes"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
)

func TestSMTPModesAndMechanisms(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	att := randomBytes(3000)
	n := 0
	for _, mode := range []smtpMode{modePlain, modeStartTLS, modeImplicit} {
		for _, mech := range []string{"PLAIN", "LOGIN"} {
			t.Run(mode.String()+"/"+mech, func(t *testing.T) {
				auth := sasl.NewPlainClient("", "ada", "secret")
				if mech == "LOGIN" {
					auth = sasl.NewLoginClient("ada", "secret")
				}
				if err := sendWith(t, s, mode, auth, "ada@example.com", []string{"bob@example.com", "carol@example.com", "hidden@example.com"}, testMessage("test "+mode.String(), att)); err != nil {
					t.Fatal(err)
				}
				n++
				got := waitMessages(t, s, n)[n-1]
				want := Message{From: "ada@example.com", To: []string{"bob@example.com", "carol@example.com"},
					Cc: []string{"dan@example.com"}, Bcc: []string{"hidden@example.com"}, Subject: "test " + mode.String(),
					Text: "Bonjour à tous\r\n.un point en tête", HTML: "<p>Bonjour</p>",
					Attachments: []Attachment{{Name: "data.bin", ContentType: "application/octet-stream", Size: 3000}},
					Auth:        Auth{Mechanism: mech, User: "ada"}, TLS: map[smtpMode]string{modePlain: TLSNone, modeStartTLS: TLSStartTLS, modeImplicit: TLSImplicit}[mode],
					Server: got.Server}
				got.Raw = nil
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("captured (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestSMTPWrongPasswordAndAuthRequired(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	err := sendWith(t, s, modeStartTLS, sasl.NewPlainClient("", "ada", "wrong"), "a@b.c", []string{"x@y.z"}, testMessage("x", nil))
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 535 {
		t.Fatalf("wrong password: %v", err)
	}
	err = sendWith(t, s, modePlain, nil, "a@b.c", []string{"x@y.z"}, testMessage("x", nil))
	if !errors.As(err, &se) || se.Code != 530 {
		t.Fatalf("no AUTH with a fixed login: %v", err)
	}
	if len(s.Messages()) != 0 {
		t.Fatal("a refused message was stored")
	}
}

func TestSMTPAnyLoginAndNoAuth(t *testing.T) {
	s := start(t, Config{})
	if err := sendWith(t, s, modePlain, nil, "a@b.c", []string{"x@y.z"}, testMessage("no auth", nil)); err != nil {
		t.Fatal(err)
	}
	if err := sendWith(t, s, modeImplicit, sasl.NewPlainClient("", "anyone", "anything"), "a@b.c", []string{"x@y.z"}, testMessage("any", nil)); err != nil {
		t.Fatal(err)
	}
	m := waitMessages(t, s, 2)
	if m[0].Auth != (Auth{}) || m[1].Auth.User != "anyone" {
		t.Errorf("auth records: %+v %+v", m[0].Auth, m[1].Auth)
	}
}

func TestSMTPOAuth(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret", AuthToken: "tok-123"})
	bearer := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: "ada", Token: "tok-123"})
	if err := sendWith(t, s, modeImplicit, bearer, "a@b.c", []string{"x@y.z"}, testMessage("oauth", nil)); err != nil {
		t.Fatal(err)
	}
	if err := sendWith(t, s, modeImplicit, &xoauth2Client{"ada", "tok-123"}, "a@b.c", []string{"x@y.z"}, testMessage("xoauth2", nil)); err != nil {
		t.Fatal(err)
	}
	m := waitMessages(t, s, 2)
	if m[0].Auth != (Auth{Mechanism: "OAUTHBEARER", User: "ada"}) || m[1].Auth != (Auth{Mechanism: "XOAUTH2", User: "ada"}) {
		t.Errorf("auth: %+v %+v", m[0].Auth, m[1].Auth)
	}
	for _, msg := range m {
		if b, _ := jsonOf(msg); strings.Contains(b, "tok-") {
			t.Errorf("the token is in the captured message: %s", b)
		}
	}
}

// A refused OAUTHBEARER token is answered with the error challenge, then 535; an empty
// reply to the challenge does not bring the server down.
func TestSMTPOAuthBearerRefused(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	bearer := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: "bob", Token: "tok"})
	// go-sasl's client stops at the error challenge.
	err := sendWith(t, s, modeImplicit, bearer, "a@b.c", []string{"x@y.z"}, testMessage("oauth", nil))
	if err == nil || !strings.Contains(err.Error(), "invalid_token") {
		t.Fatalf("refused token: %v", err)
	}
	conn, _ := dialRaw(t, s.Addr(SMTP))
	r := newLineReader(conn)
	r.line()
	conn.Write([]byte("EHLO x\r\n"))
	for l := r.line(); strings.HasPrefix(l, "250-"); l = r.line() {
	}
	conn.Write([]byte("AUTH OAUTHBEARER bixhPWJvYiwBYXV0aD1CZWFyZXIgdG9rAQE=\r\n"))
	mustContain(t, r.line(), "334")
	conn.Write([]byte("\r\n"))
	mustContain(t, r.line(), "535")
	conn.Write([]byte("NOOP\r\n"))
	mustContain(t, r.line(), "250")
}

type xoauth2Client struct{ user, token string }

func (x *xoauth2Client) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}
func (x *xoauth2Client) Next([]byte) ([]byte, error) { return nil, errors.New("unexpected challenge") }

func TestSMTPRequireTLSForAuth(t *testing.T) {
	s := start(t, Config{RequireTLSForAuth: true})
	c, err := smtp.Dial(s.Addr(SMTP))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("x"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("AUTH"); ok {
		t.Error("AUTH offered before STARTTLS")
	}
	if err := sendWith(t, s, modeStartTLS, sasl.NewPlainClient("", "u", "p"), "a@b.c", []string{"x@y.z"}, testMessage("tls", nil)); err != nil {
		t.Fatalf("AUTH after STARTTLS: %v", err)
	}
}

func TestSMTPExtensions(t *testing.T) {
	s := start(t, Config{})
	c, err := smtp.Dial(s.Addr(SMTP))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Hello("x"); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"SIZE", "8BITMIME", "SMTPUTF8", "PIPELINING", "STARTTLS", "AUTH"} {
		if ok, _ := c.Extension(ext); !ok {
			t.Errorf("%s not offered", ext)
		}
	}
	_, mechs := c.Extension("AUTH")
	for _, m := range []string{"PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER"} {
		if !strings.Contains(mechs, m) {
			t.Errorf("AUTH %s not offered (%s)", m, mechs)
		}
	}
}

// Several clients sending at once: every message stored exactly once.
func TestSMTPLoadConcurrent(t *testing.T) {
	s := start(t, Config{Dir: t.TempDir()})
	const conns, per = 8, 125
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := smtp.Dial(s.Addr(SMTP))
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			for j := 0; j < per; j++ {
				msg := []byte("Subject: load " + itoa(i) + "-" + itoa(j) + "\r\n\r\nbody\r\n")
				if err := c.SendMail("a@b.c", []string{"x@y.z"}, bytes.NewReader(msg)); err != nil {
					errs <- err
					return
				}
			}
			c.Quit()
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	msgs := s.Messages()
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.Subject]++
	}
	if len(msgs) != conns*per || len(seen) != conns*per {
		t.Fatalf("%d messages, %d distinct; want %d", len(msgs), len(seen), conns*per)
	}
	if got := len(s.store.snapshot(s.store.shared, inbox)); got != conns*per {
		t.Fatalf("%d in the mailbox", got)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSMTPLargeMessage(t *testing.T) {
	s := start(t, Config{})
	att := randomBytes(10 << 20)
	if err := sendWith(t, s, modeImplicit, nil, "a@b.c", []string{"x@y.z"}, testMessage("big", att)); err != nil {
		t.Fatal(err)
	}
	m := waitMessages(t, s, 1)[0]
	if m.Attachments[0].Size != len(att) {
		t.Fatalf("attachment size %d, want %d", m.Attachments[0].Size, len(att))
	}
}

func TestSMTPRobustness(t *testing.T) {
	s := start(t, Config{})
	conn, err := net.Dial("tcp", s.Addr(SMTP))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := newLineReader(conn)
	mustContain(t, r.line(), "220")
	for _, cmd := range []string{"FROB", "MAIL FROM:<a@b.c>", "EHLO", "RCPT TO:<x@y.z>", "\x00\xff\xfe"} {
		conn.Write([]byte(cmd + "\r\n"))
		if l := r.line(); !strings.HasPrefix(l, "5") {
			t.Errorf("%q answered %q", cmd, l)
		}
	}
	// A client that disconnects in the middle of DATA: nothing stored, the server goes on.
	conn.Write([]byte("HELO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<x@y.z>\r\nDATA\r\nSubject: half\r\n\r\nsome"))
	for i := 0; i < 4; i++ {
		r.line()
	}
	conn.Close()
	if err := sendWith(t, s, modePlain, nil, "a@b.c", []string{"x@y.z"}, testMessage("after", nil)); err != nil {
		t.Fatal(err)
	}
	m := waitMessages(t, s, 1)
	if len(m) != 1 || m[0].Subject != "after" {
		t.Fatalf("messages: %+v", m)
	}
}

func TestIdleConnections(t *testing.T) {
	s := start(t, Config{})
	var conns []net.Conn
	for i := 0; i < 1000; i++ {
		svc := []Service{SMTP, POP3, IMAP}[i%3]
		c, err := net.Dial("tcp", s.Addr(svc))
		if err != nil {
			t.Fatalf("connection %d: %v", i, err)
		}
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	if err := sendWith(t, s, modeStartTLS, sasl.NewPlainClient("", "u", "p"), "a@b.c", []string{"x@y.z"}, testMessage("busy", nil)); err != nil {
		t.Fatal(err)
	}
	if m := waitMessages(t, s, 1); m[0].Subject != "busy" {
		t.Fatal("message lost")
	}
}
