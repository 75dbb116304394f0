package builtins

import (
	"context"
	"errors"
	"fmt"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// sessionKind tells which protocol a session variable is for.
type sessionKind int

const (
	kindSMTP sessionKind = iota
	kindPOP3
	kindIMAP
)

// sessionObject is a value of emailSessionSMTP, emailSessionPOP3 or emailSessionIMAP: the
// settings of a session, and the session once it is open.
type sessionObject struct {
	typ         *interp.ObjectType
	kind        sessionKind
	server      string
	port        interp.Value // as assigned: checked when the session opens
	name        string
	password    string
	option      int64
	async       bool
	token       *authToken
	ignoreError bool
}

func (o *sessionObject) ObjectType() *interp.ObjectType { return o.typ }

// String shows the session without its password.
func (o *sessionObject) String() string { return o.typ.Name + " " + o.name + "@" + o.server }

// session is an open session of the run's table, named by the user name given when it was
// opened: the legacy API passes that name, the modern one the session variable, and both
// find the same entry.
type session struct {
	name  string
	smtp  *mailrt.SMTPClient
	smtpS mailrt.Settings
	async bool
	pop3  *mailrt.POP3Client
	popS  mailrt.Settings
	imap  *mailrt.IMAPClient
	// The reading cursor of EmailLitPremier/Suivant...: messages of the listing and the
	// position (0-based) of the last one read; numbers are POP3 message numbers or IMAP UIDs.
	list    []uint32
	cursor  int
	listed  bool
	popList []mailrt.POP3Message
	// current is the message the last read returned (EmailSupprimeMessage's default).
	current uint32
	// popCount is EmailNbMessage on POP3: the count at the first call, fixed for the
	// session as on WINDEV (-1 until then).
	popCount int
	// imapDeleted tells that EmailSupprimeMessage flagged messages to expunge at the close.
	imapDeleted bool
	// popDeleted are the POP3 messages EmailSupprimeMessage marked: the server refuses to
	// read them until the session closes, so reads skip them or set EnDehors.
	popDeleted map[uint32]bool
	// popAheadTo is the index of list up to which a forward POP3 read sent its RETR
	// commands ahead (popAhead).
	popAheadTo int
	// currentMsg is the Email the last read filled (EnDehors becomes Vrai when its message
	// is deleted).
	currentMsg *emailMessage
	// search is where EmailChercheSuivant goes on from.
	search *searchCursor
}

func (s *session) close() {
	if s.smtp != nil {
		s.smtp.Close()
		s.smtp = nil
	}
	if s.pop3 != nil {
		s.pop3.Close()
		s.pop3 = nil
	}
	if s.imap != nil {
		s.imap.Close()
		s.imap = nil
	}
}

// security maps the Option constant: optionSSL/optionTLS (TLS from the first byte),
// emailProtocolSMTPS/emailOptionSecuredTLS (plain, then STARTTLS), else plain.
func security(option int64) mailrt.Security {
	switch {
	case option&emailOptionImplicitT != 0:
		return mailrt.SecurityImplicitTLS
	case option&emailOptionStartTLS != 0:
		return mailrt.SecuritySTARTTLS
	}
	return mailrt.SecurityNone
}

// settingsFor builds mailrt settings from the run's configuration and a session's values.
// Their Progress calls the run's EmailJauge procedure and their Reserve charges what is read
// to the run's memory; an asynchronous session drops both.
func (st *mailState) settingsFor(server string, port int, user, password string, option int64, token *authToken, ignoreErr bool) mailrt.Settings {
	s := mailrt.Settings{Host: server, Port: port, User: user, Password: password,
		Security: security(option), Timeout: st.timeout, RootCAs: st.roots, Transport: st.cfg.Transport,
		InsecureSkipVerify: ignoreErr, Progress: st.progress, Reserve: st.reserve}
	if token != nil && token.valid {
		s.Token = token.value
	}
	return s
}

func (st *mailState) ctx(th *interp.Thread) context.Context { return th.Context() }

// openSMTP connects, secures and authenticates an SMTP session (errors are reported with
// fail by the caller).
func (st *mailState) openSMTP(th *interp.Thread, s mailrt.Settings) (*mailrt.SMTPClient, error) {
	if st.rootsErr != nil {
		return nil, st.rootsErr
	}
	return mailrt.DialSMTP(st.ctx(th), s)
}

// register puts an open session in the table, closing one of the same name first.
func (st *mailState) register(s *session) {
	if old, ok := st.sessions[s.name]; ok {
		old.close()
	}
	st.sessions[s.name] = s
}

// findSession resolves the session parameter of an email function: a session variable or
// the user name of a legacy session.
func (st *mailState) findSession(v interp.Value) (*session, string) {
	name := v.String()
	if o, ok := v.Object().(*sessionObject); ok {
		name = o.name
	}
	return st.sessions[name], name
}

// openFromObject opens the session a session variable describes.
func (st *mailState) openFromObject(th *interp.Thread, o *sessionObject) interp.Value {
	if o.token != nil && !o.token.valid {
		// AuthIdentifie failed: logging in without the token would hide it.
		return failf(th, "EmailOuvreSession: the session's AuthToken is not valid (the OAuth identification failed)")
	}
	p := [...]mailrt.Protocol{kindSMTP: mailrt.SMTP, kindPOP3: mailrt.POP3, kindIMAP: mailrt.IMAP}[o.kind]
	port, err := sessionPort(o.port, p, security(o.option))
	if err != nil {
		return fail(th, err)
	}
	settings := st.settingsFor(o.server, port, o.name, o.password, o.option, o.token, o.ignoreError)
	if o.kind == kindSMTP {
		return st.openSMTPSession(th, o.name, settings, o.async)
	}
	s := &session{name: o.name, popCount: -1}
	if err := st.dialReader(th, s, p, settings); err != nil {
		return fail(th, err)
	}
	st.register(s)
	return interp.Bool(true)
}

// newSessionTypes makes the three session types with their French and English names and
// properties; their methods call the email functions with the session first.
func newSessionTypes(fns map[string]interp.Func) (smtp, pop3, imap *interp.ObjectType) {
	mk := func(kind sessionKind, names ...string) *interp.ObjectType {
		t := &interp.ObjectType{Name: names[0], Names: names}
		t.New = func() interp.Object { return &sessionObject{typ: t, kind: kind} }
		t.Props = sessionProps()
		t.Methods = sessionMethods(kind, fns)
		return t
	}
	return mk(kindSMTP, "emailSessionSMTP", "emailSMTPSession"),
		mk(kindPOP3, "emailSessionPOP3", "emailPOP3Session"),
		mk(kindIMAP, "emailSessionIMAP", "emailIMAPSession")
}

func sessOf(o interp.Object) *sessionObject { return o.(*sessionObject) }

func sessionProps() []*interp.Property {
	str := func(names []string, f func(*sessionObject) *string) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Str(*f(sessOf(o))), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error { *f(sessOf(o)) = v.String(); return nil },
		}
	}
	num := func(names []string, f func(*sessionObject) *int64) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Int(*f(sessOf(o))), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error { *f(sessOf(o)) = v.AsInt(); return nil },
		}
	}
	flag := func(names []string, f func(*sessionObject) *bool) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Bool(*f(sessOf(o))), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error { *f(sessOf(o)) = v.AsBool(); return nil },
		}
	}
	return []*interp.Property{
		str([]string{"AdresseServeur", "ServerAddress"}, func(o *sessionObject) *string { return &o.server }),
		{Names: []string{"Port"},
			// Read back as a number when it is one; kept as assigned otherwise, so that
			// the opening reports "abc" or 70000 instead of using the default port.
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				v := sessOf(o).port
				if n, ok := portNumber(v); ok {
					return interp.Int(n), nil
				}
				return v, nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error { sessOf(o).port = v; return nil },
		},
		str([]string{"Nom", "Name"}, func(o *sessionObject) *string { return &o.name }),
		str([]string{"MotDePasse", "Password"}, func(o *sessionObject) *string { return &o.password }),
		num([]string{"Option"}, func(o *sessionObject) *int64 { return &o.option }),
		flag([]string{"Asynchrone", "Asynchronous"}, func(o *sessionObject) *bool { return &o.async }),
		flag([]string{"IgnoreErreur", "IgnoreError"}, func(o *sessionObject) *bool { return &o.ignoreError }),
		{Names: []string{"AuthToken"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				if t := sessOf(o).token; t != nil {
					return interp.ObjectValue(t), nil
				}
				return interp.Null, nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				switch t := v.Object().(type) {
				case *authToken:
					sessOf(o).token = t
				case nil:
					// A token given as a string (an access token obtained elsewhere).
					if s := v.String(); s != "" {
						sessOf(o).token = &authToken{value: s, valid: true}
					} else {
						sessOf(o).token = nil
					}
				default:
					return fmt.Errorf("AuthToken: an AuthToken was expected, not %s", t.ObjectType().Name)
				}
				return nil
			}},
	}
}

