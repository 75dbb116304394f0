package mailrt_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-imap/v2"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// recorder is a transport that counts its dials and keeps every byte the client writes,
// to check that nothing of a refused command reached the server.
type recorder struct {
	next  mailrt.Transport
	mu    sync.Mutex
	dials int
	sent  bytes.Buffer
}

func (r *recorder) Dial(ctx context.Context, p mailrt.Protocol, sec mailrt.Security, addr string) (net.Conn, error) {
	r.mu.Lock()
	r.dials++
	r.mu.Unlock()
	c, err := r.next.Dial(ctx, p, sec, addr)
	if err != nil {
		return nil, err
	}
	return &recordedConn{Conn: c, r: r}, nil
}

// written is what the client sent so far, and the number of dials.
func (r *recorder) written() (string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sent.String(), r.dials
}

type recordedConn struct {
	net.Conn
	r *recorder
}

func (c *recordedConn) Write(b []byte) (int, error) {
	c.r.mu.Lock()
	c.r.sent.Write(b)
	c.r.mu.Unlock()
	return c.Conn.Write(b)
}

// recorded are plain-text settings reaching the sandbox through a recorder.
func recorded(s *sandbox.Server, user, pass string) (mailrt.Settings, *recorder) {
	r := &recorder{next: s.Transport()}
	st := settings(s, mailrt.SecurityNone, user, pass)
	st.Transport = r
	return st, r
}

// wantRefused checks that err is a KindInvalidValue *Error naming field, and that its text
// shows none of the secrets.
func wantRefused(t *testing.T, err error, field string, secrets ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("accepted")
	}
	var ve *mailrt.ValueError
	if mailrt.KindOf(err) != mailrt.KindInvalidValue || !errors.As(err, &ve) {
		t.Fatalf("%T %v: not a KindInvalidValue *ValueError", err, err)
	}
	if ve.Field != field {
		t.Errorf("field %q, want %q (%v)", ve.Field, field, err)
	}
	if strings.ContainsAny(err.Error(), "\r\n\x00") {
		t.Errorf("the message holds a raw control character: %q", err.Error())
	}
	noSecret(t, err, secrets...)
}

