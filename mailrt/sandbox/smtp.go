package sandbox

import (
	"bytes"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP is served by go-smtp. The plain port has two go-smtp servers: one offering STARTTLS,
// and one without TLS used while the RefuseStartTLS fault is on; each new connection goes to
// one of them.
func (s *Server) startSMTP() error {
	mk := func(tlsCfg *tls.Config, implicit bool) *smtp.Server {
		srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
			return &smtpSession{srv: s, conn: c, implicit: implicit}, nil
		}))
		srv.Domain = s.cfg.Hostname
		srv.TLSConfig = tlsCfg
		srv.AllowInsecureAuth = !s.cfg.RequireTLSForAuth || implicit
		srv.MaxMessageBytes = s.cfg.MaxMessageBytes
		srv.MaxRecipients = 1000
		srv.EnableSMTPUTF8 = true
		srv.ReadTimeout = 10 * time.Minute
		srv.WriteTimeout = time.Minute
		srv.ErrorLog = discardLogger{}
		return srv
	}
	plain, noTLS, implicit := mk(s.tls, false), mk(nil, false), mk(s.tls, true)
	lPlain := newChanListener(s.listeners[SMTP].Addr())
	lNoTLS := newChanListener(s.listeners[SMTP].Addr())
	lImplicit := newChanListener(s.listeners[SMTPS].Addr())
	for _, p := range []struct {
		srv *smtp.Server
		l   *chanListener
	}{{plain, lPlain}, {noTLS, lNoTLS}, {implicit, lImplicit}} {
		p := p
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			p.srv.Serve(p.l)
		}()
		s.closers = append(s.closers, p.l.Close, p.srv.Close)
	}
	s.acceptLoop(SMTP, false, func(c net.Conn) {
		tc := &trackedConn{Conn: c, srv: s, raw: c.(*slowConn).Conn}
		l := lPlain
		if s.faults.get().RefuseStartTLS {
			l = lNoTLS
		}
		if !l.push(tc) {
			tc.Close()
		}
	})
	s.acceptLoop(SMTPS, false, func(c net.Conn) {
		tc := &trackedConn{Conn: c, srv: s, raw: c.(*slowConn).Conn}
		if !lImplicit.push(tls.Server(tc, s.tls)) {
			tc.Close()
		}
	})
	return nil
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...interface{}) {}
func (discardLogger) Println(...interface{})        {}

// smtpSession is one SMTP session (reset by RSET and after each message).
type smtpSession struct {
	srv      *Server
	conn     *smtp.Conn
	implicit bool
	auth     Auth
	from     string
	rcpts    []string
}

var (
	errAuthRefused = &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
	errAuthNeeded  = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
)

func (ss *smtpSession) AuthMechanisms() []string {
	return []string{sasl.Plain, sasl.Login, "XOAUTH2", sasl.OAuthBearer}
}

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	refuse := ss.srv.faults.get().RefuseAuth
	login := func(m, user, pass string) error {
		if refuse || ss.srv.creds.check(user, pass) != nil {
			return errAuthRefused
		}
		ss.auth = Auth{Mechanism: m, User: user}
		return nil
	}
	token := func(m, user, tok string) error {
		if refuse || ss.srv.creds.checkToken(user, tok) != nil {
			return errAuthRefused
		}
		ss.auth = Auth{Mechanism: m, User: user}
		return nil
	}
	switch mech {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			if identity != "" && identity != user {
				return errAuthRefused
			}
			return login(sasl.Plain, user, pass)
		}), nil
	case sasl.Login:
		return &loginServer{authenticate: func(u, p string) error { return login(sasl.Login, u, p) }}, nil
	case "XOAUTH2":
		return &xoauth2Server{authenticate: func(u, t string) error { return token("XOAUTH2", u, t) }}, nil
	case sasl.OAuthBearer:
		return &oauthBearerServer{authenticate: func(u, t string) error { return token(sasl.OAuthBearer, u, t) }}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

func (ss *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !ss.srv.creds.any && ss.auth.User == "" {
		return errAuthNeeded
	}
	ss.from = from
	ss.rcpts = nil
	return nil
}

func (ss *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.srv.faults.get().rejects(to) {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Recipient rejected: " + bareAddress(to)}
	}
	ss.rcpts = append(ss.rcpts, to)
	return nil
}

func (ss *smtpSession) Data(r io.Reader) error {
	f := ss.srv.faults.get()
	if f.DropDuringData {
		// Read a little of the message, then hang up without storing anything.
		io.CopyN(io.Discard, r, 16)
		ss.conn.Conn().Close()
		return errors.New("connection dropped by the sandbox's fault injection")
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, r); err != nil {
		return err
	}
	raw := buf.Bytes()
	meta := describe(raw, ss.from, ss.rcpts)
	meta.Auth = ss.auth
	switch _, isTLS := ss.conn.TLSConnectionState(); {
	case ss.implicit:
		meta.TLS = TLSImplicit
	case isTLS:
		meta.TLS = TLSStartTLS
	default:
		meta.TLS = TLSNone
	}
	nc := ss.conn.Conn()
	meta.Server = ss.srv.requestedServer(nc.RemoteAddr(), nc.LocalAddr())
	if _, err := ss.srv.store.deliver(inbox, raw, nil, time.Now(), &meta); err != nil {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Cannot store the message: " + err.Error()}
	}
	ss.from, ss.rcpts = "", nil
	f.afterData(ss.srv.closing)
	return nil
}

func (ss *smtpSession) Reset() {
	ss.from, ss.rcpts = "", nil
}

func (ss *smtpSession) Logout() error { return nil }
