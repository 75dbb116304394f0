package mailrt_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

func openSpoolDir(t testing.TB, dir string) *mailrt.SpoolDir {
	t.Helper()
	return openSpoolDirMode(t, dir, mailrt.SyncEach)
}

func openSpoolDirMode(t testing.TB, dir string, mode mailrt.SyncMode) *mailrt.SpoolDir {
	t.Helper()
	d, err := mailrt.OpenSpoolDir(dir, mode)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// msgFiles counts the queued message files of a spool directory.
func msgFiles(t testing.TB, dir string) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.msg"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}

func fastRetry(cfg mailrt.SpoolConfig) mailrt.SpoolConfig {
	cfg.RetryBase, cfg.RetryMax = 10*time.Millisecond, 50*time.Millisecond
	return cfg
}

// TestSpoolDirKeepsUntilAccepted checks that a message is on disk when Submit returns and
// leaves the spool once the server took it.
func TestSpoolDirKeepsUntilAccepted(t *testing.T) {
	for _, mode := range spoolModes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel() // the server's replies are slow, not the machine
			s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{ReplyDelay: 100 * time.Millisecond}})
			dir := t.TempDir()
			d := openSpoolDirMode(t, dir, mode.mode)
			sp := mailrt.NewSpoolWith(mailrt.SpoolConfig{Connections: 2, Dir: d})
			st := settings(s, mailrt.SecurityNone, "u", "secret")
			for i := 0; i < 5; i++ {
				if _, err := sp.Submit(st, simple(fmt.Sprintf("kept %d", i), "bob@example.com")); err != nil {
					t.Fatal(err)
				}
				if es, err := d.List(); len(es) != i+1 || err != nil {
					t.Fatalf("after Submit %d: %d messages in the spool, %v", i, len(es), err)
				}
			}
			es, err := d.List()
			if err != nil || len(es) != 5 || !es[0].Running || es[0].Server.Auth != "password" {
				t.Fatalf("list: %+v %v", es, err)
			}
			filepath.WalkDir(dir, func(path string, de os.DirEntry, err error) error {
				if b, _ := os.ReadFile(path); strings.Contains(string(b), "secret") {
					t.Errorf("%s holds the password", path)
				}
				return nil
			})
			if failed := sp.Drain(bg); len(failed) != 0 {
				t.Fatalf("failed: %+v", failed)
			}
			if es, _ := d.List(); len(es) != 0 || len(s.Messages()) != 5 {
				t.Errorf("%d left, %d delivered", len(es), len(s.Messages()))
			}
			if n := msgFiles(t, dir); n != 0 {
				t.Errorf("%d files left", n)
			}
		})
	}
}

// TestSpoolDirPermanentFailure checks that a 5xx refusal moves the message to failed/ with
// the server's reply, and that List shows it.
func TestSpoolDirPermanentFailure(t *testing.T) {
	for _, mode := range spoolModes {
		t.Run(mode.name, func(t *testing.T) { testSpoolDirPermanentFailure(t, mode.mode) })
	}
}

// spoolModes are the ways a spool directory writes its messages.
var spoolModes = []struct {
	name string
	mode mailrt.SyncMode
}{{"journal", mailrt.SyncJournal}, {"each", mailrt.SyncEach}, {"batch", mailrt.SyncBatch}}

func testSpoolDirPermanentFailure(t *testing.T, mode mailrt.SyncMode) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{RejectRecipients: []string{"nobody@example.com"}}})
	dir := t.TempDir()
	d := openSpoolDirMode(t, dir, mode)
	sp := mailrt.NewSpoolWith(mailrt.SpoolConfig{Dir: d})
	st := settings(s, mailrt.SecurityNone, "", "")
	sp.Submit(st, simple("good", "bob@example.com"))
	bad, _ := sp.Submit(st, simple("bad", "nobody@example.com"))
	failed := sp.Drain(bg)
	if len(failed) != 1 || failed[0].ID != bad || !failed[0].Refused || failed[0].Kept || !strings.Contains(failed[0].Err.Error(), "550") {
		t.Fatalf("failed %+v", failed)
	}
	es, _ := d.List()
	if len(es) != 1 || !es[0].Failed || es[0].Subject != "bad" || !strings.Contains(es[0].LastError, "550 Recipient rejected") {
		t.Fatalf("list %+v", es)
	}
	if _, err := os.Stat(filepath.Join(dir, "failed", es[0].ID+".msg")); err != nil {
		t.Error(err)
	}
	if n, err := d.DropFailed(); n != 1 || err != nil {
		t.Errorf("drop failed: %d %v", n, err)
	}
	if es, _ := d.List(); len(es) != 0 {
		t.Errorf("after drop: %+v", es)
	}
}

