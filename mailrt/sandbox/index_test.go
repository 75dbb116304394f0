package sandbox

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nextEvent waits for the next event of a watch.
func nextEvent(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case ev := <-ch:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
		return Event{}
	}
}

// The index lists every stored message with its record, oldest first, without reading a
// file, and across restarts with the same IDs.
func TestIndex(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s, err := Start(Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		msg := testMessage("captured", []byte("attached"))
		if err := sendWith(t, s, modeStartTLS, nil, "a@b.c", []string{"bob@example.com", "hidden@y.z"}, msg); err != nil {
			t.Fatal(err)
		}
		if err := s.Seed([]byte("From: Eve <eve@example.com>\r\nTo: x@y.z\r\nSubject: seeded\r\n\r\nhello\r\n")); err != nil {
			t.Fatal(err)
		}
		check := func(when string, idx []Stored) {
			t.Helper()
			if len(idx) != 2 {
				t.Fatalf("%s (dir %q): %d messages", when, dir, len(idx))
			}
			c, sd := idx[0], idx[1]
			if c.Message.Subject != "captured" || c.Message.TLS != TLSStartTLS || len(c.Message.Bcc) != 1 ||
				c.Message.Bcc[0] != "hidden@y.z" || len(c.Message.Attachments) != 1 || c.Message.Text != "" ||
				c.Size != int64(len(msg)) || c.Folder != "INBOX" || c.Mailbox != "" || c.Read || c.ID == "" {
				t.Errorf("%s: captured message %+v", when, c)
			}
			if sd.Message.Subject != "seeded" || sd.Message.From != "eve@example.com" || len(sd.Message.To) != 1 ||
				sd.Message.TLS != "" || sd.ID <= c.ID {
				t.Errorf("%s: seeded message %+v", when, sd)
			}
		}
		before := s.Index()
		check("running", before)
		if dir == "" {
			s.Close()
			continue
		}
		// The index alone answers: the files may go.
		for _, m := range s.store.shared.folders[inbox].msgs {
			if m.raw != nil {
				t.Fatal("a message is held in memory")
			}
		}
		s.Close()
		s = start(t, Config{Dir: dir})
		after := s.Index()
		check("reloaded", after)
		if after[0].ID != before[0].ID || after[1].ID != before[1].ID {
			t.Errorf("IDs changed across a restart: %s %s, then %s %s", before[0].ID, before[1].ID, after[0].ID, after[1].ID)
		}
		if got, ok := s.Lookup(after[1].ID); !ok || got.Message.Subject != "seeded" {
			t.Errorf("Lookup: %+v %v", got, ok)
		}
		raw, err := s.Raw(after[0].ID)
		if err != nil || !bytes.Equal(raw, msg) {
			t.Errorf("Raw: %d bytes, %v", len(raw), err)
		}
	}
}

// Delete, DeleteAll and SetRead change what POP3 and IMAP clients see, and every change is
// an event, whoever makes it.
func TestIndexChanges(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{Dir: dir})
	events, stop := s.Watch()
	defer stop()
	for _, subj := range []string{"one", "two", "three", "four"} {
		if err := s.Seed([]byte("Subject: " + subj + "\r\n\r\nbody\r\n")); err != nil {
			t.Fatal(err)
		}
		if ev := nextEvent(t, events); ev.Type != EventNew || ev.Message.Message.Subject != subj {
			t.Fatalf("event %+v", ev)
		}
	}
	idx := s.Index()
	c := dialIMAPRaw(t, s)
	c.ok("LOGIN u p")
	c.ok("SELECT INBOX")

	if err := s.SetRead(idx[1].ID, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Lookup(idx[1].ID); !got.Read {
		t.Error("SetRead did not mark the message read")
	}
	mustContain(t, c.ok("FETCH 2 FLAGS"), `\Seen`)

	if err := s.Delete(idx[0].ID); err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, events); ev.Type != EventDeleted || ev.Message.ID != idx[0].ID || ev.Message.Message.Subject != "one" {
		t.Fatalf("event %+v", ev)
	}
	mustContain(t, c.ok("NOOP"), "* 1 EXPUNGE")
	if _, err := os.Stat(filepath.Join(dir, idx[0].ID+".eml")); !os.IsNotExist(err) {
		t.Errorf("the file of a deleted message: %v", err)
	}
	for _, err := range []error{s.Delete(idx[0].ID), s.SetRead(idx[0].ID, true), func() error { _, err := s.Raw(idx[0].ID); return err }()} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("a deleted message: %v", err)
		}
	}

	// A POP3 deletion is an event too.
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	p.cmd("DELE 1")
	p.cmd("QUIT")
	if ev := nextEvent(t, events); ev.Type != EventDeleted || ev.Message.Message.Subject != "two" {
		t.Fatalf("event %+v", ev)
	}

	if n := s.DeleteAll(); n != 2 {
		t.Errorf("DeleteAll removed %d messages, want 2", n)
	}
	for range 2 {
		if ev := nextEvent(t, events); ev.Type != EventDeleted {
			t.Fatalf("event %+v", ev)
		}
	}
	if n := len(s.Index()); n != 0 {
		t.Errorf("%d messages left", n)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.eml")); len(files) != 0 {
		t.Errorf("files left: %v", files)
	}
}

