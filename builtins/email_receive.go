package builtins

import (
	"fmt"
	"math"
	"strings"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// readOp is the move of EmailLitPremier, EmailLitSuivant, EmailLitPrécédent, EmailLitDernier.
type readOp int

const (
	readFirst readOp = iota
	readNext
	readPrevious
	readLast
)

// reader returns the session of a reading function, which must be able to read: reading
// over an SMTP-only session is a WLanguage error.
func (st *mailState) reader(th *interp.Thread, fn string, v interp.Value) (*session, bool, error) {
	s, ok := st.openSession(th, fn, v)
	if !ok {
		return nil, false, nil
	}
	if s.pop3 == nil && s.imap == nil {
		return nil, false, errNotReading(fn, s.name)
	}
	return s, true, nil
}

// readArgs splits the optional parameters of a reading function: an Email variable to fill
// (else the Email structure) and options (emailAll).
func (b *emailBinding) readArgs(th *interp.Thread, fn string, args []interp.Value) (*emailMessage, int64, error) {
	var m *emailMessage
	var opts int64
	for _, a := range args {
		if mm, ok := a.Object().(*emailMessage); ok {
			m = mm
			continue
		}
		if a.Object() != nil || a.Kind() == interp.KString {
			return nil, 0, errNotAnEmail(fn, a)
		}
		opts |= a.AsInt()
	}
	if m == nil {
		m = b.et.structure(th)
	}
	return m, opts, nil
}

// readFunc makes EmailLitPremier, EmailLitSuivant, EmailLitPrécédent, EmailLitDernier and
// their header-only (Entête) forms:
//
//	EmailLitPremier(<session> [, <Email>] [, emailTout])
//
// They fill the Email variable given, or the Email structure, and return Vrai; past the
// last (or before the first) message they return Faux and set EnDehors to Vrai, without
// error. On IMAP they read the unread messages only unless emailTout is given, and a
// complete read marks the message read. POP3 reads every message of the mailbox as it was
// when the session opened.
func (b *emailBinding) readFunc(fn string, op readOp, full bool) interp.Func {
	return func(th *interp.Thread, args []interp.Value) (interp.Value, error) {
		st := b.state(th)
		m, opts, err := b.readArgs(th, fn, args[1:])
		if err != nil {
			return interp.Null, err
		}
		s, ok, err := st.reader(th, fn, args[0])
		if !ok {
			return interp.Bool(false), err
		}
		if op == readFirst || op == readLast || !s.listed {
			if err := listing(th, s, opts&emailAllMessages != 0); err != nil {
				return fail(th, err), nil
			}
		}
		i := s.cursor
		step := 1
		switch op {
		case readFirst:
			i = 0
		case readNext:
			i++
		case readPrevious:
			i, step = i-1, -1
		case readLast:
			i, step = len(s.list)-1, -1
		}
		// Messages deleted in this POP3 session are passed over: the server no longer
		// gives them.
		for i >= 0 && i < len(s.list) && s.popDeleted[s.list[i]] {
			i += step
		}
		if i < 0 || i >= len(s.list) {
			if i < 0 {
				s.cursor = -1
			} else {
				s.cursor = len(s.list)
			}
			m.out = true
			return interp.Bool(false), nil
		}
		// The cursor moves even if the read fails, so that a loop gets past a message
		// that cannot be read (deleted meanwhile by another session).
		s.cursor, s.current, s.currentMsg = i, s.list[i], m
		if full && step == 1 {
			popAhead(s, s.list, i)
		}
		if err := fetch(th, b.et, s, s.list[i], full, true, m); err != nil {
			return fail(th, err), nil
		}
		m.out = false
		return interp.Bool(true), nil
	}
}

// readMessageFunc is EmailLitMessage / EmailReadMessage(<session> [, <Email>], <number>):
// the message of that number (POP3 message number, IMAP UID: the NuméroMessage member of a
// message read before), complete. It becomes the current message of EmailSupprimeMessage.
func (b *emailBinding) readMessageFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	if len(args) < 2 {
		return interp.Null, emailArgsError("EmailLitMessage", 2, len(args))
	}
	m, _, err := b.readArgs(th, "EmailLitMessage", args[1:len(args)-1])
	if err != nil {
		return interp.Null, err
	}
	s, ok, err := st.reader(th, "EmailLitMessage", args[0])
	if !ok {
		return interp.Bool(false), err
	}
	ref := args[len(args)-1].AsInt()
	if ref <= 0 || ref > math.MaxUint32 {
		// A larger number would wrap around to another message's.
		return failf(th, "EmailLitMessage: there is no message %d", ref), nil
	}
	if s.popDeleted[uint32(ref)] {
		// Deleted in this session: the message is out of reach, as after the last one.
		m.out = true
		return interp.Bool(false), nil
	}
	if err := fetch(th, b.et, s, uint32(ref), true, true, m); err != nil {
		return fail(th, err), nil
	}
	m.out = false
	s.current, s.currentMsg = uint32(ref), m
	return interp.Bool(true), nil
}

