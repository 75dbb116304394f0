package builtins

import (
	"fmt"
	"math"
	"strconv"
	"strings"

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

// sessionPort gives the port a parameter or a session's Port asks for: absent, Null, 0 or
// an empty string mean the protocol's default for the security mode (25/587/465, 110/995,
// 143/993); otherwise a whole number from 1 to 65535, or a string holding one. Anything
// else ("abc", -5, 70000, 2.5) is an error of kind KindInvalidValue naming the value, never
// silently the default port.
func sessionPort(v interp.Value, p mailrt.Protocol, sec mailrt.Security) (int, error) {
	n, ok := portNumber(v)
	switch {
	case !ok:
		shown := v.String()
		if v.Kind() != interp.KReal {
			shown = strconv.Quote(shown)
		}
		return 0, portError(p, shown, "is not a whole number between 1 and 65535")
	case n == 0:
		return mailrt.DefaultPort(p, sec), nil
	case n < 0 || n > 65535:
		return 0, portError(p, strconv.FormatInt(n, 10), "is not between 1 and 65535")
	}
	return int(n), nil
}

// portNumber reads a port value: 0 when absent (Null or an empty string), the whole number
// it holds (a number or a string of digits), ok false for anything else.
func portNumber(v interp.Value) (n int64, ok bool) {
	switch v.Kind() {
	case interp.KNull:
		return 0, true
	case interp.KInt:
		return v.AsInt(), true
	case interp.KReal:
		f := v.AsFloat()
		if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
			return 0, false
		}
		return int64(f), true
	case interp.KString:
		s := strings.TrimSpace(v.String())
		if s == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// portError is the error of a session's port that is not one.
func portError(p mailrt.Protocol, shown, reason string) error {
	ve := &mailrt.ValueError{Field: "port", Quoted: shown, Reason: reason}
	return &mailrt.Error{Op: p.String() + " connect", Kind: mailrt.KindInvalidValue, Text: ve.Error(), Err: ve}
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
	port, err := sessionPort(arg(rest, 0), mailrt.SMTP, sec)
	if err != nil {
		return fail(th, err), nil
	}
	settings := st.settingsFor(server, port, user, password, option, nil, false)
	return st.openSMTPSession(th, user, settings, arg(rest, 1).AsBool()), nil
}

// openSMTPSession opens and registers an SMTP session. An asynchronous session checks the
// server and the login now, then sends through the run's spool.
func (st *mailState) openSMTPSession(th *interp.Thread, name string, settings mailrt.Settings, async bool) interp.Value {
	if async {
		settings.Progress, settings.Reserve = nil, nil // the spool's goroutines cannot call the script
	}
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
		port, err := sessionPort(arg(args, 3), p, sec)
		if err != nil {
			return fail(th, err), nil
		}
		settings := st.settingsFor(args[2].String(), port, args[0].String(), args[1].String(), option, nil, false)
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
	popPort, err := sessionPort(arg(args, 4), mailrt.POP3, mailrt.SecurityNone)
	if err != nil {
		return fail(th, err), nil
	}
	smtpPort, err := sessionPort(arg(args, 5), mailrt.SMTP, mailrt.SecurityNone)
	if err != nil {
		return fail(th, err), nil
	}
	s := &session{name: user, async: arg(args, 6).AsBool(), popCount: -1}
	if pop != "" {
		settings := st.settingsFor(pop, popPort, user, password, 0, nil, false)
		if err := st.dialReader(th, s, mailrt.POP3, settings); err != nil {
			return fail(th, err), nil
		}
	}
	if smtpServer != "" {
		settings := st.settingsFor(smtpServer, smtpPort, user, password, 0, nil, false)
		if s.async {
			settings.Progress, settings.Reserve = nil, nil // the spool's goroutines cannot call the script
		}
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
