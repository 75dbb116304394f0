package builtins

import (
	"fmt"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Opening and closing sessions. Every session, whichever function opened it, goes into one
// table keyed by its user name: EmailEnvoieMessage("jean") and EmailEnvoieMessage(MaSession)
// reach the same session when MaSession.Nom is "jean".

// arg returns args[i], or Null when the call has fewer arguments.
func arg(args []interp.Value, i int) interp.Value {
	if i < len(args) {
		return args[i]
	}
	return interp.Null
}

// isNumber tells whether v holds a number (to tell optional parameters apart).
func isNumber(v interp.Value) bool { return v.Kind() == interp.KInt || v.Kind() == interp.KReal }

// portOr gives the port a parameter asks for, or the protocol's default for the security
// mode (0 or absent means the default: 25/587/465, 110/995, 143/993).
func portOr(v interp.Value, p mailrt.Protocol, sec mailrt.Security) int64 {
	if n := v.AsInt(); !v.IsNull() && n > 0 {
		return n
	}
	return int64(mailrt.DefaultPort(p, sec))
}

// openSMTPFunc is EmailOuvreSessionSMTP / EmailStartSMTPSession:
//
//	EmailOuvreSessionSMTP(user [, password], server [, port [, asynchronous [, option]]])
//
// The password is optional in the middle: with two parameters they are the user and the
// server; with three or more, a number in third place is the port of the form without
// password. A session with a password authenticates (PLAIN, or LOGIN, chosen from what the
// server offers); one without sends without AUTH.
func (b *emailBinding) openSMTPFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	user, password, server := args[0].String(), "", ""
	rest := args[2:]
	switch {
	case len(args) == 2:
		server, rest = args[1].String(), nil
	case isNumber(args[2]):
		server = args[1].String()
	default:
		password, server, rest = args[1].String(), args[2].String(), args[3:]
	}
	option := optionArg(rest, 2)
	sec := security(option)
	settings := st.settingsFor(server, portOr(arg(rest, 0), mailrt.SMTP, sec), user, password, option, nil, false)
	return st.openSMTPSession(th, user, settings, arg(rest, 1).AsBool()), nil
}

// openSMTPSession opens and registers an SMTP session. An asynchronous session checks the
// server and the login now, then sends through the run's spool.
func (st *mailState) openSMTPSession(th *interp.Thread, name string, settings mailrt.Settings, async bool) interp.Value {
	c, err := st.openSMTP(th, settings)
	if err != nil {
		return fail(th, err)
	}
	s := &session{name: name, smtp: c, smtpS: settings, async: async}
	st.catchUp(th, settings)
	if async {
		c.Close()
		s.smtp = nil
	}
	st.register(s)
	return interp.Bool(true)
}

// openReaderFunc is EmailOuvreSessionPOP3 / EmailOuvreSessionIMAP:
//
//	EmailOuvreSessionPOP3(user, password, server [, port [, option]])
func (b *emailBinding) openReaderFunc(p mailrt.Protocol) interp.Func {
	return func(th *interp.Thread, args []interp.Value) (interp.Value, error) {
		st := b.state(th)
		option := optionArg(args, 4)
		sec := security(option)
		settings := st.settingsFor(args[2].String(), portOr(arg(args, 3), p, sec), args[0].String(), args[1].String(), option, nil, false)
		s := &session{name: args[0].String(), popCount: -1}
		if err := st.dialReader(th, s, p, settings); err != nil {
			return fail(th, err), nil
		}
		st.register(s)
		return interp.Bool(true), nil
	}
}

// dialReader opens the POP3 or IMAP side of a session.
func (st *mailState) dialReader(th *interp.Thread, s *session, p mailrt.Protocol, settings mailrt.Settings) error {
	if st.rootsErr != nil {
		return st.rootsErr
	}
	var err error
	if p == mailrt.POP3 {
		s.popS = settings
		s.pop3, err = mailrt.DialPOP3(st.ctx(th), settings)
	} else {
		s.imap, err = mailrt.DialIMAP(st.ctx(th), settings)
	}
	return err
}

// openSessionFunc is EmailOuvreSession / EmailStartSession, in its two forms:
//
//	EmailOuvreSession(<session variable>)
//	EmailOuvreSession(user, password, POP3 server [, SMTP server [, POP3 port [, SMTP port [, asynchronous]]]])
//
// The legacy form opens a POP3 session (when a POP3 server is given) and an SMTP session
// (when an SMTP server is given) under the user's name; its SMTP side authenticates with
// the same password when the server offers AUTH.
func (b *emailBinding) openSessionFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	if o, ok := args[0].Object().(*sessionObject); ok {
		if len(args) > 1 {
			return interp.Null, fmt.Errorf("EmailOuvreSession: a session variable is the only parameter (%d given)", len(args))
		}
		return st.openFromObject(th, o), nil
	}
	if len(args) < 3 {
		return interp.Null, fmt.Errorf("EmailOuvreSession: a session variable, or the user name, password and POP3 server were expected")
	}
	user, password := args[0].String(), args[1].String()
	pop, smtpServer := args[2].String(), arg(args, 3).String()
	if pop == "" && smtpServer == "" {
		return failf(th, "EmailOuvreSession: no POP3 or SMTP server was given"), nil
	}
	s := &session{name: user, async: arg(args, 6).AsBool(), popCount: -1}
	if pop != "" {
		settings := st.settingsFor(pop, portOr(arg(args, 4), mailrt.POP3, mailrt.SecurityNone), user, password, 0, nil, false)
		if err := st.dialReader(th, s, mailrt.POP3, settings); err != nil {
			return fail(th, err), nil
		}
	}
	if smtpServer != "" {
		settings := st.settingsFor(smtpServer, portOr(arg(args, 5), mailrt.SMTP, mailrt.SecurityNone), user, password, 0, nil, false)
		c, err := st.openSMTP(th, settings)
		if err != nil {
			s.close()
			return fail(th, err), nil
		}
		s.smtp, s.smtpS = c, settings
		st.catchUp(th, settings)
		if s.async {
			c.Close()
			s.smtp = nil
		}
	}
	st.register(s)
	return interp.Bool(true), nil
}

// closeSessionFunc is EmailFermeSession / EmailCloseSession: it ends the session (QUIT; on
// IMAP the messages deleted by EmailSupprimeMessage are expunged first, on POP3 the server
// applies them at QUIT). Closing a session that is not open sets ErreurDétectée.
func (b *emailBinding) closeSessionFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	s, name := st.findSession(args[0])
	if s == nil {
		return failf(th, "EmailFermeSession: the session %q is not open", name), nil
	}
	delete(st.sessions, name)
	if s.imap != nil && s.imapDeleted {
		if err := s.imap.Expunge(); err != nil {
			s.close()
			return fail(th, err), nil
		}
	}
	s.close()
	return interp.Bool(true), nil
}

// openSession finds the session parameter of a function, setting ErreurDétectée when it is
// not open.
func (st *mailState) openSession(th *interp.Thread, fn string, v interp.Value) (*session, bool) {
	s, name := st.findSession(v)
	if s == nil {
		failf(th, "%s: the session %q is not open", fn, name)
		return nil, false
	}
	return s, true
}