// getAllFunc is EmailRécupèreTout / EmailGetAll(<session> [, <options>]): an array of Email,
// oldest first, with the header only (ertEntête, the default) or everything (ertComplet),
// only the unread ones with ertNonLu (IMAP only: a fatal error on POP3, which cannot tell).
// With ertAsynchrone the array comes back at once and each Email is read when first used.
func (b *emailBinding) getAllFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok, err := st.reader(th, "EmailRécupèreTout", args[0])
	out := interp.NewArray(&interp.Type{Name: "Email", Kind: interp.KObject, Obj: b.et.message})
	if !ok {
		return interp.ArrayValue(out), err
	}
	opts := optionArg(args, 1)
	if opts&ertNotRead != 0 && s.pop3 != nil {
		return interp.Null, fmt.Errorf("EmailRécupèreTout: ertNonLu is not available on a POP3 session (POP3 does not know which messages were read)")
	}
	read, async := readAll, opts&ertAsynchronous != 0
	if async {
		read = readAllAsync
	}
	msgs, err := read(th, st, s, opts)
	if err != nil {
		fail(th, err)
		return interp.ArrayValue(out), nil
	}
	for _, m := range msgs {
		if async {
			out.Append(interp.ObjectValue(m))
		} else {
			out.AppendOwned(interp.ObjectValue(m)) // each Email is new and the array's alone
		}
	}
	return interp.ArrayValue(out), nil
}

// countFunc is EmailNbMessage(<session>): on POP3 the number of messages when it is first
// asked, fixed for the session (as WINDEV documents); on IMAP the current number of
// messages of the selected folder, deleted ones counting until EmailDétruit.
func (b *emailBinding) countFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok, err := st.reader(th, "EmailNbMessage", args[0])
	if !ok {
		if err == nil {
			return interp.Int(0), nil
		}
		return interp.Null, err
	}
	if s.pop3 != nil {
		if s.popCount < 0 {
			n, _, err := s.pop3.Stat()
			if err != nil {
				fail(th, err)
				return interp.Int(0), nil
			}
			s.popCount = n
		}
		return interp.Int(int64(s.popCount)), nil
	}
	if err := s.imap.Refresh(); err != nil {
		fail(th, err)
		return interp.Int(0), nil
	}
	return interp.Int(int64(s.imap.Count())), nil
}

// messageRef finds the message a management function acts on: an Email read from the
// session, a message number, or (when absent) the current message of the reading cursor.
func messageRef(fn string, s *session, v interp.Value) (uint32, error) {
	if m, ok := v.Object().(*emailMessage); ok {
		if m.number <= 0 {
			return 0, fmt.Errorf("%s: this Email was not read from a session", fn)
		}
		return uint32(m.number), nil
	}
	if !v.IsNull() {
		if n := v.AsInt(); n > 0 && n <= math.MaxUint32 {
			return uint32(n), nil // a larger number would wrap around to another message's
		}
		return 0, fmt.Errorf("%s: %s is not a message number", fn, v.String())
	}
	if s.current != 0 {
		return s.current, nil
	}
	return 0, fmt.Errorf("%s: no message was read from the session %q", fn, s.name)
}

// deleteFunc is EmailSupprimeMessage / EmailDeleteMessage(<session> [, <Email or number>]):
// it deletes the current message (the last one read) or the one given. POP3 applies the
// deletions when the session closes; IMAP flags the message \Deleted and removes it at
// EmailDétruit or when the session closes.
func (b *emailBinding) deleteFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok, err := st.reader(th, "EmailSupprimeMessage", args[0])
	if !ok {
		return interp.Bool(false), err
	}
	ref, err := messageRef("EmailSupprimeMessage", s, arg(args, 1))
	if err != nil {
		return failf(th, "%v", err), nil
	}
	if s.pop3 != nil {
		if s.popDeleted[ref] {
			return interp.Bool(true), nil // already marked: the server would answer -ERR
		}
		err = s.pop3.Dele(int(ref))
		if err == nil {
			if s.popDeleted == nil {
				s.popDeleted = map[uint32]bool{}
			}
			s.popDeleted[ref] = true
		}
	} else {
		err = s.imap.Delete([]uint32{ref})
		s.imapDeleted = s.imapDeleted || err == nil
	}
	if err != nil {
		return fail(th, err), nil
	}
	// On POP3 the message deleted is out of reach at once: its Email has EnDehors set, as
	// WINDEV documents (an IMAP message stays readable until EmailDétruit).
	if s.pop3 != nil {
		if m, ok := arg(args, 1).Object().(*emailMessage); ok {
			m.out = true
		} else if s.currentMsg != nil && uint32(s.currentMsg.number) == ref {
			s.currentMsg.out = true
		}
	}
	return interp.Bool(true), nil
}

