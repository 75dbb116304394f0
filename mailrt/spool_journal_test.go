package mailrt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// journalPut queues a small message in d and returns its entry.
func journalPut(t *testing.T, d *SpoolDir, i int) *SpoolEntry {
	t.Helper()
	raw := fmt.Appendf(nil, "Message-ID: <m%d@example.com>\r\nSubject: m%d\r\n\r\nbody %d\r\n", i, i, i)
	e := &SpoolEntry{MessageID: fmt.Sprintf("m%d@example.com", i), From: "ada@example.com", To: []string{"bob@example.com"},
		Subject: fmt.Sprintf("m%d", i), Server: SpoolServer{Host: "mail.example.com", Port: 25, Security: "none"}}
	if err := d.Put(e, raw); err != nil {
		t.Fatal(err)
	}
	return e
}

// abandon leaves d as a killed process would: its files closed (the system releases their
// locks), nothing converted or removed.
func abandon(d *SpoolDir) {
	d.j.mu.Lock()
	d.j.closed = true
	if d.j.timer != nil {
		d.j.timer.Stop()
	}
	for _, s := range d.j.segs {
		s.f.Close()
	}
	d.j.mu.Unlock()
	d.ownerF.Close()
	d.dirF.Close()
}

func segments(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, journalDir, "*"+journalExt))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func msgIDs(es []SpoolEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.MessageID)
	}
	return out
}

