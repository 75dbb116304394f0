package sandbox

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
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
		srv.ReadTimeout = s.cfg.Timeouts.SMTPCommand
		srv.WriteTimeout = time.Minute
		srv.ErrorLog = panicLogger{s.cfg.ErrorLog}
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
	idle := s.cfg.Timeouts.SMTPCommand
	s.acceptLoop(SMTP, false, func(c net.Conn) {
		tc := &dataConn{Conn: &trackedConn{Conn: c, srv: s, raw: c.(*slowConn).Conn}, idle: idle}
		l := lPlain
		if s.faults.get().RefuseStartTLS {
			l = lNoTLS
		}
		if !l.push(tc) {
			tc.Close()
		}
	})
	s.acceptLoop(SMTPS, false, func(c net.Conn) {
		tc := s.tlsHandshake(&dataConn{Conn: &trackedConn{Conn: c, srv: s, raw: c.(*slowConn).Conn}, idle: idle})
		if tc != nil && !lImplicit.push(tc) {
			tc.Close()
		}
	})
	return nil
}

// panicLogger is the logger of go-smtp's and go-imap's servers: of what they log, it passes
// on the panics they recovered from (a bug of the sandbox or of the library) to the
// server's ErrorLog, and drops the errors of single connections (a client that hangs up,
// a failed TLS handshake), which are the clients' business.
type panicLogger struct{ l *log.Logger }

func (p panicLogger) Printf(format string, args ...interface{}) {
	if strings.HasPrefix(format, "panic") {
		if msg := fmt.Sprintf(format, args...); !harmlessPanic(msg) {
			p.l.Print(msg)
		}
	}
}

// harmlessPanic recognizes a bug of go-smtp v0.25.1 (still in its master of July 2025) that
// fuzzing found: a client that sends BDAT and hangs up before its chunk makes the goroutine
// go-smtp starts for the message call Data on the session that closing the connection
// already set to nil. go-smtp recovers; the connection was over anyway.
func harmlessPanic(msg string) bool {
	return strings.Contains(msg, "nil pointer dereference") && strings.Contains(msg, "go-smtp.(*Conn).handleBdat.func1()")
}

func (p panicLogger) Println(args ...interface{}) {
	if len(args) > 0 && strings.HasPrefix(fmt.Sprint(args[0]), "panic") {
		p.l.Println(args...)
	}
}

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

func (ss *smtpSession) AuthMechanisms() []string { return saslMechanisms() }

var errAuthMalformed = &smtp.SMTPError{Code: 501, EnhancedCode: smtp.EnhancedCode{5, 5, 2}, Message: "Malformed authentication response"}

func (ss *smtpSession) Auth(mech string) (sasl.Server, error) {
	refuse := ss.srv.faults.get().RefuseAuth
	check := func(c func(user, secret string) error) func(m, user, secret string) error {
		return func(m, user, secret string) error {
			if refuse || c(user, secret) != nil {
				return errAuthRefused
			}
			ss.auth = Auth{Mechanism: m, User: user}
			return nil
		}
	}
	srv := newSASLServer(mech, check(ss.srv.creds.check), check(ss.srv.creds.checkToken), errAuthRefused)
	if srv == nil {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return malformedSASL{srv, func(err error) error {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			return err
		}
		return errAuthMalformed
	}}, nil
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
	receivingData(ss.conn.Conn(), true)
	_, err := io.Copy(&buf, r)
	receivingData(ss.conn.Conn(), false)
	if err != nil {
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
	now := time.Now()
	for i, box := range ss.srv.store.recipientMailboxes(ss.rcpts) {
		if _, err := ss.srv.store.deliver(box, inbox, raw, nil, now, &meta, i == 0); err != nil {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Cannot store the message: " + err.Error()}
		}
	}
	ss.from, ss.rcpts = "", nil
	f.afterData(ss.srv.closing)
	return nil
}

func (ss *smtpSession) Reset() {
	ss.from, ss.rcpts = "", nil
}

func (ss *smtpSession) Logout() error { return nil }
