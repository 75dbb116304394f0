package mailrt

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
)

// POP3Client is an open POP3 session (RFC 1939, with STLS, UIDL, TOP and AUTH PLAIN).
// Message numbers are those of the session; deletions happen at Close (QUIT).
type POP3Client struct {
	s    Settings
	conn *timeoutConn
	tp   *textproto.Conn
	capa map[string]bool
}

// POP3Message is a message of the mailbox listing.
type POP3Message struct {
	Number int
	Size   int
	UID    string
}

// DialPOP3 opens a POP3 session: connect, STLS when asked, then USER/PASS (or AUTH PLAIN
// with a token-less login when USER is not offered).
func DialPOP3(ctx context.Context, s Settings) (*POP3Client, error) {
	conn, err := s.dial(ctx, POP3)
	if err != nil {
		return nil, err
	}
	c := &POP3Client{s: s, conn: conn, tp: textproto.NewConn(conn)}
	if _, err := c.response("POP3 greeting"); err != nil {
		c.tp.Close()
		return nil, err
	}
	c.capabilities()
	if s.Security == SecuritySTARTTLS {
		if _, err := c.cmd("POP3 STLS", "STLS"); err != nil {
			c.tp.Close()
			e := err.(*Error)
			e.Kind = KindTLS
			return nil, e
		}
		if err := conn.upgrade(s.tlsConfig()); err != nil {
			c.tp.Close()
			return nil, classify("POP3 TLS "+s.Addr(POP3), err)
		}
		c.tp = textproto.NewConn(conn)
		c.capabilities()
	}
	if err := c.login(); err != nil {
		c.tp.Close()
		return nil, err
	}
	return c, nil
}

func (c *POP3Client) capabilities() {
	c.capa = map[string]bool{}
	lines, err := c.multi("POP3 CAPA", "CAPA")
	if err != nil {
		return
	}
	for _, l := range lines {
		c.capa[strings.ToUpper(strings.Fields(l + " x")[0])] = true
		if strings.HasPrefix(strings.ToUpper(l), "SASL ") {
			for _, m := range strings.Fields(l)[1:] {
				c.capa["SASL:"+strings.ToUpper(m)] = true
			}
		}
	}
}

func (c *POP3Client) login() error {
	s := c.s
	op := "POP3 login " + s.Addr(POP3)
	if s.Token != "" {
		ir := base64.StdEncoding.EncodeToString([]byte("user=" + s.User + "\x01auth=Bearer " + s.Token + "\x01\x01"))
		if _, err := c.cmd(op, "AUTH XOAUTH2 %s", ir); err != nil {
			return authKind(err)
		}
		return nil
	}
	if len(c.capa) > 0 && !c.capa["USER"] && c.capa["SASL:PLAIN"] {
		ir := base64.StdEncoding.EncodeToString([]byte("\x00" + s.User + "\x00" + s.Password))
		_, err := c.cmd(op, "AUTH PLAIN %s", ir)
		return authKind(err)
	}
	if _, err := c.cmd(op, "USER %s", s.User); err != nil {
		return authKind(err)
	}
	_, err := c.cmd(op, "PASS %s", s.Password)
	return authKind(err)
}

func authKind(err error) error {
	if e, ok := err.(*Error); ok && e.Kind == KindServer {
		e.Kind = KindAuth
	}
	return err
}

// response reads a +OK/-ERR line.
func (c *POP3Client) response(op string) (string, error) {
	line, err := c.tp.ReadLine()
	if err != nil {
		return "", classify(op, err)
	}
	switch {
	case strings.HasPrefix(line, "+OK"):
		return strings.TrimSpace(strings.TrimPrefix(line, "+OK")), nil
	case strings.HasPrefix(line, "-ERR"):
		return "", &Error{Op: op, Kind: KindServer, Text: "-ERR " + strings.TrimSpace(strings.TrimPrefix(line, "-ERR"))}
	}
	return "", &Error{Op: op, Kind: KindProtocol, Text: fmt.Sprintf("unexpected answer %q", line)}
}

