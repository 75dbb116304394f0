package builtins

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Reading mail. POP3 numbers messages once per session (a message that arrives later is not
// seen before the session is reopened); IMAP reads the selected folder, by default only the
// unread messages for EmailLitPremier/Suivant (emailAll reads all), and marks a message read
// once its whole content has been read (header-only reads leave it unread).

// errVanished marks a message that another session removed since it was listed.
var errVanished = errors.New("message vanished")

// errNotReading is the fatal error of a read on a session that cannot read.
func errNotReading(fn, name string) error {
	return fmt.Errorf("%s: the session %q cannot read mail: it was opened for SMTP only", fn, name)
}

// listing (re)reads the messages the cursor walks.
func listing(th *interp.Thread, s *session, all bool) error {
	s.cursor, s.listed, s.popAheadTo = -1, true, 0
	switch {
	case s.pop3 != nil:
		l, err := s.pop3.List()
		if err != nil {
			return err
		}
		s.popList = l
		s.list = s.list[:0]
		for _, m := range l {
			s.list = append(s.list, uint32(m.Number))
		}
	case s.imap != nil:
		if err := s.imap.Refresh(); err != nil {
			return err
		}
		uids, err := s.imap.Search(!all)
		if err != nil {
			return err
		}
		s.list = uids
	}
	return nil
}

// fetch reads one message of the listing into dst.
//
// A full read marks an IMAP message read when mark is set; a header-only read leaves the
// rest to fetch when the script uses it (emailMessage.load).
func fetch(th *interp.Thread, et *emailTypes, s *session, ref uint32, full, mark bool, dst *emailMessage) error {
	var raw []byte
	var err error
	seen := false
	size := int64(-1)
	switch {
	case s.pop3 == nil && s.imap == nil:
		return &mailrt.Error{Op: "read", Kind: mailrt.KindClosed, Text: fmt.Sprintf("the session %q is closed", s.name)}
	case s.pop3 != nil:
		if full {
			raw, err = s.pop3.Retr(int(ref))
		} else {
			raw, err = s.pop3.Top(int(ref), 0)
		}
	case s.imap != nil:
		var msgs []mailrt.IMAPMessage
		msgs, err = s.imap.Fetch([]uint32{ref}, full)
		if err == nil && len(msgs) == 0 {
			err = &mailrt.Error{Op: "IMAP FETCH", Kind: mailrt.KindServer, Text: fmt.Sprintf("message %d no longer exists", ref), Err: errVanished}
		}
		if err == nil {
			raw, seen, size = msgs[0].Raw, msgs[0].Seen, msgs[0].Size
			if full && mark && !seen {
				if err = s.imap.MarkSeen([]uint32{ref}, true); err == nil {
					seen = true
				}
			}
		}
	}
	if err != nil {
		return err
	}
	return fill(th, et, s, ref, raw, seen, full, size, dst)
}

// popWindow is how many messages a forward POP3 read keeps asked ahead (at most
// popWindowBytes of them by their listed sizes): it asks for the next popWindow/2 in one
// write whenever fewer than popWindow/2 remain ahead.
const (
	popWindow      = 16
	popWindowBytes = 1 << 20
)

// popAhead sends ahead (mailrt's RetrAhead: when the server announced PIPELINING) the RETR
// of the messages of refs from index i on that are not sent yet and not deleted, so that a
// read in order waits for no round trip per message. Each message is still read and parsed
// when the script asks for it, its error its own; an error writing the commands is the
// next read's.
func popAhead(s *session, refs []uint32, i int) {
	if s.pop3 == nil || !s.pop3.Pipelining() || i+popWindow/2 < s.popAheadTo {
		return
	}
	from := max(i, s.popAheadTo)
	ns := make([]int, 0, popWindow)
	size := 0
	j := from
	for ; j < len(refs) && j < i+popWindow; j++ {
		if s.popDeleted[refs[j]] {
			continue
		}
		if size += popSize(s, refs[j]); size > popWindowBytes && j > i {
			break
		}
		ns = append(ns, int(refs[j]))
	}
	s.popAheadTo = j
	s.pop3.RetrAhead(ns...) // an error is also the next command's
}

// popSize is the listed size of POP3 message ref (0 when it is not listed).
func popSize(s *session, ref uint32) int {
	if i := int(ref) - 1; i >= 0 && i < len(s.popList) && uint32(s.popList[i].Number) == ref {
		return s.popList[i].Size
	}
	for _, p := range s.popList {
		if uint32(p.Number) == ref {
			return p.Size
		}
	}
	return 0
}

// fill makes dst the message raw, number ref of the session; size is the message's size
// the server gave (-1 when it gave none: POP3 sizes come from the listing).
func fill(th *interp.Thread, et *emailTypes, s *session, ref uint32, raw []byte, seen, full bool, size int64, dst *emailMessage) error {
	// m is read into dst, then dropped: it stays off the heap. raw is this Email's alone.
	var m mailrt.Message
	if err := mailrt.ParseOwnedInto(&m, raw); err != nil {
		return err
	}
	fromMailrt(th, et, dst, &m)
	dst.number, dst.read, dst.session = int64(ref), seen, s.name
	if !full {
		dst.body = &lazyBody{et: et, session: s.name, ref: ref}
	}
	if s.imap != nil {
		dst.uid, dst.folder = strconv.FormatUint(uint64(ref), 10), s.imap.Folder()
		if size >= 0 {
			dst.size = size
		}
	} else {
		if i := int(ref) - 1; i >= 0 && i < len(s.popList) && uint32(s.popList[i].Number) == ref {
			dst.uid, dst.size = s.popList[i].UID, int64(s.popList[i].Size) // numbers are 1..n
		} else {
			for _, p := range s.popList {
				if uint32(p.Number) == ref {
					dst.uid, dst.size = p.UID, int64(p.Size)
				}
			}
		}
	}
	return nil
}

// readAll reads every message for EmailRécupèreTout and POUR TOUT: the whole messages with
// ertFull, else their headers; only the unread ones with ertNotRead (IMAP).
func readAll(th *interp.Thread, st *mailState, s *session, opts int64) ([]*emailMessage, error) {
	et := st.types
	full := opts&ertFull != 0
	unreadOnly := opts&ertNotRead != 0
	if unreadOnly && s.pop3 != nil {
		return nil, fmt.Errorf("EmailRécupèreTout: ertNonLu is not available on a POP3 session (POP3 does not know which messages were read)")
	}
	if s.imap != nil {
		// As messageRefs: SELECT again, then the UIDs. Every message is read with one UID
		// FETCH 1:* rather than a UID SEARCH ALL and a FETCH of the UIDs it gave (a round
		// trip and a list of every UID fewer), when the folder is not empty (a server may
		// answer 1:* in an empty folder with an error).
		if err := s.imap.Refresh(); err != nil {
			return nil, err
		}
		if !unreadOnly && s.imap.Count() > 0 {
			return readAllIMAP(th, et, s, nil, true, full)
		}
		refs, err := s.imap.Search(unreadOnly)
		if err != nil {
			return nil, err
		}
		return readAllIMAP(th, et, s, refs, false, full)
	}
	refs, err := messageRefs(s, unreadOnly)
	if err != nil {
		return nil, err
	}
	out := make([]*emailMessage, 0, len(refs))
	for i, r := range refs {
		if s.popDeleted[r] {
			continue // deleted by EmailSupprimeMessage: the server no longer gives it
		}
		if full {
			popAhead(s, refs, i)
		}
		m := et.newMessage()
		if err := fetch(th, et, s, r, full, true, m); err != nil {
			if errors.Is(err, errVanished) {
				continue // expunged by another session since the listing
			}
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// readAllIMAP reads messages with one FETCH for them all (and one STORE to mark the unread
// ones read after a full read) rather than a round trip each: 5,000 messages read about
// five times faster. all reads every message of the folder (uids is then not used), else
// the messages of uids: those expunged since the SEARCH that gave them are left out. The
// Emails come in UID order.
//
// Each message is parsed into its Email as soon as it is read, while the server sends the
// next ones, rather than after the last one. What the script sees is what parsing them all
// after the FETCH and the STORE gave: a parse failure is returned after the STORE, for the
// first message in UID order that failed; a fatal error of the run (the memory limit)
// raised while parsing stops the parsing (the FETCH still ends, so the session stays
// usable) and is raised again after the STORE, unless a message before it failed to parse;
// a failed FETCH or STORE is returned and nothing else.
func readAllIMAP(th *interp.Thread, et *emailTypes, s *session, uids []uint32, all, full bool) ([]*emailMessage, error) {
	if !all && len(uids) == 0 {
		return []*emailMessage{}, nil
	}
	type parsed struct {
		uid                      uint32
		answered, seen, panicked bool
		m                        *emailMessage // nil when not parsed
		err                      error
	}
	var got []parsed
	var at func(uid uint32) *parsed // where the message of uid goes, nil when not asked for
	if all {
		at = func(uid uint32) *parsed {
			got = append(got, parsed{})
			return &got[len(got)-1]
		}
	} else {
		got = make([]parsed, len(uids))
		find := uidIndex(uids)
		at = func(uid uint32) *parsed {
			if i := find(uid); i >= 0 {
				return &got[i]
			}
			return nil
		}
	}
	var panicked any
	each := func(im mailrt.IMAPMessage) {
		p := at(im.UID)
		if p == nil {
			return
		}
		*p = parsed{uid: im.UID, answered: true, seen: im.Seen}
		if panicked == nil {
			p.m = et.blankMessage()
			p.err = fillCatching(th, et, s, im.UID, im.Raw, im.Seen || full, full, im.Size, p.m, &panicked)
			p.panicked = panicked != nil
		}
	}
	var err error
	if all {
		err = s.imap.FetchAll(full, each)
	} else {
		err = s.imap.FetchEach(uids, full, each)
	}
	if err != nil {
		return nil, err
	}
	byUID := func(a, b parsed) int { return cmp.Compare(a.uid, b.uid) }
	if all && !slices.IsSortedFunc(got, byUID) {
		slices.SortStableFunc(got, byUID) // a server answers in sequence order, which is UID order
	}
	var unseen []uint32
	for _, p := range got {
		if p.answered && full && !p.seen {
			unseen = append(unseen, p.uid)
		}
	}
	if len(unseen) > 0 {
		if err := s.imap.MarkSeen(unseen, true); err != nil {
			return nil, err
		}
	}
	out := make([]*emailMessage, 0, len(got))
	for _, p := range got {
		if p.panicked {
			panic(panicked)
		}
		if p.err != nil {
			return nil, p.err
		}
		if p.answered {
			out = append(out, p.m)
		} // else expunged by another session since the SEARCH
	}
	return out, nil
}

// fillCatching is fill for a message handed on by FetchEach: a panic (the run's fatal
// error, such as its memory limit) must not unwind through the IMAP client in the middle
// of the FETCH; it is kept in *panicked, for the caller to raise once the FETCH is over.
func fillCatching(th *interp.Thread, et *emailTypes, s *session, ref uint32, raw []byte, seen, full bool, size int64, dst *emailMessage, panicked *any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			*panicked = r
		}
	}()
	return fill(th, et, s, ref, raw, seen, full, size, dst)
}

// uidIndex gives a function finding the index of a UID in uids (-1 if absent), which is in
// ascending order as a UID SEARCH gives it (else a map is made): a server answers in that
// order, so the next index is tried first, then a binary search.
func uidIndex(uids []uint32) func(uint32) int {
	if !slices.IsSorted(uids) {
		at := make(map[uint32]int, len(uids))
		for i, u := range uids {
			at[u] = i
		}
		return func(u uint32) int {
			if i, ok := at[u]; ok {
				return i
			}
			return -1
		}
	}
	next := 0
	return func(u uint32) int {
		if next < len(uids) && uids[next] == u {
			next++
			return next - 1
		}
		i, ok := slices.BinarySearch(uids, u)
		if !ok {
			return -1
		}
		next = i + 1
		return i
	}
}
