package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
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
	for _, f := range []string{"--smtp", "--smtps", "--pop3", "--pop3s", "--imap", "--imaps"} {
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
	if code := runSandbox(context.Background(), []string{"--auth", "nocolon"}, &out, &errb); code != exitRuntime || !strings.Contains(errb.String(), "USER:PASS") {
		t.Errorf("bad --auth: exit %d, %q", code, errb.String())
	}
	if code := runSandbox(context.Background(), []string{"extra"}, &out, &errb); code != exitUsage {
		t.Errorf("extra argument: exit %d", code)
	}
}