// cmd sends a command (never logged: PASS and AUTH carry secrets) and reads its answer.
func (c *POP3Client) cmd(op, format string, args ...any) (string, error) {
	if err := c.tp.PrintfLine(format, args...); err != nil {
		return "", classify(op, err)
	}
	return c.response(op)
}

// multi sends a command whose answer is a dot-terminated list of lines.
func (c *POP3Client) multi(op, format string, args ...any) ([]string, error) {
	if _, err := c.cmd(op, format, args...); err != nil {
		return nil, err
	}
	lines, err := c.tp.ReadDotLines()
	if err != nil {
		return nil, classify(op, err)
	}
	return lines, nil
}

// Stat gives the number of messages and their total size.
func (c *POP3Client) Stat() (count, size int, err error) {
	line, err := c.cmd("POP3 STAT", "STAT")
	if err != nil {
		return 0, 0, err
	}
	if _, err := fmt.Sscanf(line, "%d %d", &count, &size); err != nil {
		return 0, 0, &Error{Op: "POP3 STAT", Kind: KindProtocol, Text: fmt.Sprintf("unexpected answer %q", line)}
	}
	return count, size, nil
}

// List gives every message with its size and unique id (UIDL, when the server has it).
func (c *POP3Client) List() ([]POP3Message, error) {
	lines, err := c.multi("POP3 LIST", "LIST")
	if err != nil {
		return nil, err
	}
	var out []POP3Message
	index := map[int]int{}
	for _, l := range lines {
		var n, size int
		if _, err := fmt.Sscanf(l, "%d %d", &n, &size); err != nil {
			return nil, &Error{Op: "POP3 LIST", Kind: KindProtocol, Text: fmt.Sprintf("unexpected line %q", l)}
		}
		index[n] = len(out)
		out = append(out, POP3Message{Number: n, Size: size})
	}
	if uids, err := c.multi("POP3 UIDL", "UIDL"); err == nil {
		for _, l := range uids {
			f := strings.Fields(l)
			if len(f) == 2 {
				if n, err := strconv.Atoi(f[0]); err == nil {
					if i, ok := index[n]; ok {
						out[i].UID = f[1]
					}
				}
			}
		}
	}
	return out, nil
}

// Retr reads message n.
func (c *POP3Client) Retr(n int) ([]byte, error) {
	return c.dotBody(fmt.Sprintf("POP3 RETR %d", n), "RETR %d", n)
}

// Top reads the header of message n and its first lines.
func (c *POP3Client) Top(n, lines int) ([]byte, error) {
	return c.dotBody(fmt.Sprintf("POP3 TOP %d", n), "TOP %d %d", n, lines)
}

func (c *POP3Client) dotBody(op, format string, args ...any) ([]byte, error) {
	if _, err := c.cmd(op, format, args...); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, c.tp.DotReader()); err != nil {
		return nil, classify(op, err)
	}
	// DotReader gives LF line endings: give the message back its CRLF.
	return bytes.ReplaceAll(b.Bytes(), []byte("\n"), []byte("\r\n")), nil
}

// Dele marks message n for deletion at Close.
func (c *POP3Client) Dele(n int) error {
	_, err := c.cmd(fmt.Sprintf("POP3 DELE %d", n), "DELE %d", n)
	return err
}

// Rset unmarks the messages marked for deletion.
func (c *POP3Client) Rset() error {
	_, err := c.cmd("POP3 RSET", "RSET")
	return err
}

// Noop keeps the session alive.
func (c *POP3Client) Noop() error {
	_, err := c.cmd("POP3 NOOP", "NOOP")
	return err
}

// Close ends the session with QUIT, which applies the deletions.
func (c *POP3Client) Close() error {
	_, err := c.cmd("POP3 QUIT", "QUIT")
	c.tp.Close()
	return err
}
