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
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
)

// inbox is the name of the mailbox every message is delivered to.
const inbox = "INBOX"

// storedMessage is a message of a mailbox. Without a directory its bytes are raw; with one
// they stay in its file (folder's directory, key + ".eml") and are read by body when a client
// asks for them: only the index (sizes, header block, flags, record) stays in memory.
type storedMessage struct {
	msgInfo
	uid    imap.UID
	key    string // file name stem in the directory, unique in the store: the message's ID
	folder *folder
	raw    []byte // the message, without a directory
	date   time.Time
	flags  map[imap.Flag]struct{}
	gone   bool     // expunged or deleted
	rec    *Message // what the index shows of it: its SMTP record or what its header says, without bodies
	// whole says whether the IMAP section BODY[] of the message is its bytes as they are
	// (wholeSame) or not (wholeDiffers; go-message rewrites a header it cannot read back as
	// it was), once a FETCH found out (wholeUnknown before): the bytes do not change, as
	// msgInfo assumes.
	whole atomic.Int32
}

// The values of storedMessage.whole.
const (
	wholeUnknown int32 = iota
	wholeSame
	wholeDiffers
)

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

// folder is one IMAP folder of a mailbox, with the tracker that tells IMAP sessions what
// changed.
type folder struct {
	box        *mailbox
	name       string
	uidNext    imap.UID
	msgs       []*storedMessage
	subscribed bool
	tracker    *imapserver.MailboxTracker
}

// mailbox is what one login sees: its folders. The shared mailbox (name "") is every
// login's unless the store has one mailbox per recipient.
type mailbox struct {
	name    string
	folders map[string]*folder // keys are upper-cased for INBOX, as is for others
}

// folder returns a folder of the mailbox by name.
func (b *mailbox) folder(name string) (*folder, bool) {
	f, ok := b.folders[folderKey(name)]
	return f, ok
}

func newMailbox(name string) *mailbox {
	b := &mailbox{name: name, folders: map[string]*folder{}}
	b.folders[inbox] = newFolder(b, inbox)
	return b
}

// store holds the mailboxes: folders of messages, kept in memory and, when dir is set, as
// .eml files. It also keeps the log of the messages the SMTP side accepted.
type store struct {
	mu          sync.Mutex
	dir         string
	uidValidity uint32
	perRcpt     bool                // one mailbox per recipient (Config.Mailboxes)
	shared      *mailbox            // the mailbox of every login without perRcpt
	boxes       map[string]*mailbox // every mailbox by name, the shared one included
	byID        map[string]*storedMessage
	seq         uint64
	captured    []capture
	subs        map[chan Message]struct{}
	watchers    map[chan Event]struct{}
}

// capture is a message the SMTP side accepted. Without a directory msg is the whole of it;
// with one, its Raw, Text and HTML are left out and read back from base + ".eml" by
// messages, and its record is kept as base + ".json".
type capture struct {
	msg  Message
	base string
}

func newStore(dir string, perRcpt bool) (*store, error) {
	s := &store{dir: dir, uidValidity: uint32(time.Now().Unix()), perRcpt: perRcpt, shared: newMailbox(""),
		boxes: map[string]*mailbox{}, byID: map[string]*storedMessage{},
		subs: map[chan Message]struct{}{}, watchers: map[chan Event]struct{}{}}
	s.boxes[""] = s.shared
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

func newFolder(box *mailbox, name string) *folder {
	return &folder{box: box, name: name, uidNext: 1, subscribed: true, tracker: imapserver.NewMailboxTracker(0)}
}

// folderKey normalises a folder name: INBOX is case-insensitive (RFC 3501).
func folderKey(name string) string {
	if strings.EqualFold(name, inbox) {
		return inbox
	}
	return name
}

// mailboxLocked returns the mailbox called name, made if it does not exist yet.
func (s *store) mailboxLocked(name string) *mailbox {
	b, ok := s.boxes[name]
	if !ok {
		b = newMailbox(name)
		s.boxes[name] = b
	}
	return b
}

// loginMailbox is the mailbox a POP3 or IMAP login reads: the shared one, or with a mailbox
// per recipient the one of its local part.
func (s *store) loginMailbox(user string) *mailbox {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.perRcpt {
		return s.shared
	}
	return s.mailboxLocked(MailboxName(user))
}

// recipientMailboxes are the mailboxes a message to rcpts goes to: the shared one, or with a
// mailbox per recipient one per distinct local part (the shared one when there is none).
func (s *store) recipientMailboxes(rcpts []string) []*mailbox {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.perRcpt {
		return []*mailbox{s.shared}
	}
	var out []*mailbox
	seen := map[string]bool{}
	for _, r := range rcpts {
		name := MailboxName(r)
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, s.mailboxLocked(name))
	}
	if len(out) == 0 {
		out = append(out, s.shared)
	}
	return out
}

