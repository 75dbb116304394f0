package sandbox

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"maps"
	"math"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	gomessage "github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
	"github.com/emersion/go-sasl"
)

const imapDelim = '/'

// IMAP is served by go-imap v2's imapserver, with sessions over the shared store. Like SMTP,
// the plain port has a second server without STARTTLS for the RefuseStartTLS fault.
func (s *Server) startIMAP() error {
	mk := func(tlsCfg *tls.Config) *imapserver.Server {
		return imapserver.New(&imapserver.Options{
			NewSession: func(c *imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
				return &imapSession{srv: s, conn: c}, nil, nil
			},
			Caps: imap.CapSet{
				imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}, imap.CapUIDPlus: {},
				imap.CapMove: {}, imap.CapNamespace: {}, imap.CapESearch: {},
			},
			TLSConfig:    tlsCfg,
			InsecureAuth: !s.cfg.RequireTLSForAuth,
			Logger:       panicLogger{s.cfg.ErrorLog},
		})
	}
	plain, noTLS, implicit := mk(s.tls), mk(nil), mk(s.tls)
	lPlain := newChanListener(s.listeners[IMAP].Addr())
	lNoTLS := newChanListener(s.listeners[IMAP].Addr())
	lImplicit := newChanListener(s.listeners[IMAPS].Addr())
	for _, p := range []struct {
		srv *imapserver.Server
		l   *chanListener
	}{{plain, lPlain}, {noTLS, lNoTLS}, {implicit, lImplicit}} {
		p := p
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			p.srv.Serve(p.l)
		}()
		// imapserver.Server.Close races with a Serve that is starting (its WaitGroup), and
		// does not wait for connections anyway: closing the listener ends Serve, and Close
		// ends the connections it tracks.
		s.closers = append(s.closers, p.l.Close)
	}
	// go-imap's server waits 35 minutes for a command once logged in: cap its deadlines to the
	// sandbox's IMAP idle timeout.
	idle := s.cfg.Timeouts.IMAPIdle
	s.acceptLoop(IMAP, false, func(c net.Conn) {
		tc := &trackedConn{Conn: &idleCapConn{Conn: c, idle: idle}, srv: s, raw: c.(*slowConn).Conn}
		l := lPlain
		if s.faults.get().RefuseStartTLS {
			l = lNoTLS
		}
		if !l.push(tc) {
			tc.Close()
		}
	})
	s.acceptLoop(IMAPS, false, func(c net.Conn) {
		tc := s.tlsHandshake(&trackedConn{Conn: &idleCapConn{Conn: c, idle: idle}, srv: s, raw: c.(*slowConn).Conn})
		if tc != nil && !lImplicit.push(tc) {
			tc.Close()
		}
	})
	return nil
}

// imapSession is one IMAP connection. A login sees the folders of its mailbox: the shared
// one, or its own with Config.Mailboxes.
type imapSession struct {
	srv       *Server
	conn      *imapserver.Conn
	user      string
	box       *mailbox
	selected  *folder
	readOnly  bool
	tracker   *imapserver.SessionTracker
	searchRes imap.UIDSet
}

var errNoMailbox = &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeNonExistent, Text: "no such mailbox"}

func (is *imapSession) Close() error {
	is.unselect()
	return nil
}

func (is *imapSession) unselect() {
	if is.tracker != nil {
		is.tracker.Close()
	}
	is.selected, is.tracker, is.searchRes = nil, nil, nil
}

func (is *imapSession) Login(user, pass string) error {
	return is.authenticate(is.srv.creds.check, user, pass)
}

// authenticate logs in with check (a password or a token check).
func (is *imapSession) authenticate(check func(user, secret string) error, user, secret string) error {
	if is.srv.faults.get().RefuseAuth || check(user, secret) != nil {
		return imapserver.ErrAuthFailed
	}
	is.user = user
	is.box = is.srv.store.loginMailbox(user)
	return nil
}

func (is *imapSession) AuthenticateMechanisms() []string { return saslMechanisms() }

var errSASLMalformed = &imap.Error{Type: imap.StatusResponseTypeBad, Code: imap.ResponseCodeClientBug, Text: "Malformed SASL response"}

