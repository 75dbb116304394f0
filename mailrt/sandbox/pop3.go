package sandbox

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// POP3 is written here (RFC 1939, with CAPA, STLS, UIDL, TOP and AUTH PLAIN/LOGIN from RFCs
// 2449, 2595 and 5034): message numbers are fixed for the session, deletions are applied at
// QUIT and only then.
func (s *Server) startPOP3() {
	s.acceptLoop(POP3, true, func(c net.Conn) { s.servePOP3(c, false) })
	s.acceptLoop(POP3S, true, func(c net.Conn) {
		if tc := s.tlsHandshake(c); tc != nil {
			s.servePOP3(tc, true)
		}
	})
}

type pop3Session struct {
	srv     *Server
	conn    net.Conn
	r       *bufio.Reader
	w       *bufio.Writer
	tls     bool
	user    string
	authed  bool
	box     *mailbox
	msgs    []*storedMessage
	deleted []bool
}

const pop3MaxLine = 8192

func (s *Server) servePOP3(c net.Conn, implicit bool) {
	p := &pop3Session{srv: s, conn: c, r: bufio.NewReader(c), w: bufio.NewWriter(c), tls: implicit}
	defer func() {
		// A bug ends its connection, not the server, as in go-smtp and go-imap.
		if v := recover(); v != nil {
			s.cfg.ErrorLog.Printf("panic serving POP3 %v: %v\n%s", c.RemoteAddr(), v, debug.Stack())
		}
		p.conn.Close()
	}()
	p.ok("wl sandbox POP3 ready")
	for {
		// The autologout timer; it bounds the reply to the command too.
		p.conn.SetDeadline(time.Now().Add(p.srv.cfg.Timeouts.POP3Idle))
		line, err := p.readLine()
		if err != nil {
			return
		}
		if quit := p.handle(line); quit {
			return
		}
	}
}

