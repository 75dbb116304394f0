package mailrt

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// A spool directory holds the messages of asynchronous sending until a server takes them:
//
//	DIR/journal/          the journals of the runs (see spool_journal.go): where SyncJournal,
//	                      SyncBatch and SyncNone write the messages
//	DIR/ID.msg            a queued message: a "wl-spool 1" line, its SpoolEntry as one JSON
//	                      line (envelope, session settings without any secret), then the
//	                      message's bytes; written by SyncEach, and by the runs and flushes
//	                      that take over a journal (what a run left undelivered)
//	DIR/ID.state          attempts and last error of a queued message (JSON)
//	DIR/failed/ID.msg     a message the server refused for good (5xx), with its ID.state
//	DIR/tmp/              files being written (OWNER.ID.tmp), renamed into DIR when complete
//	DIR/owners/OWNER.lock one per open SpoolDir (a run, a flush), flock'ed while it is open
//
// A message file appears under its final name complete (written to tmp/, fsynced, renamed,
// and the directory fsynced), so a crash leaves either the whole message or nothing. Each
// entry records its owner: a later run or a flush takes over only the entries whose owner's
// lock is free (the process is gone), and sends each one under an flock of its file, so two
// processes never send the same message at the same time.

const (
	spoolMagic     = "wl-spool 1\n"
	spoolMsgExt    = ".msg"
	spoolStateExt  = ".state"
	spoolFailedDir = "failed"
	spoolTmpDir    = "tmp"
	spoolOwnersDir = "owners"
)

// SyncMode is how a spool directory writes its messages and when it forces them to the disk.
type SyncMode int

const (
	// SyncJournal (the default) appends each message to the run's journal and returns from Put
	// only once it is on the disk (fdatasync). Writers waiting at the same moment share one
	// fdatasync (group commit): the messages of a script, the outcome records of the sending
	// workers, several threads or sessions. A message survives a kill, a crash of the system
	// and a power cut. The records of messages that left the spool are forced to the disk
	// with the next message or within JournalOutcomeDelay: a crash in that window makes a
	// later flush send them again (messages in flight), never lose one.
	SyncJournal SyncMode = iota
	// SyncEach writes each message to a file of its own: fsynced before its rename into the
	// spool, the directory fsynced after it, before Put returns (concurrent Puts share the
	// directory's fsync). Slower than SyncJournal (two fsyncs, a file created and removed per
	// message); no journal to take over after a crash.
	SyncEach
	// SyncBatch appends to the journal like SyncJournal but returns once the message is
	// written: it survives the process being killed (kill -9, out of memory) and a clean
	// reboot; the messages written in the last SyncBatchDelay are forced to the disk together
	// in the background, so a crash of the system or a power cut in that window can lose them
	// (a record cut short by such a crash is detected by its CRC and never sent).
	SyncBatch
	// SyncNone never forces the messages to the disk: for a spool thrown away after the run
	// (the sandbox's), where a message need only outlive nothing.
	SyncNone
)

// SyncBatchDelay is the longest time a message written with SyncBatch waits for its fdatasync.
const SyncBatchDelay = 20 * time.Millisecond

// SpoolServer is the session a spooled message is to be sent with, without its password or
// token: those are given again by the run or the flush that sends it.
type SpoolServer struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Security string `json:"security"`
	User     string `json:"user,omitempty"`
	// Auth is how the session logged in: "password", "token", or "" (no login).
	Auth string `json:"auth,omitempty"`
	// InsecureSkipVerify is the session's IgnoreErreur.
	InsecureSkipVerify bool   `json:"insecure_skip_verify,omitempty"`
	LocalName          string `json:"local_name,omitempty"`
	// Timeout is the session's reply timeout in milliseconds (0: the default).
	Timeout int64 `json:"timeout_ms,omitempty"`
}

