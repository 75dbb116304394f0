package mailrt_test

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

func TestSMTPSecurityModesAndLogin(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Auth: "ada:s3cret"})
	for i, sec := range []mailrt.Security{mailrt.SecurityNone, mailrt.SecuritySTARTTLS, mailrt.SecurityImplicitTLS} {
		c, err := mailrt.DialSMTP(bg, settings(s, sec, "ada", "s3cret"))
		if err != nil {
			t.Fatalf("%v: %v", sec, err)
		}
		if c.Mechanism != "PLAIN" {
			t.Errorf("%v: mechanism %q", sec, c.Mechanism)
		}
		if _, err := c.Send(bg, simple("mode "+sec.String(), "bob@example.com")); err != nil {
			t.Fatal(err)
		}
		c.Close()
		got := waitCaptured(t, s, i+1)[i]
		if got.TLS != sec.String() || got.Server != "mail.example.com:"+map[mailrt.Security]string{0: "25", 1: "587", 2: "465"}[sec] {
			t.Errorf("%v: captured tls %q server %q", sec, got.TLS, got.Server)
		}
	}
}

func TestSMTPWrongPassword(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Auth: "ada:s3cret"})
	_, err := mailrt.DialSMTP(bg, settings(s, mailrt.SecurityImplicitTLS, "ada", "wrong-Pa55"))
	if kindOf(t, err) != mailrt.KindAuth {
		t.Fatalf("kind %v: %v", kindOf(t, err), err)
	}
	noSecret(t, err, "wrong-Pa55")
	if e := err.(*mailrt.Error); e.Code != 535 {
		t.Errorf("code %d", e.Code)
	}
}

func TestSMTPCertificates(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	st := settings(s, mailrt.SecurityImplicitTLS, "", "")
	st.RootCAs = nil // system roots do not know the sandbox's CA
	_, err := mailrt.DialSMTP(bg, st)
	if kindOf(t, err) != mailrt.KindTLS {
		t.Fatalf("untrusted certificate: %v", err)
	}
	st.Security = mailrt.SecuritySTARTTLS
	_, err = mailrt.DialSMTP(bg, st)
	if kindOf(t, err) != mailrt.KindTLS {
		t.Fatalf("untrusted certificate over STARTTLS: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "SMTP STARTTLS ") {
		t.Errorf("a certificate refused after STARTTLS should say STARTTLS: %v", err)
	}
	st.InsecureSkipVerify = true
	c, err := mailrt.DialSMTP(bg, st)
	if err != nil {
		t.Fatalf("ignoring certificate errors: %v", err)
	}
	c.Close()
}

func TestSMTPRejectedRecipientAmongSeveral(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{RejectRecipients: []string{"nobody@example.com"}}})
	c, err := mailrt.DialSMTP(bg, settings(s, mailrt.SecurityNone, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	res, err := c.Send(bg, simple("partly", "bob@example.com", "nobody@example.com", "carol@example.com"))
	if kindOf(t, err) != mailrt.KindRecipient || len(res.Accepted) != 2 || len(res.Refused) != 1 || res.Refused[0].Code != 550 {
		t.Fatalf("result %+v, %v", res, err)
	}
	got := waitCaptured(t, s, 1)[0]
	if len(got.To) != 3 || len(got.Bcc) != 0 {
		t.Errorf("captured %+v", got)
	}
	if _, err := c.Send(bg, simple("none", "nobody@example.com")); kindOf(t, err) != mailrt.KindRecipient {
		t.Fatalf("all refused: %v", err)
	}
	if len(s.Messages()) != 1 {
		t.Error("a message with no accepted recipient was sent")
	}
}

func TestSMTPTimeoutIsPerReply(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{ReplyDelay: 300 * time.Millisecond}})
	st := settings(s, mailrt.SecurityNone, "", "")
	st.Timeout = 50 * time.Millisecond
	if _, err := mailrt.DialSMTP(bg, st); kindOf(t, err) != mailrt.KindTimeout {
		t.Fatalf("slow server: %v", err)
	}
	// Each reply takes 300 ms: a 2 s timeout is enough although the whole exchange is longer.
	st.Timeout = 2 * time.Second
	c, err := mailrt.DialSMTP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(bg, simple("slow", "bob@example.com")); err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestSMTPDroppedAndStartTLSRefused(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{DropDuringData: true}})
	c, err := mailrt.DialSMTP(bg, settings(s, mailrt.SecurityNone, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(bg, simple("dropped", "bob@example.com")); err == nil {
		t.Fatal("a dropped DATA succeeded")
	}
	s.SetFaults(sandbox.Faults{RefuseStartTLS: true})
	if _, err := mailrt.DialSMTP(bg, settings(s, mailrt.SecuritySTARTTLS, "", "")); kindOf(t, err) != mailrt.KindTLS {
		t.Fatalf("STARTTLS refused: %v", err)
	}
}

func TestSMTPOAuthToken(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Auth: "ada:s3cret", AuthToken: "ya29.tok-en"})
	st := settings(s, mailrt.SecurityImplicitTLS, "ada", "")
	st.Token = "ya29.tok-en"
	c, err := mailrt.DialSMTP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mechanism != "XOAUTH2" {
		t.Errorf("mechanism %q", c.Mechanism)
	}
	c.Send(bg, simple("oauth", "bob@example.com"))
	c.Close()
	if got := waitCaptured(t, s, 1)[0].Auth; got.Mechanism != "XOAUTH2" || got.User != "ada" {
		t.Errorf("auth %+v", got)
	}
}

