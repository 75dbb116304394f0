package mailrt

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"strconv"
	"sync/atomic"
	"time"
)

// Protocol is a mail protocol.
type Protocol int

// Protocols.
const (
	SMTP Protocol = iota
	POP3
	IMAP
)

func (p Protocol) String() string { return [...]string{"SMTP", "POP3", "IMAP"}[p] }

// Security is how a session protects its connection.
type Security int

// Security modes.
const (
	// SecurityNone is a plain connection.
	SecurityNone Security = iota
	// SecuritySTARTTLS connects in plain, then upgrades with STARTTLS (STLS for POP3);
	// failing to upgrade is an error, never a silent fallback to plain.
	SecuritySTARTTLS
	// SecurityImplicitTLS speaks TLS from the first byte (ports 465, 995, 993).
	SecurityImplicitTLS
)

func (s Security) String() string { return [...]string{"none", "starttls", "implicit"}[s] }

// DefaultPort is the standard port of a protocol in a security mode.
func DefaultPort(p Protocol, s Security) int {
	switch p {
	case SMTP:
		switch s {
		case SecurityImplicitTLS:
			return 465
		case SecuritySTARTTLS:
			return 587
		}
		return 25
	case POP3:
		if s == SecurityImplicitTLS {
			return 995
		}
		return 110
	}
	if s == SecurityImplicitTLS {
		return 993
	}
	return 143
}

// Transport opens the network connection of a session. The client does the TLS itself,
// so a transport only carries bytes: the default dials TCP, the sandbox routes every dial to
// the embedded server.
type Transport interface {
	Dial(ctx context.Context, proto Protocol, sec Security, addr string) (net.Conn, error)
}

// NetTransport dials over the network.
type NetTransport struct {
	// Dialer, when set, is used instead of a default net.Dialer.
	Dialer *net.Dialer
}

// Dial implements Transport.
func (t NetTransport) Dial(ctx context.Context, _ Protocol, _ Security, addr string) (net.Conn, error) {
	d := t.Dialer
	if d == nil {
		d = &net.Dialer{}
	}
	return d.DialContext(ctx, "tcp", addr)
}

// DefaultTimeout is the longest wait for a server reply when a session sets none: 10
// minutes, as in WINDEV.
const DefaultTimeout = 10 * time.Minute

// Settings are what a session needs to reach its server.
type Settings struct {
	// Host and Port of the server; Port 0 means the protocol's default for the security,
	// and one outside 0–65535 is refused (KindInvalidValue) before connecting.
	Host string
	Port int
	// User and Password log in; Token is an OAuth access token used instead of the password.
	User     string
	Password string
	Token    string
	Security Security
	// Timeout is the longest wait for any single server reply (not the total duration);
	// zero means DefaultTimeout.
	Timeout time.Duration
	// RootCAs verifies the server's certificate; nil means the system roots.
	RootCAs *x509.CertPool
	// InsecureSkipVerify accepts any certificate (the session's IgnoreErreur).
	InsecureSkipVerify bool
	// Transport opens connections; nil means NetTransport.
	Transport Transport
	// LocalName is the name given in EHLO (default "localhost").
	LocalName string
	// Progress, when set, is told how each message sent (SMTP DATA) or read whole (POP3
	// RETR, IMAP FETCH of a whole message) goes, in the goroutine that called the client.
	// Settings given to a Spool should not have one: its workers would call it.
	Progress ProgressFunc
	// Reserve, when set, is asked before a POP3 or IMAP client holds more memory for a
	// message it reads: n more bytes, before they are allocated, so that a host can charge
	// them to a memory budget. An error stops the read the way a ProgressFunc's does (the
	// connection is closed, the call returns an *Error of kind KindCanceled whose chain holds
	// the error).
	Reserve func(n int64) error
}

// Addr is host:port with the default port filled in.
func (s *Settings) Addr(p Protocol) string {
	port := s.Port
	if port == 0 {
		port = DefaultPort(p, s.Security)
	}
	return net.JoinHostPort(s.Host, strconv.Itoa(port))
}

func (s *Settings) timeout() time.Duration {
	if s.Timeout <= 0 {
		return DefaultTimeout
	}
	return s.Timeout
}

func (s *Settings) tlsConfig() *tls.Config {
	name := s.Host
	if name == "" {
		name = "localhost" // only reachable through a custom transport, see dial
	}
	return &tls.Config{ServerName: name, RootCAs: s.RootCAs, InsecureSkipVerify: s.InsecureSkipVerify,
		MinVersion: tls.VersionTLS12}
}

func (s *Settings) transport() Transport {
	if s.Transport == nil {
		return NetTransport{}
	}
	return s.Transport
}

// dial opens the connection, with TLS from the first byte for implicit TLS, and wraps it
// so that each read and write waits at most the timeout and the context closes it.
func (s *Settings) dial(ctx context.Context, p Protocol) (*timeoutConn, error) {
	op := p.String() + " connect " + s.Addr(p)
	if s.Host == "" && s.Transport == nil {
		// A custom transport (the sandbox) may route a session without an address.
		return nil, &Error{Op: p.String() + " connect", Kind: KindConnect, Text: "no server address"}
	}
	dctx, cancel := context.WithTimeout(ctx, s.timeout())
	defer cancel()
	raw, err := s.transport().Dial(dctx, p, s.Security, s.Addr(p))
	if err != nil {
		return nil, classify(op, err)
	}
	tc := newTimeoutConn(ctx, raw, s.timeout())
	if s.Security == SecurityImplicitTLS {
		if err := tc.upgrade(s.tlsConfig()); err != nil {
			tc.Close()
			return nil, classify(p.String()+" TLS "+s.Addr(p), err)
		}
	}
	return tc, nil
}

// timeoutConn gives every read and write its own deadline (the per-reply timeout) and is
// closed when the context ends, which interrupts a blocked call.
type timeoutConn struct {
	net.Conn
	timeout time.Duration
	stop    func() bool
	// reading counts the Reads under way (see SetReadDeadline).
	reading atomic.Int32
}

func newTimeoutConn(ctx context.Context, c net.Conn, timeout time.Duration) *timeoutConn {
	tc := &timeoutConn{Conn: c, timeout: timeout}
	tc.stop = context.AfterFunc(ctx, func() { c.Close() })
	return tc
}

func (c *timeoutConn) Read(b []byte) (int, error) {
	c.reading.Add(1)
	defer c.reading.Add(-1)
	c.Conn.SetReadDeadline(time.Now().Add(c.timeout))
	return c.Conn.Read(b)
}

// SetReadDeadline sets the read deadline of the connection while a Read is under way, which
// that Read then meets as on any connection. Between reads it does nothing: the next Read
// sets its own deadline (the per-reply timeout) before reading, which would replace this one
// anyway. imapclient sets a read deadline three or four times per response it reads, always
// between reads; each one costs a timer update in the runtime.
func (c *timeoutConn) SetReadDeadline(t time.Time) error {
	if c.reading.Load() == 0 {
		return nil
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *timeoutConn) Write(b []byte) (int, error) {
	c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	return c.Conn.Write(b)
}

func (c *timeoutConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

// upgrade replaces the connection by a TLS client over it and does the handshake.
func (c *timeoutConn) upgrade(cfg *tls.Config) error {
	raw := c.Conn
	t := tls.Client(raw, cfg)
	t.SetDeadline(time.Now().Add(c.timeout))
	if err := t.Handshake(); err != nil {
		return err
	}
	t.SetDeadline(time.Time{})
	c.Conn = t
	return nil
}