// TestSpoolDirUnwritable checks that a spool that cannot be written makes Submit fail (and
// queue nothing), also as root, where permissions do not stop writes.
func TestSpoolDirUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	if _, err := mailrt.OpenSpoolDir(filepath.Join(file, "spool"), mailrt.SyncEach); kindOf(t, err) != mailrt.KindSpool {
		t.Errorf("open under a file: %v", err)
	}
	for _, mode := range spoolModes {
		t.Run(mode.name, func(t *testing.T) {
			dir := t.TempDir()
			d := openSpoolDirMode(t, dir, mode.mode)
			// The folders messages are written to become files: no message can be written.
			for _, sub := range []string{"tmp", "journal"} {
				os.RemoveAll(filepath.Join(dir, sub))
				os.WriteFile(filepath.Join(dir, sub), []byte("x"), 0o600)
			}
			sp := mailrt.NewSpoolWith(mailrt.SpoolConfig{Dir: d})
			_, err := sp.Submit(mailrt.Settings{Host: "mail.example.com"}, simple("lost", "bob@example.com"))
			if kindOf(t, err) != mailrt.KindSpool || !strings.Contains(err.Error(), "cannot write to the spool directory") {
				t.Errorf("submit: %v", err)
			}
			if sp.Pending() != 0 || msgFiles(t, dir) != 0 {
				t.Errorf("a message not on disk was queued")
			}
			sp.Drain(bg)
			if es, _ := d.List(); len(es) != 0 {
				t.Errorf("listed %+v", es)
			}
		})
	}
}

// putEntries writes n messages for the sandbox's SMTP service into a spool directory by an
// owner that is then gone.
func putEntries(t *testing.T, dir string, n int, server mailrt.SpoolServer, sandboxed bool) []string {
	t.Helper()
	d, err := mailrt.OpenSpoolDir(dir, mailrt.SyncBatch)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := 0; i < n; i++ {
		raw, err := mailrt.Build(simple(fmt.Sprintf("left %d", i), "bob@example.com"))
		if err != nil {
			t.Fatal(err)
		}
		e := &mailrt.SpoolEntry{MessageID: mailrt.MessageIDOf(raw), From: "ada@example.com", To: []string{"bob@example.com"},
			Subject: fmt.Sprintf("left %d", i), Server: server, Sandbox: sandboxed}
		if err := d.Put(e, raw); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.MessageID)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestSpoolFlushConcurrent checks that two flushes of one spool at the same time send each
// message once (the per-message lock).
func TestSpoolFlushConcurrent(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Faults: sandbox.Faults{ReplyDelay: time.Millisecond}})
	dir := t.TempDir()
	ids := putEntries(t, dir, 60, mailrt.SpoolServer{Host: "mail.example.com", Port: 25, Security: "none"}, false)
	var wg sync.WaitGroup
	var delivered atomic.Int64
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := mailrt.OpenSpoolDir(dir, mailrt.SyncEach)
			if err != nil {
				t.Error(err)
				return
			}
			defer d.Close()
			res, err := d.Flush(bg, mailrt.FlushOptions{Transport: s.Transport(), Connections: 4})
			if err != nil {
				t.Error(err)
				return
			}
			delivered.Add(int64(res.Delivered))
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range s.Messages() {
		seen[mailrt.MessageIDOf(m.Raw)]++
	}
	for _, id := range ids {
		if seen[id] != 1 {
			t.Errorf("%s delivered %d times", id, seen[id])
		}
	}
	if len(s.Messages()) != 60 || msgFiles(t, dir) != 0 {
		t.Errorf("%d delivered, %d files left", len(s.Messages()), msgFiles(t, dir))
	}
}

