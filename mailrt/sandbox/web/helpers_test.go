package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// pngPixel is a 1×1 PNG image.
var pngPixel, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC")

// richMessage is a message with a text body, an HTML body showing an inline image by cid:
// and a remote one and holding a script, the inline image, and a PDF attachment.
func richMessage(subject string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Ada <ada@example.com>\r\nTo: Bob <bob@example.com>\r\nCc: carol@example.com\r\n")
	fmt.Fprintf(&b, "Subject: %s\r\nX-Mailer: wl tests\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"MIX\"\r\n\r\n", subject)
	fmt.Fprintf(&b, "--MIX\r\nContent-Type: multipart/related; boundary=\"REL\"\r\n\r\n")
	fmt.Fprintf(&b, "--REL\r\nContent-Type: multipart/alternative; boundary=\"ALT\"\r\n\r\n")
	fmt.Fprintf(&b, "--ALT\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nBonjour Bob, voici la facture =E0 payer. kumquat\r\n")
	fmt.Fprintf(&b, "--ALT\r\nContent-Type: text/html; charset=utf-8\r\n\r\n")
	fmt.Fprintf(&b, "<html><head><title>t</title></head><body><h1 id=\"title\">Facture</h1><p>Bonjour <b>Bob</b></p>"+
		"<img id=\"logo\" src=\"cid:logo@wl\"><img id=\"remote\" src=\"https://example.com/track.png\">"+
		"<script>document.body.textContent='script ran'</script></body></html>\r\n--ALT--\r\n")
	fmt.Fprintf(&b, "--REL\r\nContent-Type: image/png\r\nContent-ID: <logo@wl>\r\nContent-Disposition: inline; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--REL--\r\n",
		base64.StdEncoding.EncodeToString(pngPixel))
	fmt.Fprintf(&b, "--MIX\r\nContent-Type: application/pdf; name=\"facture été.pdf\"\r\nContent-Disposition: attachment; filename*=utf-8''facture%%20%%C3%%A9t%%C3%%A9.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n--MIX--\r\n",
		base64.StdEncoding.EncodeToString([]byte("%PDF-1.4 not really")))
	return b.Bytes()
}

// plainMessage is a one-part text message.
func plainMessage(subject, to, body string) []byte {
	return []byte("From: shop@example.org\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n")
}

func startSandbox(t testing.TB, cfg sandbox.Config) *sandbox.Server {
	t.Helper()
	s, err := sandbox.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// send sends a message over SMTP with a login, so that its record has one.
func send(t testing.TB, s *sandbox.Server, to []string, msg []byte) {
	t.Helper()
	c, err := smtp.Dial(s.Addr(sandbox.SMTP))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SendMail("ada@example.com", to, bytes.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	c.Quit()
}

// waitIndex waits until the sandbox holds n messages (SMTP stores them before it answers,
// but a test should not depend on it).
func waitIndex(t testing.TB, s *sandbox.Server, n int) []sandbox.Stored {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		idx := s.Index()
		if len(idx) == n {
			return idx
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d messages stored, want %d", len(idx), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// api is a client of a Handler.
type api struct {
	t    testing.TB
	h    http.Handler
	user string
	pass string
}

func newAPI(t testing.TB, s *sandbox.Server, opts Options) *api {
	t.Helper()
	h, err := NewHandler(s, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return &api{t: t, h: h}
}

// do makes a request and returns the response, its body read.
func (a *api) do(method, path string) (*http.Response, []byte) {
	a.t.Helper()
	r := httptest.NewRequest(method, path, nil)
	if a.user != "" {
		r.SetBasicAuth(a.user, a.pass)
	}
	w := httptest.NewRecorder()
	a.h.ServeHTTP(w, r)
	res := w.Result()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// json makes a request that must answer status, and decodes the JSON answer into v.
func (a *api) json(method, path string, status int, v any) {
	a.t.Helper()
	res, b := a.do(method, path)
	if res.StatusCode != status {
		a.t.Fatalf("%s %s: status %d, want %d: %s", method, path, res.StatusCode, status, b)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		a.t.Fatalf("%s %s: Content-Type %q", method, path, ct)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			a.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
}

// apiErr checks that a request fails with status and a JSON error saying want.
func (a *api) apiErr(method, path string, status int, want string) {
	a.t.Helper()
	var e apiError
	a.json(method, path, status, &e)
	if !strings.Contains(e.Error, want) {
		a.t.Errorf("%s %s: error %q, want it to say %q", method, path, e.Error, want)
	}
}
