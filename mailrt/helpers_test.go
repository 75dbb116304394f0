package mailrt_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

func startSandbox(t testing.TB, cfg sandbox.Config) *sandbox.Server {
	t.Helper()
	s, err := sandbox.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// settings reach the sandbox through its transport, whatever host the session names.
func settings(s *sandbox.Server, sec mailrt.Security, user, pass string) mailrt.Settings {
	return mailrt.Settings{Host: "mail.example.com", User: user, Password: pass, Security: sec,
		RootCAs: s.CertPool(), Transport: s.Transport(), Timeout: 10 * time.Second}
}

func kindOf(t testing.TB, err error) mailrt.Kind {
	t.Helper()
	e, ok := err.(*mailrt.Error)
	if !ok {
		t.Fatalf("%T %v is not a *mailrt.Error", err, err)
	}
	return e.Kind
}

// wantCanceled fails the test unless err is a KindCanceled *Error whose chain holds cause
// (what a ProgressFunc or a Reserve refusing a transfer must give).
func wantCanceled(t testing.TB, what string, err, cause error) {
	t.Helper()
	if mailrt.KindOf(err) != mailrt.KindCanceled || !errors.Is(err, cause) {
		t.Errorf("%s: %v", what, err)
	}
}

func simple(subject string, to ...string) *mailrt.Message {
	m := &mailrt.Message{From: mailrt.Address{Name: "Ada", Address: "ada@example.com"}, Subject: subject, Text: "hello"}
	for _, a := range to {
		m.To = append(m.To, mailrt.Address{Address: a})
	}
	return m
}

func waitCaptured(t testing.TB, s *sandbox.Server, n int) []sandbox.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("fewer than %d messages captured", n)
	return nil
}

func noSecret(t testing.TB, err error, secrets ...string) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q shows a secret", err)
		}
	}
}

var bg = context.Background()

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}