func (is *imapSession) Authenticate(mech string) (sasl.Server, error) {
	login := func(_, user, pass string) error { return is.authenticate(is.srv.creds.check, user, pass) }
	token := func(_, user, tok string) error { return is.authenticate(is.srv.creds.checkToken, user, tok) }
	srv := newSASLServer(mech, login, token, imapserver.ErrAuthFailed)
	if srv == nil {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Text: "SASL mechanism not supported"}
	}
	return malformedSASL{srv, func(err error) error {
		var ie *imap.Error
		if errors.As(err, &ie) {
			return err
		}
		return errSASLMalformed
	}}, nil
}

func (is *imapSession) Select(name string, options *imap.SelectOptions) (*imap.SelectData, error) {
	is.unselect()
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := is.box.folder(name)
	if !ok {
		return nil, errNoMailbox
	}
	is.selected, is.readOnly = f, options != nil && options.ReadOnly
	is.tracker = f.tracker.NewSession()
	data := &imap.SelectData{
		Flags:          []imap.Flag{imap.FlagSeen, imap.FlagAnswered, imap.FlagFlagged, imap.FlagDeleted, imap.FlagDraft},
		PermanentFlags: []imap.Flag{imap.FlagSeen, imap.FlagAnswered, imap.FlagFlagged, imap.FlagDeleted, imap.FlagDraft, imap.FlagWildcard},
		NumMessages:    uint32(len(f.msgs)),
		UIDNext:        f.uidNext,
		UIDValidity:    st.uidValidity,
	}
	for i, m := range f.msgs {
		if !m.has(imap.FlagSeen) {
			data.FirstUnseenSeqNum = uint32(i + 1)
			break
		}
	}
	return data, nil
}

func (is *imapSession) Unselect() error {
	is.unselect()
	return nil
}

// Limits of a folder name: each level is a directory under Config.Dir, and file systems
// refuse names longer than 255 bytes.
const (
	maxFolderName      = 1000
	maxFolderNameLevel = 200
)

// checkFolderName refuses a name that cannot be a folder: empty, with an empty, "." or ".."
// level, with wildcards, a backslash or control characters, or too long.
func checkFolderName(name string) error {
	if len(name) > maxFolderName {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeLimit, Text: "mailbox name too long"}
	}
	invalid := name == "" || strings.Contains(name, "..") || strings.ContainsAny(name, "\\*%")
	for _, r := range name {
		invalid = invalid || r < ' ' || r == 0x7f
	}
	for _, level := range strings.Split(name, string(imapDelim)) {
		if len(level) > maxFolderNameLevel {
			return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeLimit, Text: "mailbox name level too long"}
		}
		invalid = invalid || level == "" || level == "."
	}
	if invalid {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeCannot, Text: "invalid mailbox name"}
	}
	return nil
}

// storageError turns a failure to change the folders on disk into a NO response.
func storageError(err error) error {
	var ie *imap.Error
	switch {
	case errors.As(err, &ie):
		return err
	case errors.Is(err, syscall.ENAMETOOLONG):
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeLimit, Text: "mailbox name too long for the disk"}
	}
	return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeUnavailable, Text: "the mailbox cannot be written: " + err.Error()}
}

func (is *imapSession) Create(name string, _ *imap.CreateOptions) error {
	name = strings.TrimSuffix(name, string(imapDelim))
	if err := checkFolderName(name); err != nil {
		return err
	}
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := is.box.folder(name); ok {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAlreadyExists, Text: "mailbox already exists"}
	}
	if st.dir != "" {
		if err := os.MkdirAll(st.folderDir(is.box, name), 0o755); err != nil {
			return storageError(err)
		}
	}
	is.box.folders[name] = newFolder(is.box, name)
	return nil
}

func (is *imapSession) Delete(name string) error {
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := is.box.folder(name)
	if !ok {
		return errNoMailbox
	}
	if f.name == inbox {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "INBOX cannot be deleted"}
	}
	for _, m := range f.msgs {
		st.dropLocked(m)
	}
	f.msgs = nil
	if st.dir != "" {
		os.RemoveAll(st.folderDir(is.box, f.name))
	}
	delete(is.box.folders, f.name)
	return nil
}

