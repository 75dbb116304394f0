package mailrt

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// The journal of a spool directory (SyncJournal, SyncBatch and SyncNone) holds the messages
// of a run in append-only segment files instead of a file per message:
//
//	DIR/journal/OWNER.N.wlj   segment N of the SpoolDir OWNER (a run), flock'ed while it runs
//
// A segment starts with the line "wl-journal 1", then frames: the payload's length (4 bytes,
// little-endian), its CRC-32C (4 bytes), the payload. The payload's first byte is its kind:
//
//	'P' a queued message: the length of its SpoolEntry as JSON (4 bytes), that JSON, the message
//	'D' a message that left the spool (the server accepted it, or it was dropped): its ID
//	'F' a message the server refused for good, now in failed/: its ID
//	'A' a failed attempt: {"id", "attempts", "last_error"} as JSON
//
// The file is preallocated by chunks (fallocate where the system has it), so an append does not
// grow it; reading stops at the first frame whose length is zero (the preallocated rest), runs
// past the end of the file, or whose CRC does not match (a write a crash cut short): nothing
// after it was ever acknowledged. A message is acknowledged (Put returns) once its frame is
// written and, with SyncJournal, fdatasynced; the writers that wait at the same time share one
// fdatasync (group commit), and the outcome records ('D', 'F', 'A') are forced to the disk with
// the next message or within JournalOutcomeDelay. A crash in that window leaves a message the
// server had accepted in the journal: it is sent again (a message in flight), never lost.
//
// A segment belongs to its run while the run holds its flock. Any SpoolDir that lists the spool
// (a flush, wl spool list, a run catching up) takes over the segments whose lock is free (their
// run is gone): it turns their messages still queued into message files of the usual format
// (locked while it writes them, with the dead run as their owner, so that they become leftovers
// like any other), fsyncs them and removes the segment. A run that ends does the same with its
// own segments, so `wl spool list` and the per-message locks work as before.

const (
	journalDir   = "journal"
	journalExt   = ".wlj"
	journalMagic = "wl-journal 1\n"
	// journalChunk is the preallocation step of a segment.
	journalChunk = 4 << 20
	// journalRotate is the size past which a segment takes no new message: it is removed once
	// its last message has left the spool.
	journalRotate = 64 << 20
	frameHead     = 8
)

// JournalOutcomeDelay is the longest time the record of a message that left the spool waits
// for its fdatasync when no new message forces it sooner.
const JournalOutcomeDelay = 5 * time.Millisecond

// Record kinds of a journal segment.
const (
	recPut     = 'P'
	recDone    = 'D'
	recFailed  = 'F'
	recAttempt = 'A'
)

// castagnoli is the CRC-32C table of the journal's frames. crc32 builds it (8 KB of tables
// with SSE 4.2) on the first call only, so a run that never opens a spool does not pay for
// it at start-up.
func castagnoli() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) }

// segment is an open journal segment of this SpoolDir.
type segment struct {
	path string
	f    *os.File
	// off is where the next frame goes; size the preallocated length (-1: the file grows as
	// it is written, where preallocation is not supported).
	off, size int64
	// live counts the segment's messages still in the spool.
	live int
	// dirty tells that frames were written since the segment's last fdatasync.
	dirty bool
	// full tells that the segment takes no new message (rotated).
	full bool
}

// journalRec is where a queued message's frame is.
type journalRec struct {
	seg *segment
	off int64
	n   int
	// seq is the frame's number in the group commit.
	seq uint64
}

// journal is the write side of a SpoolDir's journal.
type journal struct {
	d    *SpoolDir
	mode SyncMode

	mu   sync.Mutex
	cond *sync.Cond
	cur  *segment
	segs []*segment
	recs map[string]journalRec
	// next numbers the next segment; rotate is journalRotate (smaller in tests).
	next   int
	rotate int64
	// maxFrame is the largest frame a record's 32-bit length can state (smaller in tests):
	// a message too large for it is spooled as a message file (see fits).
	maxFrame int64
	// Group commit: written counts the frames written, synced those a finished fdatasync
	// covers, outcome the latest outcome frame.
	written, synced, outcome uint64
	syncing                  bool
	// syncs counts the fdatasync rounds (tests); lastSync is when the last one ended.
	syncs    int
	lastSync time.Time
	// err, once set (a write or an fdatasync failed), makes every later Put fail: what the
	// file holds past that point is not known.
	err    error
	timer  *time.Timer
	closed bool
	// syncFile is datasync (tests make it fail).
	syncFile func(*os.File) error
}

func newJournal(d *SpoolDir, mode SyncMode) *journal {
	j := &journal{d: d, mode: mode, recs: map[string]journalRec{}, rotate: journalRotate, maxFrame: math.MaxUint32, syncFile: datasync}
	j.cond = sync.NewCond(&j.mu)
	return j
}

func (j *journal) dir() string { return filepath.Join(j.d.path, journalDir) }

