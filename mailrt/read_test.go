package mailrt_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

func seed(t *testing.T, s *sandbox.Server, n int, att []byte) {
	t.Helper()
	for i := 1; i <= n; i++ {
		m := simple(fmt.Sprintf("message %d", i), "bob@example.com")
		if att != nil {
			m.Attachments = []mailrt.Attachment{{Name: "data.bin", ContentType: "application/octet-stream", Data: att}}
		}
		raw, err := mailrt.Build(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Seed(raw); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPOP3Client(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Auth: "ada:s3cret"})
	att := bytes.Repeat([]byte{0, 255, 13, 10, 46}, 2000)
	seed(t, s, 3, att)
	for _, sec := range []mailrt.Security{mailrt.SecurityNone, mailrt.SecuritySTARTTLS, mailrt.SecurityImplicitTLS} {
		c, err := mailrt.DialPOP3(bg, settings(s, sec, "ada", "s3cret"))
		if err != nil {
			t.Fatalf("%v: %v", sec, err)
		}
		n, size, err := c.Stat()
		if err != nil || n != 3 || size == 0 {
			t.Fatalf("STAT %d %d %v", n, size, err)
		}
		list, err := c.List()
		if err != nil || len(list) != 3 || list[2].UID == "" {
			t.Fatalf("LIST %+v %v", list, err)
		}
		raw, err := c.Retr(2)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mailrt.Parse(raw)
		if err != nil || m.Subject != "message 2" || !bytes.Equal(m.Attachments[0].Data, att) {
			t.Fatalf("RETR 2: %v %q", err, m.Subject)
		}
		top, err := c.Top(1, 0)
		if err != nil || !bytes.Contains(top, []byte("Subject: message 1")) || bytes.Contains(top, []byte("hello")) {
			t.Fatalf("TOP: %v\n%s", err, top)
		}
		if _, err := c.Retr(9); err == nil {
			t.Error("RETR 9 succeeded")
		}
		c.Close()
	}
	c, _ := mailrt.DialPOP3(bg, settings(s, mailrt.SecurityNone, "ada", "s3cret"))
	c.Dele(1)
	c.Close()
	c, _ = mailrt.DialPOP3(bg, settings(s, mailrt.SecurityNone, "ada", "s3cret"))
	if n, _, _ := c.Stat(); n != 2 {
		t.Errorf("after DELE and QUIT: %d messages", n)
	}
	c.Close()
	_, err := mailrt.DialPOP3(bg, settings(s, mailrt.SecurityImplicitTLS, "ada", "Wr0ng!"))
	if kindOf(t, err) != mailrt.KindAuth {
		t.Fatalf("wrong password: %v", err)
	}
	noSecret(t, err, "Wr0ng!")
}

func TestIMAPClient(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	att := bytes.Repeat([]byte("bin\x00\xff"), 500)
	seed(t, s, 3, att)
	for _, sec := range []mailrt.Security{mailrt.SecurityNone, mailrt.SecuritySTARTTLS, mailrt.SecurityImplicitTLS} {
		c, err := mailrt.DialIMAP(bg, settings(s, sec, "u", "p"))
		if err != nil {
			t.Fatalf("%v: %v", sec, err)
		}
		if c.Count() != 3 || c.Folder() != "INBOX" {
			t.Errorf("count %d folder %s", c.Count(), c.Folder())
		}
		c.Close()
	}
	c, err := mailrt.DialIMAP(bg, settings(s, mailrt.SecurityImplicitTLS, "u", "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	unseen, err := c.Search(true)
	if err != nil || len(unseen) != 3 {
		t.Fatalf("unseen %v %v", unseen, err)
	}
	headers, err := c.Fetch(unseen[:1], false)
	if err != nil || len(headers) != 1 || !bytes.Contains(headers[0].Raw, []byte("Subject: message 1")) || bytes.Contains(headers[0].Raw, []byte("hello")) {
		t.Fatalf("header fetch: %v", err)
	}
	full, err := c.Fetch(unseen[1:2], true)
	if err != nil {
		t.Fatal(err)
	}
	if full[0].Size != int64(len(full[0].Raw)) || headers[0].Size <= int64(len(headers[0].Raw)) {
		t.Errorf("sizes: full %d of %d bytes, header %d of %d bytes", full[0].Size, len(full[0].Raw), headers[0].Size, len(headers[0].Raw))
	}
	if !full[0].Date.IsZero() || !headers[0].Date.IsZero() {
		t.Errorf("Fetch asked INTERNALDATE: %v, %v", full[0].Date, headers[0].Date)
	}
	meta, err := c.FetchMeta(unseen[1:2])
	if err != nil || len(meta) != 1 || meta[0].Date.IsZero() || meta[0].Size != full[0].Size || meta[0].Raw != nil {
		t.Fatalf("FetchMeta: %+v %v", meta, err)
	}
	m, _ := mailrt.Parse(full[0].Raw)
	if !bytes.Equal(m.Attachments[0].Data, att) {
		t.Fatal("attachment differs over IMAP")
	}
	if again, _ := c.Search(true); len(again) != 3 {
		t.Errorf("fetching marked messages seen: %v", again)
	}
	if err := c.MarkSeen(unseen[:2], true); err != nil {
		t.Fatal(err)
	}
	if again, _ := c.Search(true); len(again) != 1 {
		t.Errorf("after MarkSeen: %v unseen", again)
	}
	if err := c.CreateFolder("Archive"); err != nil {
		t.Fatal(err)
	}
	if err := c.Copy(unseen[:1], "Archive"); err != nil {
		t.Fatal(err)
	}
	folders, _ := c.Folders()
	if len(folders) != 2 {
		t.Errorf("folders %v", folders)
	}
	if err := c.Delete(unseen[:1]); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge(); err != nil || c.Count() != 2 {
		t.Fatalf("expunge: %v count %d", err, c.Count())
	}
	if err := c.Select("Archive"); err != nil || c.Count() != 1 {
		t.Fatalf("archive: %v %d", err, c.Count())
	}
	if err := c.Select("Missing"); err == nil {
		t.Error("selected a missing folder")
	}
	strict := startSandbox(t, sandbox.Config{Auth: "u:p"})
	if _, err := mailrt.DialIMAP(bg, settings(strict, mailrt.SecurityNone, "u", "wrong")); kindOf(t, err) != mailrt.KindAuth {
		t.Errorf("wrong password: %v", err)
	}
}

func TestSpool(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{RejectRecipients: []string{"nobody@example.com"}}})
	sp := mailrt.NewSpool(8)
	st := settings(s, mailrt.SecurityNone, "", "")
	var ids []int64
	for i := 0; i < 200; i++ {
		id, err := sp.Submit(st, simple(fmt.Sprintf("spool %d", i), "bob@example.com"))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	bad, _ := sp.Submit(st, simple("refused", "nobody@example.com"))
	ctx, cancel := contextWithTimeout(30 * time.Second)
	defer cancel()
	failed := sp.Drain(ctx)
	if len(failed) != 1 || failed[0].ID != bad {
		t.Fatalf("failed %+v", failed)
	}
	if j, _ := sp.Status(ids[0]); j.State != mailrt.StateSent {
		t.Errorf("state %v", j.State)
	}
	msgs := s.Messages()
	seen := map[string]int{}
	for _, m := range msgs {
		seen[m.Subject]++
	}
	if len(msgs) != 200 || len(seen) != 200 {
		t.Fatalf("%d messages, %d distinct", len(msgs), len(seen))
	}
	if _, err := sp.Submit(st, simple("late", "bob@example.com")); err == nil {
		t.Error("submit after drain succeeded")
	}
}

func TestSpoolDrainReportsUnsent(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{ReplyDelay: 200 * time.Millisecond}})
	sp := mailrt.NewSpool(1)
	for i := 0; i < 5; i++ {
		sp.Submit(settings(s, mailrt.SecurityNone, "", ""), simple("slow", "bob@example.com"))
	}
	ctx, cancel := contextWithTimeout(100 * time.Millisecond)
	defer cancel()
	failed := sp.Drain(ctx)
	if len(failed)+len(s.Messages()) != 5 || len(failed) == 0 {
		t.Fatalf("%d failed, %d sent: a message was lost", len(failed), len(s.Messages()))
	}
}

// TestIMAPExpungeOwnDeletions checks that a session's Expunge removes the messages it
// deleted and leaves those another session flagged \Deleted (UID EXPUNGE).
func TestIMAPExpungeOwnDeletions(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	seed(t, s, 3, nil)
	a, err := mailrt.DialIMAP(bg, settings(s, mailrt.SecurityNone, "a", "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := mailrt.DialIMAP(bg, settings(s, mailrt.SecurityNone, "b", "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	uids, err := a.Search(false)
	if err != nil || len(uids) != 3 {
		t.Fatalf("search: %v %v", uids, err)
	}
	if err := a.Delete(uids[:1]); err != nil {
		t.Fatal(err)
	}
	if err := b.Delete(uids[1:2]); err != nil {
		t.Fatal(err)
	}
	if err := a.Expunge(); err != nil {
		t.Fatal(err)
	}
	if a.Count() != 2 {
		t.Errorf("after a's expunge: %d messages, want 2 (b's deletion kept)", a.Count())
	}
	if err := b.Expunge(); err != nil {
		t.Fatal(err)
	}
	if b.Count() != 1 {
		t.Errorf("after b's expunge: %d messages, want 1", b.Count())
	}
}