// With Mailboxes, each recipient reads only its own mail over POP3 and IMAP, logging in with
// the local part or the whole address, and the mailboxes are kept across restarts.
func TestMailboxes(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{Mailboxes: true, Dir: dir})
	send := func(subject string, to ...string) {
		t.Helper()
		msg := []byte("From: x@y.z\r\nTo: " + strings.Join(to, ", ") + "\r\nSubject: " + subject + "\r\n\r\nhi\r\n")
		if err := sendWith(t, s, modePlain, nil, "x@y.z", to, msg); err != nil {
			t.Fatal(err)
		}
	}
	send("for ada", "ada@example.com")
	send("for bob", "Bob@example.com")
	send("for both", "ada@example.com", "bob@other.org", "ADA@other.org")
	if err := s.Seed([]byte("To: bob@example.com\r\nSubject: seeded for bob\r\n\r\nhi\r\n")); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 3 {
		t.Errorf("%d messages captured, want 3 (one per SMTP transaction)", n)
	}
	boxes := map[string][]string{}
	for _, m := range s.Index() {
		boxes[m.Mailbox] = append(boxes[m.Mailbox], m.Message.Subject)
	}
	if got := strings.Join(boxes["ada"], "|"); got != "for ada|for both" {
		t.Errorf("mailbox ada: %s", got)
	}
	if got := strings.Join(boxes["bob"], "|"); got != "for bob|for both|seeded for bob" {
		t.Errorf("mailbox bob: %s", got)
	}

	pop3Subjects := func(user string) string {
		p := dialPOP3(t, s, false)
		p.cmd("USER " + user)
		mustContain(t, p.cmd("PASS p"), "+OK")
		_, list := p.multi("LIST")
		var subjects []string
		for i := range strings.Count(string(list), "\r\n") {
			_, top := p.multi("TOP " + string(rune('1'+i)) + " 0")
			for _, l := range strings.Split(string(top), "\r\n") {
				if s, ok := strings.CutPrefix(l, "Subject: "); ok {
					subjects = append(subjects, s)
				}
			}
		}
		p.cmd("QUIT")
		return strings.Join(subjects, "|")
	}
	for user, want := range map[string]string{
		"ada": "for ada|for both", "ADA@example.com": "for ada|for both",
		"bob@example.com": "for bob|for both|seeded for bob", "carol": "",
	} {
		if got := pop3Subjects(user); got != want {
			t.Errorf("POP3 login %s: %q, want %q", user, got, want)
		}
	}

	imapSubjects := func(c *imapConv) string {
		out := c.ok("FETCH 1:* BODY.PEEK[HEADER.FIELDS (SUBJECT)]")
		var subjects []string
		for _, l := range strings.Split(out, "\r\n") {
			if s, ok := strings.CutPrefix(l, "Subject: "); ok {
				subjects = append(subjects, s)
			}
		}
		return strings.Join(subjects, "|")
	}
	ada := dialIMAPRaw(t, s)
	ada.ok("LOGIN ada@example.com p")
	ada.ok("SELECT INBOX")
	if got := imapSubjects(ada); got != "for ada|for both" {
		t.Errorf("IMAP ada: %q", got)
	}
	bob := dialIMAPRaw(t, s)
	bob.ok("LOGIN bob p")
	bob.ok("SELECT INBOX")
	if got := imapSubjects(bob); got != "for bob|for both|seeded for bob" {
		t.Errorf("IMAP bob: %q", got)
	}
	// Folders are per mailbox too.
	ada.ok("CREATE Archive")
	ada.ok("MOVE 1 Archive")
	mustContain(t, bob.ok(`LIST "" *`), `INBOX`)
	if strings.Contains(bob.ok(`LIST "" *`), "Archive") {
		t.Error("bob sees ada's folder")
	}
	// Deleting ada's copy leaves bob's.
	ada.ok("STORE 1 +FLAGS (\\Deleted)")
	ada.ok("EXPUNGE")
	if got := imapSubjects(bob); got != "for bob|for both|seeded for bob" {
		t.Errorf("IMAP bob after ada's expunge: %q", got)
	}
	ada.ok("LOGOUT")
	bob.ok("LOGOUT")

	before := s.Index()
	s.Close()
	r := start(t, Config{Mailboxes: true, Dir: dir})
	after := r.Index()
	if len(after) != len(before) {
		t.Fatalf("%d messages after reloading, want %d", len(after), len(before))
	}
	for i := range after {
		a, b := after[i], before[i]
		if a.ID != b.ID || a.Mailbox != b.Mailbox || a.Folder != b.Folder || a.Message.Subject != b.Message.Subject || a.Message.TLS != b.Message.TLS {
			t.Errorf("message %d after reloading: %+v, want %+v", i, a, b)
		}
	}
	// A captured record per SMTP transaction whose first copy is still there: ada's copies
	// of "for ada" (moved: the copy in Archive is not captured again) and of "for both" left.
	if got := r.Messages(); len(got) != 1 || got[0].Subject != "for bob" {
		t.Errorf("captured after reloading: %+v, want only \"for bob\"", got)
	}
}

func TestMailboxName(t *testing.T) {
	for in, want := range map[string]string{
		"ada@example.com": "ada", "Ada <ADA@Example.com>": "ada", "ada": "ada", `"a b"@x.y`: "a b",
		"<bob@x.y>": "bob", "@x.y": "", "a@b@c": "a@b",
	} {
		if got := MailboxName(in); got != want {
			t.Errorf("MailboxName(%q) = %q, want %q", in, got, want)
		}
	}
}