// sessionMethods are the methods of a session variable: each is an email function called
// with the session as first parameter (MaSession.EnvoieMessage(m) = EmailEnvoieMessage(
// MaSession, m)); their English names follow PC SOFT's where known (StartSession and
// OpenSession both occur in its help), and the obvious translation otherwise.
func sessionMethods(kind sessionKind, fns map[string]interp.Func) []*interp.Method {
	m := func(fn string, names ...string) *interp.Method {
		f := fns[fn]
		return &interp.Method{Names: names, Call: func(th *interp.Thread, o interp.Object, args []interp.Value) (interp.Value, error) {
			th.ClearError()
			all := append([]interp.Value{interp.ObjectValue(o)}, args...)
			return f(th, all)
		}}
	}
	ms := []*interp.Method{
		m("open", "OuvreSession", "StartSession", "OpenSession"),
		m("close", "FermeSession", "CloseSession"),
	}
	if kind == kindSMTP {
		return append(ms, m("send", "EnvoieMessage", "SendMessage"), m("sendFile", "Envoie", "Send"))
	}
	return append(ms,
		m("readFirst", "LitPremier", "ReadFirst"), m("readNext", "LitSuivant", "ReadNext"),
		m("readPrevious", "LitPrécédent", "ReadPrevious"), m("readLast", "LitDernier", "ReadLast"),
		m("readFirstHeader", "LitPremierEntête", "ReadFirstHeader"), m("readNextHeader", "LitSuivantEntête", "ReadNextHeader"),
		m("readMessage", "LitMessage", "ReadMessage"), m("getAll", "RécupèreTout", "GetAll"),
		m("count", "NbMessage", "NbMessages", "MessageCount"), m("delete", "SupprimeMessage", "DeleteMessage"),
	)
}

