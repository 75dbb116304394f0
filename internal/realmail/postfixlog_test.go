package realmail

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A Postfix log where the short queue ID 39780986B16 is used twice: first by a message
// sent with AUTH PLAIN, then by one sent without AUTH.
const sampleLog = `Nov 25 06:40:00 localhost postfix-wl/smtpd[2543]: connect from localhost[127.0.0.1]
Nov 25 06:40:00 localhost postfix-wl/smtpd[2543]: 39780986B16: client=localhost[127.0.0.1], sasl_method=PLAIN, sasl_username=testuser
Nov 25 06:40:00 localhost postfix-wl/cleanup[2531]: 39780986B16: message-id=<one@localhost>
Nov 25 06:40:00 localhost postfix-wl/qmgr[27311]: 39780986B16: removed
Nov 25 06:40:01 localhost postfix-wl/smtpd[2544]: 4dB4Tq2bHLz9vCP: client=localhost[127.0.0.1], sasl_method=LOGIN, sasl_username=testuser
Nov 25 06:40:01 localhost postfix-wl/smtpd[2542]: 39780986B16: client=localhost[127.0.0.1]
Nov 25 06:40:01 localhost postfix-wl/cleanup[2531]: 39780986B16: message-id=<two@localhost>
Nov 25 06:40:01 localhost postfix-wl/cleanup[2531]: 4dB4Tq2bHLz9vCP: message-id=<three@localhost>
`

func TestFindDelivery(t *testing.T) {
	tests := []struct {
		id        string
		found     bool
		qid, mech string
	}{
		{id: "<one@localhost>", found: true, qid: "39780986B16", mech: "PLAIN"},
		{id: "<two@localhost>", found: true, qid: "39780986B16", mech: ""},
		{id: "<three@localhost>", found: true, qid: "4dB4Tq2bHLz9vCP", mech: "LOGIN"},
		{id: "<four@localhost>", found: false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			d, found := findDelivery([]byte(sampleLog), tt.id)
			if found != tt.found {
				t.Fatalf("found = %v, want %v", found, tt.found)
			}
			if !found {
				return
			}
			if d.QueueID != tt.qid || d.SASLMethod != tt.mech {
				t.Errorf("got queue ID %q, method %q; want %q, %q", d.QueueID, d.SASLMethod, tt.qid, tt.mech)
			}
			if tt.mech != "" && d.SASLUser != "testuser" {
				t.Errorf("user %q", d.SASLUser)
			}
			if !strings.Contains(d.ClientLine, tt.qid+": client=") {
				t.Errorf("client line %q", d.ClientLine)
			}
		})
	}
}

func TestWaitForDelivery(t *testing.T) {
	dir := t.TempDir()
	e := Env{LogDir: dir}
	if err := os.WriteFile(e.PostfixLog(), []byte(sampleLog), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d, err := e.WaitForDelivery(ctx, "three@localhost") // without brackets
	if err != nil || d.SASLMethod != "LOGIN" {
		t.Fatalf("WaitForDelivery = %+v, %v", d, err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := e.WaitForDelivery(short, "<four@localhost>"); err == nil {
		t.Error("no error for a message that is not in the log")
	}
	if _, err := (Env{}).WaitForDelivery(ctx, "x"); err == nil {
		t.Error("no error without a log directory")
	}
	if got := filepath.Base(e.PostfixLog()); got != "postfix.log" {
		t.Errorf("PostfixLog() = %q", got)
	}
}

func TestFlagsAndWaitGone(t *testing.T) {
	b := Mailbox{Dir: t.TempDir()}
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.MkdirAll(filepath.Join(b.Dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	msg := "Subject: gone soon\r\n\r\nbody\r\n"
	newPath := filepath.Join(b.Dir, "new", "1.M1.host")
	curPath := filepath.Join(b.Dir, "cur", "2.M2.host:2,ST")
	for _, p := range []string{newPath, curPath} {
		if err := os.WriteFile(p, []byte(msg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := b.ReadMessages()
	if err != nil || len(msgs) != 2 {
		t.Fatalf("ReadMessages = %d messages, %v", len(msgs), err)
	}
	flags := map[string]string{}
	for _, m := range msgs {
		flags[m.Name] = m.Flags()
	}
	if flags["1.M1.host"] != "" || flags["2.M2.host"] != "ST" {
		t.Errorf("flags %v", flags)
	}
	if _, ok, err := b.Find(HasSubject("gone soon")); !ok || err != nil {
		t.Fatalf("Find: %v, %v", ok, err)
	}
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- b.WaitGone(ctx, HasSubject("gone soon"))
	}()
	for _, p := range []string{newPath, curPath} {
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Errorf("WaitGone: %v", err)
	}
	short, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	if err := os.WriteFile(newPath, []byte(msg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := b.WaitGone(short, HasSubject("gone soon")); err == nil {
		t.Error("WaitGone returned nil while the message is still there")
	}
}
