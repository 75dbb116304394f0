package sandbox

import (
	"bytes"
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

// storedMessage is a message of the shared mailbox. Without a directory its bytes are raw;
// with one they stay in its file (folder's directory, key + ".eml") and are read by body
// when a client asks for them: only the index (sizes, header block, flags) stays in memory.
type storedMessage struct {
	msgInfo
	uid    imap.UID
	key    string // file name stem in the directory, unique
	folder *folder
	raw    []byte // the message, without a directory
	date   time.Time
	flags  map[imap.Flag]struct{}
	gone   bool // expunged or deleted
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
	captured    []capture
	subs        map[chan Message]struct{}
}

// capture is a message the SMTP side accepted. Without a directory msg is the whole of it;
// with one, its Raw, Text and HTML are left out and read back from base + ".eml" by
// messages, and its record is kept as base + ".json".
type capture struct {
	msg  Message
	base string
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

// newKeyLocked gives a unique file name stem that sorts in the order of arrival (the order
// of a folder's messages after a reload).
func (s *store) newKeyLocked() string {
	s.seq++
	return fmt.Sprintf("%s-%06d", time.Now().UTC().Format("20060102T150405.000000000"), s.seq)
}

// deliver stores raw in folder name (INBOX for new mail). meta, when not nil, is the record
// of an SMTP transaction: the message is added to the captured log and announced to
// subscribers. It returns once the message is in memory or, with a directory, on disk (the
// store then keeps only its index).
func (s *store) deliver(name string, raw []byte, flags []imap.Flag, date time.Time, meta *Message) (*storedMessage, error) {
	if date.IsZero() {
		date = time.Now()
	}
	info := measure(raw)
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.folder(name)
	if !ok {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeTryCreate, Text: "no such mailbox"}
	}
	m := &storedMessage{msgInfo: info, key: s.newKeyLocked(), folder: f, date: date, flags: map[imap.Flag]struct{}{}}
	for _, fl := range flags {
		m.flags[canonicalFlag(fl)] = struct{}{}
	}
	var base string
	if s.dir == "" {
		m.raw = raw
	} else {
		m.head = bytes.Clone(info.head)
		base = filepath.Join(s.folderDir(f.name), m.key)
		if meta != nil {
			rec := *meta
			rec.Text, rec.HTML = "", ""
			b, err := json.Marshal(rec)
			if err != nil {
				return nil, err
			}
			if err := writeFile(base+".json", b); err != nil {
				return nil, fmt.Errorf("saving the envelope: %w", err)
			}
		}
		if err := writeFileAt(base+".eml", raw, date); err != nil {
			if meta != nil {
				os.Remove(base + ".json")
			}
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
		if s.dir == "" {
			s.captured = append(s.captured, capture{msg: c})
		} else {
			rec := *meta
			rec.Text, rec.HTML = "", ""
			s.captured = append(s.captured, capture{msg: rec, base: base})
		}
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

// errExpunged and errUnreadable are the errors of body.
var (
	errExpunged   = &imap.Error{Type: imap.StatusResponseTypeNo, Code: "EXPUNGEISSUED", Text: "the message was deleted"}
	errUnreadable = &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeUnavailable, Text: "the message file cannot be read"}
)

// body returns the bytes of a message: raw, or what its file holds. It fails when the
// message was deleted or its file is missing.
func (s *store) body(m *storedMessage) ([]byte, error) {
	if s.dir == "" {
		return m.raw, nil
	}
	s.mu.Lock()
	path, gone := filepath.Join(s.folderDir(m.folder.name), m.key+".eml"), m.gone
	s.mu.Unlock()
	if gone {
		return nil, errExpunged
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, errUnreadable
	}
	return b, nil
}

// errorText is the text of an error of the store, for a reply.
func errorText(err error) string {
	var ie *imap.Error
	if errors.As(err, &ie) {
		return ie.Text
	}
	return err.Error()
}

// header returns the header block of a message (the whole message when it has no body).
func (s *store) header(m *storedMessage) ([]byte, error) {
	if m.head != nil {
		return m.head, nil
	}
	return s.body(m)
}

// removeLocked deletes messages from a folder (IMAP EXPUNGE, POP3 QUIT after DELE) and from
// the directory.
func (s *store) removeLocked(f *folder, gone map[*storedMessage]bool) {
	var kept []*storedMessage
	for i := len(f.msgs) - 1; i >= 0; i-- {
		m := f.msgs[i]
		if gone[m] {
			m.gone = true
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

// messages returns the captured log; with a directory it reads every message file.
func (s *store) messages() []Message {
	s.mu.Lock()
	caps := append([]capture(nil), s.captured...)
	s.mu.Unlock()
	out := make([]Message, len(caps))
	for i, c := range caps {
		out[i] = c.msg
		if c.base != "" {
			loadBodies(&out[i], c.base)
		}
	}
	return out
}

func (s *store) received() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.captured)
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