// frame encodes a record.
func frame(kind byte, parts ...[]byte) []byte {
	n := 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, frameHead, frameHead+n)
	b = append(b, kind)
	for _, p := range parts {
		b = append(b, p...)
	}
	binary.LittleEndian.PutUint32(b[0:4], uint32(n))
	binary.LittleEndian.PutUint32(b[4:8], crc32.Checksum(b[frameHead:], castagnoli()))
	return b
}

// fits tells whether a message with this header and raw size can be a journal record: a
// frame states its length in 32 bits, so a message of 4 GiB or more cannot (written, its
// length would be cut and recovery would skip it as damaged).
func (j *journal) fits(head, raw int) bool {
	return int64(1+4+head)+int64(raw) <= j.maxFrame
}

// put appends a message and returns once it is acknowledged (see SyncMode); the message must
// fit (see fits).
func (j *journal) put(e *SpoolEntry, head, raw []byte) error {
	var hl [4]byte
	binary.LittleEndian.PutUint32(hl[:], uint32(len(head)))
	fr := frame(recPut, hl[:], head, raw)
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return errors.New("the spool directory is closed")
	}
	s, err := j.segmentFor(len(fr))
	if err != nil {
		j.mu.Unlock()
		return err
	}
	off := s.off
	if err := j.writeLocked(s, fr); err != nil {
		j.mu.Unlock()
		return err
	}
	seq := j.written
	j.recs[e.ID] = journalRec{seg: s, off: off, n: len(fr), seq: seq}
	s.live++
	j.mu.Unlock()
	switch j.mode {
	case SyncJournal:
		if err := j.commit(seq); err != nil {
			// The caller is told the message was not taken: this run forgets it (its
			// Close does not turn it into a message file). The frame may still be on the
			// disk, where a recovery after a crash would send it: fdatasync errors are
			// those of a failing disk.
			j.mu.Lock()
			delete(j.recs, e.ID)
			s.live--
			j.mu.Unlock()
			return err
		}
	case SyncBatch:
		j.schedule(SyncBatchDelay, seq)
	}
	return nil
}

// segmentFor returns the segment for a new message of n bytes, starting one when needed
// (j.mu held).
func (j *journal) segmentFor(n int) (*segment, error) {
	if j.err != nil {
		return nil, j.err
	}
	if j.cur != nil && !j.cur.full && j.cur.off+int64(n) > j.rotate && j.cur.off > int64(len(journalMagic)) {
		j.cur.full = true
		j.dropIdle()
	}
	if j.cur == nil || j.cur.full {
		s, err := j.newSegment()
		if err != nil {
			return nil, err
		}
		j.cur = s
		j.segs = append(j.segs, s)
	}
	return j.cur, nil
}

