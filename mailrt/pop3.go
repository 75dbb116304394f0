package mailrt

import (
	"bufio"
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
	// ahead are the RETR commands sent ahead (RetrAhead), oldest first, whose answers
	// are read when Retr asks for them or before any other command.
	ahead []pop3Ahead
}

// pop3Ahead is a RETR sent ahead; once done, its answer was read into raw or err.
type pop3Ahead struct {
	n    int
	done bool
	raw  []byte
	err  error
}

// POP3Message is a message of the mailbox listing.
type POP3Message struct {
	Number int
	Size   int
	UID    string
}

// DialPOP3 opens a POP3 session: connect, STLS when asked, then USER/PASS (or AUTH PLAIN
// with a token-less login when USER is not offered). Settings whose values cannot go into a
// command (a CR, LF or NUL in the user name or password: "PASS p" CR LF "DELE 1" would
// delete a message) are refused with KindInvalidValue before connecting. The other commands
// carry numbers only.
func DialPOP3(ctx context.Context, s Settings) (*POP3Client, error) {
	if e := s.check(POP3); e != nil {
		return nil, e // nothing was sent: not even connected
	}
	c, err := dialPOP3(ctx, s)
	if err != nil {
		return nil, withPortHint(err, POP3, s)
	}
	return c, nil
}

func dialPOP3(ctx context.Context, s Settings) (*POP3Client, error) {
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
	if err := c.send(op, format, args...); err != nil {
		return "", err
	}
	return c.response(op)
}