// destroyFunc is EmailDétruit / EmailDestroy(<session>): on IMAP it removes now the messages
// EmailSupprimeMessage flagged (EXPUNGE); on POP3, where deletions happen at the close, it
// does nothing and returns Vrai.
func (b *emailBinding) destroyFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok, err := st.reader(th, "EmailDétruit", args[0])
	if !ok {
		return interp.Bool(false), err
	}
	if s.imap != nil {
		if err := s.imap.Expunge(); err != nil {
			return fail(th, err), nil
		}
		s.imapDeleted = false
		s.listed = false
	}
	return interp.Bool(true), nil
}

// changeStateFunc is EmailChangeEtat / EmailChangeStatus(<session>, [<Email or number>,]
// <state>): it marks an IMAP message read (emailEtatLu, or Vrai) or unread (emailEtatNonLu,
// or Faux). wl's choice of syntax and constants, PC SOFT's page being unknown. POP3 keeps
// no read state: a fatal error there.
func (b *emailBinding) changeStateFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok, err := st.reader(th, "EmailChangeEtat", args[0])
	if !ok {
		return interp.Bool(false), err
	}
	if s.imap == nil {
		return interp.Null, fmt.Errorf("EmailChangeEtat: a POP3 session keeps no read state; use an IMAP session")
	}
	var target interp.Value = interp.Null
	if len(args) > 2 {
		target = args[1]
	}
	ref, err := messageRef("EmailChangeEtat", s, target)
	if err != nil {
		return failf(th, "%v", err), nil
	}
	read := args[len(args)-1].AsBool()
	if err := s.imap.MarkSeen([]uint32{ref}, read); err != nil {
		return fail(th, err), nil
	}
	if m, ok := target.Object().(*emailMessage); ok {
		m.read = read
	}
	return interp.Bool(true), nil
}

// imapOnly returns the IMAP client of a session, for the folder functions.
func (st *mailState) imapOnly(th *interp.Thread, fn string, v interp.Value) (*mailrt.IMAPClient, bool, error) {
	s, ok, err := st.reader(th, fn, v)
	if !ok {
		return nil, false, err
	}
	if s.imap == nil {
		return nil, false, fmt.Errorf("%s: folders exist on IMAP sessions only", fn)
	}
	s.listed = false
	return s.imap, true, nil
}

// listFoldersFunc is EmailListeDossier / EmailListFolder(<session>): the folder names of an
// IMAP mailbox, one per line (separated by RC, as WINDEV's list functions return them), for
// POUR TOUTE CHAÎNE ... SÉPARÉE PAR RC.
func (b *emailBinding) listFoldersFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	c, ok, err := b.state(th).imapOnly(th, "EmailListeDossier", args[0])
	if !ok {
		return interp.Str(""), err
	}
	names, err := c.Folders()
	if err != nil {
		fail(th, err)
		return interp.Str(""), nil
	}
	return interp.Str(strings.Join(names, "\r\n")), nil
}

// changeFolderFunc is EmailChangeDossier / EmailChangeFolder(<session>, <folder>): later
// reads work on that folder.
func (b *emailBinding) changeFolderFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	c, ok, err := b.state(th).imapOnly(th, "EmailChangeDossier", args[0])
	if !ok {
		return interp.Bool(false), err
	}
	if err := c.Select(args[1].String()); err != nil {
		return fail(th, err), nil
	}
	return interp.Bool(true), nil
}

// currentFolderFunc is EmailDossierCourant / EmailCurrentFolder(<session>).
func (b *emailBinding) currentFolderFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	c, ok, err := b.state(th).imapOnly(th, "EmailDossierCourant", args[0])
	if !ok {
		return interp.Str(""), err
	}
	return interp.Str(c.Folder()), nil
}

// copyFunc is EmailCopie / EmailCopy(<session>, [<Email or number>,] <folder>): copies a
// message (the current one by default) into another IMAP folder.
func (b *emailBinding) copyFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok, err := st.reader(th, "EmailCopie", args[0])
	if !ok {
		return interp.Bool(false), err
	}
	if s.imap == nil {
		return interp.Null, fmt.Errorf("EmailCopie: folders exist on IMAP sessions only")
	}
	var target interp.Value = interp.Null
	if len(args) > 2 {
		target = args[1]
	}
	ref, err := messageRef("EmailCopie", s, target)
	if err != nil {
		return failf(th, "%v", err), nil
	}
	if err := s.imap.Copy([]uint32{ref}, args[len(args)-1].String()); err != nil {
		return fail(th, err), nil
	}
	return interp.Bool(true), nil
}

// folderFunc makes EmailCréeDossier / EmailCreateFolder and EmailSupprimeDossier /
// EmailDeleteFolder(<session>, <folder>).
func (b *emailBinding) folderFunc(fn string, create bool) interp.Func {
	return func(th *interp.Thread, args []interp.Value) (interp.Value, error) {
		c, ok, err := b.state(th).imapOnly(th, fn, args[0])
		if !ok {
			return interp.Bool(false), err
		}
		if create {
			err = c.CreateFolder(args[1].String())
		} else {
			err = c.DeleteFolder(args[1].String())
		}
		if err != nil {
			return fail(th, err), nil
		}
		return interp.Bool(true), nil
	}
}