// SpoolEntry is a message in a spool directory.
type SpoolEntry struct {
	// ID names the entry's files; Drop also accepts the Message-ID.
	ID        string      `json:"id"`
	MessageID string      `json:"message_id"`
	Created   time.Time   `json:"created"`
	From      string      `json:"from"`
	To        []string    `json:"to"`
	Subject   string      `json:"subject"`
	Server    SpoolServer `json:"server"`
	// Sandbox marks a message queued by a run whose sessions went to the embedded sandbox:
	// only a sandbox run delivers it, never a real server.
	Sandbox bool `json:"sandbox,omitempty"`
	// Owner is the run (or flush) that queued the message.
	Owner string `json:"owner"`
	// Journal names the journal segment the message file was taken from: no one sends the
	// message while that segment exists (a takeover a crash interrupted is finished first).
	Journal string `json:"journal,omitempty"`
	// Size is the length of the message: a file shorter than its header says was cut by a
	// crash of the system before it reached the disk.
	Size int64 `json:"size"`
	// Attempts and LastError come from the entry's state file.
	Attempts  int    `json:"attempts"`
	LastError string `json:"last_error,omitempty"`
	// Failed marks a message the server refused for good, kept in failed/ with the reply
	// in LastError.
	Failed bool `json:"failed,omitempty"`
	// Running tells that the owner is still running: that process sends the message.
	Running bool `json:"running,omitempty"`
}

// key is what a session must match to take over the entry: server, port, TLS mode, user.
func (e *SpoolEntry) matches(s Settings) bool {
	port := s.Port
	if port == 0 {
		port = DefaultPort(SMTP, s.Security)
	}
	return strings.EqualFold(e.Server.Host, s.Host) && e.Server.Port == port &&
		e.Server.Security == s.Security.String() && e.Server.User == s.User
}

// Settings are the settings to send the entry with; secret is the password or the token
// when the entry's session logged in.
func (e *SpoolEntry) Settings(secret string) Settings {
	s := Settings{Host: e.Server.Host, Port: e.Server.Port, User: e.Server.User,
		Security: parseSecurity(e.Server.Security), InsecureSkipVerify: e.Server.InsecureSkipVerify,
		LocalName: e.Server.LocalName, Timeout: time.Duration(e.Server.Timeout) * time.Millisecond}
	switch e.Server.Auth {
	case "password":
		s.Password = secret
	case "token":
		s.Token = secret
	}
	return s
}

func parseSecurity(s string) Security {
	for _, v := range []Security{SecurityNone, SecuritySTARTTLS, SecurityImplicitTLS} {
		if v.String() == s {
			return v
		}
	}
	return SecurityNone
}

// spoolServer records a session's settings without its secret.
func spoolServer(s Settings) SpoolServer {
	port := s.Port
	if port == 0 {
		port = DefaultPort(SMTP, s.Security)
	}
	v := SpoolServer{Host: s.Host, Port: port, Security: s.Security.String(), User: s.User,
		InsecureSkipVerify: s.InsecureSkipVerify, LocalName: s.LocalName, Timeout: s.Timeout.Milliseconds()}
	switch {
	case s.Token != "":
		v.Auth = "token"
	case s.Password != "":
		v.Auth = "password"
	}
	return v
}

// entryState is the content of an ID.state file.
type entryState struct {
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
	Updated   time.Time `json:"updated"`
}

// SpoolDir is an open spool directory. Open one per run (or flush) with OpenSpoolDir, and
// Close it at the end. It is safe for concurrent use.
type SpoolDir struct {
	path  string
	mode  SyncMode
	owner string
	// ownerF holds the owner's flock for as long as the SpoolDir is open.
	ownerF *os.File
	dirF   *os.File

	// j is the run's journal (nil with SyncEach).
	j *journal

	mu   sync.Mutex
	cond *sync.Cond
	// Group commit of the directory's fsync: renamed counts renames, synced the renames a
	// finished fsync covers.
	renamed, synced uint64
	syncing         bool
	// dirSyncs counts the directory fsyncs done (fewer than the renames under load).
	dirSyncs int
	// local are the entries this SpoolDir has locked (for platforms without flock).
	local  map[string]bool
	closed bool
}

// OpenSpoolDir opens (creating it when needed) the spool directory at path.
func OpenSpoolDir(path string, mode SyncMode) (*SpoolDir, error) {
	if path == "" {
		return nil, spoolErr(path, "open", errors.New("no directory given"))
	}
	for _, sub := range []string{"", spoolTmpDir, spoolFailedDir, spoolOwnersDir, journalDir} {
		if err := os.MkdirAll(filepath.Join(path, sub), 0o700); err != nil {
			return nil, spoolErr(path, "open", err)
		}
	}
	d := &SpoolDir{path: path, mode: mode, owner: fmt.Sprintf("%d-%s", os.Getpid(), randomHex(4)), local: map[string]bool{}}
	d.cond = sync.NewCond(&d.mu)
	if mode != SyncEach {
		d.j = newJournal(d, mode)
	}
	var err error
	if d.dirF, err = os.Open(path); err != nil {
		return nil, spoolErr(path, "open", err)
	}
	if err := d.takeOwnerLock(); err != nil {
		d.dirF.Close()
		return nil, spoolErr(path, "open", err)
	}
	d.cleanTmp()
	return d, nil
}