func (is *imapSession) Rename(name, newName string, _ *imap.RenameOptions) error {
	if err := checkFolderName(newName); err != nil {
		return err
	}
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := is.box.folder(name)
	if !ok {
		return errNoMailbox
	}
	if f.name == inbox {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "renaming INBOX is not supported"}
	}
	if _, exists := is.box.folder(newName); exists {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeAlreadyExists, Text: "mailbox already exists"}
	}
	if st.dir != "" {
		os.MkdirAll(filepath.Dir(st.folderDir(is.box, newName)), 0o755)
		if err := os.Rename(st.folderDir(is.box, f.name), st.folderDir(is.box, newName)); err != nil && !os.IsNotExist(err) {
			return storageError(err)
		}
	}
	delete(is.box.folders, f.name)
	f.name = newName
	is.box.folders[newName] = f
	return nil
}

func (is *imapSession) setSubscribed(name string, sub bool) error {
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := is.box.folder(name)
	if !ok {
		return errNoMailbox
	}
	f.subscribed = sub
	return nil
}

func (is *imapSession) Subscribe(name string) error   { return is.setSubscribed(name, true) }
func (is *imapSession) Unsubscribe(name string) error { return is.setSubscribed(name, false) }

func (is *imapSession) List(w *imapserver.ListWriter, ref string, patterns []string, options *imap.ListOptions) error {
	if len(patterns) == 0 {
		return w.WriteList(&imap.ListData{Attrs: []imap.MailboxAttr{imap.MailboxAttrNoSelect}, Delim: imapDelim})
	}
	st := is.srv.store
	st.mu.Lock()
	var list []imap.ListData
	for name, f := range is.box.folders {
		match := false
		for _, p := range patterns {
			if imapserver.MatchList(name, imapDelim, ref, p) {
				match = true
				break
			}
		}
		if !match || (options != nil && options.SelectSubscribed && !f.subscribed) {
			continue
		}
		d := imap.ListData{Mailbox: name, Delim: imapDelim}
		if f.subscribed {
			d.Attrs = append(d.Attrs, imap.MailboxAttrSubscribed)
		}
		if options != nil && options.ReturnStatus != nil {
			d.Status = statusLocked(st, f, options.ReturnStatus)
		}
		list = append(list, d)
	}
	st.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].Mailbox < list[j].Mailbox })
	for i := range list {
		if err := w.WriteList(&list[i]); err != nil {
			return err
		}
	}
	return nil
}

func statusLocked(st *store, f *folder, options *imap.StatusOptions) *imap.StatusData {
	d := &imap.StatusData{Mailbox: f.name}
	n := uint32(len(f.msgs))
	if options.NumMessages {
		d.NumMessages = &n
	}
	if options.UIDNext {
		d.UIDNext = f.uidNext
	}
	if options.UIDValidity {
		d.UIDValidity = st.uidValidity
	}
	if options.NumUnseen {
		var c uint32
		for _, m := range f.msgs {
			if !m.has(imap.FlagSeen) {
				c++
			}
		}
		d.NumUnseen = &c
	}
	if options.NumDeleted {
		var c uint32
		for _, m := range f.msgs {
			if m.has(imap.FlagDeleted) {
				c++
			}
		}
		d.NumDeleted = &c
	}
	if options.Size {
		var size int64
		for _, m := range f.msgs {
			size += m.size
		}
		d.Size = &size
	}
	return d
}

func (is *imapSession) Status(name string, options *imap.StatusOptions) (*imap.StatusData, error) {
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	f, ok := is.box.folder(name)
	if !ok {
		return nil, errNoMailbox
	}
	return statusLocked(st, f, options), nil
}

func (is *imapSession) Append(name string, r imap.LiteralReader, options *imap.AppendOptions) (*imap.AppendData, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if int64(len(raw)) != r.Size() {
		// The connection ended inside the literal: nothing is stored.
		return nil, &imap.Error{Type: imap.StatusResponseTypeBad, Text: "message cut short"}
	}
	var flags []imap.Flag
	var t time.Time
	if options != nil {
		flags, t = options.Flags, options.Time
	}
	m, err := is.srv.store.deliver(is.box, name, raw, flags, t, nil, false)
	if err != nil {
		return nil, err
	}
	return &imap.AppendData{UIDValidity: is.srv.store.uidValidity, UID: m.uid}, nil
}

// AppendLimit bounds an APPEND as SMTP bounds a message (Config.MaxMessageBytes).
func (is *imapSession) AppendLimit() uint32 {
	return uint32(min(is.srv.cfg.MaxMessageBytes, math.MaxUint32))
}

