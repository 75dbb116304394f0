package sandbox

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

func TestTimeoutDefaults(t *testing.T) {
	got := Timeouts{}.withDefaults()
	want := Timeouts{TLSHandshake: 30 * time.Second, SMTPCommand: 5 * time.Minute, POP3Idle: 10 * time.Minute, IMAPIdle: 30 * time.Minute}
	if got != want {
		t.Errorf("defaults %+v, want %+v", got, want)
	}
	if got := (Timeouts{POP3Idle: time.Second}).withDefaults().POP3Idle; got != time.Second {
		t.Errorf("a set timeout became %v", got)
	}
}

// readUntilClosed reads what the server says until it closes the connection, and fails if
// it is still open after 10 s.
func readUntilClosed(t *testing.T, svc Service, r io.Reader, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	b, err := io.ReadAll(r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("%s: still open after 10 s (read %q)", svc, b)
	}
	return string(b)
}

// A client that connects to an implicit-TLS port and says nothing is disconnected after the
// handshake timeout.
func TestSilentTLSClientClosed(t *testing.T) {
	s := start(t, Config{Timeouts: Timeouts{TLSHandshake: 200 * time.Millisecond}})
	for _, svc := range []Service{SMTPS, POP3S, IMAPS} {
		c, _ := dialRaw(t, s.Addr(svc))
		if got := readUntilClosed(t, svc, c, c); got != "" {
			t.Errorf("%s said %q", svc, got)
		}
	}
	// A client that does its handshake is served.
	p := dialPOP3(t, s, true)
	mustContain(t, p.cmd("NOOP"), "+OK")
}

// A client that stops talking is disconnected after the idle timeout of its protocol.
func TestIdleClientClosed(t *testing.T) {
	s := start(t, Config{Timeouts: Timeouts{SMTPCommand: 200 * time.Millisecond, POP3Idle: 200 * time.Millisecond, IMAPIdle: 200 * time.Millisecond}})
	for _, tc := range []struct {
		svc      Service
		commands string // sent after the greeting
		last     string // in what the server says before closing
	}{
		{SMTP, "EHLO x\r\n", "421 4.4.2 Idle timeout"},
		{POP3, "USER u\r\n", "+OK"},
		// Logged in, when go-imap's server would wait 35 minutes.
		{IMAP, "a1 LOGIN u p\r\n", "a1 OK"},
	} {
		c, _ := dialRaw(t, s.Addr(tc.svc))
		r := bufio.NewReader(c)
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := r.ReadString('\n'); err != nil {
			t.Fatalf("%s greeting: %v", tc.svc, err)
		}
		c.Write([]byte(tc.commands))
		if got := readUntilClosed(t, tc.svc, r, c); !strings.Contains(got, tc.last) {
			t.Errorf("%s said %q before closing, want %q in it", tc.svc, got, tc.last)
		}
	}
}

// A message that keeps coming is not cut by the SMTP timeout, however long it takes.
func TestSMTPSlowDataNotCut(t *testing.T) {
	s := start(t, Config{Timeouts: Timeouts{SMTPCommand: time.Second}})
	c, _ := dialRaw(t, s.Addr(SMTP))
	r := newLineReader(c)
	r.line()
	c.Write([]byte("HELO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<x@y.z>\r\nDATA\r\n"))
	for i := 0; i < 4; i++ {
		r.line()
	}
	c.Write([]byte("Subject: slow\r\n\r\n"))
	// 1.5 s in all, never 1 s without a word.
	for i := 0; i < 6; i++ {
		time.Sleep(250 * time.Millisecond)
		c.Write([]byte(strings.Repeat("x", 10) + "\r\n"))
	}
	c.Write([]byte(".\r\n"))
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	mustContain(t, r.line(), "250")
	if m := waitMessages(t, s, 1); m[0].Subject != "slow" {
		t.Fatalf("stored %+v", m[0])
	}
}
