package realmail_test

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/wl-lang/wl/internal/realmail"
)

// These tests talk to the real Postfix and Dovecot that .ci/mail-servers.sh starts; they
// skip when MAIL_SMTP_PORT is unset.

// loginClient is the client side of SASL LOGIN as Postfix (through Dovecot) runs it: no
// initial response, then a "Username:" and a "Password:" challenge.
type loginClient struct {
	user, pass string
}

func (a *loginClient) Start() (mech string, ir []byte, err error) {
	return "LOGIN", nil, nil
}

func (a *loginClient) Next(challenge []byte) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(string(challenge))) {
	case "username:":
		return []byte(a.user), nil
	case "password:":
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("unexpected LOGIN challenge %q", challenge)
}

func tlsConfig(t *testing.T, env realmail.Env) *tls.Config {
	t.Helper()
	cfg, err := env.TLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// withTimeouts bounds every command so that a stuck server fails the test instead of
// hanging it.
func withTimeouts(c *smtp.Client) *smtp.Client {
	c.CommandTimeout = 30 * time.Second
	c.SubmissionTimeout = 30 * time.Second
	return c
}

// uniqueSubject returns a subject no other test or run uses: the mailbox is shared.
func uniqueSubject(t *testing.T) string {
	return fmt.Sprintf("realmail %s %s", t.Name(), rand.Text())
}

func message(from, to, subject string) string {
	return strings.Join([]string{
		"From: " + from,
		"To: " + to,
		"Subject: " + subject,
		"Date: " + time.Now().Format(time.RFC1123Z),
		"Message-ID: <" + rand.Text() + "@realmail.test>",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"",
		"Bonjour, ceci est un message de test : é à ç.",
		"",
	}, "\r\n")
}

func send(t *testing.T, c *smtp.Client, from string, to []string, data string) {
	t.Helper()
	if err := c.SendMail(from, to, strings.NewReader(data)); err != nil {
		t.Fatalf("SendMail: %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Errorf("QUIT: %v", err)
	}
}

// waitFor polls the Maildir for the message with this subject.
func waitFor(t *testing.T, env realmail.Env, subject string) realmail.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	m, err := env.Mailbox().WaitFor(ctx, realmail.HasSubject(subject))
	if err != nil {
		t.Fatalf("%v (Postfix log in %s)", err, env.LogDir)
	}
	t.Logf("delivered to the Maildir %v after the server accepted it", time.Since(start).Round(time.Millisecond))
	return m
}

func wantSMTPCode(t *testing.T, what string, err error, code int) {
	t.Helper()
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		t.Fatalf("%s: err = %v, want an SMTP %d", what, err, code)
	}
	if se.Code != code {
		t.Fatalf("%s: SMTP %d %q, want %d", what, se.Code, se.Message, code)
	}
}

func TestRealSMTPStartTLSAuthPlain(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	c, err := smtp.DialStartTLS(env.HostPort(env.SMTPPort), tlsConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	withTimeouts(c)
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		if !c.SupportsAuth(mech) {
			t.Errorf("AUTH %s not offered after STARTTLS", mech)
		}
	}
	// The handshake happens with the first command after STARTTLS (the EHLO above).
	state, ok := c.TLSConnectionState()
	if !ok || len(state.VerifiedChains) == 0 {
		t.Fatalf("no verified TLS after STARTTLS: ok=%v chains=%d", ok, len(state.VerifiedChains))
	}
	if err := c.Auth(sasl.NewPlainClient("", env.User, env.Pass)); err != nil {
		t.Fatalf("AUTH PLAIN: %v", err)
	}
	subject := uniqueSubject(t)
	send(t, c, env.Addr, []string{env.Addr}, message(env.Addr, env.Addr, subject))

	m := waitFor(t, env, subject)
	if !realmail.Contains("Bonjour, ceci est un message de test")(m) {
		t.Errorf("body lost:\n%s", m.Data)
	}
	// Postfix records the path: ESMTPSA = ESMTP + TLS + AUTH.
	if !realmail.Contains("with ESMTPSA")(m) {
		t.Errorf("Received header does not say ESMTPSA:\n%s", m.Data)
	}
}

