package sandbox

import (
	"crypto/tls"
	"net"
	"sync/atomic"
	"time"
)

// tlsHandshake starts TLS on an implicit-TLS connection: the handshake must end within the
// TLSHandshake timeout, or the connection is closed (a client that connects and says
// nothing does not hold it forever). It returns nil when the handshake failed.
func (s *Server) tlsHandshake(c net.Conn) *tls.Conn {
	tc := tls.Server(c, s.tls)
	tc.SetDeadline(time.Now().Add(s.cfg.Timeouts.TLSHandshake))
	if err := tc.Handshake(); err != nil {
		tc.Close()
		return nil
	}
	tc.SetDeadline(time.Time{})
	return tc
}

// idleCapConn bounds every read deadline a protocol library sets to idle from now: the
// library keeps its own shorter deadlines, and never waits longer than the sandbox's idle
// timeout.
type idleCapConn struct {
	net.Conn
	idle time.Duration
}

func (c *idleCapConn) SetReadDeadline(t time.Time) error {
	if max := time.Now().Add(c.idle); t.IsZero() || t.After(max) {
		t = max
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *idleCapConn) SetDeadline(t time.Time) error {
	if err := c.SetReadDeadline(t); err != nil {
		return err
	}
	return c.Conn.SetWriteDeadline(t)
}

// dataConn is what go-smtp reads from. go-smtp gives a whole message the deadline of its
// DATA command; while the message comes, every read moves the deadline to idle from now
// instead, so that a long message may take as long as it needs as long as it keeps coming.
type dataConn struct {
	net.Conn
	idle time.Duration
	data atomic.Bool
}

func (c *dataConn) Read(b []byte) (int, error) {
	if c.data.Load() {
		c.Conn.SetReadDeadline(time.Now().Add(c.idle))
	}
	return c.Conn.Read(b)
}

// receivingData marks the DATA of the connection c (a dataConn, under TLS or not) as
// started or ended.
func receivingData(c net.Conn, on bool) {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if dc, ok := c.(*dataConn); ok {
		dc.data.Store(on)
	}
}