// TestPOP3PasswordInjection is the attack of the issue: before the check, the password
// "p" CR LF "DELE 1" opened the session and deleted the first message at QUIT.
func TestPOP3PasswordInjection(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	seed(t, s, 2, nil)
	st, r := recorded(s, "ada", "p\r\nDELE 1")
	c, err := mailrt.DialPOP3(bg, st)
	if err == nil {
		c.Stat()
		c.Close()
	}
	wantRefused(t, err, "password", "DELE")
	if got := err.Error(); got != "POP3 login mail.example.com:110: the password contains a line break (CR/LF) or NUL character" {
		t.Errorf("message %q", got)
	}
	if sent, dials := r.written(); dials != 0 || sent != "" {
		t.Errorf("%d dials, sent %q", dials, sent)
	}
	c, err = mailrt.DialPOP3(bg, settings(s, mailrt.SecurityNone, "ada", "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n, _, err := c.Stat(); n != 2 || err != nil {
		t.Errorf("%d messages left (%v), want 2", n, err)
	}
}

// TestSettingsRefusedBeforeConnecting: a value of the settings that goes into a command
// (EHLO, AUTH, USER, PASS, LOGIN, AUTHENTICATE) or a port out of range makes every
// protocol's Dial fail before it connects.
func TestSettingsRefusedBeforeConnecting(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	const secret = "Pa55-s3cret"
	tests := []struct {
		name  string
		set   func(*mailrt.Settings, string)
		field string
		text  string // the expected message for the CR LF variant, "" to skip
	}{
		{"host", func(st *mailrt.Settings, bad string) { st.Host = "mail.example.com" + bad }, "server address", ""},
		{"EHLO name", func(st *mailrt.Settings, bad string) { st.LocalName = "me" + bad + "QUIT" }, "EHLO name", ""},
		{"user", func(st *mailrt.Settings, bad string) { st.User = "ada" + bad + "DELE 1" }, "user name", ""},
		{"password", func(st *mailrt.Settings, bad string) { st.Password = secret + bad + "DELE 1" }, "password", "the password contains a line break (CR/LF) or NUL character"},
		{"token", func(st *mailrt.Settings, bad string) { st.Token = secret + bad + "x" }, "OAuth token", "the OAuth token contains a line break (CR/LF) or NUL character"},
	}
	for _, p := range []mailrt.Protocol{mailrt.SMTP, mailrt.POP3, mailrt.IMAP} {
		for _, tt := range tests {
			for _, bad := range []string{"\r\n", "\n", "\r", "\x00"} {
				t.Run(p.String()+"/"+tt.name+"/"+strings.NewReplacer("\r", "CR", "\n", "LF", "\x00", "NUL").Replace(bad), func(t *testing.T) {
					st, r := recorded(s, "ada", secret)
					tt.set(&st, bad)
					err := dial(p, st)
					wantRefused(t, err, tt.field, secret)
					if tt.text != "" && !strings.HasSuffix(err.Error(), tt.text) {
						t.Errorf("message %q, want it to end with %q", err, tt.text)
					}
					if sent, dials := r.written(); dials != 0 || sent != "" {
						t.Errorf("%d dials, sent %q", dials, sent)
					}
				})
			}
		}
	}
}

// TestOAuthSeparatorRefused: 0x01 separates the fields of XOAUTH2 and OAUTHBEARER, so a
// user name or token holding one could rewrite the exchange.
func TestOAuthSeparatorRefused(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	tests := []struct {
		name, user, token, field string
	}{
		{"user", "ada\x01auth=Bearer other", "Tk9zz", "user name"},
		{"token", "ada", "Tk9zz\x01\x01", "OAuth token"},
	}
	for _, p := range []mailrt.Protocol{mailrt.SMTP, mailrt.POP3, mailrt.IMAP} {
		for _, tt := range tests {
			t.Run(p.String()+"/"+tt.name, func(t *testing.T) {
				st, r := recorded(s, tt.user, "")
				st.Token = tt.token
				wantRefused(t, dial(p, st), tt.field, "Tk9zz")
				if _, dials := r.written(); dials != 0 {
					t.Errorf("%d dials", dials)
				}
			})
		}
	}
	// Without a token the byte is harmless in LOGIN and USER: a password may hold it.
	st, _ := recorded(s, "ada", "pa\x01ss")
	c, err := mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

func TestPortRange(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	for _, p := range []mailrt.Protocol{mailrt.SMTP, mailrt.POP3, mailrt.IMAP} {
		for _, tt := range []struct {
			port int
			ok   bool
		}{{-5, false}, {70000, false}, {65536, false}, {-1, false}, {0, true}, {1, true}, {65535, true}} {
			st, r := recorded(s, "ada", "p")
			st.Port = tt.port
			err := dial(p, st)
			if tt.ok {
				if err != nil {
					t.Errorf("%v port %d: %v", p, tt.port, err)
				}
				continue
			}
			wantRefused(t, err, "port")
			if _, dials := r.written(); dials != 0 {
				t.Errorf("%v port %d: %d dials", p, tt.port, dials)
			}
		}
	}
	st := settings(s, mailrt.SecurityNone, "", "")
	st.Port = 70000
	if _, err := mailrt.DialSMTP(bg, st); err == nil || err.Error() != "SMTP connect: the port 70000 is not between 1 and 65535" {
		t.Errorf("message: %v", err)
	}
}

// dial opens and closes a session of protocol p.
func dial(p mailrt.Protocol, st mailrt.Settings) error {
	var c interface{ Close() error }
	var err error
	switch p {
	case mailrt.SMTP:
		c, err = mailrt.DialSMTP(bg, st)
	case mailrt.POP3:
		c, err = mailrt.DialPOP3(bg, st)
	default:
		c, err = mailrt.DialIMAP(bg, st)
	}
	if err == nil {
		c.Close()
	}
	return err
}

// TestSMTPEnvelopeRefused: a sender or recipient that would break MAIL FROM or RCPT TO is
// refused before MAIL FROM, and the session goes on.
func TestSMTPEnvelopeRefused(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	st, r := recorded(s, "", "")
	c, err := mailrt.DialSMTP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	raw, err := mailrt.Build(simple("ok", "bob@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		from  string
		rcpts []string
		field string
	}{
		{"from CRLF", "ada@example.com\r\nRCPT TO:<eve@example.com>", []string{"bob@example.com"}, "sender address"},
		{"from NUL", "ada@example.com\x00", []string{"bob@example.com"}, "sender address"},
		{"from bracket", "ada@example.com> RET=FULL", []string{"bob@example.com"}, "sender address"},
		{"rcpt CRLF", "ada@example.com", []string{"bob@example.com\r\nRCPT TO:<eve@example.com>"}, "recipient address"},
		{"rcpt LF", "ada@example.com", []string{"bob@example.com\nDATA"}, "recipient address"},
		{"rcpt CR", "ada@example.com", []string{"bob@example.com\rDATA"}, "recipient address"},
		{"rcpt NUL", "ada@example.com", []string{"bob@example.com\x00"}, "recipient address"},
		{"second rcpt", "ada@example.com", []string{"bob@example.com", "eve@example.com\r\nDATA"}, "recipient address"},
		{"rcpt bracket", "ada@example.com", []string{"bob@example.com> NOTIFY=NEVER"}, "recipient address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := r.written()
			_, err := c.SendRaw(bg, tt.from, tt.rcpts, raw)
			wantRefused(t, err, tt.field)
			if after, _ := r.written(); after != before {
				t.Errorf("sent %q", after[len(before):])
			}
		})
	}
	if _, err := c.SendRaw(bg, "ada@example.com", []string{"bob@example.com"}, raw); err != nil {
		t.Fatalf("the session broke: %v", err)
	}
	if msgs := s.Messages(); len(msgs) != 1 || len(msgs[0].To) != 1 || len(msgs[0].Bcc) != 0 {
		t.Errorf("captured %+v", msgs)
	}
}

// TestIMAPFolderCommandsRefused: a folder name (SELECT, CREATE, DELETE, COPY) or flag
// (STORE) that cannot go into a command is refused before anything is sent, and the
// session goes on.
func TestIMAPFolderCommandsRefused(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	seed(t, s, 1, nil)
	st, r := recorded(s, "ada", "p")
	c, err := mailrt.DialIMAP(bg, st)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	uids, err := c.Search(false)
	if err != nil || len(uids) != 1 {
		t.Fatalf("search %v %v", uids, err)
	}
	ops := []struct {
		name  string
		field string
		call  func(bad string) error
	}{
		{"SELECT", "folder name", func(bad string) error { return c.Select("Archive" + bad) }},
		{"CREATE", "folder name", func(bad string) error { return c.CreateFolder("Archive" + bad + "x") }},
		{"DELETE", "folder name", func(bad string) error { return c.DeleteFolder("INBOX" + bad) }},
		{"COPY", "folder name", func(bad string) error { return c.Copy(uids, "Archive"+bad) }},
		{"STORE", "flag", func(bad string) error { return c.SetFlag(uids, imap.Flag(`\Seen`+bad), true) }},
	}
	for _, op := range ops {
		for _, bad := range []string{"\r\n", "\n", "\r", "\x00", "\r\nT9 DELETE INBOX"} {
			before, _ := r.written()
			wantRefused(t, op.call(bad), op.field)
			if after, _ := r.written(); after != before {
				t.Errorf("%s %q: sent %q", op.name, bad, after[len(before):])
			}
		}
	}
	for _, flag := range []imap.Flag{"", `\`, "a b", "(x)", `a\b`} {
		wantRefused(t, c.SetFlag(uids, flag, true), "flag")
	}
	folders, err := c.Folders()
	if err != nil || len(folders) != 1 || folders[0] != "INBOX" {
		t.Errorf("the session broke or a folder was made: %v %v", folders, err)
	}
	if err := c.SetFlag(uids, "$Important", true); err != nil {
		t.Errorf("keyword flag: %v", err)
	}
	if n, _ := c.Search(false); len(n) != 1 || c.Count() != 1 {
		t.Errorf("the message is gone: %v", n)
	}
}

// TestSpoolRefusesInvalidValues: the spool refuses at submission what its worker's
// session would refuse, instead of queuing a message bound to fail.
func TestSpoolRefusesInvalidValues(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	sp := mailrt.NewSpool(1)
	defer sp.Drain(bg)
	st, r := recorded(s, "ada", "p")
	bad := st
	bad.Password = "p\r\nRSET"
	if _, err := sp.Submit(bad, simple("x", "bob@example.com")); err == nil {
		t.Fatal("bad password queued")
	} else {
		wantRefused(t, err, "password", "RSET")
	}
	_, err := sp.SubmitRaw(st, "ada@example.com", []string{"bob@example.com\r\nRCPT TO:<eve@example.com>"}, []byte("Subject: x\r\n\r\nx\r\n"))
	wantRefused(t, err, "recipient address")
	if n := sp.Pending(); n != 0 {
		t.Errorf("%d pending", n)
	}
	if _, dials := r.written(); dials != 0 {
		t.Errorf("%d dials", dials)
	}
}
