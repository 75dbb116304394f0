package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// syncBuffer is a buffer written by one goroutine and read by another.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func waitFor(t *testing.T, buf *syncBuffer, re *regexp.Regexp) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(buf.String()); m != nil {
			return m
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no %v in output:\n%s", re, buf.String())
	return nil
}

// TestSandboxCommand runs wl sandbox, sends a message over STARTTLS with a login, and stops it
// as SIGINT would: the message is kept in --dir and the CA is written there.
func TestSandboxCommand(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args := []string{"--dir", dir, "--auth", "ada:secret"}
	for _, f := range []string{"--smtp", "--smtps", "--pop3", "--pop3s", "--imap", "--imaps", "--http"} {
		args = append(args, f, "127.0.0.1:0")
	}
	go func() { done <- runSandbox(ctx, args, &stdout, &stderr) }()
	addr := waitFor(t, &stdout, regexp.MustCompile(`SMTP  (\S+) \(plain`))[1]
	ca := waitFor(t, &stdout, regexp.MustCompile(`CA    (\S+)`))[1]
	pem, err := os.ReadFile(ca)
	if err != nil || ca != filepath.Join(dir, "ca.pem") {
		t.Fatalf("CA %s: %v", ca, err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	c, err := smtp.DialStartTLS(addr, &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Auth(sasl.NewPlainClient("", "ada", "secret")); err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail("ada@example.com", []string{"bob@example.com"}, strings.NewReader("Subject: hello\r\n\r\nhi\r\n")); err != nil {
		t.Fatal(err)
	}
	c.Quit()
	waitFor(t, &stdout, regexp.MustCompile(`received "hello" from ada@example.com to 1 recipient\(s\), starttls`))
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("wl sandbox did not stop")
	}
	if !strings.Contains(stdout.String(), "stopped; 1 message(s) received") {
		t.Errorf("output:\n%s", stdout.String())
	}
	if emls, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(emls) != 1 {
		t.Errorf("%d .eml files in %s", len(emls), dir)
	}
}

func TestSandboxCommandErrors(t *testing.T) {
	var out, errb syncBuffer
	if code := runSandbox(context.Background(), []string{"--auth", "nocolon"}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "USER:PASS") {
		t.Errorf("bad --auth: exit %d, %q", code, errb.String())
	}
	if code := runSandbox(context.Background(), []string{"extra"}, &out, &errb); code != exitUsage {
		t.Errorf("extra argument: exit %d", code)
	}
}

// TestSandboxCommandFaultsAndToken runs wl sandbox with --faults and --auth-token: OAuth
// logins need the token, and the faults file's refused recipient is refused.
func TestSandboxCommandFaultsAndToken(t *testing.T) {
	dir := t.TempDir()
	faults := filepath.Join(dir, "faults.json")
	os.WriteFile(faults, []byte(`{"RejectRecipients": ["nobody@example.com"]}`), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args := []string{"--auth", "ada:secret", "--auth-token", "tok-123", "--faults", faults}
	for _, f := range []string{"--smtp", "--smtps", "--pop3", "--pop3s", "--imap", "--imaps", "--http"} {
		args = append(args, f, "127.0.0.1:0")
	}
	go func() { done <- runSandbox(ctx, args, &stdout, &stderr) }()
	addr := waitFor(t, &stdout, regexp.MustCompile(`SMTP  (\S+) \(plain`))[1]
	waitFor(t, &stdout, regexp.MustCompile(`faults `))
	for _, tc := range []struct {
		token string
		ok    bool
	}{{"secret", false}, {"tok-123", true}} {
		c, err := smtp.Dial(addr)
		if err != nil {
			t.Fatal(err)
		}
		err = c.Auth(sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: "ada", Token: tc.token}))
		if (err == nil) != tc.ok {
			t.Errorf("token %q: %v", tc.token, err)
		}
		if err == nil {
			if err := c.Mail("ada@example.com", nil); err != nil {
				t.Fatal(err)
			}
			var se *smtp.SMTPError
			if err := c.Rcpt("nobody@example.com", nil); !errors.As(err, &se) || se.Code != 550 {
				t.Errorf("refused recipient: %v", err)
			}
		}
		c.Close()
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), "tok-123") {
		t.Errorf("the token is in the output:\n%s%s", stdout.String(), stderr.String())
	}
}

// A faults file that cannot be read or is not the JSON of sandbox.Faults is a usage error:
// exit status 2, a message naming the flag and the file, nothing run.
func TestFaultsFileUsageErrors(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.wl")
	os.WriteFile(script, []byte(`Trace("ran")`+"\n"), 0o644)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"ReplyDelay": "soon"}`), 0o644)
	missing := filepath.Join(dir, "missing.json")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--sandbox-faults", bad, script}, "--sandbox-faults " + bad + ": "},
		{[]string{"run", "--sandbox-faults", missing, script}, "--sandbox-faults " + missing + ": no such file"},
		{[]string{"sandbox", "--faults", bad, "--smtp", "127.0.0.1:0"}, "--faults " + bad + ": "},
		{[]string{"sandbox", "--faults", missing}, "--faults " + missing + ": no such file"},
		{[]string{"sandbox", "--auth-token", "tok"}, "needs a login"},
	} {
		var stdout, stderr bytes.Buffer
		code := Main(tc.args, nil, &stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), tc.want) || stdout.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, stdout.String(), stderr.String(), tc.want)
		}
	}
}