func (is *imapSession) Poll(w *imapserver.UpdateWriter, allowExpunge bool) error {
	if is.tracker == nil {
		return nil
	}
	return is.tracker.Poll(w, allowExpunge)
}

func (is *imapSession) Idle(w *imapserver.UpdateWriter, stop <-chan struct{}) error {
	if is.tracker == nil {
		return nil
	}
	return is.tracker.Idle(w, stop)
}

func (is *imapSession) Expunge(_ *imapserver.ExpungeWriter, uids *imap.UIDSet) error {
	if is.readOnly {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "mailbox is read-only"}
	}
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	gone := map[*storedMessage]bool{}
	for _, m := range is.selected.msgs {
		if m.has(imap.FlagDeleted) && (uids == nil || uids.Contains(m.uid)) {
			gone[m] = true
		}
	}
	if len(gone) > 0 {
		st.removeLocked(is.selected, gone)
	}
	return nil
}

// forEachLocked calls f for each message of the selected folder in numSet (the store is
// locked).
func (is *imapSession) forEachLocked(numSet imap.NumSet, f func(seqNum uint32, m *storedMessage)) {
	numSet = is.staticNumSet(numSet)
	for i, m := range is.selected.msgs {
		seqNum := uint32(i + 1)
		var in bool
		switch set := numSet.(type) {
		case imap.SeqSet:
			enc := is.tracker.EncodeSeqNum(seqNum)
			in = enc != 0 && set.Contains(enc)
		case imap.UIDSet:
			in = set.Contains(m.uid)
		}
		if in {
			f(seqNum, m)
		}
	}
}

// staticNumSet replaces "*" by the largest number and "$" by the saved search result.
func (is *imapSession) staticNumSet(numSet imap.NumSet) imap.NumSet {
	if imap.IsSearchRes(numSet) {
		return is.searchRes
	}
	fix := func(start, stop *uint32, max uint32) {
		dyn := false
		if *start == 0 {
			*start, dyn = max, true
		}
		if *stop == 0 {
			*stop, dyn = max, true
		}
		if dyn && *start > *stop {
			*start, *stop = *stop, *start
		}
	}
	switch set := numSet.(type) {
	case imap.SeqSet:
		out := make(imap.SeqSet, len(set))
		copy(out, set)
		for i := range out {
			fix(&out[i].Start, &out[i].Stop, uint32(len(is.selected.msgs)))
		}
		return out
	case imap.UIDSet:
		out := make(imap.UIDSet, len(set))
		copy(out, set)
		for i := range out {
			fix((*uint32)(&out[i].Start), (*uint32)(&out[i].Stop), uint32(is.selected.uidNext)-1)
		}
		return out
	}
	return numSet
}

func (is *imapSession) Fetch(w *imapserver.FetchWriter, numSet imap.NumSet, options *imap.FetchOptions) error {
	markSeen := false
	for _, bs := range options.BodySection {
		if !bs.Peek {
			markSeen = !is.readOnly
		}
	}
	st := is.srv.store
	st.mu.Lock()
	type item struct {
		seq   uint32
		m     *storedMessage
		flags []imap.Flag
	}
	var items []item
	is.forEachLocked(numSet, func(seqNum uint32, m *storedMessage) {
		if markSeen && !m.has(imap.FlagSeen) {
			m.flags[imap.FlagSeen] = struct{}{}
			is.selected.tracker.QueueMessageFlags(seqNum, m.uid, m.flagList(), nil)
		}
		items = append(items, item{is.tracker.EncodeSeqNum(seqNum), m, m.flagList()})
	})
	st.mu.Unlock()
	needBody := fetchNeedsBody(options)
	needHeader := options.Envelope || len(options.BodySection) > 0
	for _, it := range items {
		// Read the message (once) before its response starts, so that a message that
		// cannot be read gets a NO instead of a broken response.
		var src []byte
		var err error
		if needBody {
			src, err = st.body(it.m)
		} else if needHeader {
			src, err = st.header(it.m)
		}
		if err != nil {
			return err
		}
		if err := fetchMessage(w.CreateMessage(it.seq), it.m, src, it.flags, options); err != nil {
			return err
		}
	}
	return nil
}