// send sends a command, after reading the answers of the RETR commands sent ahead.
func (c *POP3Client) send(op, format string, args ...any) error {
	if len(c.ahead) > 0 {
		c.drain(true)
	}
	if err := c.tp.PrintfLine(format, args...); err != nil {
		return classify(op, err)
	}
	return nil
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

// Retr reads message n. When RetrAhead sent its RETR already, it reads (or gives, when
// another command read it meanwhile) that answer, dropping the answers of the messages sent
// ahead before it.
func (c *POP3Client) Retr(n int) ([]byte, error) {
	op := fmt.Sprintf("POP3 RETR %d", n)
	i := 0
	for i < len(c.ahead) && c.ahead[i].n != n {
		i++
	}
	if i == len(c.ahead) {
		return c.dotBody(op, true, "RETR %d", n)
	}
	for j := 0; j < i; j++ {
		c.readAhead(&c.ahead[j], false)
	}
	a := c.ahead[i]
	c.ahead = append(c.ahead[:0], c.ahead[i+1:]...)
	if !a.done {
		return c.answerBody(op, true)
	}
	if p := c.s.Progress; p != nil && a.err == nil {
		if err := report(p, int64(len(a.raw)), int64(len(a.raw))); err != nil {
			return nil, &Error{Op: op, Kind: KindCanceled, Err: err}
		}
	}
	return a.raw, a.err
}

// Pipelining tells whether the server announced PIPELINING (RFC 2449): RetrAhead sends
// nothing otherwise.
func (c *POP3Client) Pipelining() bool { return c.capa["PIPELINING"] }

// RetrAhead sends RETR for the messages ns without waiting for the answers, in one write,
// when the server announced PIPELINING (it does nothing otherwise, nor for a message whose
// RETR was sent ahead already). Each answer is then read by the Retr of its message, in
// order, so that reading a mailbox costs no round trip per message; any other command first
// reads the answers still due (keeping them for Retr), and Dele drops the one of the message
// it deletes. An error writing the commands is also the error of the next command.
func (c *POP3Client) RetrAhead(ns ...int) error {
	if !c.Pipelining() {
		return nil
	}
	w := c.tp.W
	sent := false
next:
	for _, n := range ns {
		for _, a := range c.ahead {
			if a.n == n {
				continue next
			}
		}
		w.WriteString("RETR ")
		w.WriteString(strconv.Itoa(n))
		w.WriteString("\r\n")
		c.ahead = append(c.ahead, pop3Ahead{n: n})
		sent = true
	}
	if !sent {
		return nil
	}
	if err := w.Flush(); err != nil {
		return classify("POP3 RETR", err)
	}
	return nil
}

// readAhead reads the answer of a RETR sent ahead, unless read already; with keep, it is
// kept in a (held against the session's Reserve), else read and dropped.
func (c *POP3Client) readAhead(a *pop3Ahead, keep bool) {
	if a.done {
		if !keep {
			a.raw = nil
		}
		return
	}
	a.done = true
	op := fmt.Sprintf("POP3 RETR %d", a.n)
	if keep {
		a.raw, a.err = c.answerBodyWith(op, true, nil, c.s.Reserve)
		return
	}
	_, a.err = c.answerBodyWith(op, false, nil, nil)
}

// drain reads the answers of the RETR commands sent ahead, before another command is sent.
func (c *POP3Client) drain(keep bool) {
	for i := range c.ahead {
		c.readAhead(&c.ahead[i], keep)
	}
	if !keep {
		c.ahead = c.ahead[:0]
	}
}

// Top reads the header of message n and its first lines.
func (c *POP3Client) Top(n, lines int) ([]byte, error) {
	return c.dotBody(fmt.Sprintf("POP3 TOP %d", n), false, "TOP %d %d", n, lines)
}

// dotBody sends a command answered by a message. With sized, the answer's "+OK <size>
// octets", which most servers give to RETR, sizes the buffer, so that a large message is
// read into one allocation.
func (c *POP3Client) dotBody(op string, sized bool, format string, args ...any) ([]byte, error) {
	if err := c.send(op, format, args...); err != nil {
		return nil, err
	}
	return c.answerBody(op, sized)
}

// answerBody reads the answer of a command answered by a message: the status line, then
// the message (see dotBody), with the session's Progress (when sized) and Reserve.
func (c *POP3Client) answerBody(op string, sized bool) ([]byte, error) {
	var p ProgressFunc
	if sized {
		p = c.s.Progress
	}
	return c.answerBodyWith(op, sized, p, c.s.Reserve)
}

// answerBodyWith is answerBody with the given progress and reserve functions.
func (c *POP3Client) answerBodyWith(op string, sized bool, p ProgressFunc, reserve func(int64) error) ([]byte, error) {
	line, err := c.response(op)
	if err != nil {
		return nil, err
	}
	hint, total := 4096, 0
	if f := strings.Fields(line); sized && len(f) > 0 {
		if n, err := strconv.Atoi(f[0]); err == nil && n >= 0 {
			// Room for the final ".\r\n" read before it is dropped; n+8 could overflow.
			hint = min(n, maxSizeHint-8) + 8
			total = n
		}
	}
	b, err := readDotCRLF(c.tp.R, hint, p, int64(total), reserve)
	if err != nil {
		if stopped(err) {
			// The rest of the message is still coming: the session cannot go on.
			c.conn.Close()
			return nil, &Error{Op: op, Kind: KindCanceled, Err: err}
		}
		return nil, classify(op, err)
	}
	return b, nil
}

// readDotCRLF reads a dot-terminated multi-line answer (RFC 1939, section 3) into a buffer
// of capacity hint: the stuffed dot of each line is removed and every line ends in CRLF,
// whatever the server ended it with. It replaces textproto's DotReader followed by a
// LF-to-CRLF copy, which held the message three times.
//
// p, when not nil, is told every progressStep bytes and at the end how many were read of
// total. reserve, when not nil, is asked before the buffer is allocated and each time it
// grows, with the bytes it adds; its error stops the read.
func readDotCRLF(r *bufio.Reader, hint int, p ProgressFunc, total int64, reserve func(int64) error) ([]byte, error) {
	if reserve != nil {
		if err := reserve(int64(hint)); err != nil {
			return nil, &progressStop{err}
		}
	}
	out := make([]byte, 0, hint)
	// room makes sure n more bytes fit in out, growing it (twice its size at least) with
	// what reserve allows.
	room := func(n int) error {
		if len(out)+n <= cap(out) {
			return nil
		}
		c := max(2*cap(out), len(out)+n, 512)
		if reserve != nil {
			if err := reserve(int64(c - cap(out))); err != nil {
				return &progressStop{err}
			}
		}
		nb := make([]byte, len(out), c)
		copy(nb, out)
		out = nb
		return nil
	}
	last := 0
	for {
		if p != nil && len(out)-last >= progressStep {
			last = len(out)
			if err := report(p, int64(last), total); err != nil {
				return nil, err
			}
		}
		start := len(out)
		line, err := r.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			if err := room(len(line)); err != nil {
				return nil, err
			}
			out = append(out, line...)
			line, err = r.ReadSlice('\n')
		}
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		if err := room(len(line) + 1); err != nil { // a lone LF becomes CR LF
			return nil, err
		}
		out = append(out, line...)
		end := len(out) - 1 // the LF
		if end > start && out[end-1] == '\r' {
			end--
		}
		switch {
		case end-start == 1 && out[start] == '.':
			if p != nil {
				if err := report(p, int64(start), total); err != nil {
					return nil, err
				}
			}
			return out[:start], nil
		case end > start && out[start] == '.':
			copy(out[start:], out[start+1:end])
			end--
		}
		out = append(out[:end], '\r', '\n')
	}
}

// Dele marks message n for deletion at Close.
func (c *POP3Client) Dele(n int) error {
	_, err := c.cmd(fmt.Sprintf("POP3 DELE %d", n), "DELE %d", n)
	for i, a := range c.ahead {
		if a.n == n {
			c.ahead = append(c.ahead[:i], c.ahead[i+1:]...)
			break
		}
	}
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
	c.drain(false)
	_, err := c.cmd("POP3 QUIT", "QUIT")
	c.tp.Close()
	return err
}

// Size gives the size in octets of message n (LIST n).
func (c *POP3Client) Size(n int) (int, error) {
	op := fmt.Sprintf("POP3 LIST %d", n)
	line, err := c.cmd(op, "LIST %d", n)
	if err != nil {
		return 0, err
	}
	var num, size int
	if _, err := fmt.Sscanf(line, "%d %d", &num, &size); err != nil {
		return 0, &Error{Op: op, Kind: KindProtocol, Text: fmt.Sprintf("unexpected answer %q", line)}
	}
	return size, nil
}