func (p *pop3Session) readLine() (string, error) {
	var b []byte
	for {
		chunk, isPrefix, err := p.r.ReadLine()
		if err != nil {
			return "", err
		}
		b = append(b, chunk...)
		if len(b) > pop3MaxLine {
			return "", fmt.Errorf("line too long")
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

func (p *pop3Session) reply(s string) {
	p.w.WriteString(s)
	p.w.WriteString("\r\n")
	p.w.Flush()
}

func (p *pop3Session) ok(s string)  { p.reply("+OK " + s) }
func (p *pop3Session) err(s string) { p.reply("-ERR " + s) }

// handle runs one command; it reports whether the session is over.
func (p *pop3Session) handle(line string) bool {
	cmd, arg, _ := strings.Cut(line, " ")
	cmd = strings.ToUpper(cmd)
	if cmd != "PASS" {
		// A password is the rest of the line exactly, spaces included (RFC 1939).
		arg = strings.TrimRight(arg, " ")
	}
	switch cmd {
	case "QUIT":
		if p.authed {
			var gone []*storedMessage
			for i, d := range p.deleted {
				if d {
					gone = append(gone, p.msgs[i])
				}
			}
			p.srv.store.removeMessages(p.box, inbox, gone)
		}
		p.ok("bye")
		return true
	case "CAPA":
		caps := []string{"USER", "UIDL", "TOP", "RESP-CODES", "PIPELINING", "SASL " + strings.Join(saslMechanisms(), " "), "IMPLEMENTATION wl-sandbox"}
		if !p.tls && !p.srv.faults.get().RefuseStartTLS {
			caps = append(caps, "STLS")
		}
		p.reply("+OK capabilities follow\r\n" + strings.Join(caps, "\r\n") + "\r\n.")
		return false
	case "NOOP":
		p.ok("")
		return false
	}
	if !p.authed {
		p.handleAuth(cmd, arg)
		return false
	}
	p.handleTransaction(cmd, arg)
	return false
}

func (p *pop3Session) authAllowed() bool { return p.tls || !p.srv.cfg.RequireTLSForAuth }

// login ends the authorization state if check accepts the user and secret (a password or a
// token); it reports whether it did.
func (p *pop3Session) login(check func(user, secret string) error, user, secret string) bool {
	if p.srv.faults.get().RefuseAuth || check(user, secret) != nil {
		p.user = ""
		return false
	}
	p.authed, p.user = true, user
	p.box = p.srv.store.loginMailbox(user)
	p.msgs = p.srv.store.snapshot(p.box, inbox)
	p.deleted = make([]bool, len(p.msgs))
	return true
}

func (p *pop3Session) loggedIn() { p.ok(fmt.Sprintf("%s has %d messages", p.user, len(p.msgs))) }

func (p *pop3Session) loginFailed() { p.err("[AUTH] invalid user name or password") }

func (p *pop3Session) handleAuth(cmd, arg string) {
	switch cmd {
	case "STLS":
		if p.tls || p.srv.faults.get().RefuseStartTLS {
			p.err("STLS not available")
			return
		}
		p.ok("begin TLS negotiation")
		tc := tls.Server(p.conn, p.srv.tls)
		tc.SetDeadline(time.Now().Add(p.srv.cfg.Timeouts.TLSHandshake))
		if err := tc.Handshake(); err != nil {
			p.conn.Close()
			return
		}
		p.conn, p.tls = tc, true
		p.r, p.w = bufio.NewReader(tc), bufio.NewWriter(tc)
	case "USER":
		if !p.authAllowed() {
			p.err("[AUTH] TLS required before authentication (use STLS)")
			return
		}
		if arg == "" {
			p.err("USER needs a name")
			return
		}
		p.user = arg
		p.ok("send PASS")
	case "PASS":
		if p.user == "" {
			p.err("USER first")
			return
		}
		if p.login(p.srv.creds.check, p.user, arg) {
			p.loggedIn()
		} else {
			p.loginFailed()
		}
	case "AUTH":
		if !p.authAllowed() {
			p.err("[AUTH] TLS required before authentication (use STLS)")
			return
		}
		mech, ir, _ := strings.Cut(arg, " ")
		if mech == "" {
			p.reply("+OK\r\n" + strings.Join(saslMechanisms(), "\r\n") + "\r\n.")
			return
		}
		p.authenticate(mech, ir)
	case "APOP":
		p.err("APOP not supported")
	case "STAT", "LIST", "UIDL", "RETR", "TOP", "DELE", "RSET":
		p.err("not authenticated")
	default:
		p.err("unknown command")
	}
}

var (
	errPOP3Refused   = errors.New("[AUTH] invalid user name or password")
	errPOP3Malformed = errors.New("malformed authentication response")
)

// authenticate runs the AUTH command (RFC 5034): the optional initial response ir ("=" for
// an empty one), then a "+ challenge" and a response line for each step.
func (p *pop3Session) authenticate(mech, ir string) {
	check := func(c func(user, secret string) error) func(_, user, secret string) error {
		return func(_, user, secret string) error {
			if !p.login(c, user, secret) {
				return errPOP3Refused
			}
			return nil
		}
	}
	srv := newSASLServer(mech, check(p.srv.creds.check), check(p.srv.creds.checkToken), errPOP3Refused)
	if srv == nil {
		p.err("unsupported mechanism")
		return
	}
	var resp []byte
	if ir != "" {
		var ok bool
		if resp, ok = p.decodeSASL(ir); !ok {
			return
		}
	}
	for {
		challenge, done, err := srv.Next(resp)
		if err != nil {
			if err != errPOP3Refused {
				err = errPOP3Malformed
			}
			p.err(err.Error())
			return
		}
		if done {
			p.loggedIn()
			return
		}
		p.reply("+ " + base64.StdEncoding.EncodeToString(challenge))
		line, err := p.readLine()
		if err != nil {
			p.conn.Close()
			return
		}
		if line == "*" {
			p.err("authentication cancelled")
			return
		}
		var ok bool
		if resp, ok = p.decodeSASL(line); !ok {
			return
		}
	}
}

// decodeSASL decodes a base64 response ("=" is the empty one); it answers -ERR when it is
// not base64.
func (p *pop3Session) decodeSASL(s string) ([]byte, bool) {
	if s == "=" {
		return []byte{}, true
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		p.err("invalid base64")
		return nil, false
	}
	return b, true
}

// message returns message n (1-based) if it exists and is not deleted.
func (p *pop3Session) message(arg string) (int, *storedMessage, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(arg))
	if err != nil || n < 1 || n > len(p.msgs) {
		p.err("no such message")
		return 0, nil, false
	}
	if p.deleted[n-1] {
		p.err("message deleted")
		return 0, nil, false
	}
	return n, p.msgs[n-1], true
}

func (p *pop3Session) handleTransaction(cmd, arg string) {
	switch cmd {
	case "STAT":
		n, size := 0, int64(0)
		for i, m := range p.msgs {
			if !p.deleted[i] {
				n++
				size += m.popSize
			}
		}
		p.ok(fmt.Sprintf("%d %d", n, size))
	case "LIST", "UIDL":
		value := func(m *storedMessage) string {
			if cmd == "LIST" {
				return strconv.FormatInt(m.popSize, 10)
			}
			return m.key
		}
		if arg != "" {
			n, m, ok := p.message(arg)
			if ok {
				p.ok(fmt.Sprintf("%d %s", n, value(m)))
			}
			return
		}
		var b strings.Builder
		b.WriteString("+OK listing follows\r\n")
		for i, m := range p.msgs {
			if !p.deleted[i] {
				fmt.Fprintf(&b, "%d %s\r\n", i+1, value(m))
			}
		}
		b.WriteString(".")
		p.reply(b.String())
	case "RETR":
		_, m, ok := p.message(arg)
		if !ok {
			return
		}
		raw, err := p.srv.store.body(m)
		if err != nil {
			p.err("[SYS/PERM] " + errorText(err))
			return
		}
		data := crlf(raw)
		p.w.WriteString(fmt.Sprintf("+OK %d octets\r\n", len(data)))
		writeDotStuffed(p.w, data, -1)
		p.reply(".")
	case "TOP":
		fields := strings.Fields(arg)
		if len(fields) != 2 {
			p.err("TOP needs a message number and a line count")
			return
		}
		lines, err := strconv.Atoi(fields[1])
		if err != nil || lines < 0 {
			p.err("invalid line count")
			return
		}
		_, m, ok := p.message(fields[0])
		if !ok {
			return
		}
		var raw []byte
		if lines == 0 {
			raw, err = p.srv.store.header(m)
		} else {
			raw, err = p.srv.store.body(m)
		}
		if err != nil {
			p.err("[SYS/PERM] " + errorText(err))
			return
		}
		p.w.WriteString("+OK top of message follows\r\n")
		writeDotStuffed(p.w, crlf(raw), lines)
		p.reply(".")
	case "DELE":
		n, _, ok := p.message(arg)
		if !ok {
			return
		}
		p.deleted[n-1] = true
		p.ok(fmt.Sprintf("message %d deleted", n))
	case "RSET":
		for i := range p.deleted {
			p.deleted[i] = false
		}
		p.ok("")
	case "USER", "PASS", "AUTH", "STLS":
		p.err("already authenticated")
	default:
		p.err("unknown command")
	}
}

// crlf returns data with every line ending as CRLF (seeded .eml files may use LF).
func crlf(data []byte) []byte {
	if bytes.Count(data, []byte("\n")) == bytes.Count(data, []byte("\r\n")) {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
}

// writeDotStuffed writes a message with its lines dot-stuffed; with bodyLines >= 0 only the
// header and that many body lines (TOP).
func writeDotStuffed(w *bufio.Writer, data []byte, bodyLines int) {
	inBody := false
	count := 0
	for len(data) > 0 {
		i := bytes.Index(data, []byte("\r\n"))
		var line []byte
		if i < 0 {
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+2:]
		}
		if inBody && bodyLines >= 0 {
			if count >= bodyLines {
				return
			}
			count++
		}
		if len(line) > 0 && line[0] == '.' {
			w.WriteByte('.')
		}
		w.Write(line)
		w.WriteString("\r\n")
		if len(line) == 0 && !inBody {
			inBody = true
		}
	}
}