// MailboxName is the mailbox of an address or a login with Config.Mailboxes: its local part
// (what comes before the last "@", unquoted), in lower case. ada@example.com, Ada@other.org
// and the login ada share the mailbox "ada".
func MailboxName(addr string) string {
	addr = bareAddress(addr)
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		addr = addr[:i]
	}
	if len(addr) >= 2 && addr[0] == '"' && addr[len(addr)-1] == '"' {
		addr = addr[1 : len(addr)-1]
	}
	return strings.ToLower(strings.TrimSpace(addr))
}

// newKeyLocked gives a unique file name stem that sorts in the order of arrival (the order
// of a folder's messages after a reload).
func (s *store) newKeyLocked() string {
	s.seq++
	return fmt.Sprintf("%s-%06d", time.Now().UTC().Format("20060102T150405.000000000"), s.seq)
}

// deliver stores raw in folder name of box. rec, when not nil, is the SMTP record of the
// message (its bodies are not kept): it is written beside the message as its .json, and when
// captured the message is added to the captured log and announced to subscribers (a copy of
// a captured message keeps its record, not captured). It returns once the message is in
// memory or, with a directory, on disk (the store then keeps only its index).
func (s *store) deliver(box *mailbox, name string, raw []byte, flags []imap.Flag, date time.Time, rec *Message, captured bool) (*storedMessage, error) {
	if date.IsZero() {
		date = time.Now()
	}
	info := measure(raw)
	var index *Message
	if rec != nil {
		r := *rec
		r.Text, r.HTML, r.Raw = "", "", nil
		index = &r
	} else {
		d := describe(raw, "", nil)
		d.Text, d.HTML = "", ""
		index = &d
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := box.folder(name)
	if !ok {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeTryCreate, Text: "no such mailbox"}
	}
	m := &storedMessage{msgInfo: info, key: s.newKeyLocked(), folder: f, date: date, flags: map[imap.Flag]struct{}{}, rec: index}
	for _, fl := range flags {
		m.flags[canonicalFlag(fl)] = struct{}{}
	}
	var base string
	if s.dir == "" {
		m.raw = raw
	} else {
		m.head = bytes.Clone(info.head)
		base = filepath.Join(s.folderDir(box, f.name), m.key)
		if rec != nil {
			b, err := json.Marshal(diskRecord{Message: *index, Copy: !captured})
			if err != nil {
				return nil, err
			}
			if err := writeFile(base+".json", b); err != nil {
				return nil, fmt.Errorf("saving the envelope: %w", err)
			}
		}
		if err := writeFileAt(base+".eml", raw, date); err != nil {
			if rec != nil {
				os.Remove(base + ".json")
			}
			return nil, fmt.Errorf("saving the message: %w", err)
		}
	}
	s.addLocked(f, m)
	if rec != nil && captured {
		c := *rec
		c.Raw = raw
		if s.dir == "" {
			s.captured = append(s.captured, capture{msg: c})
		} else {
			s.captured = append(s.captured, capture{msg: *index, base: base})
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

// addLocked appends a message to a folder and announces it.
func (s *store) addLocked(f *folder, m *storedMessage) {
	m.uid = f.uidNext
	f.uidNext++
	f.msgs = append(f.msgs, m)
	f.tracker.QueueNumMessages(uint32(len(f.msgs)))
	s.byID[m.key] = m
	s.notifyLocked(EventNew, m)
}

// diskRecord is what the .json file of a message holds: its SMTP record, and whether the
// message is a copy of a captured one (another recipient's mailbox, an IMAP COPY), which is
// not captured again when the directory is reloaded.
type diskRecord struct {
	Message
	Copy bool `json:"copy,omitempty"`
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
	path, gone := filepath.Join(s.folderDir(m.folder.box, m.folder.name), m.key+".eml"), m.gone
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

// removeLocked deletes messages from a folder (IMAP EXPUNGE, POP3 QUIT after DELE, the
// Delete API) and from the directory.
func (s *store) removeLocked(f *folder, gone map[*storedMessage]bool) {
	var kept []*storedMessage
	for i := len(f.msgs) - 1; i >= 0; i-- {
		m := f.msgs[i]
		if gone[m] {
			f.tracker.QueueExpunge(uint32(i + 1))
			s.dropLocked(m)
			continue
		}
		kept = append(kept, m)
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	f.msgs = kept
}

// dropLocked marks a message gone, removes its files and announces it; its folder's list is
// the caller's business.
func (s *store) dropLocked(m *storedMessage) {
	m.gone = true
	delete(s.byID, m.key)
	if s.dir != "" {
		base := filepath.Join(s.folderDir(m.folder.box, m.folder.name), m.key)
		os.Remove(base + ".eml")
		os.Remove(base + ".json")
	}
	s.notifyLocked(EventDeleted, m)
}

// snapshot returns the messages of a folder of box (for POP3, whose numbering is fixed per
// session).
func (s *store) snapshot(box *mailbox, name string) []*storedMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := box.folder(name)
	if !ok {
		return nil
	}
	return append([]*storedMessage(nil), f.msgs...)
}

// removeMessages deletes the given messages from a folder of box if they are still there.
func (s *store) removeMessages(box *mailbox, name string, msgs []*storedMessage) {
	if len(msgs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := box.folder(name)
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