// Iterate implements POUR TOUT m DE session: every message of the mailbox (the selected
// folder for IMAP), complete, oldest first.
func (o *sessionObject) Iterate(th *interp.Thread) (func() (interp.Value, bool), error) {
	st := mailOf(th, nil)
	s, name := st.findSession(interp.ObjectValue(o))
	if s == nil {
		return nil, fmt.Errorf("POUR TOUT: the session %q is not open", name)
	}
	if s.pop3 == nil && s.imap == nil {
		return nil, fmt.Errorf("POUR TOUT: the session %q cannot read mail (it is an SMTP session)", name)
	}
	msgs, err := readAll(th, st, s, ertFull)
	if err != nil {
		var abort *progressAbort
		if errors.As(err, &abort) {
			// The memory limit, reached while no builtin was being called: raised again
			// without its position, so that it is given the loop's.
			if re, ok := abort.panicked.(*interp.RuntimeError); ok && errors.Is(re, interp.ErrMemoryLimit) {
				return nil, &interp.RuntimeError{Msg: re.Msg, Cause: re.Cause}
			}
			panic(abort.panicked) // the EmailJauge procedure's fatal error
		}
		return nil, err
	}
	i := 0
	return func() (interp.Value, bool) {
		if i >= len(msgs) {
			return interp.Null, false
		}
		i++
		return interp.ObjectValue(msgs[i-1]), true
	}, nil
}

var _ interp.Iterable = (*sessionObject)(nil)