// fetchNeedsBody reports whether a FETCH needs more of the messages than their header block.
func fetchNeedsBody(options *imap.FetchOptions) bool {
	if options.BodyStructure != nil || len(options.BinarySection) > 0 || len(options.BinarySectionSize) > 0 {
		return true
	}
	for _, bs := range options.BodySection {
		if len(bs.Part) > 0 || bs.Specifier != imap.PartSpecifierHeader {
			return true
		}
	}
	return false
}

// fetchMessage writes the response for one message; src is the message, or its header block
// when the items need no more (see fetchNeedsBody).
func fetchMessage(w *imapserver.FetchResponseWriter, m *storedMessage, src []byte, flags []imap.Flag, options *imap.FetchOptions) error {
	w.WriteUID(m.uid)
	if options.Flags {
		w.WriteFlags(flags)
	}
	if options.InternalDate {
		w.WriteInternalDate(m.date)
	}
	if options.RFC822Size {
		w.WriteRFC822Size(m.size)
	}
	if options.Envelope {
		if h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(src))); err == nil {
			w.WriteEnvelope(imapserver.ExtractEnvelope(h))
		}
	}
	if options.BodyStructure != nil {
		w.WriteBodyStructure(imapserver.ExtractBodyStructure(bytes.NewReader(src)))
	}
	for _, bs := range options.BodySection {
		buf := bodySection(m, src, bs)
		wc := w.WriteBodySection(bs, int64(len(buf)))
		_, werr := wc.Write(buf)
		cerr := wc.Close()
		if werr != nil {
			return werr
		}
		if cerr != nil {
			return cerr
		}
	}
	for _, bs := range options.BinarySection {
		buf := imapserver.ExtractBinarySection(bytes.NewReader(src), bs)
		wc := w.WriteBinarySection(bs, int64(len(buf)))
		_, werr := wc.Write(buf)
		cerr := wc.Close()
		if werr != nil {
			return werr
		}
		if cerr != nil {
			return cerr
		}
	}
	for _, bss := range options.BinarySectionSize {
		w.WriteBinarySectionSize(bss, imapserver.ExtractBinarySectionSize(bytes.NewReader(src), bss))
	}
	return w.Close()
}

// bodySection is imapserver.ExtractBodySection(src, bs) for a message m whose bytes are src.
// The whole message (BODY[] without a partial range: what a client reading every message
// asks) is, for nearly every message, src itself: ExtractBodySection reads the header and
// writes it back, which is most of a FETCH's work for small messages. Whether that gives
// src is checked on the first such FETCH of each message and kept in m.whole; later ones
// send src without that work, and a message for which it differs keeps going through
// ExtractBodySection.
func bodySection(m *storedMessage, src []byte, bs *imap.FetchItemBodySection) []byte {
	whole := bs.Specifier == imap.PartSpecifierNone && len(bs.Part) == 0 &&
		len(bs.HeaderFields) == 0 && len(bs.HeaderFieldsNot) == 0 && bs.Partial == nil
	if whole && m.whole.Load() == wholeSame {
		return src
	}
	buf := imapserver.ExtractBodySection(bytes.NewReader(src), bs)
	if whole && m.whole.Load() == wholeUnknown {
		if bytes.Equal(buf, src) {
			m.whole.Store(wholeSame)
		} else {
			m.whole.Store(wholeDiffers)
		}
	}
	return buf
}

func (is *imapSession) Store(w *imapserver.FetchWriter, numSet imap.NumSet, flags *imap.StoreFlags, options *imap.StoreOptions) error {
	if is.readOnly {
		return &imap.Error{Type: imap.StatusResponseTypeNo, Text: "mailbox is read-only"}
	}
	st := is.srv.store
	st.mu.Lock()
	is.forEachLocked(numSet, func(seqNum uint32, m *storedMessage) {
		switch flags.Op {
		case imap.StoreFlagsSet:
			m.flags = map[imap.Flag]struct{}{}
			fallthrough
		case imap.StoreFlagsAdd:
			for _, f := range flags.Flags {
				m.flags[canonicalFlag(f)] = struct{}{}
			}
		case imap.StoreFlagsDel:
			for _, f := range flags.Flags {
				delete(m.flags, canonicalFlag(f))
			}
		}
		is.selected.tracker.QueueMessageFlags(seqNum, m.uid, m.flagList(), is.tracker)
	})
	st.mu.Unlock()
	if !flags.Silent {
		return is.Fetch(w, numSet, &imap.FetchOptions{Flags: true})
	}
	return nil
}

