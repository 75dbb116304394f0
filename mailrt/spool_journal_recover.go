package mailrt

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// segmentState is what a journal segment holds.
type segmentState struct {
	// puts are the messages, in the order they were queued.
	puts []segPut
	// done are the messages that left the spool (sent, dropped, or refused and in failed/).
	done map[string]bool
	// attempts are the last failed attempts of messages.
	attempts map[string]attemptRec
	// torn tells that the segment ends with a damaged frame (a write a crash cut short).
	torn bool
}

type segPut struct {
	e   *SpoolEntry
	raw []byte
}

// queued are the segment's messages still in the spool, with their attempts.
func (st *segmentState) queued() []segPut {
	var out []segPut
	for _, p := range st.puts {
		if st.done[p.e.ID] {
			continue
		}
		if a, ok := st.attempts[p.e.ID]; ok {
			p.e.Attempts, p.e.LastError = a.Attempts, a.LastError
		}
		out = append(out, p)
	}
	return out
}

// parseFrame checks the frame in b (head and payload) and returns its kind and payload.
func parseFrame(b []byte) (byte, []byte, bool) {
	if len(b) < frameHead+1 {
		return 0, nil, false
	}
	n := binary.LittleEndian.Uint32(b[0:4])
	if n == 0 || uint64(n) != uint64(len(b)-frameHead) {
		return 0, nil, false
	}
	if crc32.Checksum(b[frameHead:], castagnoli()) != binary.LittleEndian.Uint32(b[4:8]) {
		return 0, nil, false
	}
	return b[frameHead], b[frameHead+1:], true
}

// parsePut decodes the payload of a 'P' record.
func parsePut(p []byte) (*SpoolEntry, []byte, error) {
	if len(p) < 4 {
		return nil, nil, errors.New("short journal record")
	}
	hl := binary.LittleEndian.Uint32(p[:4])
	if uint64(hl) > uint64(len(p)-4) {
		return nil, nil, errors.New("damaged journal record")
	}
	e := &SpoolEntry{}
	if err := json.Unmarshal(p[4:4+hl], e); err != nil {
		return nil, nil, fmt.Errorf("damaged journal record: %v", err)
	}
	return e, p[4+hl:], nil
}

// errNotJournal is the error of a file of the journal folder that is not a segment.
var errNotJournal = errors.New("not a wl journal segment")

// readSegment reads a segment up to its first frame that is empty (the preallocated rest) or
// damaged (a torn tail).
func readSegment(f *os.File) (*segmentState, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	b := make([]byte, fi.Size())
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, fi.Size()), b); err != nil {
		return nil, err
	}
	if !bytes.HasPrefix(b, []byte(journalMagic)) {
		return nil, errNotJournal
	}
	st := &segmentState{done: map[string]bool{}, attempts: map[string]attemptRec{}}
	off := len(journalMagic)
	for off+frameHead <= len(b) {
		n := binary.LittleEndian.Uint32(b[off : off+4])
		if n == 0 {
			// The preallocated rest, or a frame whose head never reached the disk.
			st.torn = bytes.ContainsFunc(b[off:min(len(b), off+frameHead+1<<16)], func(r rune) bool { return r != 0 })
			break
		}
		if uint64(n) > uint64(len(b)-off-frameHead) {
			st.torn = true
			break
		}
		end := off + frameHead + int(n)
		kind, payload, ok := parseFrame(b[off:end])
		if !ok {
			st.torn = true
			break
		}
		off = end
		switch kind {
		case recPut:
			e, raw, err := parsePut(payload)
			if err != nil {
				st.torn = true
				return st, nil
			}
			st.puts = append(st.puts, segPut{e, raw})
		case recDone, recFailed:
			st.done[string(payload)] = true
		case recAttempt:
			var a attemptRec
			if json.Unmarshal(payload, &a) == nil {
				st.attempts[a.ID] = a
			}
		}
	}
	return st, nil
}

// segmentOwner is the SpoolDir that wrote a segment (its name without ".N.wlj").
func segmentOwner(name string) string {
	name = strings.TrimSuffix(name, journalExt)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i]
	}
	return name
}

