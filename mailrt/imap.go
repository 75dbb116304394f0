package mailrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
)

// IMAPClient is an open IMAP session.
type IMAPClient struct {
	s      Settings
	c      *imapclient.Client
	conn   *timeoutConn
	folder string
	// Count is the number of messages of the selected folder.
	count uint32
	// deleted are the UIDs this session flagged \Deleted in the selected folder: with
	// UIDPLUS, Expunge removes only those, not what other sessions flagged.
	deleted imap.UIDSet
}

// IMAPMessage is a message read over IMAP: its UID, flags and bytes (the header only when
// fetched without the body).
type IMAPMessage struct {
	UID  uint32
	Seq  uint32
	Seen bool
	// Flags are the message's flags as the server gave them (\Seen, \Answered, $Label...).
	Flags []string
	Size  int64
	// Date is the server's INTERNALDATE, read by FetchMeta only (zero from Fetch).
	Date time.Time
	Raw  []byte
	Full bool
}

// DialIMAP opens an IMAP session: connect, STARTTLS when asked, LOGIN (or AUTHENTICATE
// XOAUTH2 with a token), then SELECT INBOX. Settings whose values cannot go into a command
// (a CR, LF or NUL in the server name, user name, password or token, a port out of range)
// are refused with KindInvalidValue before connecting.
func DialIMAP(ctx context.Context, s Settings) (*IMAPClient, error) {
	if e := s.check(IMAP); e != nil {
		return nil, e // nothing was sent: not even connected
	}
	c, err := dialIMAP(ctx, s)
	if err != nil {
		return nil, withPortHint(err, IMAP, s)
	}
	return c, nil
}

func dialIMAP(ctx context.Context, s Settings) (*IMAPClient, error) {
	conn, err := s.dial(ctx, IMAP)
	if err != nil {
		return nil, err
	}
	// The client's reader reads messages' bytes ahead of Fetch, 1 MiB at most as POP3's
	// RetrAhead, rather than waiting for Fetch to take each one off the connection.
	opts := &imapclient.Options{TLSConfig: s.tlsConfig(), BufferedLiteralMax: readAheadMax}
	var c *imapclient.Client
	if s.Security == SecuritySTARTTLS {
		c, err = imapclient.NewStartTLS(conn, opts)
		if err != nil {
			e := classify("IMAP STARTTLS "+s.Addr(IMAP), err)
			if e.Kind == KindOther {
				e.Kind = KindTLS
			}
			return nil, e
		}
	} else {
		c = imapclient.New(conn, opts)
	}
	if err := c.WaitGreeting(); err != nil {
		c.Close()
		return nil, imapError("IMAP greeting "+s.Addr(IMAP), err)
	}
	cl := &IMAPClient{s: s, c: c, conn: conn}
	op := "IMAP login " + s.Addr(IMAP)
	if s.Token != "" {
		err = c.Authenticate(&xoauth2Client{user: s.User, token: s.Token})
	} else if c.Caps().Has(imap.CapLoginDisabled) {
		err = c.Authenticate(sasl.NewPlainClient("", s.User, s.Password))
	} else {
		err = c.Login(s.User, s.Password).Wait()
	}
	if err != nil {
		c.Close()
		e := imapError(op, err)
		if e.Kind == KindServer {
			e.Kind = KindAuth
		}
		return nil, e
	}
	if err := cl.Select("INBOX"); err != nil {
		c.Close()
		return nil, err
	}
	return cl, nil
}

func imapError(op string, err error) *Error {
	var ie *imap.Error
	if errors.As(err, &ie) {
		text := string(ie.Type)
		if ie.Code != "" {
			text += " [" + string(ie.Code) + "]" // the response code says why (RFC 5530)
		}
		return &Error{Op: op, Kind: KindServer, Text: strings.TrimSpace(text + " " + ie.Text), Err: err}
	}
	return classify(op, err)
}

// Folder is the selected folder.
func (cl *IMAPClient) Folder() string { return cl.folder }

// Count is the number of messages in the selected folder.
func (cl *IMAPClient) Count() int { return int(cl.count) }

// Select opens a folder.
//
// Leaving a folder removes the messages this session deleted in it first. A folder name
// holding CR, LF or NUL is refused (KindInvalidValue), as by every folder command, before
// anything is sent.
func (cl *IMAPClient) Select(folder string) error {
	if e := checkLine("IMAP SELECT", "folder name", folder, false); e != nil {
		return e
	}
	if folder != cl.folder && len(cl.deleted) > 0 {
		if err := cl.Expunge(); err != nil {
			return err
		}
	}
	d, err := cl.c.Select(folder, nil).Wait()
	if err != nil {
		return imapError("IMAP SELECT "+folder, err)
	}
	cl.folder, cl.count = folder, d.NumMessages
	return nil
}