func TestSMTPConnectionErrors(t *testing.T) {
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	_, err := mailrt.DialSMTP(bg, mailrt.Settings{Host: "127.0.0.1", Port: addr.Port, Timeout: 5 * time.Second})
	if kindOf(t, err) != mailrt.KindConnect {
		t.Errorf("refused connection: %v", err)
	}
	_, err = mailrt.DialSMTP(bg, mailrt.Settings{Host: "no-such-host.invalid", Timeout: 5 * time.Second})
	if kindOf(t, err) != mailrt.KindDNS {
		t.Errorf("unknown host: %v", err)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	_, err = mailrt.DialSMTP(ctx, mailrt.Settings{Host: "127.0.0.1", Port: addr.Port})
	if err == nil {
		t.Error("cancelled dial succeeded")
	}
}

// A go-smtp server whose AUTH PLAIN answers 504 (as Microsoft 365 does) and LOGIN works.
type plainRefusingBackend struct{ auth bool }

type plainRefusingSession struct {
	user string
	b    *plainRefusingBackend
}

func (b *plainRefusingBackend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &plainRefusingSession{b: b}, nil
}

func (s *plainRefusingSession) AuthMechanisms() []string {
	if !s.b.auth {
		return nil
	}
	return []string{"PLAIN", "LOGIN"}
}

func (s *plainRefusingSession) Auth(mech string) (sasl.Server, error) {
	if mech == "PLAIN" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return &loginServer{done: func(u string) { s.user = u }}, nil
}

func (s *plainRefusingSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *plainRefusingSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *plainRefusingSession) Data(r io.Reader) error               { _, err := io.Copy(io.Discard, r); return err }
func (s *plainRefusingSession) Reset()                               {}
func (s *plainRefusingSession) Logout() error                        { return nil }

type loginServer struct {
	step int
	user string
	done func(string)
}

func (l *loginServer) Next(resp []byte) ([]byte, bool, error) {
	l.step++
	switch l.step {
	case 1:
		if len(resp) > 0 {
			// Initial response: the user name.
			l.user = string(resp)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 2:
		l.user = string(resp)
		return []byte("Password:"), false, nil
	}
	l.done(l.user)
	return nil, true, nil
}

func serveSMTP(t *testing.T, be smtp.Backend) int {
	t.Helper()
	srv := smtp.NewServer(be)
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return l.Addr().(*net.TCPAddr).Port
}

func TestSMTPLoginWhenPlainRefused(t *testing.T) {
	port := serveSMTP(t, &plainRefusingBackend{auth: true})
	c, err := mailrt.DialSMTP(bg, mailrt.Settings{Host: "127.0.0.1", Port: port, User: "ada", Password: "pw", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if c.Mechanism != "LOGIN" {
		t.Errorf("mechanism %q, want LOGIN after PLAIN's 504", c.Mechanism)
	}
	if _, err := c.Send(bg, simple("x", "b@c.d")); err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestSMTPServerWithoutAuth(t *testing.T) {
	port := serveSMTP(t, &plainRefusingBackend{auth: false})
	c, err := mailrt.DialSMTP(bg, mailrt.Settings{Host: "127.0.0.1", Port: port, User: "ada", Password: "pw", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("a server without AUTH: %v", err)
	}
	if c.Mechanism != "" {
		t.Errorf("mechanism %q", c.Mechanism)
	}
	if _, err := c.Send(bg, simple("x", "b@c.d")); err != nil {
		t.Fatal(err)
	}
	c.Close()
	var e *mailrt.Error
	_, err = mailrt.DialSMTP(bg, mailrt.Settings{Host: "127.0.0.1", Port: port, Security: mailrt.SecuritySTARTTLS, Timeout: 5 * time.Second})
	if !errors.As(err, &e) || e.Kind != mailrt.KindTLS {
		t.Errorf("STARTTLS on a server without TLS: %v", err)
	}
}

// TestPortHint checks that a timeout on a port of the other TLS mode says so.
func TestPortHint(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // accepts and says nothing, like a TLS port
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	silent := ln.Addr().String()
	tests := []struct {
		sec  mailrt.Security
		port int
		want string
	}{
		{mailrt.SecuritySTARTTLS, 465, "port 465 usually speaks TLS from the first byte"},
		{mailrt.SecurityImplicitTLS, 587, "port 587 usually starts in plain text"},
		{mailrt.SecurityNone, 2525, ""},
	}
	for _, tc := range tests {
		s := mailrt.Settings{Host: "mail.example.com", Port: tc.port, Security: tc.sec, Timeout: 50 * time.Millisecond,
			Transport: fixedTransport(silent)}
		_, err := mailrt.DialSMTP(bg, s)
		if kindOf(t, err) != mailrt.KindTimeout {
			t.Fatalf("%v: %v", tc.port, err)
		}
		if tc.want != "" && !strings.Contains(err.Error(), tc.want) || tc.want == "" && strings.Contains(err.Error(), "usually") {
			t.Errorf("port %d: %v", tc.port, err)
		}
	}
}

// fixedTransport dials one address whatever the session asks for.
type fixedTransport string

func (f fixedTransport) Dial(ctx context.Context, _ mailrt.Protocol, _ mailrt.Security, _ string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", string(f))
}
