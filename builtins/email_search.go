package builtins

import (
	"errors"
	"fmt"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Parts of a message EmailCherchePremier looks in (its <emplacement> parameter, combined
// with +). emailAucun names no particular part: the search covers the whole message, header
// and body (wl's reading of PC SOFT's constant table, whose text was cut).
const (
	emailSearchNone      = 0
	emailSearchBody      = 1
	emailSearchSubject   = 2
	emailSearchSender    = 4
	emailSearchRecipient = 8
	emailSearchMessageID = 16
)

func registerEmailSearchConstants(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(emailSearchNone, "emailAucun", "emailNone")
	c(emailSearchBody, "emailCorps", "emailBody")
	c(emailSearchSubject, "emailSujet", "emailSubject")
	c(emailSearchSender, "emailExpéditeur", "emailSender")
	c(emailSearchRecipient, "emailDestinataire", "emailRecipient")
	c(emailSearchMessageID, "emailMessageID", "emailIDMessage")
}

// searchCursor is a search under way on a session: the messages found (IMAP) or still to
// look at (POP3), and where EmailChercheSuivant goes on from.
type searchCursor struct {
	q    mailrt.Query
	refs []uint32
	next int // index in refs of the next candidate
	// local is set when the messages are matched here (POP3): refs are every message,
	// matched one by one as the search goes on.
	local bool
}

// searchQuery makes the query of EmailCherchePremier's text, parts and options.
func searchQuery(text string, where, opts int64, imap bool) mailrt.Query {
	q := mailrt.Query{Value: text, UnseenOnly: imap && opts&emailAllMessages == 0}
	for _, f := range []struct {
		bit   int64
		field mailrt.SearchField
	}{{emailSearchBody, mailrt.SearchBody}, {emailSearchSubject, mailrt.SearchSubject},
		{emailSearchSender, mailrt.SearchFrom}, {emailSearchRecipient, mailrt.SearchTo},
		{emailSearchMessageID, mailrt.SearchMessageID}} {
		if where&f.bit != 0 {
			q.Fields = append(q.Fields, f.field)
		}
	}
	return q
}

// seekFirstFunc is EmailCherchePremier / EmailSeekFirst:
//
//	EmailCherchePremier(<session> [, <Email>], <texte>, <emplacement> [, <options>])
//
// It reads the first message holding <texte> (without regard to case) in the parts
// <emplacement> names (emailSujet, emailExpéditeur, emailDestinataire, emailCorps,
// emailMessageID combined with +, or emailAucun for the whole message) into the Email given
// or the Email structure, and returns Vrai; with no such message it returns Faux and sets
// EnDehors. On IMAP the server searches (SEARCH), among the unread messages unless the
// option is emailTout, as EmailLitPremier reads them; on POP3 wl reads the messages one by
// one (only their header when the parts are all in it) and compares them itself.
// EmailChercheSuivant reads the next message found.
func (b *emailBinding) seekFirstFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	const fn = "EmailCherchePremier"
	st := b.state(th)
	rest := args[1:]
	var m *emailMessage
	if len(rest) > 0 {
		if mm, ok := rest[0].Object().(*emailMessage); ok {
			m, rest = mm, rest[1:]
		}
	}
	if len(rest) < 2 || len(rest) > 3 {
		return interp.Null, fmt.Errorf("%s: the session, the text sought and where to look were expected (an Email may follow the session, options may end the call)", fn)
	}
	if m == nil {
		m = b.et.structure(th)
	}
	s, ok, err := st.reader(th, fn, args[0])
	if !ok {
		return interp.Bool(false), err
	}
	where := rest[1].AsInt()
	if where&^(emailSearchBody|emailSearchSubject|emailSearchSender|emailSearchRecipient|emailSearchMessageID) != 0 {
		return interp.Null, fmt.Errorf("%s: %s is not a place to search (emailSujet, emailExpéditeur, emailDestinataire, emailCorps, emailMessageID, emailAucun)", fn, rest[1].String())
	}
	q := searchQuery(rest[0].String(), where, optionArg(rest, 2), s.imap != nil)
	cur := &searchCursor{q: q}
	if s.imap != nil {
		if err := s.imap.Refresh(); err != nil {
			return fail(th, err), nil
		}
		cur.refs, err = s.imap.Find(q)
	} else {
		cur.local = true
		err = listing(th, s, true)
		cur.refs = append([]uint32(nil), s.list...)
	}
	if err != nil {
		s.search = nil
		return fail(th, err), nil
	}
	s.search = cur
	return b.seekNext(th, s, m), nil
}

// seekNextFunc is EmailChercheSuivant / EmailSeekNext(<session> [, <Email>]): the next
// message the search of EmailCherchePremier finds; Faux with EnDehors after the last one.
func (b *emailBinding) seekNextFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	const fn = "EmailChercheSuivant"
	st := b.state(th)
	m, _, err := b.readArgs(th, fn, args[1:])
	if err != nil {
		return interp.Null, err
	}
	s, ok, err := st.reader(th, fn, args[0])
	if !ok {
		return interp.Bool(false), err
	}
	if s.search == nil {
		return failf(th, "%s: no search was started with EmailCherchePremier on the session %q", fn, s.name), nil
	}
	return b.seekNext(th, s, m), nil
}

// seekNext reads the next message the session's search finds into m.
func (b *emailBinding) seekNext(th *interp.Thread, s *session, m *emailMessage) interp.Value {
	cur := s.search
	for cur.next < len(cur.refs) {
		ref := cur.refs[cur.next]
		cur.next++
		if s.popDeleted[ref] {
			continue
		}
		var err error
		if cur.local {
			full := !cur.q.HeaderOnly()
			raw, rerr := s.pop3Raw(ref, full)
			if rerr != nil {
				return fail(th, rerr)
			}
			if !cur.q.Match(raw) {
				continue
			}
			if full { // read once: the message found is the one compared
				err = fill(th, b.et, s, ref, raw, false, true, -1, m)
			} else {
				err = fetch(th, b.et, s, ref, true, true, m)
			}
		} else {
			err = fetch(th, b.et, s, ref, true, true, m)
		}
		if err != nil {
			if errors.Is(err, errVanished) {
				continue // expunged by another session since the search
			}
			return fail(th, err)
		}
		s.current, s.currentMsg = ref, m
		m.out = false
		return interp.Bool(true)
	}
	m.out = true
	return interp.Bool(false)
}

// pop3Raw reads a POP3 message whole, or its header only.
func (s *session) pop3Raw(ref uint32, full bool) ([]byte, error) {
	if full {
		return s.pop3.Retr(int(ref))
	}
	return s.pop3.Top(int(ref), 0)
}