// Folders lists every folder.
func (cl *IMAPClient) Folders() ([]string, error) {
	list, err := cl.c.List("", "*", nil).Collect()
	if err != nil {
		return nil, imapError("IMAP LIST", err)
	}
	var out []string
	for _, l := range list {
		out = append(out, l.Mailbox)
	}
	sort.Strings(out)
	return out, nil
}

// Search returns the UIDs of the selected folder's messages, only the unread ones with
// unseenOnly, oldest first.
func (cl *IMAPClient) Search(unseenOnly bool) ([]uint32, error) {
	crit := &imap.SearchCriteria{}
	if unseenOnly {
		crit.NotFlag = []imap.Flag{imap.FlagSeen}
	}
	return cl.search(crit)
}

// search runs a UID SEARCH and returns the UIDs found, in ascending order.
func (cl *IMAPClient) search(crit *imap.SearchCriteria) ([]uint32, error) {
	d, err := cl.c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return nil, imapError("IMAP SEARCH", err)
	}
	var out []uint32
	for _, u := range d.AllUIDs() {
		out = append(out, uint32(u))
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// Fetch reads messages by UID: the whole message with full, else the header only. Reading
// never marks a message seen (BODY.PEEK); MarkSeen does.
func (cl *IMAPClient) Fetch(uids []uint32, full bool) ([]IMAPMessage, error) {
	return cl.fetch(uids, full, true)
}

// FetchMeta reads the UID, flags, size and date of messages by UID, not their bytes.
func (cl *IMAPClient) FetchMeta(uids []uint32) ([]IMAPMessage, error) {
	return cl.fetch(uids, false, false)
}

func (cl *IMAPClient) fetch(uids []uint32, full, content bool) ([]IMAPMessage, error) {
	if len(uids) == 0 {
		return nil, nil
	}
	got := make([]IMAPMessage, 0, len(uids))
	if err := cl.fetchEach(uidSet(uids), full, content, func(im IMAPMessage) { got = append(got, im) }); err != nil {
		return nil, err
	}
	return inUIDOrder(got, uids), nil
}

// FetchEach reads messages by UID as Fetch does, but hands each one to each as soon as it
// is read, on the caller's goroutine, while the next ones are still coming: the caller can
// work on a message while the server sends the next. Messages come in the order the server
// sends them (not sorted as Fetch sorts them; uids absent from the mailbox are not sent);
// each message's Raw is its own. Nothing is handed on after FetchEach returns; an error
// may come after some messages were handed on. each must return normally: a panic would
// leave the FETCH unfinished on the connection.
func (cl *IMAPClient) FetchEach(uids []uint32, full bool, each func(IMAPMessage)) error {
	if len(uids) == 0 {
		return nil
	}
	return cl.fetchEach(uidSet(uids), full, true, each)
}

// FetchAll is FetchEach for every message of the selected folder (UID FETCH 1:*), without
// a SEARCH for their UIDs first. In an empty folder a server may answer 1:* with an error
// rather than nothing: ask for it when Count is not 0.
func (cl *IMAPClient) FetchAll(full bool, each func(IMAPMessage)) error {
	return cl.fetchEach(imap.UIDSet{{Start: 1, Stop: 0}}, full, true, each)
}

func uidSet(uids []uint32) imap.UIDSet {
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	return set
}

func (cl *IMAPClient) fetchEach(set imap.UIDSet, full, content bool, each func(IMAPMessage)) error {
	// INTERNALDATE only without content: no reader of a message's bytes uses it, and it costs
	// the server a date to write and the client one to parse per message.
	opts := &imap.FetchOptions{UID: true, Flags: true, RFC822Size: true, InternalDate: !content}
	if content {
		section := &imap.FetchItemBodySection{Peek: true}
		if !full {
			section.Specifier = imap.PartSpecifierHeader
		}
		opts.BodySection = []*imap.FetchItemBodySection{section}
	}
	// The items are read one by one rather than with Collect, whose io.ReadAll grows each
	// message 1.25 times at a time (five times a large message's size allocated): a
	// literal's size is known, so it is read into a buffer of that size.
	cmd := cl.c.Fetch(set, opts)
	// One progressLiteral serves every message in turn: each literal is read to its end
	// (or the read stops) before the next message.
	var plBuf progressLiteral
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		im := IMAPMessage{Seq: msg.SeqNum, Full: full}
		for item := msg.Next(); item != nil; item = msg.Next() {
			switch it := item.(type) {
			case imapclient.FetchItemDataUID:
				im.UID = uint32(it.UID)
			case imapclient.FetchItemDataFlags:
				im.Flags = make([]string, 0, len(it.Flags))
				for _, f := range it.Flags {
					im.Flags = append(im.Flags, string(f))
					if strings.EqualFold(string(f), string(imap.FlagSeen)) {
						im.Seen = true
					}
				}
			case imapclient.FetchItemDataRFC822Size:
				im.Size = it.Size
			case imapclient.FetchItemDataInternalDate:
				im.Date = it.Time
			case imapclient.FetchItemDataBodySection:
				lit := it.Literal
				var pl *progressLiteral
				if full && cl.s.Progress != nil && lit != nil {
					plBuf = progressLiteral{progressReader{r: lit, p: cl.s.Progress, total: lit.Size()}, lit.Size()}
					pl = &plBuf
					lit = pl
				}
				raw, err := readLiteral(lit, cl.s.Reserve)
				if err == nil && pl != nil && pl.stop != nil {
					err = pl.stop
				}
				if err != nil {
					if stopped(err) {
						// Reading the rest of the literal would wait for all of it: close
						// the connection, so that what is left fails at once, and read
						// what the client's reader has handed on: it may be ahead of this
						// message, waiting for a later literal to be read, and can then end.
						cl.conn.Close()
						cmd.Close()
						cl.c.Close()
						return &Error{Op: "IMAP FETCH", Kind: KindCanceled, Err: err}
					}
					cmd.Close()
					return imapError("IMAP FETCH", err)
				}
				im.Raw = raw
			}
		}
		each(im)
	}
	if err := cmd.Close(); err != nil {
		return imapError("IMAP FETCH", err)
	}
	return nil
}