func (is *imapSession) Copy(numSet imap.NumSet, dest string) (*imap.CopyData, error) {
	st := is.srv.store
	st.mu.Lock()
	var msgs []*storedMessage
	var flags [][]imap.Flag
	var recs []*Message
	is.forEachLocked(numSet, func(_ uint32, m *storedMessage) {
		msgs = append(msgs, m)
		flags = append(flags, m.flagList())
		recs = append(recs, smtpRecord(m))
	})
	_, ok := is.box.folder(dest)
	st.mu.Unlock()
	if !ok {
		return nil, &imap.Error{Type: imap.StatusResponseTypeNo, Code: imap.ResponseCodeTryCreate, Text: "no such mailbox"}
	}
	if len(msgs) == 0 {
		// No COPYUID when nothing was copied (RFC 4315): its UID sets would be empty.
		return nil, nil
	}
	data := &imap.CopyData{UIDValidity: st.uidValidity}
	for i, m := range msgs {
		raw, err := st.body(m)
		if err != nil {
			return nil, err
		}
		c, err := st.deliver(is.box, dest, raw, flags[i], m.date, recs[i], false)
		if err != nil {
			return nil, storageError(err)
		}
		data.SourceUIDs.AddNum(m.uid)
		data.DestUIDs.AddNum(c.uid)
	}
	return data, nil
}

func (is *imapSession) Move(w *imapserver.MoveWriter, numSet imap.NumSet, dest string) error {
	data, err := is.Copy(numSet, dest)
	if err != nil || data == nil {
		return err
	}
	if err := w.WriteCopyData(data); err != nil {
		return err
	}
	st := is.srv.store
	st.mu.Lock()
	defer st.mu.Unlock()
	gone := map[*storedMessage]bool{}
	for _, m := range is.selected.msgs {
		if data.SourceUIDs.Contains(m.uid) {
			gone[m] = true
		}
	}
	st.removeLocked(is.selected, gone)
	return nil
}

func (is *imapSession) Namespace() (*imap.NamespaceData, error) {
	return &imap.NamespaceData{Personal: []imap.NamespaceDescriptor{{Delim: imapDelim}}}, nil
}

func (is *imapSession) Search(kind imapserver.NumKind, criteria *imap.SearchCriteria, options *imap.SearchOptions) (*imap.SearchData, error) {
	st := is.srv.store
	// Take what changes (sequence numbers, flags) under the lock, then read the messages
	// without holding it.
	st.mu.Lock()
	is.staticCriteria(criteria)
	targets := make([]searchTarget, len(is.selected.msgs))
	for i, m := range is.selected.msgs {
		targets[i] = searchTarget{st: st, m: m, seq: is.tracker.EncodeSeqNum(uint32(i + 1)), flags: maps.Clone(m.flags)}
	}
	st.mu.Unlock()
	var data imap.SearchData
	var seqs imap.SeqSet
	var uids imap.UIDSet
	for i := range targets {
		t := &targets[i]
		ok, err := matches(t, criteria)
		t.drop()
		if err == errExpunged {
			continue // by another session since the search began
		}
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		m, seq := t.m, t.seq
		uids.AddNum(m.uid)
		var num uint32
		if kind == imapserver.NumKindSeq {
			if seq == 0 {
				continue
			}
			seqs.AddNum(seq)
			num = seq
		} else {
			num = uint32(m.uid)
		}
		if data.Min == 0 || num < data.Min {
			data.Min = num
		}
		if num > data.Max {
			data.Max = num
		}
		data.Count++
	}
	if kind == imapserver.NumKindSeq {
		data.All = seqs
	} else {
		data.All = uids
	}
	if options != nil && options.ReturnSave {
		is.searchRes = uids
	}
	return &data, nil
}

func (is *imapSession) staticCriteria(c *imap.SearchCriteria) {
	var seqs []imap.SeqSet
	for _, s := range c.SeqNum {
		switch set := is.staticNumSet(s).(type) {
		case imap.SeqSet:
			seqs = append(seqs, set)
		case imap.UIDSet:
			c.UID = append(c.UID, set)
		}
	}
	c.SeqNum = seqs
	for i, u := range c.UID {
		c.UID[i] = is.staticNumSet(u).(imap.UIDSet)
	}
	for i := range c.Not {
		is.staticCriteria(&c.Not[i])
	}
	for i := range c.Or {
		is.staticCriteria(&c.Or[i][0])
		is.staticCriteria(&c.Or[i][1])
	}
}

