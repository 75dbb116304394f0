package mailrt_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// progressLog records the reports of a ProgressFunc.
type progressLog struct{ done, total []int64 }

func (l *progressLog) f(done, total int64) error {
	l.done = append(l.done, done)
	l.total = append(l.total, total)
	return nil
}

// check verifies that reports grow and end with the whole size.
func (l *progressLog) check(t *testing.T, what string, size int64) {
	t.Helper()
	if len(l.done) < 3 {
		t.Fatalf("%s: %d reports for %d bytes", what, len(l.done), size)
	}
	for i := 1; i < len(l.done); i++ {
		if l.done[i] <= l.done[i-1] {
			t.Errorf("%s: report %d went back: %v", what, i, l.done)
		}
	}
	if last := l.done[len(l.done)-1]; last != size || l.total[len(l.total)-1] != size {
		t.Errorf("%s: last report %d of %d, want %d of %d", what, last, l.total[len(l.total)-1], size, size)
	}
}

// TestProgress checks that Settings.Progress is told how a large message goes when it is
// sent over SMTP and read over POP3 and IMAP, and is not called for header reads.
func TestProgress(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	m := simple("big", "bob@example.com")
	m.Attachments = []mailrt.Attachment{{Name: "big.bin", Data: bytes.Repeat([]byte("0123456789"), 30_000)}}
	raw, err := mailrt.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	var sent progressLog
	st := settings(s, mailrt.SecurityNone, "u", "p")
	st.Progress = sent.f
	c, err := mailrt.DialSMTP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SendRaw(bg, "ada@example.com", []string{"bob@example.com"}, raw); err != nil {
		t.Fatal(err)
	}
	c.Close()
	sent.check(t, "SMTP", int64(len(raw)))

	var popped progressLog
	st.Progress = popped.f
	p, err := mailrt.DialPOP3(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	size, _ := p.Size(1)
	if _, err := p.Top(1, 0); err != nil || len(popped.done) != 0 {
		t.Fatalf("TOP reported progress: %v %v", popped.done, err)
	}
	got, err := p.Retr(1)
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	if len(got) != size {
		t.Fatalf("RETR %d bytes, LIST said %d", len(got), size)
	}
	popped.check(t, "POP3", int64(size))

	var fetched progressLog
	st.Progress = fetched.f
	im, err := mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close()
	uids, _ := im.Search(false)
	if _, err := im.Fetch(uids, false); err != nil || len(fetched.done) != 0 {
		t.Fatalf("header FETCH reported progress: %v %v", fetched.done, err)
	}
	msgs, err := im.Fetch(uids, true)
	if err != nil {
		t.Fatal(err)
	}
	fetched.check(t, "IMAP", int64(len(msgs[0].Raw)))
}

// TestProgressStop checks that a ProgressFunc's error stops a transfer at once: SMTP does
// not deliver the part written, POP3 and IMAP give up the message, every call returns an
// error of kind KindCanceled holding it, and closing the session does not hang.
func TestProgressStop(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	m := simple("big", "bob@example.com")
	m.Attachments = []mailrt.Attachment{{Name: "big.bin", Data: bytes.Repeat([]byte("0123456789"), 30_000)}}
	raw, _ := mailrt.Build(m)
	if err := s.Seed(raw); err != nil {
		t.Fatal(err)
	}
	halt := errors.New("halt")
	stop := func(done, total int64) error {
		if done > 100_000 {
			return halt
		}
		return nil
	}
	closes := func(what string, close func() error) {
		t.Helper()
		done := make(chan struct{})
		go func() { close(); done <- struct{}{} }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Errorf("%s: Close hangs after a stopped transfer", what)
		}
	}
	st := settings(s, mailrt.SecurityNone, "u", "p")
	st.Progress = stop
	c, err := mailrt.DialSMTP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SendRaw(bg, "ada@example.com", []string{"bob@example.com"}, raw)
	wantCanceled(t, "SMTP", err, halt)
	closes("SMTP", c.Close)
	time.Sleep(50 * time.Millisecond)
	if n := len(s.Messages()); n != 0 {
		t.Errorf("%d messages captured: the stopped one was delivered", n)
	}
	p, err := mailrt.DialPOP3(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Retr(1)
	wantCanceled(t, "POP3", err, halt)
	closes("POP3", p.Close)
	im, err := mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	uids, _ := im.Search(false)
	_, err = im.Fetch(uids, true)
	wantCanceled(t, "IMAP", err, halt)
	closes("IMAP", im.Close)

	// A message smaller than a step: the only report comes with its last bytes, an error
	// that io.ReadFull would drop.
	small, _ := mailrt.Build(simple("small", "bob@example.com"))
	s.Seed(small)
	st.Progress = func(done, total int64) error { return halt }
	im, err = mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	uids, _ = im.Search(false)
	_, err = im.Fetch(uids[len(uids)-1:], true)
	wantCanceled(t, "IMAP, small message", err, halt)
	closes("IMAP, small message", im.Close)
}