// newSegment creates, locks and preallocates a segment: under a temporary name first, so that
// no other process ever sees it unlocked and takes it for a dead run's.
func (j *journal) newSegment() (*segment, error) {
	name := fmt.Sprintf("%s.%d", j.d.owner, j.next)
	j.next++
	final := filepath.Join(j.dir(), name+journalExt)
	tmp := final + ".new"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*segment, error) {
		f.Close()
		os.Remove(tmp)
		return nil, err
	}
	if ok, err := tryLock(f); !ok || err != nil {
		return fail(cmp.Or(err, errors.New("cannot lock the journal segment")))
	}
	if _, err := f.WriteAt([]byte(journalMagic), 0); err != nil {
		return fail(err)
	}
	// The first frame preallocates the first chunk.
	s := &segment{path: final, f: f, off: int64(len(journalMagic)), size: int64(len(journalMagic))}
	if j.mode != SyncNone {
		if err := f.Sync(); err != nil {
			return fail(err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		return fail(err)
	}
	if j.mode != SyncNone {
		// The segment's name, and the journal folder's, must be on disk before its first
		// message is acknowledged.
		for _, dir := range []string{j.dir(), j.d.path} {
			if err := syncDir(dir); err != nil {
				os.Remove(final)
				f.Close()
				return nil, err
			}
		}
	}
	return s, nil
}

func syncDir(path string) error {
	d, err := os.Open(path)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// writeLocked appends a frame to a segment, growing its preallocation first when needed
// (j.mu held): by journalChunk, or just the frame on a disk without room for more. A full
// disk fails the preallocation, before anything is written; a failed write makes the journal
// refuse everything after it.
func (j *journal) writeLocked(s *segment, fr []byte) error {
	if j.err != nil {
		return j.err
	}
	end := s.off + int64(len(fr))
	if s.size >= 0 && end > s.size {
		grown, err := preallocate(s.f, s.size, max(journalChunk, end-s.size), end-s.size)
		if err != nil {
			return err
		}
		if grown > 0 {
			s.size += grown
		} else {
			s.size = -1
		}
	}
	if _, err := s.f.WriteAt(fr, s.off); err != nil {
		j.err = fmt.Errorf("the journal %s could not be written: %w", filepath.Base(s.path), err)
		return j.err
	}
	s.off = end
	s.dirty = true
	j.written++
	return nil
}

// commit returns once the frames up to seq are on the disk: the first caller fdatasyncs for
// everyone written so far, the others wait for it (group commit).
func (j *journal) commit(seq uint64) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	for j.synced < seq {
		if j.err != nil {
			return j.err
		}
		if j.syncing {
			j.cond.Wait()
			continue
		}
		j.syncing = true
		upto := j.written
		var dirty []*segment
		for _, s := range j.segs {
			if s.dirty {
				dirty = append(dirty, s)
				s.dirty = false
			}
		}
		j.mu.Unlock()
		var err error
		for _, s := range dirty {
			if e := j.syncFile(s.f); e != nil && err == nil {
				err = fmt.Errorf("the journal %s could not be synced: %w", filepath.Base(s.path), e)
			}
		}
		j.mu.Lock()
		j.syncing = false
		j.syncs++
		j.lastSync = time.Now()
		if err != nil {
			j.err = err
		} else {
			j.synced = max(j.synced, upto)
		}
		j.dropIdle()
		j.cond.Broadcast()
	}
	return nil
}

// dropIdle removes the full segments whose messages have all left the spool (j.mu held, no
// fdatasync running).
func (j *journal) dropIdle() {
	if j.syncing {
		return
	}
	keep := j.segs[:0]
	for _, s := range j.segs {
		if s.full && s.live == 0 {
			s.f.Close()
			os.Remove(s.path)
			continue
		}
		keep = append(keep, s)
	}
	clear(j.segs[len(keep):])
	j.segs = keep
}

// schedule forces the frames up to seq to the disk within about delay. While messages are
// being written and synced, their commits take the outcome records along: the timer then
// waits again rather than start an fdatasync that a writer would have to wait for.
func (j *journal) schedule(delay time.Duration, seq uint64) {
	if j.mode == SyncNone {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.outcome = max(j.outcome, seq)
	if j.timer != nil || j.closed {
		return
	}
	var fire func()
	fire = func() {
		j.mu.Lock()
		target := j.outcome
		if j.closed || j.synced >= target {
			j.timer = nil
			j.mu.Unlock()
			return
		}
		if j.syncing || time.Since(j.lastSync) < delay/2 {
			j.timer = time.AfterFunc(delay/2, fire)
			j.mu.Unlock()
			return
		}
		j.timer = nil
		j.mu.Unlock()
		j.commit(target)
	}
	j.timer = time.AfterFunc(delay, fire)
}

// has tells whether id is a message of this journal still in the spool.
func (j *journal) has(id string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.recs[id]
	return ok
}

// record appends an outcome record of a queued message; done records (kind 'D' or 'F') take
// the message out of the journal. It reports false when id is not a message of the journal.
// A record that cannot be written is lost: the message would be sent again after a crash.
func (j *journal) record(id string, kind byte, payload []byte) bool {
	j.mu.Lock()
	r, ok := j.recs[id]
	if !ok {
		j.mu.Unlock()
		return false
	}
	j.writeLocked(r.seg, frame(kind, payload))
	if kind != recAttempt {
		delete(j.recs, id)
		r.seg.live--
		if r.seg.full && r.seg.live == 0 {
			j.dropIdle()
		}
	}
	seq := j.written
	j.mu.Unlock()
	j.schedule(JournalOutcomeDelay, seq)
	return true
}

// read returns a queued message of the journal: its entry and its bytes.
func (j *journal) read(id string) (*SpoolEntry, []byte, error) {
	j.mu.Lock()
	r, ok := j.recs[id]
	j.mu.Unlock()
	if !ok {
		return nil, nil, os.ErrNotExist
	}
	b := make([]byte, r.n)
	if _, err := r.seg.f.ReadAt(b, r.off); err != nil {
		return nil, nil, err
	}
	kind, payload, ok := parseFrame(b)
	if !ok || kind != recPut {
		return nil, nil, fmt.Errorf("%s: damaged journal record", filepath.Base(r.seg.path))
	}
	return parsePut(payload)
}

// attemptRec is the payload of an 'A' record.
type attemptRec struct {
	ID        string `json:"id"`
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
}

func attemptPayload(id string, attempts int, lastErr string) []byte {
	b, _ := json.Marshal(attemptRec{ID: id, Attempts: attempts, LastError: lastErr})
	return b
}

// close forces what was written to the disk and turns the messages still queued into
// message files; the segments are then removed and unlocked.
func (j *journal) close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	if j.timer != nil {
		j.timer.Stop()
		j.timer = nil
	}
	for j.syncing {
		j.cond.Wait()
	}
	segs := j.segs
	j.segs, j.cur = nil, nil
	queued := make(map[string]bool, len(j.recs))
	for id := range j.recs {
		queued[id] = true
	}
	j.mu.Unlock()
	var errs []error
	for _, s := range segs {
		if s.live == 0 {
			s.f.Close()
			os.Remove(s.path)
			continue
		}
		if err := j.d.convert(s.f, s.path, queued); err != nil {
			// The segment stays (unlocked once closed): a later flush converts it.
			errs = append(errs, err)
		}
		s.f.Close()
	}
	return errors.Join(errs...)
}
