package sandbox

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

func TestCredentials(t *testing.T) {
	type try struct {
		token      bool // checkToken instead of check
		user, pass string
		ok         bool
	}
	for _, tc := range []struct {
		auth, token string
		tries       []try
	}{
		{"", "", []try{
			{false, "", "", true}, {false, "any", "thing", true},
			{true, "any", "tok", true}, {true, "", "tok", false}, {true, "any", "", false},
		}},
		{"ada:secret", "", []try{
			{false, "ada", "secret", true}, {false, "ada", "secret ", false}, {false, "Ada", "secret", false},
			{false, "ada", "", false}, {true, "ada", "secret", true}, {true, "ada", "tok-123", false},
			{true, "bob", "secret", false}, {true, "ada", "", false},
		}},
		{"ada:secret", "tok-123", []try{
			{false, "ada", "secret", true}, {false, "ada", "tok-123", false},
			{true, "ada", "tok-123", true}, {true, "ada", "secret", false}, {true, "bob", "tok-123", false},
		}},
		{"ada:", "", []try{{false, "ada", "", true}, {false, "ada", "x", false}}},
	} {
		c, err := parseCredentials(tc.auth, tc.token)
		if err != nil {
			t.Fatalf("%q %q: %v", tc.auth, tc.token, err)
		}
		for _, tr := range tc.tries {
			check := c.check
			if tr.token {
				check = c.checkToken
			}
			if got := check(tr.user, tr.pass) == nil; got != tr.ok {
				t.Errorf("auth %q token %q: %+v accepted=%v", tc.auth, tc.token, tr, got)
			}
		}
	}
	for _, bad := range [][2]string{{"nocolon", ""}, {":pass", ""}, {"", "tok"}} {
		if _, err := parseCredentials(bad[0], bad[1]); err == nil {
			t.Errorf("%q %q accepted", bad[0], bad[1])
		}
	}
}

// oauthLogin authenticates over proto ("SMTP", "IMAP" or "POP3") with an OAuth mechanism and
// reports whether the server accepted it.
func oauthLogin(t *testing.T, s *Server, proto, mech, user, token string) bool {
	t.Helper()
	var client sasl.Client = &xoauth2Client{user, token}
	if mech == sasl.OAuthBearer {
		client = sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token})
	}
	switch proto {
	case "SMTP":
		c, err := smtp.DialTLS(s.Addr(SMTPS), clientTLS(s))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return c.Auth(client) == nil
	case "IMAP":
		c, err := imapclient.DialTLS(s.Addr(IMAPS), &imapclient.Options{TLSConfig: clientTLS(s)})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return c.Authenticate(client) == nil
	}
	p := dialPOP3(t, s, true)
	_, ir, _ := client.Start()
	line := p.cmd("AUTH " + mech + " " + base64.StdEncoding.EncodeToString(ir))
	if strings.HasPrefix(line, "+ ") {
		// OAUTHBEARER's error challenge: the client answers with a dummy response.
		line = p.cmd("AQ==")
	}
	return strings.HasPrefix(line, "+OK")
}

// XOAUTH2 and OAUTHBEARER obey Auth (and AuthToken) on every protocol.
func TestOAuthEveryProtocol(t *testing.T) {
	for _, tc := range []struct {
		cfg         Config
		user, token string
		ok          bool
	}{
		{Config{}, "anyone", "any-token", true},
		{Config{Auth: "ada:secret"}, "ada", "secret", true},
		{Config{Auth: "ada:secret"}, "ada", "any-token", false},
		{Config{Auth: "ada:secret"}, "bob", "secret", false},
		{Config{Auth: "ada:secret", AuthToken: "tok-123"}, "ada", "tok-123", true},
		{Config{Auth: "ada:secret", AuthToken: "tok-123"}, "ada", "secret", false},
	} {
		s := start(t, tc.cfg)
		for _, proto := range []string{"SMTP", "IMAP", "POP3"} {
			for _, mech := range []string{"XOAUTH2", sasl.OAuthBearer} {
				if got := oauthLogin(t, s, proto, mech, tc.user, tc.token); got != tc.ok {
					t.Errorf("%+v %s %s: user %q token %q accepted=%v", tc.cfg.Auth, proto, mech, tc.user, tc.token, got)
				}
			}
		}
	}
}

