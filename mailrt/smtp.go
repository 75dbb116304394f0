package mailrt

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTPClient is an open SMTP session: connected, secured and authenticated.
type SMTPClient struct {
	s    Settings
	c    *smtp.Client
	conn *timeoutConn
	// Mechanism is the AUTH mechanism used ("" without authentication).
	Mechanism string
}

// RecipientError is a recipient the server refused.
type RecipientError struct {
	Address string
	Code    int
	Text    string
}

// SendResult tells what became of each recipient of a message.
type SendResult struct {
	Accepted []string
	Refused  []RecipientError
}

// DialSMTP opens an SMTP session: it connects (TLS from the first byte for implicit TLS,
// STARTTLS when asked, never falling back to plain), says EHLO and authenticates. With a
// Token it uses XOAUTH2 or OAUTHBEARER; with a password PLAIN, or LOGIN when PLAIN is not
// offered or refused with 504 (Microsoft 365 does that); when the server offers neither, it
// goes on without authentication, as WINDEV does.
//
// Settings whose values cannot go into a command (a CR, LF or NUL in the server name, user
// name, password or token, a port out of range) are refused with KindInvalidValue before
// connecting.
func DialSMTP(ctx context.Context, s Settings) (*SMTPClient, error) {
	if e := s.check(SMTP); e != nil {
		return nil, e // nothing was sent: not even connected
	}
	c, err := dialSMTP(ctx, s)
	if err != nil {
		return nil, withPortHint(err, SMTP, s)
	}
	return c, nil
}

func dialSMTP(ctx context.Context, s Settings) (*SMTPClient, error) {
	conn, err := s.dial(ctx, SMTP)
	if err != nil {
		return nil, err
	}
	var c *smtp.Client
	if s.Security == SecuritySTARTTLS {
		c, err = smtp.NewClientStartTLS(conn, s.tlsConfig())
		if err != nil {
			conn.Close()
			e := smtpError("SMTP STARTTLS "+s.Addr(SMTP), err)
			if e.Kind == KindOther || e.Kind == KindServer || e.Kind == KindProtocol {
				e.Kind = KindTLS
			}
			return nil, e
		}
	} else {
		c = smtp.NewClient(conn)
	}
	c.CommandTimeout, c.SubmissionTimeout = s.timeout(), s.timeout()
	local := s.LocalName
	if local == "" {
		local = "localhost"
	}
	if err := c.Hello(local); err != nil {
		c.Close()
		e := smtpError("SMTP EHLO "+s.Addr(SMTP), err)
		if e.Kind == KindTLS && s.Security == SecuritySTARTTLS {
			// go-smtp shakes hands at the first command after STARTTLS: the failure is
			// the STARTTLS one.
			e.Op = "SMTP STARTTLS " + s.Addr(SMTP)
		}
		return nil, e
	}
	cl := &SMTPClient{s: s, c: c, conn: conn}
	if err := cl.auth(); err != nil {
		c.Close()
		return nil, err
	}
	return cl, nil
}

func (cl *SMTPClient) auth() error {
	s := cl.s
	if s.Token == "" && s.Password == "" {
		return nil
	}
	ok, mechs := cl.c.Extension("AUTH")
	offered := map[string]bool{}
	if ok {
		for _, m := range strings.Fields(strings.ToUpper(mechs)) {
			offered[m] = true
		}
	}
	try := func(name string, client sasl.Client) error {
		err := cl.c.Auth(client)
		if err == nil {
			cl.Mechanism = name
			return nil
		}
		return err
	}
	op := "SMTP AUTH " + cl.s.Addr(SMTP)
	if s.Token != "" {
		switch {
		case offered["XOAUTH2"]:
			return authError(op+" XOAUTH2", try("XOAUTH2", &xoauth2Client{user: s.User, token: s.Token}))
		case offered["OAUTHBEARER"]:
			host, port := cl.s.Host, cl.s.Port
			return authError(op+" OAUTHBEARER", try("OAUTHBEARER", sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: s.User, Token: s.Token, Host: host, Port: port})))
		}
		return &Error{Op: op, Kind: KindAuth, Text: "the server offers no OAuth mechanism (XOAUTH2 or OAUTHBEARER)"}
	}
	switch {
	case offered["PLAIN"]:
		err := try("PLAIN", sasl.NewPlainClient("", s.User, s.Password))
		var se *smtp.SMTPError
		if err != nil && offered["LOGIN"] && errors.As(err, &se) && se.Code == 504 {
			return authError(op+" LOGIN", try("LOGIN", sasl.NewLoginClient(s.User, s.Password)))
		}
		return authError(op+" PLAIN", err)
	case offered["LOGIN"]:
		return authError(op+" LOGIN", try("LOGIN", sasl.NewLoginClient(s.User, s.Password)))
	}
	// Neither PLAIN nor LOGIN: send without authentication.
	return nil
}

func authError(op string, err error) error {
	if err == nil {
		return nil
	}
	e := smtpError(op, err)
	if e.Kind == KindServer {
		e.Kind = KindAuth
	}
	return e
}