func TestRealSMTPSAuthLogin(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	addr := env.HostPort(env.SMTPSPort)

	t.Run("unknown CA is refused", func(t *testing.T) {
		// Without the test CA the certificate must not verify: this is what makes the
		// successful handshake below meaningful.
		c, err := smtp.DialTLS(addr, &tls.Config{ServerName: env.TLSServerName, RootCAs: x509.NewCertPool()})
		if err == nil {
			c.Close()
			t.Fatal("TLS handshake verified without the test CA")
		}
		var unknown x509.UnknownAuthorityError
		if !errors.As(err, &unknown) {
			t.Fatalf("err = %v, want x509.UnknownAuthorityError", err)
		}
	})

	c, err := smtp.DialTLS(addr, tlsConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	withTimeouts(c)
	if !c.SupportsAuth("LOGIN") {
		t.Fatal("AUTH LOGIN not offered on SMTPS")
	}
	if err := c.Auth(&loginClient{user: env.User, pass: env.Pass}); err != nil {
		t.Fatalf("AUTH LOGIN: %v", err)
	}
	// Any recipient at any domain lands in the test mailbox.
	subject := uniqueSubject(t)
	to := "someone.else@example.net"
	send(t, c, "sender@example.org", []string{to}, message("sender@example.org", to, subject))

	m := waitFor(t, env, subject)
	if !realmail.Contains("with ESMTPSA")(m) {
		t.Errorf("Received header does not say ESMTPSA:\n%s", m.Data)
	}
}

func TestRealSubmissionHidesAuthBeforeStartTLS(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	addr := env.HostPort(env.SubmissionPort)

	plain, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	withTimeouts(plain)
	if ok, _ := plain.Extension("STARTTLS"); !ok {
		t.Error("STARTTLS not offered on the submission port")
	}
	if ok, mechs := plain.Extension("AUTH"); ok {
		t.Errorf("AUTH %q offered before STARTTLS", mechs)
	}
	wantSMTPCode(t, "MAIL before STARTTLS", plain.Mail(env.Addr, nil), 530)

	c, err := smtp.DialStartTLS(addr, tlsConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	withTimeouts(c)
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		if !c.SupportsAuth(mech) {
			t.Errorf("AUTH %s not offered after STARTTLS", mech)
		}
	}
	if err := c.Auth(sasl.NewPlainClient("", env.User, env.Pass)); err != nil {
		t.Fatalf("AUTH PLAIN after STARTTLS: %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Error(err)
	}
}

func TestRealWrongPassword(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	wrong := env.Pass + "-wrong"

	c, err := smtp.DialStartTLS(env.HostPort(env.SMTPPort), tlsConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	withTimeouts(c)
	wantSMTPCode(t, "AUTH PLAIN with a wrong password", c.Auth(sasl.NewPlainClient("", env.User, wrong)), 535)

	s, err := smtp.DialTLS(env.HostPort(env.SMTPSPort), tlsConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	withTimeouts(s)
	wantSMTPCode(t, "AUTH LOGIN with a wrong password", s.Auth(&loginClient{user: env.User, pass: wrong}), 535)
}

func TestRealAuthRequired(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	c, err := smtp.DialStartTLS(env.HostPort(env.SMTPPort), tlsConfig(t, env))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	withTimeouts(c)
	if err := c.Mail("sender@example.org", nil); err != nil {
		t.Fatal(err)
	}
	err = c.Rcpt(env.Addr, nil)
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code/100 != 5 {
		t.Fatalf("RCPT without AUTH: err = %v, want a 5xx refusal", err)
	}
}

func TestRealNoAuthPort(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	c, err := smtp.Dial(env.HostPort(env.SMTPNoAuthPort))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	withTimeouts(c)
	if ok, mechs := c.Extension("AUTH"); ok {
		t.Errorf("AUTH %q offered on the no-AUTH port", mechs)
	}
	subject := uniqueSubject(t)
	to := []string{"first@example.com", "second@example.org"}
	send(t, c, "robot@example.com", to, message("robot@example.com", strings.Join(to, ", "), subject))

	m := waitFor(t, env, subject)
	if realmail.Contains("ESMTPSA")(m) || !realmail.Contains("with ESMTP id")(m) {
		t.Errorf("Received header does not say plain ESMTP:\n%s", m.Data)
	}
}
