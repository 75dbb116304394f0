package builtins

import (
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// emailMessage is a value of the Email type, and the content of the global Email structure
// of the legacy API. Recipients are arrays of strings; attachments of an Email variable are
// emailAttach values, those of the structure are file names (Email.Attache[i]).
type emailMessage struct {
	typ *interp.ObjectType
	// structure marks the global Email structure: its Nb* members are counters the script
	// sets (Email.NbDestinataire = 1) rather than lengths.
	structure bool

	sender, senderName, replyTo string
	to, cc, bcc                 *interp.Array
	subject, text, html         string
	attach                      *interp.Array
	date, receiveDate           interp.Value
	id                          string
	source                      string
	priority                    int64
	receipt                     bool
	out                         bool
	errText                     string
	read                        bool
	size                        int64
	nbTo, nbCc, nbBcc, nbAttach int64 // structure counters; -1 until the script sets them
	// files holds the content of the structure's attachments when it was received or
	// imported (Attache[i] only names them) and its embedded images.
	files []mailrt.Attachment
	// Reception bookkeeping: where the message came from.
	number  int64  // message number in the session (POP3 number or IMAP sequence number)
	uid     string // POP3 UIDL or IMAP UID
	folder  string // IMAP folder
	session string // name of the session it was read from
	// body, set on a message read with its header only, fetches the rest on first access
	// to the body, attachments or source (as WINDEV does after ertEntête reads).
	body *lazyBody
	// idAuto and dateAuto mark an ID and a Date that sending or reception set, not the
	// script: sending the message again gives it a new Message-ID and the current date.
	idAuto, dateAuto bool
	// mailID is IdentifiantMail: what EmailEtat follows the message by once it is sent.
	mailID string
	// confidentiality is Confidentialité (emailPersonnel, emailPrivé, emailConfidentiel).
	confidentiality int64
	// pending, on an Email of an asynchronous EmailRécupèreTout, is the message to read
	// when the script first uses it.
	pending *pendingMsg
	// cert is Certificat: the certificate that signs the message (S/MIME).
	cert *certificate
}

// lazyBody is where the rest of a header-only message is.
type lazyBody struct {
	et      *emailTypes
	session string // the name of the session in the run's table
	ref     uint32
}

// load fetches the body of a header-only message from its session (found by name, so a
// session closed and opened again serves it), without marking it read. A failure (the
// session is closed) sets ErreurDétectée and leaves the body empty until a later try.
func (m *emailMessage) load(th *interp.Thread) {
	m.loadPending(th)
	b := m.body
	if b == nil {
		return
	}
	s := mailOf(th, b.et).sessions[b.session]
	if s == nil || (s.pop3 == nil && s.imap == nil) {
		// Kept for later: the session may be opened again.
		failf(th, "the body of message %d cannot be read: the session %q is closed", b.ref, b.session)
		return
	}
	full := newEmailMessage(m.typ, m.structure)
	if err := fetch(th, b.et, s, b.ref, true, false, full); err != nil {
		fail(th, err)
		return
	}
	m.body = nil
	m.text, m.html, m.attach, m.files, m.source, m.size = full.text, full.html, full.attach, full.files, full.source, full.size
	m.nbAttach, m.cert = full.nbAttach, full.cert
}

func newEmailMessage(t *interp.ObjectType, structure bool) *emailMessage {
	m := &emailMessage{typ: t, structure: structure}
	m.reset()
	return m
}

// reset empties every member (EmailRAZ / EmailReset).
func (m *emailMessage) reset() {
	var attach *interp.Type // an Email's attachments are emailAttache objects
	if m.structure {
		attach = interp.TypeString // the structure's are names
	}
	as := interp.NewArrays(interp.TypeString, interp.TypeString, interp.TypeString, attach)
	*m = emailMessage{typ: m.typ, structure: m.structure,
		to: &as[0], cc: &as[1], bcc: &as[2], attach: &as[3], nbTo: -1, nbCc: -1, nbBcc: -1,
		nbAttach: -1, date: interp.Null, receiveDate: interp.Null}
}

// ObjectType implements interp.Object.
func (m *emailMessage) ObjectType() *interp.ObjectType { return m.typ }

// Copy implements interp.Copier: assigning an Email copies it.
func (m *emailMessage) Copy() interp.Object {
	c := *m
	c.to, c.cc, c.bcc, c.attach = m.to.Copy(), m.cc.Copy(), m.bcc.Copy(), m.attach.Copy()
	c.files = append([]mailrt.Attachment(nil), m.files...)
	return &c
}

// count gives a structure counter: the value the script set, else the array's length.
func msgCount(set int64, a *interp.Array) int64 {
	if set >= 0 {
		return set
	}
	return int64(a.Len())
}

// recipients returns the first n non-empty entries of a recipient array.
func msgRecipients(a *interp.Array, n int64) []string {
	var out []string
	for i, v := range a.Items() {
		if int64(i) >= n {
			break
		}
		if s := v.String(); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Recipients lists the To, Cc and Bcc addresses to send to: for the structure, the first
// NbDestinataire (NbCc, NbCci) entries.
func (m *emailMessage) recipientLists() (to, cc, bcc []string) {
	return msgRecipients(m.to, msgCount(m.nbTo, m.to)), msgRecipients(m.cc, msgCount(m.nbCc, m.cc)),
		msgRecipients(m.bcc, msgCount(m.nbBcc, m.bcc))
}

// setList assigns a recipient list: an array replaces it, a string becomes its only entry
// (Email.Destinataire = "a@b.c" as written in PC SOFT's examples).
func msgSetList(dst *interp.Array, v interp.Value) {
	dst.Clear()
	if a := v.Array(); a != nil {
		for _, it := range a.Items() {
			dst.Append(it)
		}
		return
	}
	if s := v.String(); s != "" {
		dst.Append(interp.Str(s))
	}
}