// TestJournalTakeover checks that the journal of a run that is gone is taken over by the next
// listing: its messages still queued (not those sent) become message files of that run, with
// their attempts, and the segment is removed.
func TestJournalTakeover(t *testing.T) {
	dir := t.TempDir()
	run, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	var es []*SpoolEntry
	for i := 0; i < 5; i++ {
		es = append(es, journalPut(t, run, i))
	}
	run.remove(es[1].ID, false)
	run.remove(es[3].ID, false)
	run.recordAttempt(es[2].ID, 2, "421 try later")
	if err := run.j.commit(run.j.written); err != nil {
		t.Fatal(err)
	}
	abandon(run)
	if len(segments(t, dir)) != 1 {
		t.Fatalf("segments %v", segments(t, dir))
	}

	d, err := OpenSpoolDir(dir, SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(msgIDs(list), " "); got != "m0@example.com m2@example.com m4@example.com" {
		t.Fatalf("queued %s", got)
	}
	for _, e := range list {
		if e.Running || e.Owner != run.owner || !exists(d.msgPath(e.ID)) {
			t.Errorf("%+v: running, another owner, or no file", e)
		}
	}
	if list[1].Attempts != 2 || list[1].LastError != "421 try later" {
		t.Errorf("attempts of m2: %+v", list[1])
	}
	if s := segments(t, dir); len(s) != 0 {
		t.Errorf("segments left: %v", s)
	}
	// The files are leftovers like any others.
	_, raws, err := d.leftovers(func(*SpoolEntry) bool { return true })
	if err != nil || len(raws) != 3 || !strings.Contains(string(raws[0]), "body 0") {
		t.Errorf("leftovers %q %v", raws, err)
	}
}

// TestJournalLiveNotTakenOver checks that the journal of a run still going is listed (its
// messages marked Running) but left alone, and that the run's Close turns what it did not send
// into message files.
func TestJournalLiveNotTakenOver(t *testing.T) {
	dir := t.TempDir()
	run, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	a := journalPut(t, run, 1)
	journalPut(t, run, 2)
	run.remove(a.ID, false)
	other, err := OpenSpoolDir(dir, SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	list, err := other.List()
	if err != nil || len(list) != 1 || !list[0].Running || list[0].MessageID != "m2@example.com" {
		t.Fatalf("list %+v %v", list, err)
	}
	if len(segments(t, dir)) != 1 {
		t.Errorf("the live segment was taken over")
	}
	if n, _ := filepath.Glob(filepath.Join(dir, "*.msg")); len(n) != 0 {
		t.Errorf("message files %v", n)
	}
	if _, err := other.Drop("m2@example.com"); err == nil || !strings.Contains(err.Error(), "running wl") {
		t.Errorf("drop of a live message: %v", err)
	}
	if err := run.Close(); err != nil {
		t.Fatal(err)
	}
	list, err = other.List()
	if err != nil || len(list) != 1 || list[0].Running || !exists(other.msgPath(list[0].ID)) || len(segments(t, dir)) != 0 {
		t.Errorf("after Close: %+v %v, segments %v", list, err, segments(t, dir))
	}
}

// TestJournalDamagedTail checks that a segment whose last frame a crash cut short or damaged
// is taken over up to that frame: the messages before it are kept, the damaged one (never
// acknowledged) is not sent.
func TestJournalDamagedTail(t *testing.T) {
	tests := []struct {
		name string
		// damage alters the segment's bytes; frame is the last frame's offset and length.
		damage func(b []byte, off, n int) []byte
	}{
		{"zeros: the tail never reached the disk", func(b []byte, off, n int) []byte {
			clear(b[off+n/2 : off+n])
			return b
		}},
		{"cut: the file ends inside the frame", func(b []byte, off, n int) []byte { return b[:off+n-7] }},
		{"CRC mismatch", func(b []byte, off, n int) []byte {
			b[off+n-3] ^= 0x20
			return b
		}},
		{"length past the end", func(b []byte, off, n int) []byte {
			binary.LittleEndian.PutUint32(b[off:], 1<<30)
			return b
		}},
		{"head never written", func(b []byte, off, n int) []byte {
			clear(b[off : off+frameHead])
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			run, err := OpenSpoolDir(dir, SyncJournal)
			if err != nil {
				t.Fatal(err)
			}
			var last *SpoolEntry
			for i := 0; i < 4; i++ {
				last = journalPut(t, run, i)
			}
			r := run.j.recs[last.ID]
			abandon(run)
			path := segments(t, dir)[0]
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tt.damage(b, int(r.off), r.n), 0o600); err != nil {
				t.Fatal(err)
			}
			f, _ := os.Open(path)
			st, err := readSegment(f)
			f.Close()
			if err != nil || !st.torn || len(st.puts) != 3 {
				t.Fatalf("read: %d messages, torn %v, %v", len(st.puts), st.torn, err)
			}
			d, err := OpenSpoolDir(dir, SyncEach)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			list, err := d.List()
			if got := strings.Join(msgIDs(list), " "); err != nil || got != "m0@example.com m1@example.com m2@example.com" {
				t.Errorf("queued %s, %v", got, err)
			}
		})
	}
}

// TestJournalGroupCommit checks that concurrent writers share fdatasyncs and that each message
// is in the journal when its Put returns.
func TestJournalGroupCommit(t *testing.T) {
	dir := t.TempDir()
	d, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	const writers, each = 8, 25
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				e := journalPut(t, d, w*each+i)
				d.j.mu.Lock()
				r := d.j.recs[e.ID]
				ok := r.seg != nil && d.j.synced >= r.seq
				d.j.mu.Unlock()
				if !ok {
					t.Errorf("%s: not synced when Put returned", e.ID)
				}
			}
		}()
	}
	wg.Wait()
	d.j.mu.Lock()
	syncs, written, synced := d.j.syncs, d.j.written, d.j.synced
	d.j.mu.Unlock()
	if synced != written || syncs >= writers*each {
		t.Errorf("%d fdatasyncs for %d messages (synced %d of %d frames): no group commit", syncs, writers*each, synced, written)
	}
	t.Logf("%d fdatasyncs for %d messages", syncs, writers*each)
	list, err := d.List()
	if err != nil || len(list) != writers*each {
		t.Fatalf("%d listed, %v", len(list), err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.msg")); len(m) != writers*each || len(segments(t, dir)) != 0 {
		t.Errorf("after Close: %d files, segments %v", len(m), segments(t, dir))
	}
}

// TestJournalRotation checks that a full segment is left for a new one and removed once its
// messages have left the spool.
func TestJournalRotation(t *testing.T) {
	dir := t.TempDir()
	d, err := OpenSpoolDir(dir, SyncNone)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	first := journalPut(t, d, 0)
	d.j.mu.Lock()
	d.j.rotate = 1 // as if the segment were full
	d.j.mu.Unlock()
	second := journalPut(t, d, 1)
	if len(segments(t, dir)) != 2 || d.j.recs[second.ID].seg == d.j.recs[first.ID].seg {
		t.Fatalf("segments %v", segments(t, dir))
	}
	d.remove(first.ID, false)
	if s := segments(t, dir); len(s) != 1 || !strings.HasSuffix(s[0], ".1"+journalExt) {
		t.Errorf("after the first segment's last message left: %v", s)
	}
}

