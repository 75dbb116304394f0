package realmail

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// newMaildir makes an empty Maildir as Dovecot does on the first delivery.
func newMaildir(t *testing.T) Mailbox {
	t.Helper()
	b := Mailbox{Dir: filepath.Join(t.TempDir(), "Maildir")}
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.MkdirAll(filepath.Join(b.Dir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// deliver stores a message the way Dovecot does: write it in tmp/, rename it into new/.
func deliver(t *testing.T, b Mailbox, name, subject string, mtime time.Time) {
	t.Helper()
	tmp := filepath.Join(b.Dir, "tmp", name)
	data := fmt.Sprintf("Subject: %s\r\nFrom: a@example.org\r\n\r\nbody of %s\r\n", subject, name)
	if err := os.WriteFile(tmp, []byte(data), 0o600); err != nil {
		t.Error(err)
		return
	}
	if err := os.Chtimes(tmp, mtime, mtime); err != nil {
		t.Error(err)
	}
	if err := os.Rename(tmp, filepath.Join(b.Dir, "new", name)); err != nil {
		t.Error(err)
	}
}

func names(msgs []Message) string {
	var s []string
	for _, m := range msgs {
		s = append(s, m.Name)
	}
	return strings.Join(s, " ")
}

func TestReadMessages(t *testing.T) {
	missing := Mailbox{Dir: filepath.Join(t.TempDir(), "Maildir")}
	if msgs, err := missing.ReadMessages(); err != nil || len(msgs) != 0 {
		t.Fatalf("ReadMessages of a Maildir not created yet = %v, %v; want none, nil", msgs, err)
	}

	b := newMaildir(t)
	t0 := time.Now().Add(-time.Minute)
	deliver(t, b, "1000.M2P1.host", "second", t0.Add(2*time.Second))
	deliver(t, b, "1000.M1P1.host", "first", t0.Add(time.Second))
	deliver(t, b, "1000.M3P1.host", "third", t0.Add(3*time.Second))
	// A client saw "third": it moved to cur/ with flags.
	if err := os.Rename(filepath.Join(b.Dir, "new", "1000.M3P1.host"), filepath.Join(b.Dir, "cur", "1000.M3P1.host:2,S")); err != nil {
		t.Fatal(err)
	}
	// Half-written messages (tmp/) and Dovecot's own files are not messages.
	if err := os.WriteFile(filepath.Join(b.Dir, "tmp", "1000.M4P1.host"), []byte("Subject: partial\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(b.Dir, "dovecot-uidlist"), []byte("3 V1 N4\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	msgs, err := b.ReadMessages()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(msgs), "1000.M1P1.host 1000.M2P1.host 1000.M3P1.host"; got != want {
		t.Fatalf("names = %q, want %q (oldest first)", got, want)
	}
	if s := msgs[2].Subject(); s != "third" {
		t.Errorf("Subject of the message in cur/ = %q", s)
	}
	if !strings.HasSuffix(msgs[2].Path, "cur/1000.M3P1.host:2,S") {
		t.Errorf("Path = %q", msgs[2].Path)
	}
	m, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("From") != "a@example.org" {
		t.Errorf("From = %q", m.Header.Get("From"))
	}
	if !HasSubject("first")(msgs[0]) || HasSubject("first")(msgs[1]) || !Contains("body of 1000.M2P1")(msgs[1]) {
		t.Error("matchers disagree with the messages")
	}
	if s := (Message{Data: []byte("not a message")}).Subject(); s != "" {
		t.Errorf("Subject of garbage = %q", s)
	}
}

func TestWaitForMessagesPolls(t *testing.T) {
	b := Mailbox{Dir: filepath.Join(t.TempDir(), "Maildir")} // created by the "server" below
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	defer func() { <-done }()
	go func() {
		defer close(done)
		// Deliveries arrive after the wait has started, as with Postfix's queue.
		for i := range 3 {
			time.Sleep(30 * time.Millisecond)
			if i == 0 {
				for _, sub := range []string{"new", "cur", "tmp"} {
					if err := os.MkdirAll(filepath.Join(b.Dir, sub), 0o700); err != nil {
						t.Error(err)
					}
				}
			}
			deliver(t, b, fmt.Sprintf("2000.M%dP1.host", i), fmt.Sprint("msg ", i), time.Now())
		}
	}()
	msgs, err := b.WaitForMessages(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 {
		t.Fatalf("got %d messages: %s", len(msgs), names(msgs))
	}
}

func TestWaitForMatches(t *testing.T) {
	b := newMaildir(t)
	deliver(t, b, "3000.M1P1.host", "someone else's", time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	defer func() { <-done }()
	go func() {
		defer close(done)
		time.Sleep(50 * time.Millisecond)
		deliver(t, b, "3000.M2P1.host", "mine", time.Now())
	}()
	m, err := b.WaitFor(ctx, HasSubject("mine"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "3000.M2P1.host" {
		t.Fatalf("WaitFor found %q", m.Name)
	}
}

func TestWaitTimesOut(t *testing.T) {
	b := newMaildir(t)
	deliver(t, b, "4000.M1P1.host", "only one", time.Now())
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := b.WaitForMessages(ctx, 2)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "1 of 2 messages") {
		t.Fatalf("WaitForMessages err = %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("WaitForMessages returned %v after its deadline", d)
	}
	_, err = b.WaitFor(ctx, HasSubject("never"))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "among the 1") {
		t.Fatalf("WaitFor err = %v", err)
	}
}

func TestClear(t *testing.T) {
	if err := (Mailbox{Dir: filepath.Join(t.TempDir(), "none")}).Clear(); err != nil {
		t.Fatalf("Clear of a Maildir not created yet: %v", err)
	}
	b := newMaildir(t)
	deliver(t, b, "5000.M1P1.host", "a", time.Now())
	deliver(t, b, "5000.M2P1.host", "b", time.Now())
	if err := os.Rename(filepath.Join(b.Dir, "new", "5000.M2P1.host"), filepath.Join(b.Dir, "cur", "5000.M2P1.host:2,")); err != nil {
		t.Fatal(err)
	}
	inFlight := filepath.Join(b.Dir, "tmp", "5000.M3P1.host")
	if err := os.WriteFile(inFlight, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := b.Clear(); err != nil {
		t.Fatal(err)
	}
	if msgs, err := b.ReadMessages(); err != nil || len(msgs) != 0 {
		t.Fatalf("after Clear: %s, %v", names(msgs), err)
	}
	if _, err := os.Stat(inFlight); err != nil {
		t.Errorf("Clear touched tmp/: %v", err)
	}
}