// takeOwnerLock creates and locks owners/OWNER.lock: locked under a temporary name first,
// so that no other process ever sees it unlocked and takes the owner for dead.
func (d *SpoolDir) takeOwnerLock() error {
	tmp := filepath.Join(d.path, spoolOwnersDir, d.owner+".new")
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if ok, err := tryLock(f); !ok || err != nil {
		f.Close()
		os.Remove(tmp)
		if err == nil {
			err = errors.New("cannot lock the owner file")
		}
		return err
	}
	fmt.Fprintf(f, "pid %d\nstarted %s\n", os.Getpid(), time.Now().UTC().Format(time.RFC3339))
	if err := os.Rename(tmp, d.ownerPath(d.owner)); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	d.ownerF = f
	return nil
}

func (d *SpoolDir) ownerPath(owner string) string {
	return filepath.Join(d.path, spoolOwnersDir, owner+".lock")
}

// ownerAlive tells whether the process that owns entries is still running (its lock is
// held). A dead owner's lock file is removed.
func (d *SpoolDir) ownerAlive(owner string) bool {
	if owner == d.owner {
		return true
	}
	if !crossProcessLocks || owner == "" {
		return false
	}
	p := d.ownerPath(owner)
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	ok, err := tryLock(f)
	if err != nil {
		return false
	}
	if ok {
		os.Remove(p)
		return false
	}
	return true
}

// cleanTmp removes the temporary files of dead owners (writes a crash interrupted).
func (d *SpoolDir) cleanTmp() {
	ents, _ := os.ReadDir(filepath.Join(d.path, spoolTmpDir))
	alive := map[string]bool{}
	for _, e := range ents {
		owner, _, ok := strings.Cut(e.Name(), ".")
		if !ok {
			continue
		}
		a, seen := alive[owner]
		if !seen {
			a = d.ownerAlive(owner)
			alive[owner] = a
		}
		if !a {
			os.Remove(filepath.Join(d.path, spoolTmpDir, e.Name()))
		}
	}
}

// Path is the directory.
func (d *SpoolDir) Path() string { return d.path }

// Close forces what the journal holds to the disk, turns the messages still queued there into
// message files, and releases the owner's lock: the messages left in the spool become
// leftovers for a later run or a flush.
func (d *SpoolDir) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil
	}
	d.closed = true
	d.mu.Unlock()
	var err error
	if d.j != nil {
		if err = d.j.close(); err != nil {
			err = spoolErr(d.path, "close", err)
		}
	}
	os.Remove(d.ownerPath(d.owner))
	d.ownerF.Close()
	d.dirF.Close()
	return err
}

func (d *SpoolDir) msgPath(id string) string   { return filepath.Join(d.path, id+spoolMsgExt) }
func (d *SpoolDir) statePath(id string) string { return filepath.Join(d.path, id+spoolStateExt) }
func (d *SpoolDir) failedPath(id, ext string) string {
	return filepath.Join(d.path, spoolFailedDir, id+ext)
}