// searchTarget is a message being searched, with the flags it had when the search began and
// what was read of it, read once however many criteria need it.
type searchTarget struct {
	st     *store
	m      *storedMessage
	seq    uint32
	flags  map[imap.Flag]struct{}
	header *gomessage.Entity
	lower  string // the whole message in lower case
	read   bool
}

func (t *searchTarget) has(f imap.Flag) bool {
	_, ok := t.flags[canonicalFlag(f)]
	return ok
}

func (t *searchTarget) headerFields() (*gomessage.Entity, error) {
	if t.header == nil {
		src, err := t.st.header(t.m)
		if err != nil {
			return nil, err
		}
		e, _ := gomessage.Read(bytes.NewReader(src))
		if e == nil {
			e = &gomessage.Entity{}
		}
		t.header = e
	}
	return t.header, nil
}

func (t *searchTarget) text() (string, error) {
	if !t.read {
		raw, err := t.st.body(t.m)
		if err != nil {
			return "", err
		}
		t.lower, t.read = strings.ToLower(string(raw)), true
	}
	return t.lower, nil
}

// drop lets go of what was read.
func (t *searchTarget) drop() { t.header, t.lower, t.read = nil, "", false }

// matches evaluates SEARCH criteria: sequence and UID sets, flags, header fields, body and
// text, dates and sizes, NOT and OR.
func matches(t *searchTarget, c *imap.SearchCriteria) (bool, error) {
	m := t.m
	for _, s := range c.SeqNum {
		if t.seq == 0 || !s.Contains(t.seq) {
			return false, nil
		}
	}
	for _, u := range c.UID {
		if !u.Contains(m.uid) {
			return false, nil
		}
	}
	for _, f := range c.Flag {
		if !t.has(f) {
			return false, nil
		}
	}
	for _, f := range c.NotFlag {
		if t.has(f) {
			return false, nil
		}
	}
	if !c.Since.IsZero() && m.date.Before(c.Since) {
		return false, nil
	}
	if !c.Before.IsZero() && !m.date.Before(c.Before) {
		return false, nil
	}
	if c.Larger > 0 && m.size <= c.Larger {
		return false, nil
	}
	if c.Smaller > 0 && m.size >= c.Smaller {
		return false, nil
	}
	if len(c.Header) > 0 {
		e, err := t.headerFields()
		if err != nil {
			return false, err
		}
		for _, h := range c.Header {
			found := false
			fields := e.Header.FieldsByKey(h.Key)
			for fields.Next() {
				v, err := fields.Text()
				if err != nil {
					v = fields.Value()
				}
				if strings.Contains(strings.ToLower(v), strings.ToLower(h.Value)) {
					found = true
					break
				}
			}
			if !found {
				return false, nil
			}
		}
	}
	if len(c.Body) > 0 || len(c.Text) > 0 {
		lower, err := t.text()
		if err != nil {
			return false, err
		}
		body := lower
		if i := strings.Index(lower, "\r\n\r\n"); i >= 0 {
			body = lower[i:]
		}
		for _, b := range c.Body {
			if !strings.Contains(body, strings.ToLower(b)) {
				return false, nil
			}
		}
		for _, s := range c.Text {
			if !strings.Contains(lower, strings.ToLower(s)) {
				return false, nil
			}
		}
	}
	for i := range c.Not {
		if ok, err := matches(t, &c.Not[i]); ok || err != nil {
			return false, err
		}
	}
	for _, or := range c.Or {
		ok, err := matches(t, &or[0])
		if err == nil && !ok {
			ok, err = matches(t, &or[1])
		}
		if !ok || err != nil {
			return false, err
		}
	}
	return true, nil
}

var (
	_ imapserver.Session     = (*imapSession)(nil)
	_ imapserver.SessionSASL = (*imapSession)(nil)
	_ imapserver.SessionMove = (*imapSession)(nil)

	_ imapserver.SessionAppendLimit = (*imapSession)(nil)
)