// TestSpoolAdopt checks which leftovers a session takes over: the same server and user,
// sandbox messages only in a sandbox spool, none of a run still going.
func TestSpoolAdopt(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	dir := t.TempDir()
	srv := mailrt.SpoolServer{Host: "mail.example.com", Port: 25, Security: "none", User: "a", Auth: "password"}
	mine := putEntries(t, dir, 3, srv, false)
	other := srv
	other.User = "b"
	putEntries(t, dir, 2, other, false)
	putEntries(t, dir, 1, srv, true)
	// A run still going (its server is down): its message is not a leftover.
	live := openSpoolDir(t, dir)
	liveSp := mailrt.NewSpoolWith(fastRetry(mailrt.SpoolConfig{Dir: live, Connections: 1}))
	defer func() {
		ctx, cancel := contextWithTimeout(50 * time.Millisecond)
		defer cancel()
		liveSp.Drain(ctx)
	}()
	down := &flakyTransport{Transport: s.Transport()}
	down.refuse.Store(1 << 30)
	liveSp.Submit(mailrt.Settings{Host: "mail.example.com", User: "a", Password: "p", Transport: down}, simple("live", "bob@example.com"))

	d := openSpoolDir(t, dir)
	sp := mailrt.NewSpoolWith(mailrt.SpoolConfig{Dir: d, Connections: 2})
	n, err := sp.Adopt(settings(s, mailrt.SecurityNone, "a", "p"))
	if err != nil || n != 3 {
		t.Fatalf("adopted %d, %v; want 3", n, err)
	}
	if n, _ := sp.Adopt(settings(s, mailrt.SecurityNone, "a", "p")); n != 0 {
		t.Errorf("adopted %d twice", n)
	}
	if failed := sp.Drain(bg); len(failed) != 0 {
		t.Fatalf("failed %+v", failed)
	}
	got := map[string]bool{}
	for _, m := range s.Messages() {
		got[mailrt.MessageIDOf(m.Raw)] = true
		if m.Auth.User != "a" {
			t.Errorf("sent with login %q", m.Auth.User)
		}
	}
	for _, id := range mine {
		if !got[id] {
			t.Errorf("%s not sent", id)
		}
	}
	if len(got) != 3 {
		t.Errorf("%d sent, want 3", len(got))
	}
	sb := mailrt.NewSpoolWith(mailrt.SpoolConfig{Dir: d, Sandbox: true})
	if n, _ := sb.Adopt(settings(s, mailrt.SecurityNone, "a", "p")); n != 1 {
		t.Errorf("a sandbox spool adopted %d sandbox messages, want 1", n)
	}
	sb.Drain(bg)
}

// flakyTransport refuses the first dials, as a server that is down for a while.
type flakyTransport struct {
	mailrt.Transport
	refuse atomic.Int64
}

