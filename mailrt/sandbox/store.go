package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
)

// inbox is the name of the mailbox every message is delivered to.
const inbox = "INBOX"

// storedMessage is a message of the shared mailbox.
type storedMessage struct {
	uid   imap.UID
	key   string // file name stem in the directory, unique
	raw   []byte
	date  time.Time
	flags map[imap.Flag]struct{}
}

func (m *storedMessage) flagList() []imap.Flag {
	out := make([]imap.Flag, 0, len(m.flags))
	for f := range m.flags {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (m *storedMessage) has(f imap.Flag) bool {
	_, ok := m.flags[canonicalFlag(f)]
	return ok
}

// folder is one mailbox (IMAP folder) with the tracker that tells IMAP sessions what
// changed.
type folder struct {
	name       string
	uidNext    imap.UID
	msgs       []*storedMessage
	subscribed bool
	tracker    *imapserver.MailboxTracker
}

// store is the shared mailbox: folders of messages, kept in memory and, when dir is set, as
// .eml files. It also keeps the log of the messages the SMTP side accepted.
type store struct {
	mu          sync.Mutex
	dir         string
	uidValidity uint32
	folders     map[string]*folder // keys are upper-cased for INBOX, as is for others
	seq         uint64
	captured    []Message
	subs        map[chan Message]struct{}
}

func newStore(dir string) (*store, error) {
	s := &store{dir: dir, uidValidity: uint32(time.Now().Unix()), folders: map[string]*folder{},
		subs: map[chan Message]struct{}{}}
	s.folders[inbox] = newFolder(inbox)
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := s.reload(); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func newFolder(name string) *folder {
	return &folder{name: name, uidNext: 1, subscribed: true, tracker: imapserver.NewMailboxTracker(0)}
}

// folderKey normalises a folder name: INBOX is case-insensitive (RFC 3501).
func folderKey(name string) string {
	if strings.EqualFold(name, inbox) {
		return inbox
	}
	return name
}

func (s *store) folder(name string) (*folder, bool) {
	f, ok := s.folders[folderKey(name)]
	return f, ok
}

// folderDir is where a folder's files live: the directory itself for INBOX.
func (s *store) folderDir(name string) string {
	if folderKey(name) == inbox {
		return s.dir
	}
	return filepath.Join(s.dir, "folders", filepath.FromSlash(strings.ReplaceAll(name, "..", "_")))
}

// newKeyLocked gives a unique, sortable file name stem.
func (s *store) newKeyLocked(t time.Time) string {
	s.seq++
	return fmt.Sprintf("%s-%06d", t.UTC().Format("20060102T150405.000000000"), s.seq)
}

// writeFile writes data to path and syncs it, through a temporary file, so that a message is
// on disk before the sender is told it was accepted.
func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// deliver stores raw in folder name (INBOX for new mail). meta, when not nil, is the record
// of an SMTP transaction: the message is added to the captured log and announced to
// subscribers. It returns once the message is in memory and, with a directory, on disk.
func (s *store) deliver(name string, raw []byte, flags []imap.Flag, date time.Time, meta *Message) (*storedMessage, error) {
	if date.IsZero() {
		date = time.Now()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.folder(name)
	if !ok {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeTryCreate, Text: "no such mailbox"}
	}
	m := &storedMessage{key: s.newKeyLocked(date), raw: raw, date: date, flags: map[imap.Flag]struct{}{}}
	for _, fl := range flags {
		m.flags[canonicalFlag(fl)] = struct{}{}
	}
	if s.dir != "" {
		base := filepath.Join(s.folderDir(f.name), m.key)
		if meta != nil {
			b, err := json.Marshal(meta)
			if err != nil {
				return nil, err
			}
			if err := writeFile(base+".json", b); err != nil {
				return nil, fmt.Errorf("saving the envelope: %w", err)
			}
		}
		if err := writeFile(base+".eml", raw); err != nil {
			return nil, fmt.Errorf("saving the message: %w", err)
		}
	}
	m.uid = f.uidNext
	f.uidNext++
	f.msgs = append(f.msgs, m)
	f.tracker.QueueNumMessages(uint32(len(f.msgs)))
	if meta != nil {
		c := *meta
		c.Raw = raw
		s.captured = append(s.captured, c)
		for ch := range s.subs {
			select {
			case ch <- c:
			default:
				// A subscriber that does not keep up misses messages rather than blocking
				// the SMTP side; Messages still has them all.
			}
		}
	}
	return m, nil
}

// removeLocked deletes messages from a folder (IMAP EXPUNGE, POP3 QUIT after DELE) and from
// the directory.
func (s *store) removeLocked(f *folder, gone map[*storedMessage]bool) {
	var kept []*storedMessage
	for i := len(f.msgs) - 1; i >= 0; i-- {
		m := f.msgs[i]
		if gone[m] {
			f.tracker.QueueExpunge(uint32(i + 1))
			if s.dir != "" {
				base := filepath.Join(s.folderDir(f.name), m.key)
				os.Remove(base + ".eml")
				os.Remove(base + ".json")
			}
			continue
		}
		kept = append(kept, m)
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	f.msgs = kept
}

// reload reads the directory: INBOX messages are its *.eml files, other folders live under
// folders/; a .json beside a message holds its SMTP record.
func (s *store) reload() error {
	load := func(f *folder, dir string) error {
		names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
		if err != nil {
			return err
		}
		sort.Strings(names)
		for _, n := range names {
			raw, err := os.ReadFile(n)
			if err != nil {
				return err
			}
			key := strings.TrimSuffix(filepath.Base(n), ".eml")
			st, _ := os.Stat(n)
			m := &storedMessage{uid: f.uidNext, key: key, raw: raw, flags: map[imap.Flag]struct{}{}}
			if st != nil {
				m.date = st.ModTime()
			}
			f.uidNext++
			f.msgs = append(f.msgs, m)
			if b, err := os.ReadFile(filepath.Join(dir, key+".json")); err == nil {
				var meta Message
				if json.Unmarshal(b, &meta) == nil {
					meta.Raw = raw
					s.captured = append(s.captured, meta)
				}
			}
			s.seq++
		}
		f.tracker.QueueNumMessages(uint32(len(f.msgs)))
		return nil
	}
	if err := load(s.folders[inbox], s.dir); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(s.dir, "folders"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		f := newFolder(e.Name())
		s.folders[f.name] = f
		if err := load(f, filepath.Join(s.dir, "folders", e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// snapshot returns the messages of a folder (for POP3, whose numbering is fixed per session).
func (s *store) snapshot(name string) []*storedMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.folder(name)
	if !ok {
		return nil
	}
	return append([]*storedMessage(nil), f.msgs...)
}

// removeMessages deletes the given messages from a folder if they are still there.
func (s *store) removeMessages(name string, msgs []*storedMessage) {
	if len(msgs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.folder(name)
	if !ok {
		return
	}
	gone := make(map[*storedMessage]bool, len(msgs))
	for _, m := range msgs {
		gone[m] = true
	}
	s.removeLocked(f, gone)
}

func (s *store) messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.captured))
	copy(out, s.captured)
	return out
}

func (s *store) subscribe() (chan Message, func()) {
	ch := make(chan Message, 1024)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.mu.Lock()
			delete(s.subs, ch)
			s.mu.Unlock()
			close(ch)
		})
	}
}

// canonicalFlag gives system flags their canonical case.
func canonicalFlag(f imap.Flag) imap.Flag {
	for _, sys := range []imap.Flag{imap.FlagSeen, imap.FlagAnswered, imap.FlagFlagged, imap.FlagDeleted, imap.FlagDraft} {
		if strings.EqualFold(string(f), string(sys)) {
			return sys
		}
	}
	return f
}
