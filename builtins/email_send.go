package builtins

import (
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// msgArg returns the Email a function works on: args[i] when it is given (it must be an
// Email variable), else the global Email structure of the legacy API.
func (b *emailBinding) msgArg(th *interp.Thread, fn string, args []interp.Value, i int) (*emailMessage, error) {
	if i >= len(args) || args[i].IsNull() {
		return b.et.structure(th), nil
	}
	if m, ok := args[i].Object().(*emailMessage); ok {
		return m, nil
	}
	return nil, errNotAnEmail(fn, args[i])
}

// leadingMsg splits off the optional Email first parameter of a function: the Email given
// (the other parameters follow it), else the global Email structure of the legacy API.
func (b *emailBinding) leadingMsg(th *interp.Thread, args []interp.Value) (*emailMessage, []interp.Value) {
	if len(args) > 0 {
		if m, ok := args[0].Object().(*emailMessage); ok {
			return m, args[1:]
		}
	}
	return b.et.structure(th), args
}

// sender returns the SMTP side of a session, reopening it when an earlier failure broke the
// connection (so one dropped connection does not fail every later message).
func (st *mailState) sender(th *interp.Thread, fn string, s *session) (*mailrt.SMTPClient, bool) {
	if s.smtp != nil {
		return s.smtp, true
	}
	if s.smtpS.Host == "" {
		failf(th, "%s: the session %q cannot send mail: it was opened for reading only", fn, s.name)
		return nil, false
	}
	c, err := st.openSMTP(th, s.smtpS)
	if err != nil {
		fail(th, err)
		return nil, false
	}
	s.smtp = c
	return c, true
}

// sendMessageFunc is EmailEnvoieMessage / EmailSendMessage:
//
//	EmailEnvoieMessage(<session> [, <Email> [, <options>]])
//
// It sends an Email variable, or the Email structure when none is given. The message gets
// its date, Message-ID and source (ID and Source members). A refused recipient does not stop
// the others: the message goes to every accepted one, and ErreurDétectée with ErreurInfo
// names the refused one with the server's reply. On an asynchronous session the message is
// queued: the function returns Vrai at once, EmailEtat(message) follows it, and the end of
// the run waits until the queue is empty. The options are EmailConstruitSource's but the Bcc
// header's: emailOptionEncodeEntête (the default) or emailOptionSansEncodageEntête, and
// emailOptionSansCID.
func (b *emailBinding) sendMessageFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	m, err := b.msgArg(th, "EmailEnvoieMessage", args, 1)
	if err != nil {
		return interp.Null, err
	}
	bo, err := buildOptions("EmailEnvoieMessage", arg(args, 2), false)
	if err != nil {
		return interp.Null, err
	}
	s, ok := st.openSession(th, "EmailEnvoieMessage", args[0])
	if !ok {
		return interp.Bool(false), nil
	}
	msg, raw, err := buildWith(th, m, bo)
	if err != nil {
		return fail(th, err), nil
	}
	m.errText = ""
	return st.sendRaw(th, "EmailEnvoieMessage", s, m, msg.From.Address, msg.Recipients(), raw, msg), nil
}

// sendRaw sends (or queues) raw for a session; m, when not nil, records the outcome.
func (st *mailState) sendRaw(th *interp.Thread, fn string, s *session, m *emailMessage, from string, rcpts []string, raw []byte, msg *mailrt.Message) interp.Value {
	if len(rcpts) == 0 {
		return fail(th, &mailrt.Error{Op: fn, Kind: mailrt.KindMessage, Text: "the message has no recipient"})
	}
	if s.async {
		if s.smtpS.Host == "" {
			return failf(th, "%s: the session %q cannot send mail: it was opened for reading only", fn, s.name)
		}
		sp, err := st.spoolFor()
		if err != nil {
			return fail(th, err)
		}
		id, err := sp.SubmitRaw(s.smtpS, from, rcpts, raw)
		if err != nil {
			return fail(th, err)
		}
		if m != nil {
			stamp(m, msg, raw)
			st.track(m, id, nil)
		}
		return interp.Bool(true)
	}
	c, ok := st.sender(th, fn, s)
	if !ok {
		return interp.Bool(false)
	}
	_, err := c.SendRaw(th.Context(), from, rcpts, raw)
	if m != nil && (err == nil || mailrt.KindOf(err) == mailrt.KindRecipient) {
		stamp(m, msg, raw)
		st.track(m, 0, err)
	}
	if err != nil {
		if k := mailrt.KindOf(err); k != mailrt.KindRecipient && k != mailrt.KindMessage && k != mailrt.KindInvalidValue {
			// The connection is in an unknown state: the next message reconnects (not
			// after a value refused before anything was sent).
			c.Close()
			s.smtp = nil
		}
		if m != nil {
			m.errText = err.Error()
		}
		return fail(th, err)
	}
	return interp.Bool(true)
}

// sendFileFunc is EmailEnvoie / EmailSend: EmailEnvoie(<session>, <file>) sends a complete
// RFC 5322 message read from a file, to the To, Cc and Bcc addresses of its header; the
// Bcc header itself is removed before sending.
func (b *emailBinding) sendFileFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, ok := st.openSession(th, "EmailEnvoie", args[0])
	if !ok {
		return interp.Bool(false), nil
	}
	path := args[1].String()
	raw, err := readFileCharged(th, osPath(th, path))
	if err != nil {
		return fail(th, &mailrt.Error{Op: "EmailEnvoie " + path, Kind: mailrt.KindMessage, Err: err}), nil
	}
	msg, err := mailrt.Parse(raw)
	if err != nil {
		return fail(th, err), nil
	}
	return st.sendRaw(th, "EmailEnvoie", s, nil, msg.From.Address, msg.Recipients(), mailrt.StripBcc(raw), msg), nil
}

// importSourceFunc is EmailImporteSource / EmailImportSource([<Email>] [, <source>]): it
// fills the message's members from a MIME source, the one given or else its Source member
// (wl's choice where PC SOFT's syntax is not known: both forms are accepted).
func (b *emailBinding) importSourceFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	m, args := b.leadingMsg(th, args)
	src := m.source
	if len(args) > 0 {
		src = args[0].String()
	}
	msg, err := mailrt.Parse([]byte(src))
	if err != nil {
		return fail(th, err), nil
	}
	fromMailrt(th, b.et, m, msg)
	return interp.Bool(true), nil
}

// importHTMLFunc is EmailImporteHTML / EmailImportHTML([<Email>,] <HTML> [, <directory>]):
// it sets the HTML body and embeds each image the HTML names by a relative path found in
// the directory (its src becomes cid:...), so the message shows them without a network.
func (b *emailBinding) importHTMLFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	m, args := b.leadingMsg(th, args)
	if len(args) == 0 {
		return interp.Null, emailArgsError("EmailImporteHTML", 2, 1)
	}
	importHTML(th, b.et, m, args[0].String(), arg(args, 1).String())
	return interp.Bool(true), nil
}

// resetFunc is EmailRAZ / EmailReset / EmailRéinitialise([<Email>]): every member empty.
func (b *emailBinding) resetFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	m, err := b.msgArg(th, "EmailRAZ", args, 0)
	if err != nil {
		return interp.Null, err
	}
	m.reset()
	return interp.Bool(true), nil
}
