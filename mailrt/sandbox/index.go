package sandbox

import (
	"errors"
	"slices"
	"sort"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Stored describes a message kept in a mailbox, from the store's index: reading it never
// reads a message file.
type Stored struct {
	// ID names the message in the store; it stays the same across restarts with a Dir, and
	// is also its POP3 UIDL.
	ID string
	// Mailbox is the mailbox the message is in: "" for the shared one, the local part of a
	// recipient with Config.Mailboxes (see MailboxName).
	Mailbox string
	// Folder is its IMAP folder (INBOX for new mail).
	Folder string
	// Date is when it arrived (its IMAP internal date).
	Date time.Time
	// Size is its length in bytes.
	Size int64
	// Read reports whether it has the \Seen flag.
	Read bool
	// Message is its SMTP record when the SMTP side accepted it, or what its header and parts
	// say (seeded and IMAP-appended messages); Text, HTML and Raw are empty: Raw reads them.
	Message Message
}

// EventType says what happened to a stored message.
type EventType string

// The events of Watch.
const (
	EventNew     EventType = "new"     // a message arrived in a mailbox (SMTP, Seed, IMAP APPEND or COPY)
	EventDeleted EventType = "deleted" // a message left its mailbox (POP3, IMAP EXPUNGE or MOVE, Delete)
)

// Event is a change of the store.
type Event struct {
	Type    EventType
	Message Stored
}

// ErrNotFound is the error of the methods that take a message ID when no message has it.
var ErrNotFound = errors.New("sandbox: no such message")

// storedLocked describes m.
func storedLocked(m *storedMessage) Stored {
	st := Stored{ID: m.key, Mailbox: m.folder.box.name, Folder: m.folder.name, Date: m.date, Size: m.size, Read: m.has(imap.FlagSeen)}
	if m.rec != nil {
		st.Message = *m.rec
		st.Message.To = slices.Clone(m.rec.To)
		st.Message.Cc = slices.Clone(m.rec.Cc)
		st.Message.Bcc = slices.Clone(m.rec.Bcc)
		st.Message.Attachments = slices.Clone(m.rec.Attachments)
	}
	return st
}

// notifyLocked tells the watchers what happened to m.
func (s *store) notifyLocked(t EventType, m *storedMessage) {
	if len(s.watchers) == 0 {
		return
	}
	ev := Event{Type: t, Message: storedLocked(m)}
	for ch := range s.watchers {
		select {
		case ch <- ev:
		default:
			// A watcher that does not keep up misses events rather than blocking the
			// server; Index still has every message.
		}
	}
}

// Index returns every stored message of every mailbox and folder, in the order of arrival.
func (s *Server) Index() []Stored {
	st := s.store
	st.mu.Lock()
	msgs := make([]*storedMessage, 0, len(st.byID))
	for _, m := range st.byID {
		msgs = append(msgs, m)
	}
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].key < msgs[j].key })
	out := make([]Stored, len(msgs))
	for i, m := range msgs {
		out[i] = storedLocked(m)
	}
	st.mu.Unlock()
	return out
}

// Lookup returns the index entry of a message.
func (s *Server) Lookup(id string) (Stored, bool) {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	m, ok := st.byID[id]
	if !ok {
		return Stored{}, false
	}
	return storedLocked(m), true
}

// Raw returns the bytes of a message as received. It fails with ErrNotFound when no message
// has that ID, or with the error of reading its file.
func (s *Server) Raw(id string) ([]byte, error) {
	st := s.store
	st.mu.Lock()
	m, ok := st.byID[id]
	st.mu.Unlock()
	if !ok {
		return nil, ErrNotFound
	}
	b, err := st.body(m)
	if errors.Is(err, errExpunged) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, errors.New("sandbox: " + errorText(err))
	}
	return b, nil
}

// Delete removes a message from its mailbox (and its files), as an IMAP EXPUNGE would.
func (s *Server) Delete(id string) error {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	m, ok := st.byID[id]
	if !ok {
		return ErrNotFound
	}
	st.removeLocked(m.folder, map[*storedMessage]bool{m: true})
	return nil
}

// DeleteAll removes every message of every mailbox and folder (the folders stay) and
// returns how many there were. The captured log of Messages is kept.
func (s *Server) DeleteAll() int {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	n := 0
	for _, box := range st.boxes {
		for _, f := range box.folders {
			if len(f.msgs) == 0 {
				continue
			}
			gone := make(map[*storedMessage]bool, len(f.msgs))
			for _, m := range f.msgs {
				gone[m] = true
			}
			n += len(gone)
			st.removeLocked(f, gone)
		}
	}
	return n
}

// SetRead sets or clears the \Seen flag of a message; IMAP sessions see the change.
func (s *Server) SetRead(id string, read bool) error {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	m, ok := st.byID[id]
	if !ok {
		return ErrNotFound
	}
	if m.has(imap.FlagSeen) == read {
		return nil
	}
	if read {
		m.flags[imap.FlagSeen] = struct{}{}
	} else {
		delete(m.flags, imap.FlagSeen)
	}
	f := m.folder
	if i := slices.Index(f.msgs, m); i >= 0 {
		f.tracker.QueueMessageFlags(uint32(i+1), m.uid, m.flagList(), nil)
	}
	return nil
}

// Mailboxes returns the names of the mailboxes, sorted; "" is the shared one.
func (s *Server) Mailboxes() []string {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]string, 0, len(st.boxes))
	for name := range st.boxes {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Watch returns a channel of the changes of the store from now on (new and deleted
// messages), and the function that ends the watch (and closes the channel). A watcher that
// falls more than 1024 events behind misses the next ones.
func (s *Server) Watch() (<-chan Event, func()) {
	st := s.store
	ch := make(chan Event, 1024)
	st.mu.Lock()
	st.watchers[ch] = struct{}{}
	st.mu.Unlock()
	done := false
	return ch, func() {
		st.mu.Lock()
		defer st.mu.Unlock()
		if !done {
			done = true
			delete(st.watchers, ch)
			close(ch)
		}
	}
}

// smtpRecord is the SMTP record of a message, for a copy of it to keep; nil when the SMTP
// side did not accept it (its index is what its header says, made again for the copy).
func smtpRecord(m *storedMessage) *Message {
	if m.rec == nil || m.rec.TLS == "" {
		return nil
	}
	return m.rec
}