func spoolErr(dir, op string, err error) *Error {
	return &Error{Op: "spool " + dir, Kind: KindSpool, Text: "cannot " + op + " the spool directory: " + err.Error(), Err: err}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// newEntryID is sortable by creation time and unique.
func newEntryID() string {
	return strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + randomHex(4)
}

// Put writes a message to the spool; e's ID, Owner and Created are set. It returns once the
// message is in the spool (see SyncMode); on an error nothing is left in the spool.
func (d *SpoolDir) Put(e *SpoolEntry, raw []byte) error {
	e.ID, e.Owner, e.Size = newEntryID(), d.owner, int64(len(raw))
	if e.Created.IsZero() {
		e.Created = time.Now().UTC()
	}
	e.Attempts, e.LastError, e.Failed, e.Running = 0, "", false, false
	head, err := json.Marshal(e)
	if err != nil {
		return spoolErr(d.path, "write to", err)
	}
	if d.j != nil && d.j.fits(len(head), len(raw)) {
		if err := d.j.put(e, head, raw); err != nil {
			return spoolErr(d.path, "write to", err)
		}
		return nil
	}
	tmp := filepath.Join(d.path, spoolTmpDir, d.owner+"."+e.ID+".tmp")
	buf := make([]byte, 0, len(spoolMagic)+len(head)+1+min(len(raw), 64<<10))
	buf = append(append(append(buf, spoolMagic...), head...), '\n')
	parts := [][]byte{buf, raw}
	if len(raw) <= 64<<10 {
		parts = [][]byte{append(buf, raw...)} // one write for a small message
	}
	if err := writeFileSync(tmp, true, parts...); err != nil {
		return spoolErr(d.path, "write to", err)
	}
	if err := os.Rename(tmp, d.msgPath(e.ID)); err != nil {
		os.Remove(tmp)
		return spoolErr(d.path, "write to", err)
	}
	if err := d.commitDir(); err != nil {
		os.Remove(d.msgPath(e.ID))
		return spoolErr(d.path, "sync", err)
	}
	return nil
}

// writeFileSync writes parts to a new file, fsyncing it when sync is set.
func writeFileSync(name string, sync bool, parts ...[]byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if _, err = f.Write(p); err != nil {
			break
		}
	}
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// commitDir fsyncs the directory after a rename. Callers that arrive while an fsync is
// running wait for the next one, which covers all of them: one fsync for a group.
func (d *SpoolDir) commitDir() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.renamed++
	want := d.renamed
	for d.synced < want {
		if d.syncing {
			d.cond.Wait()
			continue
		}
		d.syncing = true
		target := d.renamed
		d.mu.Unlock()
		err := d.dirF.Sync()
		d.mu.Lock()
		d.syncing = false
		d.dirSyncs++
		d.cond.Broadcast()
		if err != nil {
			return err
		}
		d.synced = max(d.synced, target)
	}
	return nil
}

// errIncomplete is the error of an entry cut short by a crash of the system.
var errIncomplete = errors.New("the message file is incomplete: the system stopped before it was on disk")

// readEntry reads an entry's header, and its message when withRaw is set.
func readEntry(path string, withRaw bool) (*SpoolEntry, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := bufio.NewReader(f)
	magic, err := r.ReadString('\n')
	if err != nil || magic != spoolMagic {
		return nil, nil, fmt.Errorf("%s: not a wl spool entry", path)
	}
	head, err := r.ReadBytes('\n')
	if err != nil {
		return nil, nil, fmt.Errorf("%s: truncated spool entry", path)
	}
	e := &SpoolEntry{}
	if err := json.Unmarshal(head, e); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	if fi, err := f.Stat(); err != nil || fi.Size() != int64(len(magic)+len(head))+e.Size {
		return e, nil, errIncomplete
	}
	var raw []byte
	if withRaw {
		if raw, err = io.ReadAll(r); err != nil {
			return nil, nil, err
		}
	}
	return e, raw, nil
}

func readState(path string) entryState {
	var st entryState
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &st)
	}
	return st
}