// journalEntries takes over the segments of the runs that are gone (their messages still
// queued become message files) and, with live, returns the queued messages of the segments of
// runs still going (Running).
func (d *SpoolDir) journalEntries(live bool) ([]SpoolEntry, error) {
	dir := filepath.Join(d.path, journalDir)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, spoolErr(d.path, "read", err)
	}
	var out []SpoolEntry
	var errs []error
	for _, de := range ents {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, journalExt) {
			continue
		}
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			continue // removed meanwhile
		}
		owner := segmentOwner(name)
		ok, err := tryLock(f)
		if err == nil && ok && (owner == d.owner || d.ownerAlive(owner)) {
			ok = false // no lock between processes here: the owner's say
		}
		switch {
		case err != nil:
			errs = append(errs, err)
		case !ok && !live:
		case !ok:
			// Its run is going (or another process is taking it over): list its messages.
			st, err := readSegment(f)
			if err != nil {
				break
			}
			for _, p := range st.queued() {
				e := *p.e
				e.Running = true
				out = append(out, e)
			}
		default:
			// The lock may be on a segment another process removed after we opened it.
			fi, err1 := f.Stat()
			cur, err2 := os.Stat(path)
			if err1 != nil || err2 != nil || !os.SameFile(fi, cur) {
				break
			}
			if err := d.convert(f, path, nil); err != nil && !errors.Is(err, errNotJournal) {
				errs = append(errs, err)
			}
		}
		f.Close()
	}
	if len(errs) > 0 {
		return out, spoolErr(d.path, "recover the journal of", errors.Join(errs...))
	}
	return out, nil
}

// convert turns the queued messages of a segment (locked by the caller) into message files,
// forces them to the disk and removes the segment. Each file keeps the entry of the journal
// (its ID, its owner, its date) and names the segment: no one sends it while the segment
// exists (it is also locked until then), so that a conversion a crash interrupted can be done
// again without sending anything twice: a message whose file already exists, or that is in
// failed/, is skipped. With only set (the run closing its own journal, which knows better than
// the file what it has sent), only the messages it names are kept.
func (d *SpoolDir) convert(f *os.File, path string, only map[string]bool) error {
	st, err := readSegment(f)
	if err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	var files []*os.File
	defer func() {
		for _, lf := range files {
			lf.Close()
		}
	}()
	for _, p := range st.queued() {
		id := p.e.ID
		if only != nil && !only[id] {
			continue
		}
		if id == "" || strings.ContainsAny(id, `/\`) || exists(d.msgPath(id)) || exists(d.failedPath(id, spoolMsgExt)) {
			continue
		}
		if p.e.Attempts > 0 {
			d.writeState(d.statePath(id), entryState{Attempts: p.e.Attempts, LastError: p.e.LastError})
		}
		e := *p.e
		e.Attempts, e.LastError, e.Journal = 0, "", filepath.Base(path)
		lf, err := d.writeEntryFile(d.msgPath(id), &e, p.raw, true)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
		files = append(files, lf)
	}
	if len(files) > 0 && d.mode != SyncNone {
		if err := syncFiles(d.dirF, files); err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(path), err)
		}
	}
	if err := os.Remove(path); err != nil {
		// Where an open file cannot be removed (Windows), close it first: such systems have
		// no lock between processes anyway.
		f.Close()
		if err := os.Remove(path); err != nil {
			return err
		}
	}
	if d.mode != SyncNone {
		syncDir(filepath.Dir(path))
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// writeEntryFile writes a message file (the format of Put) to dst through a temporary file,
// without fsync. With lock, the file is flock'ed before it appears under its name and the
// locked file is returned (close it to unlock).
func (d *SpoolDir) writeEntryFile(dst string, e *SpoolEntry, raw []byte, lock bool) (*os.File, error) {
	e.Size = int64(len(raw))
	head, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	tmp := filepath.Join(d.path, spoolTmpDir, d.owner+"."+e.ID+"."+randomHex(3)+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*os.File, error) {
		f.Close()
		os.Remove(tmp)
		return nil, err
	}
	if lock {
		if ok, err := tryLock(f); !ok || err != nil {
			return fail(cmp.Or(err, errors.New("cannot lock a new message file")))
		}
	}
	buf := make([]byte, 0, len(spoolMagic)+len(head)+1+len(raw))
	buf = append(append(append(append(buf, spoolMagic...), head...), '\n'), raw...)
	if _, err := f.Write(buf); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fail(err)
	}
	if !lock {
		return nil, f.Close()
	}
	return f, nil
}
