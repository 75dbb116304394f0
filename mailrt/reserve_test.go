package mailrt_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// TestReserve checks that Settings.Reserve is asked for the memory of every message POP3
// and IMAP read, whole or header only, before it is allocated: the bytes asked cover the
// message, and a refusal stops the read with an error of kind KindCanceled holding it.
func TestReserve(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	m := simple("big", "bob@example.com")
	m.Attachments = []mailrt.Attachment{{Name: "big.bin", Data: bytes.Repeat([]byte("0123456789"), 30_000)}}
	raw, _ := mailrt.Build(m)
	if err := s.Seed(raw); err != nil {
		t.Fatal(err)
	}
	var asked int64
	st := settings(s, mailrt.SecurityNone, "u", "p")
	st.Reserve = func(n int64) error {
		if n < 0 {
			t.Errorf("Reserve(%d)", n)
		}
		asked += n
		return nil
	}
	p, err := mailrt.DialPOP3(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Retr(1)
	if err != nil {
		t.Fatal(err)
	}
	if asked < int64(len(got)) {
		t.Errorf("POP3 RETR: %d bytes reserved for a %d-byte message", asked, len(got))
	}
	asked = 0
	head, err := p.Top(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if asked < int64(len(head)) {
		t.Errorf("POP3 TOP: %d bytes reserved for a %d-byte header", asked, len(head))
	}
	p.Close()

	asked = 0
	im, err := mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	uids, _ := im.Search(false)
	msgs, err := im.Fetch(uids, true)
	if err != nil {
		t.Fatal(err)
	}
	if asked < int64(len(msgs[0].Raw)) {
		t.Errorf("IMAP FETCH: %d bytes reserved for a %d-byte message", asked, len(msgs[0].Raw))
	}
	im.Close()

	full := errors.New("no memory left")
	st.Reserve = func(n int64) error {
		if n > 100_000 {
			return full
		}
		return nil
	}
	p, err = mailrt.DialPOP3(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Retr(1)
	wantCanceled(t, "POP3", err, full)
	p.Close()
	im, err = mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	uids, _ = im.Search(false)
	_, err = im.Fetch(uids, true)
	wantCanceled(t, "IMAP", err, full)
	im.Close()
}

// TestReserveRefusedAheadOfALargeMessage refuses the memory of a message that imapclient's
// reader read ahead (Options.BufferedLiteralMax) while the reader waits for Fetch to read
// the next one, too large to be read ahead, from the connection: Fetch must still end with
// the refusal, not wait for that reader forever.
func TestReserveRefusedAheadOfALargeMessage(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	for _, n := range []int{30_000, 150_000} { // 300 KB, then 1.5 MB: more than the reader's 1 MiB
		m := simple("big", "bob@example.com")
		m.Attachments = []mailrt.Attachment{{Name: "big.bin", Data: bytes.Repeat([]byte("0123456789"), n)}}
		raw, _ := mailrt.Build(m)
		if err := s.Seed(raw); err != nil {
			t.Fatal(err)
		}
	}
	full := errors.New("no memory left")
	st := settings(s, mailrt.SecurityNone, "u", "p")
	st.Reserve = func(n int64) error {
		if n > 100_000 {
			// Time for the reader to reach the large message and wait for Fetch to read
			// it (the test passes, without showing anything, if it did not).
			time.Sleep(300 * time.Millisecond)
			return full
		}
		return nil
	}
	im, err := mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close()
	uids, _ := im.Search(false)
	done := make(chan error, 1)
	go func() {
		_, err := im.Fetch(uids, true)
		done <- err
	}()
	select {
	case err := <-done:
		wantCanceled(t, "Fetch", err, full)
	case <-time.After(time.Minute):
		t.Fatal("Fetch did not end after the refusal")
	}
}