// inUIDOrder gives the messages of got in the order of uids, leaving out the uids that got
// lacks (and, of a UID answered twice, keeping the last answer). got itself when it is that
// already, as it is when the server answers in the order asked.
func inUIDOrder(got []IMAPMessage, uids []uint32) []IMAPMessage {
	if slices.EqualFunc(got, uids, func(m IMAPMessage, u uint32) bool { return m.UID == u }) {
		return got
	}
	byUID := make(map[uint32]int, len(got))
	for i, m := range got {
		byUID[m.UID] = i
	}
	out := make([]IMAPMessage, 0, len(uids))
	for _, u := range uids {
		if i, ok := byUID[u]; ok {
			out = append(out, got[i])
		}
	}
	return out
}

// progressLiteral is a literal whose reading is reported.
type progressLiteral struct {
	progressReader
	size int64
}

func (l *progressLiteral) Size() int64 { return l.size }

// Buffered gives the bytes of a literal that imapclient's reader read ahead (see
// bufferedLiteral) without copying them, and reports them as reading them through l
// would: wl's sessions always have a Progress (EmailJauge), so without it every message
// read ahead was copied once more. A ProgressFunc's error is left in l.stop.
func (l *progressLiteral) Buffered() ([]byte, bool) {
	bl, ok := l.r.(bufferedLiteral)
	if !ok || l.done != 0 {
		return nil, false
	}
	b, ok := bl.Buffered()
	if !ok {
		return nil, false
	}
	l.skip(len(b))
	return b, true
}

// readAheadMax bounds the bytes of messages imapclient's reader reads ahead of Fetch (its
// Options.BufferedLiteralMax): they are held before Fetch asks the session's Reserve for
// them.
const readAheadMax = 1 << 20

// bufferedLiteral is a literal imapclient's reader read whole (Options.BufferedLiteralMax):
// Buffered gives its bytes when nothing was read from it and no error stopped it.
type bufferedLiteral interface {
	Buffered() ([]byte, bool)
}

