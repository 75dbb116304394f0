package mailrt

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
)

// Kind classifies a failure.
type Kind int

// Kinds of failure.
const (
	KindOther     Kind = iota
	KindDNS            // the server's name does not resolve
	KindConnect        // the connection was refused or could not be made
	KindTLS            // TLS handshake or certificate verification failed, or STARTTLS unavailable
	KindAuth           // the login or token was refused
	KindTimeout        // the server did not answer in time
	KindRecipient      // a recipient was refused
	KindServer         // the server answered with an error
	KindProtocol       // the server's answer could not be understood
	KindClosed         // the connection was closed by the server
	KindMessage        // the message itself is invalid (bad address or header name)
	KindCanceled       // the caller's context was cancelled
	// KindInvalidValue is a value refused before it was sent: a user name, password,
	// token, address or folder name holding CR, LF or NUL, a port out of range (see
	// ValueError).
	KindInvalidValue
	KindSpool // the spool directory of asynchronous sending cannot be written
)

var kindNames = [...]string{"error", "DNS", "connection", "TLS", "authentication", "timeout",
	"recipient", "server", "protocol", "closed connection", "message", "cancelled", "invalid value",
	"spool"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "error"
}

// Error is a failure of an email operation.
type Error struct {
	// Op is what was being done: "SMTP connect", "SMTP AUTH", "RCPT TO <a@b.c>", "POP3 RETR"...
	Op string
	// Kind classifies the failure.
	Kind Kind
	// Code and Text are the server's reply (SMTP code, 0 for POP3/IMAP), when there was one.
	Code int
	Text string
	// Err is the underlying error.
	Err error
}

// Error is one line: the operation, the server's code and text, or the cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	switch {
	case e.Code != 0 && e.Text != "":
		fmt.Fprintf(&b, "%d %s", e.Code, oneLine(e.Text))
	case e.Text != "":
		b.WriteString(oneLine(e.Text))
	case e.Err != nil:
		b.WriteString(oneLine(e.Err.Error()))
	default:
		b.WriteString(e.Kind.String() + " error")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

// classify wraps a network or TLS error into an *Error of the right kind.
func classify(op string, err error) *Error {
	if err == nil {
		return nil
	}
	var me *Error
	if errors.As(err, &me) {
		return me
	}
	e := &Error{Op: op, Err: err, Kind: KindOther}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	var ne net.Error
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.Canceled):
		e.Kind = KindCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		e.Kind = KindTimeout
		e.Text = "no answer from the server in time"
	case errors.As(err, &dnsErr):
		e.Kind = KindDNS
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr),
		errors.As(err, &invalid), errors.As(err, &recordErr), errors.As(err, &alert):
		e.Kind = KindTLS
	case errors.As(err, &ne) && ne.Timeout():
		e.Kind = KindTimeout
		e.Text = "no answer from the server in time"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		e.Kind = KindConnect
	case errors.Is(err, net.ErrClosed), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		e.Kind = KindClosed
		e.Text = "the server closed the connection"
	}
	return e
}

// KindOf classifies any error: the Kind of an *Error in its chain, else KindOther.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindOther
}

// withPortHint adds to a timeout while opening a session the likely cause when the port
// is the usual one of the other TLS mode: a client that waits for a greeting from a port
// that waits for a TLS handshake (or the reverse) sees nothing until its timeout.
func withPortHint(err error, p Protocol, s Settings) error {
	e, ok := err.(*Error)
	if !ok || e.Kind != KindTimeout {
		return err
	}
	port := s.Port
	implicit, starttls := DefaultPort(p, SecurityImplicitTLS), DefaultPort(p, SecurityNone)
	var hint string
	switch {
	case port == implicit && s.Security != SecurityImplicitTLS:
		hint = fmt.Sprintf("port %d usually speaks TLS from the first byte (optionTLS)", port)
	case s.Security == SecurityImplicitTLS && (port == starttls || port == DefaultPort(p, SecuritySTARTTLS)):
		hint = fmt.Sprintf("port %d usually starts in plain text (emailProtocolSMTPS for STARTTLS)", port)
	default:
		return err
	}
	c := *e
	c.Text = strings.TrimSpace(c.Text + " (" + hint + ")")
	if c.Text == "("+hint+")" {
		c.Text = "no answer from the server in time (" + hint + ")"
	}
	return &c
}