func (f *flakyTransport) Dial(ctx context.Context, p mailrt.Protocol, sec mailrt.Security, addr string) (net.Conn, error) {
	if f.refuse.Add(-1) >= 0 {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return f.Transport.Dial(ctx, p, sec, addr)
}

// TestSpoolRetriesTransient checks that a message whose server cannot be reached for a while
// is retried, and that a message without a Message-ID gets one when it is spooled.
func TestSpoolRetriesTransient(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	ft := &flakyTransport{Transport: s.Transport()}
	ft.refuse.Store(3)
	st := settings(s, mailrt.SecurityNone, "", "")
	st.Transport = ft
	dir := t.TempDir()
	d := openSpoolDir(t, dir)
	sp := mailrt.NewSpoolWith(fastRetry(mailrt.SpoolConfig{Dir: d}))
	raw := []byte("From: ada@example.com\r\nTo: bob@example.com\r\nSubject: no id\r\n\r\nhello\r\n")
	id, err := sp.SubmitRaw(st, "ada@example.com", []string{"bob@example.com"}, raw)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := contextWithTimeout(10 * time.Second)
	defer cancel()
	if failed := sp.Drain(ctx); len(failed) != 0 {
		t.Fatalf("failed %+v", failed)
	}
	j, _ := sp.Status(id)
	msgs := s.Messages()
	if j.State != mailrt.StateSent || j.Attempts < 1 || len(msgs) != 1 {
		t.Fatalf("job %+v, %d delivered", j, len(msgs))
	}
	if got := mailrt.MessageIDOf(msgs[0].Raw); got == "" || got != j.MessageID {
		t.Errorf("Message-ID %q, job's %q", got, j.MessageID)
	}
}

// TestSpoolDrainKeepsUnsent checks that the messages still queued when the drain stops stay
// in the spool directory, marked Kept, with their last error.
func TestSpoolDrainKeepsUnsent(t *testing.T) {
	for _, mode := range spoolModes {
		t.Run(mode.name, func(t *testing.T) { testSpoolDrainKeepsUnsent(t, mode.mode) })
	}
}

func testSpoolDrainKeepsUnsent(t *testing.T, mode mailrt.SyncMode) {
	s := startSandbox(t, sandbox.Config{})
	ft := &flakyTransport{Transport: s.Transport()}
	ft.refuse.Store(1 << 30)
	st := settings(s, mailrt.SecurityNone, "", "")
	st.Transport = ft
	dir := t.TempDir()
	d, err := mailrt.OpenSpoolDir(dir, mode)
	if err != nil {
		t.Fatal(err)
	}
	sp := mailrt.NewSpoolWith(fastRetry(mailrt.SpoolConfig{Dir: d, Connections: 2}))
	for i := 0; i < 3; i++ {
		sp.Submit(st, simple("down", "bob@example.com"))
	}
	ctx, cancel := contextWithTimeout(300 * time.Millisecond)
	defer cancel()
	failed := sp.Drain(ctx)
	if len(failed) != 3 {
		t.Fatalf("%d undelivered, want 3", len(failed))
	}
	for _, j := range failed {
		if !j.Kept || j.Refused || !strings.Contains(j.Err.Error(), "connection refused") {
			t.Errorf("%+v", j)
		}
	}
	es, _ := d.List()
	if len(es) != 3 || es[0].Attempts < 1 || !strings.Contains(es[0].LastError, "connection refused") {
		t.Errorf("list %+v", es)
	}
	// Once the run's spool is closed, they are message files for a later run or a flush.
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if n := msgFiles(t, dir); n != 3 {
		t.Errorf("%d files in the spool, want 3", n)
	}
	es, _ = openSpoolDir(t, dir).List()
	if len(es) != 3 || es[0].Running || es[0].Attempts < 1 || !strings.Contains(es[0].LastError, "connection refused") {
		t.Errorf("list after Close %+v", es)
	}
}

// TestSpoolFlushSkips checks that a flush leaves the messages it must not send: the
// sandbox's (never sent to a real server) and those needing a secret it was not given.
func TestSpoolFlushSkips(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	dir := t.TempDir()
	putEntries(t, dir, 1, mailrt.SpoolServer{Host: "mail.example.com", Port: 25, Security: "none"}, true)
	putEntries(t, dir, 1, mailrt.SpoolServer{Host: "mail.example.com", Port: 25, Security: "none", User: "u", Auth: "password"}, false)
	d := openSpoolDir(t, dir)
	res, err := d.Flush(bg, mailrt.FlushOptions{Transport: s.Transport()})
	if err != nil || res.Delivered != 0 || res.Queued != 2 || len(res.Skipped) != 2 || len(s.Messages()) != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if !strings.Contains(res.Skipped[0].Reason+res.Skipped[1].Reason, "sandbox") || !strings.Contains(res.Skipped[0].Reason+res.Skipped[1].Reason, "--password-env") {
		t.Errorf("reasons: %+v", res.Skipped)
	}
	res, err = d.Flush(bg, mailrt.FlushOptions{Transport: s.Transport(), Secret: "p"})
	if err != nil || res.Delivered != 1 || res.Queued != 1 || len(s.Messages()) != 1 || s.Messages()[0].Auth.User != "u" {
		t.Errorf("with the secret: %+v %v", res, err)
	}
}

// TestSpoolIncompleteEntry checks that a message file cut short (a crash of the system
// before it reached the disk) is never sent: it goes to failed/.
func TestSpoolIncompleteEntry(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	dir := t.TempDir()
	putEntries(t, dir, 2, mailrt.SpoolServer{Host: "mail.example.com", Port: 25, Security: "none"}, false)
	files, _ := filepath.Glob(filepath.Join(dir, "*.msg"))
	fi, _ := os.Stat(files[0])
	if err := os.Truncate(files[0], fi.Size()-10); err != nil {
		t.Fatal(err)
	}
	d := openSpoolDir(t, dir)
	res, err := d.Flush(bg, mailrt.FlushOptions{Transport: s.Transport()})
	if err != nil || res.Delivered != 1 || len(s.Messages()) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	es, _ := d.List()
	if len(es) != 1 || !es[0].Failed || !strings.Contains(es[0].LastError, "incomplete") {
		t.Errorf("list %+v", es)
	}
}

// BenchmarkSpoolDirPut is what durability adds to EmailEnvoieMessage on an asynchronous
// session: writing one small message to a spool directory, with SyncJournal (appended to the
// journal and fdatasynced before Put returns), SyncEach (a file fsynced, renamed, the
// directory fsynced) and SyncBatch (appended; one fdatasync per batch in the background).
func BenchmarkSpoolDirPut(b *testing.B) {
	raw, err := mailrt.Build(simple("bench", "bob@example.com"))
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct {
		name string
		mode mailrt.SyncMode
	}{{"journal", mailrt.SyncJournal}, {"each", mailrt.SyncEach}, {"batch", mailrt.SyncBatch}} {
		b.Run(mode.name, func(b *testing.B) {
			d, err := mailrt.OpenSpoolDir(b.TempDir(), mode.mode)
			if err != nil {
				b.Fatal(err)
			}
			defer d.Close()
			for b.Loop() {
				e := &mailrt.SpoolEntry{MessageID: "bench@example.com", To: []string{"bob@example.com"}, Subject: "bench"}
				if err := d.Put(e, raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