// readLiteral reads a literal whole into a buffer of its announced size (a nil literal is
// an empty section), asking reserve (when not nil) first; a literal of implausible size is
// read as it comes, reserve asked as its buffer grows.
func readLiteral(lit imap.LiteralReader, reserve func(int64) error) ([]byte, error) {
	if lit == nil {
		return nil, nil
	}
	n := lit.Size()
	if n < 0 || n > maxSizeHint {
		return readReserved(lit, reserve)
	}
	if reserve != nil {
		if err := reserve(n); err != nil {
			return nil, &progressStop{err}
		}
	}
	if bl, ok := lit.(bufferedLiteral); ok {
		if b, ok := bl.Buffered(); ok {
			return b, nil // read ahead by the client's reader: no copy
		}
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(lit, b); err != nil {
		return nil, err
	}
	return b, nil
}

// readReserved reads r to its end like io.ReadAll, asking reserve (when not nil) before
// its buffer grows.
func readReserved(r io.Reader, reserve func(int64) error) ([]byte, error) {
	if reserve == nil {
		return io.ReadAll(r)
	}
	var b []byte
	for {
		if len(b) == cap(b) {
			grow := min(max(cap(b), 4096), 64<<20)
			if err := reserve(int64(grow)); err != nil {
				return nil, &progressStop{err}
			}
			nb := make([]byte, len(b), cap(b)+grow)
			copy(nb, b)
			b = nb
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// SetFlag adds (or with add false removes) a flag on messages.
func (cl *IMAPClient) SetFlag(uids []uint32, flag imap.Flag, add bool) error {
	if e := checkFlag("IMAP STORE", string(flag)); e != nil {
		return e
	}
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	op := imap.StoreFlagsAdd
	if !add {
		op = imap.StoreFlagsDel
	}
	if err := cl.c.Store(set, &imap.StoreFlags{Op: op, Flags: []imap.Flag{flag}, Silent: true}, nil).Close(); err != nil {
		return imapError(fmt.Sprintf("IMAP STORE %s", flag), err)
	}
	return nil
}

// MarkSeen marks messages read (or unread).
func (cl *IMAPClient) MarkSeen(uids []uint32, seen bool) error {
	return cl.SetFlag(uids, imap.FlagSeen, seen)
}

// Delete flags messages deleted; Expunge removes them.
func (cl *IMAPClient) Delete(uids []uint32) error {
	if err := cl.SetFlag(uids, imap.FlagDeleted, true); err != nil {
		return err
	}
	for _, u := range uids {
		cl.deleted.AddNum(imap.UID(u))
	}
	return nil
}

// Expunge removes the messages this session deleted: with UID EXPUNGE when the server has
// UIDPLUS (RFC 4315, part of IMAP4rev2), so that messages other sessions flagged stay; else every message
// flagged \Deleted.
func (cl *IMAPClient) Expunge() error {
	var cmd *imapclient.ExpungeCommand
	op := "IMAP EXPUNGE"
	if caps := cl.c.Caps(); caps.Has(imap.CapUIDPlus) || caps.Has(imap.CapIMAP4rev2) {
		if len(cl.deleted) == 0 {
			return nil
		}
		cmd, op = cl.c.UIDExpunge(cl.deleted), "IMAP UID EXPUNGE"
	} else {
		cmd = cl.c.Expunge() // sends the command
	}
	if _, err := cmd.Collect(); err != nil {
		return imapError(op, err)
	}
	cl.deleted = nil
	if d, err := cl.c.Select(cl.folder, nil).Wait(); err == nil {
		cl.count = d.NumMessages
	}
	return nil
}

// Copy copies messages to another folder.
func (cl *IMAPClient) Copy(uids []uint32, folder string) error {
	if e := checkLine("IMAP COPY", "folder name", folder, false); e != nil {
		return e
	}
	var set imap.UIDSet
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	if _, err := cl.c.Copy(set, folder).Wait(); err != nil {
		return imapError("IMAP COPY "+folder, err)
	}
	return nil
}

// CreateFolder makes a folder; DeleteFolder removes one.
func (cl *IMAPClient) CreateFolder(name string) error {
	if e := checkLine("IMAP CREATE", "folder name", name, false); e != nil {
		return e
	}
	if err := cl.c.Create(name, nil).Wait(); err != nil {
		return imapError("IMAP CREATE "+name, err)
	}
	return nil
}

// DeleteFolder removes a folder.
func (cl *IMAPClient) DeleteFolder(name string) error {
	if e := checkLine("IMAP DELETE", "folder name", name, false); e != nil {
		return e
	}
	if err := cl.c.Delete(name).Wait(); err != nil {
		return imapError("IMAP DELETE "+name, err)
	}
	return nil
}

// Refresh reads the folder's message count again (new mail arrives while connected).
func (cl *IMAPClient) Refresh() error { return cl.Select(cl.folder) }

// Close logs out.
func (cl *IMAPClient) Close() error {
	err := cl.c.Logout().Wait()
	cl.c.Close()
	if err != nil {
		return imapError("IMAP LOGOUT", err)
	}
	return nil
}
