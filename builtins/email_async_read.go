package builtins

import (
	"github.com/wl-lang/wl/interp"
)

// pendingMsg is an Email of EmailRécupèreTout(..., ertAsynchrone) not read yet: which
// message of which session it will be.
type pendingMsg struct {
	et      *emailTypes
	session string
	ref     uint32
	full    bool // ertComplet: the whole message, else its header (the body later)
}

// readAllAsync is EmailRécupèreTout with ertAsynchrone: the array is made at once, one
// Email per message (oldest first), each read from the server when the script first uses
// it (any member, method or function), as PC SOFT describes ("filled on demand"). A message
// read so is marked read as a complete read marks it; EmailJauge's procedure is not called.
func readAllAsync(th *interp.Thread, st *mailState, s *session, opts int64) ([]*emailMessage, error) {
	refs, err := messageRefs(s, opts&ertNotRead != 0)
	if err != nil {
		return nil, err
	}
	out := make([]*emailMessage, 0, len(refs))
	for _, r := range refs {
		if s.popDeleted[r] {
			continue
		}
		m := st.types.newMessage()
		m.number, m.session = int64(r), s.name
		m.pending = &pendingMsg{et: st.types, session: s.name, ref: r, full: opts&ertFull != 0}
		out = append(out, m)
	}
	return out, nil
}

// messageRefs lists the messages of a session: POP3 numbers, IMAP UIDs (the unread ones
// only with unreadOnly).
func messageRefs(s *session, unreadOnly bool) ([]uint32, error) {
	var refs []uint32
	switch {
	case s.pop3 != nil:
		l, err := s.pop3.List()
		if err != nil {
			return nil, err
		}
		s.popList, s.popAheadTo = l, 0
		for _, m := range l {
			refs = append(refs, uint32(m.Number))
		}
	case s.imap != nil:
		if err := s.imap.Refresh(); err != nil {
			return nil, err
		}
		return s.imap.Search(unreadOnly)
	}
	return refs, nil
}

// loadPending reads a message of an asynchronous EmailRécupèreTout the first time it is
// used. A failure (the session is closed) sets ErreurDétectée and leaves it to read later.
func (m *emailMessage) loadPending(th *interp.Thread) {
	p := m.pending
	if p == nil {
		return
	}
	s := mailOf(th, p.et).sessions[p.session]
	if s == nil || (s.pop3 == nil && s.imap == nil) {
		failf(th, "message %d cannot be read: the session %q is closed", p.ref, p.session)
		return
	}
	prog := progressOf(th)
	prog.muted++
	defer func() { prog.muted-- }()
	got := newEmailMessage(m.typ, m.structure)
	if err := fetch(th, p.et, s, p.ref, p.full, true, got); err != nil {
		fail(th, err)
		return
	}
	*m = *got
}

// pendingProps makes every member of an Email read a pending message first.
func pendingProps(props []*interp.Property) []*interp.Property {
	for _, p := range props {
		before(p, (*emailMessage).loadPending)
	}
	return props
}