func TestPOP3AuthExact(t *testing.T) {
	s := start(t, Config{Auth: "ada:pass word"})
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, tc := range []struct {
		cmds []string
		want string
	}{
		{[]string{"USER ada", "PASS pass word"}, "+OK"},
		{[]string{"USER ada", "PASS pass word "}, "-ERR"},
		{[]string{"USER ada", "PASS  pass word"}, "-ERR"},
		{[]string{"AUTH PLAIN " + b64("\x00ada\x00pass word")}, "+OK"},
		{[]string{"AUTH PLAIN " + b64("ada\x00ada\x00pass word")}, "+OK"},
		{[]string{"AUTH PLAIN " + b64("bob\x00ada\x00pass word")}, "-ERR"},
		{[]string{"AUTH PLAIN", b64("\x00ada\x00pass word")}, "+OK"},
		{[]string{"AUTH PLAIN", "*"}, "-ERR"},
		{[]string{"AUTH PLAIN !!!not-base64"}, "-ERR"},
		{[]string{"AUTH PLAIN", "!!!not-base64"}, "-ERR"},
		{[]string{"AUTH PLAIN " + b64("no separators")}, "-ERR"},
		{[]string{"AUTH LOGIN " + b64("ada"), b64("pass word")}, "+OK"},
		{[]string{"AUTH LOGIN", b64("ada"), "%%%"}, "-ERR"},
		{[]string{"AUTH CRAM-MD5"}, "-ERR"},
	} {
		p := dialPOP3(t, s, true)
		var last string
		for _, c := range tc.cmds {
			last = p.cmd(c)
		}
		if !strings.HasPrefix(last, tc.want) {
			t.Errorf("%q: %q, want %s", tc.cmds, last, tc.want)
		}
		if tc.want == "-ERR" {
			// The session goes on: a good login still works.
			mustContain(t, p.cmd("AUTH PLAIN "+b64("\x00ada\x00pass word")), "+OK")
		}
	}
	p := dialPOP3(t, s, true)
	_, capa := p.multi("CAPA")
	mustContain(t, string(capa), "SASL PLAIN LOGIN XOAUTH2 OAUTHBEARER")
}

// A response that is base64 but not what the mechanism expects is a syntax error: 501 in
// SMTP, BAD in IMAP (not a temporary failure nor a server bug).
func TestMalformedSASLResponse(t *testing.T) {
	s := start(t, Config{})
	junk := base64.StdEncoding.EncodeToString([]byte("no separators"))
	conn, _ := dialRaw(t, s.Addr(SMTP))
	r := newLineReader(conn)
	r.line()
	conn.Write([]byte("EHLO x\r\n"))
	for l := r.line(); strings.HasPrefix(l, "250-"); l = r.line() {
	}
	conn.Write([]byte("AUTH PLAIN " + junk + "\r\n"))
	mustContain(t, r.line(), "501 5.5.2")
	conn.Write([]byte("AUTH OAUTHBEARER " + junk + "\r\n"))
	mustContain(t, r.line(), "501 5.5.2")

	conn, _ = dialRaw(t, s.Addr(IMAP))
	r = newLineReader(conn)
	r.line()
	conn.Write([]byte("a1 AUTHENTICATE PLAIN " + junk + "\r\n"))
	mustContain(t, r.line(), "a1 BAD")
	conn.Write([]byte("a2 AUTHENTICATE OAUTHBEARER " + junk + "\r\n"))
	mustContain(t, r.line(), "a2 BAD")
	conn.Write([]byte("a3 LOGIN u p\r\n"))
	mustContain(t, r.line(), "a3 OK")
}

// A SASL response that is not base64, as the initial response or after a challenge, gets
// 501 5.5.2 in SMTP (RFC 4954 section 4; go-smtp answers 454 4.7.0, a temporary failure) and
// BAD in IMAP (RFC 9051 and RFC 3501 section 6.2.2; go-imap answers NO [SERVERBUG] to a bad
// initial response). See third_party/*/PATCHES.md. The session goes on.
func TestSASLBadBase64(t *testing.T) {
	s := start(t, Config{})
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	good := b64("\x00u\x00p")
	for _, tc := range []struct {
		name  string
		lines []string // the command, then the answer to each challenge
	}{
		{"PLAIN initial", []string{"PLAIN !!!not-base64"}},
		{"PLAIN initial, bad padding", []string{"PLAIN " + good[:len(good)-1]}},
		{"PLAIN continuation", []string{"PLAIN", "!!!not-base64"}},
		{"LOGIN initial", []string{"LOGIN %%%"}},
		{"LOGIN continuation", []string{"LOGIN " + b64("u"), "%%%"}},
		{"XOAUTH2 initial", []string{"XOAUTH2 =="}},
	} {
		t.Run("SMTP "+tc.name, func(t *testing.T) {
			conn, _ := dialRaw(t, s.Addr(SMTP))
			r := newLineReader(conn)
			r.line()
			conn.Write([]byte("EHLO x\r\n"))
			for l := r.line(); strings.HasPrefix(l, "250-"); l = r.line() {
			}
			conn.Write([]byte("AUTH " + tc.lines[0] + "\r\n"))
			for _, l := range tc.lines[1:] {
				mustContain(t, r.line(), "334 ")
				conn.Write([]byte(l + "\r\n"))
			}
			mustContain(t, r.line(), "501 5.5.2 ")
			conn.Write([]byte("AUTH PLAIN " + good + "\r\n"))
			mustContain(t, r.line(), "235 ")
		})
		t.Run("IMAP "+tc.name, func(t *testing.T) {
			conn, _ := dialRaw(t, s.Addr(IMAP))
			r := newLineReader(conn)
			r.line()
			conn.Write([]byte("a1 AUTHENTICATE " + tc.lines[0] + "\r\n"))
			for _, l := range tc.lines[1:] {
				mustContain(t, r.line(), "+")
				conn.Write([]byte(l + "\r\n"))
			}
			mustContain(t, r.line(), "a1 BAD ")
			conn.Write([]byte("a2 AUTHENTICATE PLAIN " + good + "\r\n"))
			mustContain(t, r.line(), "a2 OK ")
		})
	}
}
