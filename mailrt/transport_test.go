package mailrt

import (
	"context"
	"errors"
	"net"
	"os"
	"sync/atomic"
	"testing"
	"time"
)

// deadlineCountConn counts the read deadlines set on a connection.
type deadlineCountConn struct {
	net.Conn
	set atomic.Int32
}

func (c *deadlineCountConn) SetReadDeadline(t time.Time) error {
	c.set.Add(1)
	return c.Conn.SetReadDeadline(t)
}

// pipeTimeoutConn is a timeoutConn over one end of a TCP loopback connection (net.Pipe
// has deadlines too, but a real socket is what the clients use), with the other end.
func pipeTimeoutConn(t *testing.T, timeout time.Duration) (*timeoutConn, *deadlineCountConn, net.Conn) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := l.Accept()
		accepted <- c
	}()
	raw, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	peer := <-accepted
	if peer == nil {
		t.Fatal("accept failed")
	}
	counted := &deadlineCountConn{Conn: raw}
	tc := newTimeoutConn(context.Background(), counted, timeout)
	t.Cleanup(func() { tc.Close(); peer.Close() })
	return tc, counted, peer
}

// waitReading waits until a Read of c is under way.
func waitReading(t *testing.T, c *timeoutConn) {
	t.Helper()
	for start := time.Now(); c.reading.Load() == 0; time.Sleep(time.Millisecond) {
		if time.Since(start) > 5*time.Second {
			t.Fatal("the Read did not start")
		}
	}
}

// TestTimeoutConnDeadlines checks what a read deadline set from outside does: during a
// Read it reaches the connection and ends that Read; between reads it is not set (the next
// Read sets its own), whatever it is, and each Read still waits at most the timeout.
func TestTimeoutConnDeadlines(t *testing.T) {
	t.Run("during a read, a past deadline ends it", func(t *testing.T) {
		tc, _, _ := pipeTimeoutConn(t, time.Minute)
		errc := make(chan error, 1)
		go func() {
			_, err := tc.Read(make([]byte, 1))
			errc <- err
		}()
		waitReading(t, tc)
		// The Read may still be between its own deadline and the socket: set ours until
		// it is met.
		for {
			if err := tc.SetReadDeadline(time.Now().Add(-time.Second)); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-errc:
				if !errors.Is(err, os.ErrDeadlineExceeded) {
					t.Fatalf("Read: %v, want the deadline exceeded", err)
				}
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	t.Run("between reads, a deadline does not reach the connection", func(t *testing.T) {
		tc, counted, peer := pipeTimeoutConn(t, time.Minute)
		for _, d := range []time.Time{time.Now().Add(-time.Second), time.Now().Add(time.Hour), {}} {
			if err := tc.SetReadDeadline(d); err != nil {
				t.Fatal(err)
			}
		}
		if n := counted.set.Load(); n != 0 {
			t.Fatalf("%d read deadlines set on the connection between reads, want 0", n)
		}
		// A past deadline set between reads does not fail the next Read: it sets its own.
		peer.Write([]byte("x"))
		if _, err := tc.Read(make([]byte, 1)); err != nil {
			t.Fatalf("Read after a past deadline between reads: %v", err)
		}
		if n := counted.set.Load(); n != 1 {
			t.Fatalf("%d read deadlines set by one Read, want 1", n)
		}
	})
	t.Run("a far deadline between reads leaves each read its timeout", func(t *testing.T) {
		tc, _, _ := pipeTimeoutConn(t, 50*time.Millisecond)
		tc.SetReadDeadline(time.Now().Add(time.Hour))
		errc := make(chan error, 1)
		go func() {
			_, err := tc.Read(make([]byte, 1))
			errc <- err
		}()
		select {
		case err := <-errc:
			if !errors.Is(err, os.ErrDeadlineExceeded) {
				t.Fatalf("Read: %v, want the deadline exceeded", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the Read waited past its timeout")
		}
	})
}