// TestJournalTooLargeForAFrame checks that a message too large for a journal record (4 GiB
// and more: the frame's length has 32 bits; here a smaller limit) is spooled as a message
// file rather than written with a cut length, and that the spool lists, recovers and removes
// it like the messages of the journal.
func TestJournalTooLargeForAFrame(t *testing.T) {
	dir := t.TempDir()
	run, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	run.j.mu.Lock()
	run.j.maxFrame = 1000
	run.j.mu.Unlock()
	small := journalPut(t, run, 0)
	large := &SpoolEntry{MessageID: "large@example.com", From: "ada@example.com", To: []string{"bob@example.com"},
		Server: SpoolServer{Host: "mail.example.com", Port: 25, Security: "none"}}
	raw := []byte("Message-ID: <large@example.com>\r\n\r\n" + strings.Repeat("x", 2000) + "\r\n")
	if err := run.Put(large, raw); err != nil {
		t.Fatal(err)
	}
	if !run.j.has(small.ID) || run.j.has(large.ID) || !exists(run.msgPath(large.ID)) {
		t.Fatalf("small in the journal %v, large in it %v, large as a file %v",
			run.j.has(small.ID), run.j.has(large.ID), exists(run.msgPath(large.ID)))
	}
	if err := run.j.commit(run.j.written); err != nil {
		t.Fatal(err)
	}
	abandon(run)

	d, err := OpenSpoolDir(dir, SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	list, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(msgIDs(list), " "); got != "m0@example.com large@example.com" {
		t.Fatalf("queued %s", got)
	}
	es, raws, err := d.leftovers(func(*SpoolEntry) bool { return true })
	if err != nil || len(raws) != 2 {
		t.Fatalf("leftovers %d %v", len(raws), err)
	}
	for i, e := range es {
		if e.ID == large.ID && string(raws[i]) != string(raw) {
			t.Errorf("the large message came back with %d bytes, not %d", len(raws[i]), len(raw))
		}
	}
	if err := d.remove(large.ID, true); err != nil || exists(d.msgPath(large.ID)) {
		t.Errorf("remove: %v, file left %v", err, exists(d.msgPath(large.ID)))
	}
}

func TestJournalFits(t *testing.T) {
	j := newJournal(nil, SyncNone)
	for _, c := range []struct {
		head, raw int
		want      bool
	}{
		{100, 1 << 20, true},
		{100, math.MaxUint32 - 105, true},
		{100, math.MaxUint32 - 104, false},
		{100, 5 << 30, false},
	} {
		if got := j.fits(c.head, c.raw); got != c.want {
			t.Errorf("fits(%d, %d) = %v", c.head, c.raw, got)
		}
	}
}

// TestJournalTakeoverInterrupted checks that the message files of a takeover still going (or
// that a crash interrupted) are not sent while their segment exists, and that doing the
// takeover again neither loses nor doubles a message.
func TestJournalTakeoverInterrupted(t *testing.T) {
	dir := t.TempDir()
	run, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		journalPut(t, run, i)
	}
	abandon(run)
	path := segments(t, dir)[0]
	saved, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := OpenSpoolDir(dir, SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if list, err := d.List(); err != nil || len(list) != 3 {
		t.Fatalf("list %d, %v", len(list), err)
	}
	// The segment back, locked: as if another process were taking it over (or had died
	// doing it, with its files written and the segment not yet removed).
	if err := os.WriteFile(path, saved, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := tryLock(f); !ok || err != nil {
		t.Fatal("cannot lock the segment", err)
	}
	es, _, err := d.leftovers(func(*SpoolEntry) bool { return true })
	if err != nil || len(es) != 0 {
		t.Errorf("%d leftovers while their segment exists, %v", len(es), err)
	}
	list, _ := d.List()
	for _, e := range list {
		if !e.Running || e.Journal != filepath.Base(path) {
			t.Errorf("%+v: not marked as being taken over", e)
		}
	}
	// The lock released (the other process died): the takeover is done again.
	f.Close()
	es, _, err = d.leftovers(func(*SpoolEntry) bool { return true })
	if got := strings.Join(msgIDs(deref(es)), " "); err != nil || got != "m0@example.com m1@example.com m2@example.com" {
		t.Errorf("leftovers %s, %v", got, err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.msg")); len(m) != 3 || len(segments(t, dir)) != 0 {
		t.Errorf("%d files, segments %v", len(m), segments(t, dir))
	}
}

func deref(es []*SpoolEntry) []SpoolEntry {
	out := make([]SpoolEntry, len(es))
	for i, e := range es {
		out[i] = *e
	}
	return out
}

// TestJournalOutcomeSynced checks that the record of a message that left the spool reaches the
// disk on its own (within JournalOutcomeDelay) when no new message forces it, and with SyncBatch
// that messages do too.
func TestJournalOutcomeSynced(t *testing.T) {
	for _, mode := range []SyncMode{SyncJournal, SyncBatch} {
		d, err := OpenSpoolDir(t.TempDir(), mode)
		if err != nil {
			t.Fatal(err)
		}
		e := journalPut(t, d, 1)
		d.remove(e.ID, false)
		synced := func() bool {
			d.j.mu.Lock()
			defer d.j.mu.Unlock()
			return d.j.synced == d.j.written
		}
		deadline := time.Now().Add(5 * time.Second)
		for !synced() && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if !synced() {
			t.Errorf("mode %d: the records were not synced", mode)
		}
		d.Close()
	}
}

// TestJournalSyncFails checks that a message whose fdatasync fails is refused (Put returns an
// error, never success for a message not known to be on disk), that the journal then refuses
// every later message, and that the run's Close does not turn the refused one into a message
// file while it keeps the one acknowledged before.
func TestJournalSyncFails(t *testing.T) {
	dir := t.TempDir()
	d, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	journalPut(t, d, 1)
	d.j.mu.Lock()
	d.j.syncFile = func(*os.File) error { return syscall.EIO }
	d.j.mu.Unlock()
	for i := 2; i <= 3; i++ {
		err := d.Put(&SpoolEntry{MessageID: fmt.Sprintf("m%d@example.com", i)}, []byte("Subject: x\r\n\r\nx\r\n"))
		if err == nil || !errors.Is(err, syscall.EIO) || !strings.Contains(err.Error(), "cannot write to the spool directory") {
			t.Errorf("put %d: %v", i, err)
		}
	}
	d.Close()
	list, err := openSpoolDirT(t, dir).List()
	if got := strings.Join(msgIDs(list), " "); err != nil || got != "m1@example.com" {
		t.Errorf("left in the spool: %s, %v", got, err)
	}
}

func openSpoolDirT(t *testing.T, dir string) *SpoolDir {
	t.Helper()
	d, err := OpenSpoolDir(dir, SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// TestJournalConcurrentTakeover checks that several processes listing the spool at the same
// moment take a dead run's segment over once: each message becomes one file.
func TestJournalConcurrentTakeover(t *testing.T) {
	dir := t.TempDir()
	run, err := OpenSpoolDir(dir, SyncBatch)
	if err != nil {
		t.Fatal(err)
	}
	const n = 50
	for i := 0; i < n; i++ {
		journalPut(t, run, i)
	}
	abandon(run)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := OpenSpoolDir(dir, SyncEach)
			if err != nil {
				t.Error(err)
				return
			}
			defer d.Close()
			if _, err := d.List(); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	files, _ := filepath.Glob(filepath.Join(dir, "*.msg"))
	seen := map[string]int{}
	for _, f := range files {
		e, _, err := readEntry(f, false)
		if err != nil {
			t.Fatal(err)
		}
		seen[e.MessageID]++
	}
	if len(files) != n || len(seen) != n || len(segments(t, dir)) != 0 {
		t.Errorf("%d files for %d messages, segments %v", len(files), len(seen), segments(t, dir))
	}
}
