package sandbox

import (
	"errors"
	"net"
	"sync"
	"time"
)

// chanListener hands connections accepted elsewhere to a server's Serve loop.
type chanListener struct {
	addr   net.Addr
	ch     chan net.Conn
	once   sync.Once
	closed chan struct{}
}

func newChanListener(addr net.Addr) *chanListener {
	return &chanListener{addr: addr, ch: make(chan net.Conn), closed: make(chan struct{})}
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// push gives a connection to the Serve loop; false when the listener is closed.
func (l *chanListener) push(c net.Conn) bool {
	select {
	case l.ch <- c:
		return true
	case <-l.closed:
		return false
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.closed) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return l.addr }

// acceptLoop accepts connections of a service and hands each to handle, wrapped so that
// replies can be slowed down and Close can end it. With serves set, handle serves the
// connection to its end (the connection is forgotten when it returns); otherwise handle
// passes it to a server that forgets it when it closes it (see trackedConn).
//
// An error of Accept (too many open files, a connection reset before it was accepted...)
// does not stop the service: the loop waits 5 ms, doubling up to 1 s as long as it fails, as
// net/http's Server.Serve does, and logs the first error of a run of failures. Only the
// closing of the listener ends it.
func (s *Server) acceptLoop(svc Service, serves bool, handle func(net.Conn)) {
	l := s.listeners[svc]
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		var delay time.Duration
		failures := 0
		for {
			c, err := l.Accept()
			if err != nil {
				if errors.Is(err, net.ErrClosed) || s.isClosing() {
					return
				}
				if delay == 0 {
					delay = 5 * time.Millisecond
					s.cfg.ErrorLog.Printf("%s: %v; retrying until it works", svc, err)
				} else if delay *= 2; delay > time.Second {
					delay = time.Second
				}
				failures++
				t := time.NewTimer(delay)
				select {
				case <-t.C:
				case <-s.closing:
					t.Stop()
					return
				}
				continue
			}
			if failures > 0 {
				s.cfg.ErrorLog.Printf("%s: accepting connections again after %d failed attempts", svc, failures)
				delay, failures = 0, 0
			}
			if !s.track(c, true) {
				c.Close()
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				handle(&slowConn{Conn: c, faults: &s.faults, closing: s.closing})
				if serves {
					c.Close()
					s.track(c, false)
				}
			}()
		}
	}()
}

// isClosing reports whether Close was called.
func (s *Server) isClosing() bool {
	select {
	case <-s.closing:
		return true
	default:
		return false
	}
}

// untrackOnClose removes a connection from the tracked set when it is closed.
type trackedConn struct {
	net.Conn
	srv  *Server
	raw  net.Conn
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() { c.srv.track(c.raw, false) })
	return c.Conn.Close()
}