// writeState replaces a state file (renamed into place; not fsynced: losing it loses a count,
// not a message).
func (d *SpoolDir) writeState(path string, st entryState) error {
	b, _ := json.Marshal(st)
	tmp := filepath.Join(d.path, spoolTmpDir, d.owner+"."+filepath.Base(path)+"."+randomHex(3)+".tmp")
	if err := writeFileSync(tmp, false, b); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// List returns the queued messages, then the failed ones, each group oldest first.
func (d *SpoolDir) List() ([]SpoolEntry, error) {
	queued, err := d.list(d.path, false, true)
	if err != nil {
		return nil, err
	}
	failed, err := d.list(filepath.Join(d.path, spoolFailedDir), true, false)
	if err != nil {
		return nil, err
	}
	return append(queued, failed...), nil
}

// list reads the message files of dir; for the queued ones, it first takes over the
// journals of the runs that are gone, and with live adds the messages of the journals of the
// runs still going.
func (d *SpoolDir) list(dir string, failed, live bool) ([]SpoolEntry, error) {
	var running []SpoolEntry
	if !failed {
		var err error
		if running, err = d.journalEntries(live); err != nil {
			return nil, err
		}
	}
	var out []SpoolEntry
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, spoolErr(d.path, "read", err)
	}
	alive, segs := map[string]bool{}, map[string]bool{}
	for _, de := range ents {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, spoolMsgExt) {
			continue
		}
		e, _, err := readEntry(filepath.Join(dir, name), false)
		if errors.Is(err, errIncomplete) && !failed {
			// Never acknowledged (its Put could not have returned): keep it aside in
			// failed/, never send it.
			if !d.ownerAlive(e.Owner) {
				id := strings.TrimSuffix(name, spoolMsgExt)
				d.fail(id, 0, "not sent: "+errIncomplete.Error())
			}
			continue
		}
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // sent meanwhile
			}
			if !errors.Is(err, errIncomplete) {
				return nil, spoolErr(d.path, "read", err)
			}
		}
		st := readState(filepath.Join(dir, strings.TrimSuffix(name, spoolMsgExt)+spoolStateExt))
		e.Attempts, e.LastError, e.Failed = st.Attempts, st.LastError, failed
		if !failed {
			a, seen := alive[e.Owner]
			if !seen {
				a = d.ownerAlive(e.Owner)
				alive[e.Owner] = a
			}
			if e.Journal != "" && !a {
				// Written by a takeover of that segment: not sent while it exists.
				j, seen := segs[e.Journal]
				if !seen {
					j = exists(filepath.Join(d.path, journalDir, e.Journal))
					segs[e.Journal] = j
				}
				a = j
			}
			e.Running = a
		}
		out = append(out, *e)
	}
	// A segment being taken over by another process: its messages already written as files
	// are listed once.
	files := make(map[string]bool, len(out))
	for _, e := range out {
		files[e.ID] = true
	}
	for _, e := range running {
		if !files[e.ID] {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.Before(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// lockState is the outcome of taking an entry's lock.
type lockState int

const (
	lockHeld lockState = iota
	lockBusy           // another process (or worker) is sending it
	lockGone           // it left the spool: sent, failed or dropped by someone else
)

// lock takes the entry's flock for sending it; release it with the returned function.
func (d *SpoolDir) lock(id string) (func(), lockState, error) {
	d.mu.Lock()
	if d.local[id] {
		d.mu.Unlock()
		return nil, lockBusy, nil
	}
	d.local[id] = true
	d.mu.Unlock()
	unlocal := func() {
		d.mu.Lock()
		delete(d.local, id)
		d.mu.Unlock()
	}
	p := d.msgPath(id)
	f, err := os.Open(p)
	if err != nil {
		unlocal()
		if errors.Is(err, fs.ErrNotExist) {
			return nil, lockGone, nil
		}
		return nil, lockBusy, err
	}
	ok, err := tryLock(f)
	if !ok || err != nil {
		f.Close()
		unlocal()
		return nil, lockBusy, err
	}
	// The lock may be on a file another process removed after we opened it.
	fi, err1 := f.Stat()
	cur, err2 := os.Stat(p)
	if err1 != nil || err2 != nil || !os.SameFile(fi, cur) {
		f.Close()
		unlocal()
		return nil, lockGone, nil
	}
	return func() { f.Close(); unlocal() }, lockHeld, nil
}

// remove removes a sent (or dropped) entry (its lock held), and its state file when it may have one.
// The removal is not fsynced: after a system crash the message may come back and be sent
// again, as one whose 250 was lost.
func (d *SpoolDir) remove(id string, state bool) error {
	if d.j != nil && d.j.record(id, recDone, []byte(id)) {
		return nil
	}
	err := os.Remove(d.msgPath(id))
	if state {
		os.Remove(d.statePath(id))
	}
	return err
}

// fail moves an entry the server refused for good to failed/ with the reply (lock held).
func (d *SpoolDir) fail(id string, attempts int, reply string) error {
	st := entryState{Attempts: attempts, LastError: reply, Updated: time.Now().UTC()}
	if err := d.writeState(d.failedPath(id, spoolStateExt), st); err != nil {
		return err
	}
	if d.j != nil && d.j.has(id) {
		e, raw, err := d.j.read(id)
		if err == nil {
			_, err = d.writeEntryFile(d.failedPath(id, spoolMsgExt), e, raw, false)
		}
		if err != nil {
			return err
		}
		d.j.record(id, recFailed, []byte(id))
		return nil
	}
	if err := os.Rename(d.msgPath(id), d.failedPath(id, spoolMsgExt)); err != nil {
		return err
	}
	os.Remove(d.statePath(id))
	return nil
}

// recordAttempt notes a failed attempt of a queued entry.
func (d *SpoolDir) recordAttempt(id string, attempts int, lastErr string) error {
	if d.j != nil && d.j.record(id, recAttempt, attemptPayload(id, attempts, lastErr)) {
		return nil
	}
	return d.writeState(d.statePath(id), entryState{Attempts: attempts, LastError: lastErr, Updated: time.Now().UTC()})
}

// isFailed tells whether an entry is in failed/, and its reply.
func (d *SpoolDir) isFailed(id string) (string, bool) {
	if _, err := os.Stat(d.failedPath(id, spoolMsgExt)); err != nil {
		return "", false
	}
	return readState(d.failedPath(id, spoolStateExt)).LastError, true
}

// Drop removes the queued or failed messages named by their ID or Message-ID (with or
// without angle brackets) and returns the IDs removed. A message that a running wl is
// sending is not removed: the error names it.
func (d *SpoolDir) Drop(names ...string) ([]string, error) {
	all, err := d.List()
	if err != nil {
		return nil, err
	}
	var dropped []string
	var errs []error
	for _, name := range names {
		want := strings.Trim(strings.TrimSpace(name), "<>")
		found := false
		for _, e := range all {
			if e.ID != want && e.MessageID != want {
				continue
			}
			found = true
			if e.Failed {
				os.Remove(d.failedPath(e.ID, spoolStateExt))
				if err := os.Remove(d.failedPath(e.ID, spoolMsgExt)); err == nil {
					dropped = append(dropped, e.ID)
				}
				continue
			}
			if e.Running {
				errs = append(errs, fmt.Errorf("%s: a running wl is sending it (stop that run first)", name))
				continue
			}
			release, st, err := d.lock(e.ID)
			if st == lockBusy || err != nil {
				errs = append(errs, fmt.Errorf("%s: being sent by another process", name))
				continue
			}
			if st == lockHeld {
				d.remove(e.ID, true)
				release()
				dropped = append(dropped, e.ID)
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("%s: no such message in the spool", name))
		}
	}
	return dropped, errors.Join(errs...)
}

// DropFailed removes the records of the failed messages and returns how many there were.
func (d *SpoolDir) DropFailed() (int, error) {
	dir := filepath.Join(d.path, spoolFailedDir)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, spoolErr(d.path, "read", err)
	}
	n := 0
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), spoolMsgExt) {
			n++
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return n, spoolErr(d.path, "clean", err)
		}
	}
	return n, nil
}

