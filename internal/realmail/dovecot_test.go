package realmail_test

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/internal/realmail"
)

// These tests log in to Dovecot on each of its four ports with a few raw protocol lines:
// enough to show that every port, its TLS mode and the shared credentials work.

// conn is a line-oriented client connection that can switch to TLS.
type conn struct {
	t  *testing.T
	nc net.Conn
	r  *bufio.Reader
}

func dial(t *testing.T, addr string, tlsCfg *tls.Config) *conn {
	t.Helper()
	d := net.Dialer{Timeout: 10 * time.Second}
	var nc net.Conn
	var err error
	if tlsCfg != nil {
		nc, err = tls.DialWithDialer(&d, "tcp", addr, tlsCfg)
	} else {
		nc, err = d.Dial("tcp", addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	if err := nc.SetDeadline(time.Now().Add(30 * time.Second)); err != nil {
		t.Fatal(err)
	}
	return &conn{t: t, nc: nc, r: bufio.NewReader(nc)}
}

func (c *conn) startTLS(cfg *tls.Config) {
	c.t.Helper()
	tc := tls.Client(c.nc, cfg)
	if err := tc.Handshake(); err != nil {
		c.t.Fatalf("TLS handshake after the upgrade command: %v", err)
	}
	c.nc, c.r = tc, bufio.NewReader(tc)
}

func (c *conn) line() string {
	c.t.Helper()
	l, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("read: %v (got %q)", err, l)
	}
	return strings.TrimRight(l, "\r\n")
}

func (c *conn) send(format string, args ...any) {
	c.t.Helper()
	if _, err := fmt.Fprintf(c.nc, format+"\r\n", args...); err != nil {
		c.t.Fatal(err)
	}
}

// pop3 sends a command and wants "+OK"; what names the command in failures, which never
// show the password.
func (c *conn) pop3(what, cmd string) {
	c.t.Helper()
	c.send("%s", cmd)
	if l := c.line(); !strings.HasPrefix(l, "+OK") {
		c.t.Fatalf("POP3 %s: %q", what, l)
	}
}

// imap sends a tagged command and returns the untagged lines, wanting "tag OK".
func (c *conn) imap(tag, what, cmd string) []string {
	c.t.Helper()
	c.send("%s %s", tag, cmd)
	var untagged []string
	for {
		l := c.line()
		if !strings.HasPrefix(l, tag+" ") {
			untagged = append(untagged, l)
			continue
		}
		if !strings.HasPrefix(l, tag+" OK") {
			c.t.Fatalf("IMAP %s: %q", what, l)
		}
		return untagged
	}
}

func TestRealPOP3(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	for _, tt := range []struct {
		name     string
		port     int
		implicit bool
	}{
		{"STLS", env.POP3Port, false},
		{"POP3S", env.POP3SPort, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tlsConfig(t, env)
			var c *conn
			if tt.implicit {
				c = dial(t, env.HostPort(tt.port), cfg)
			} else {
				c = dial(t, env.HostPort(tt.port), nil)
			}
			if l := c.line(); !strings.HasPrefix(l, "+OK") {
				t.Fatalf("greeting %q", l)
			}
			if !tt.implicit {
				c.pop3("STLS", "STLS")
				c.startTLS(cfg)
			}
			c.pop3("USER", "USER "+env.User)
			c.pop3("PASS", "PASS "+env.Pass)
			c.pop3("STAT", "STAT")
			c.pop3("QUIT", "QUIT")
		})
	}
}

func TestRealIMAP(t *testing.T) {
	t.Parallel()
	env := realmail.Require(t)
	for _, tt := range []struct {
		name     string
		port     int
		implicit bool
	}{
		{"STARTTLS", env.IMAPPort, false},
		{"IMAPS", env.IMAPSPort, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tlsConfig(t, env)
			var c *conn
			if tt.implicit {
				c = dial(t, env.HostPort(tt.port), cfg)
			} else {
				c = dial(t, env.HostPort(tt.port), nil)
			}
			if l := c.line(); !strings.HasPrefix(l, "* OK") {
				t.Fatalf("greeting %q", l)
			}
			if !tt.implicit {
				c.imap("a1", "STARTTLS", "STARTTLS")
				c.startTLS(cfg)
			}
			c.imap("a2", "LOGIN", fmt.Sprintf("LOGIN %q %q", env.User, env.Pass))
			lines := c.imap("a3", "SELECT", "SELECT INBOX")
			if !strings.Contains(strings.Join(lines, "\n"), "EXISTS") {
				t.Errorf("SELECT INBOX without EXISTS: %q", lines)
			}
			c.imap("a4", "LOGOUT", "LOGOUT")
		})
	}
}