// smtpError turns a go-smtp error into an *Error with the reply code and text.
func smtpError(op string, err error) *Error {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		text := se.Message
		if ec := se.EnhancedCode; ec != smtp.NoEnhancedCode && ec != (smtp.EnhancedCode{}) {
			// Keep the enhanced status code (RFC 3463): "535 5.7.8 ..." says why.
			text = fmt.Sprintf("%d.%d.%d %s", ec[0], ec[1], ec[2], text)
		}
		return &Error{Op: op, Kind: KindServer, Code: se.Code, Text: text, Err: err}
	}
	return classify(op, err)
}

// Send builds and sends a message to its To, Cc and Bcc recipients.
func (cl *SMTPClient) Send(ctx context.Context, m *Message) (*SendResult, error) {
	raw, err := Build(m)
	if err != nil {
		return nil, err
	}
	return cl.SendRaw(ctx, m.From.Address, m.Recipients(), raw)
}

// SendRaw sends raw to the recipients. A refused recipient does not stop the others: the
// message goes to every accepted one, and the result lists the refused ones (with an
// *Error of kind KindRecipient). If all are refused nothing is sent. A sender or recipient
// holding CR, LF, NUL or an angle bracket is refused (KindInvalidValue) before MAIL FROM.
func (cl *SMTPClient) SendRaw(ctx context.Context, from string, rcpts []string, raw []byte) (*SendResult, error) {
	if len(rcpts) == 0 {
		return nil, &Error{Op: "SMTP send", Kind: KindMessage, Text: "the message has no recipient"}
	}
	if e := checkEnvelope(from, rcpts); e != nil {
		return nil, e
	}
	stop := context.AfterFunc(ctx, func() { cl.conn.Close() })
	defer stop()
	opts := &smtp.MailOptions{Size: int64(len(raw))}
	if ok, _ := cl.c.Extension("8BITMIME"); ok && !isASCII(raw) {
		opts.Body = smtp.Body8BitMIME
	}
	if ok, _ := cl.c.Extension("SMTPUTF8"); ok && !isASCII([]byte(from+strings.Join(rcpts, ""))) {
		opts.UTF8 = true
	}
	if err := cl.c.Mail(from, opts); err != nil {
		return nil, cl.wrap(ctx, fmt.Sprintf("SMTP MAIL FROM <%s>", from), err)
	}
	res := &SendResult{}
	for _, r := range rcpts {
		if err := cl.c.Rcpt(r, nil); err != nil {
			var se *smtp.SMTPError
			if errors.As(err, &se) {
				res.Refused = append(res.Refused, RecipientError{Address: r, Code: se.Code, Text: se.Message})
				continue
			}
			return nil, cl.wrap(ctx, fmt.Sprintf("SMTP RCPT TO <%s>", r), err)
		}
		res.Accepted = append(res.Accepted, r)
	}
	if len(res.Accepted) == 0 {
		cl.c.Reset()
		r := res.Refused[0]
		return res, &Error{Op: fmt.Sprintf("SMTP RCPT TO <%s>", r.Address), Kind: KindRecipient, Code: r.Code, Text: r.Text}
	}
	w, err := cl.c.Data()
	if err != nil {
		return nil, cl.wrap(ctx, "SMTP DATA", err)
	}
	if err := writeProgress(w, raw, cl.s.Progress); err != nil {
		if stopped(err) {
			// Ending DATA would deliver the part already written: drop the connection.
			cl.conn.Close()
			return nil, &Error{Op: "SMTP DATA", Kind: KindCanceled, Err: err}
		}
		w.Close()
		return nil, cl.wrap(ctx, "SMTP DATA", err)
	}
	if err := w.Close(); err != nil {
		return nil, cl.wrap(ctx, "SMTP DATA", err)
	}
	if len(res.Refused) > 0 {
		r := res.Refused[0]
		return res, &Error{Op: fmt.Sprintf("SMTP RCPT TO <%s>", r.Address), Kind: KindRecipient, Code: r.Code,
			Text: fmt.Sprintf("%s (the message was sent to the %d other recipient(s))", r.Text, len(res.Accepted))}
	}
	return res, nil
}

func (cl *SMTPClient) wrap(ctx context.Context, op string, err error) *Error {
	if ctx.Err() != nil {
		return &Error{Op: op, Kind: KindCanceled, Err: ctx.Err()}
	}
	return smtpError(op, err)
}

// Close ends the session with QUIT.
func (cl *SMTPClient) Close() error {
	err := cl.c.Quit()
	cl.c.Close()
	if err != nil {
		return smtpError("SMTP QUIT", err)
	}
	return nil
}

// xoauth2Client is Google's and Microsoft's XOAUTH2 mechanism, absent from go-sasl.
type xoauth2Client struct{ user, token string }

func (x *xoauth2Client) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + x.user + "\x01auth=Bearer " + x.token + "\x01\x01"), nil
}

// Next answers the server's error challenge with an empty response, so that it reports the
// failure.
func (x *xoauth2Client) Next([]byte) ([]byte, error) { return []byte{}, nil }