// leftovers reads the queued entries whose owner is gone and that keep says to take, with
// their messages.
func (d *SpoolDir) leftovers(keep func(*SpoolEntry) bool) ([]*SpoolEntry, [][]byte, error) {
	all, err := d.list(d.path, false, false)
	if err != nil {
		return nil, nil, err
	}
	var es []*SpoolEntry
	var raws [][]byte
	for i := range all {
		e := &all[i]
		if e.Running || !keep(e) {
			continue
		}
		full, raw, err := readEntry(d.msgPath(e.ID), true)
		if err != nil {
			continue // taken by someone else meanwhile
		}
		full.Attempts, full.LastError = e.Attempts, e.LastError
		es = append(es, full)
		raws = append(raws, raw)
	}
	return es, raws, nil
}

// headerInfo reads the Message-ID and the decoded subject of a message's header.
func headerInfo(raw []byte) (id, subject string) {
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return "", ""
	}
	mh := gomail.Header{Header: gomessage.Header{Header: h}}
	id, _ = mh.MessageID()
	return id, decodeWords(strings.TrimSpace(h.Get("Subject")))
}

// withMessageID returns raw with a Message-ID header added when it has none, the Message-ID
// and the subject.
func withMessageID(raw []byte, from string) ([]byte, string, string) {
	id, subject := headerInfo(raw)
	if id != "" {
		return raw, id, subject
	}
	id = newMessageID(from)
	out := make([]byte, 0, len(raw)+len(id)+16)
	out = append(out, "Message-ID: <"+id+">\r\n"...)
	return append(out, raw...), id, subject
}
