package mailrt

import (
	"bufio"
	"bytes"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/emersion/go-message/textproto"
)

// rawMessages are messages whose header readHeaderFast reads, and messages it must leave
// to go-message: folded lines, a first line starting with a space, no blank line, keys with
// spaces or odd bytes, a header in Windows-1252, unknown charsets and encodings.
func rawMessages(t testing.TB) []string {
	out := []string{
		"Subject: s\r\nFrom: a@b.c\r\n\r\nbody\r\n",
		"Subject: s\nFrom: a@b.c\n\nLF only\n",
		"subject:   spaced value \t\r\nFROM:a@b.c\r\nx-empty:\r\nX-Priority : 1\r\n\r\nbody",
		"Subject: first\r\nSubject: second\r\nTo: x@y.z\r\nTo: w@y.z\r\n\r\ndup",
		"Subject: folded\r\n continuation\r\nFrom: a@b.c\r\n\r\nbody",
		"Subject: tab\r\n\tfolded\r\n\r\nbody",
		" Subject: leading space\r\n\r\nbody",
		"Subject: no blank line\r\nFrom: a@b.c\r\n",
		"Subject: no newline at all",
		"",
		"\r\nonly a body",
		"Bad Key: v\r\n\r\nbody",
		"NoColon\r\n\r\nbody",
		": empty key\r\n\r\nbody",
		"Subject: cr\rinside\r\n\r\nbody",
		"Subject: double cr\r\r\n\r\nbody",
		"Subject: \xc9t\xe9\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCh\xe8re\r\n",
		"Subject: x\r\nContent-Type: text/plain; charset=x-unknown\r\n\r\nbody",
		"Subject: x\r\nContent-Transfer-Encoding: x-unknown\r\n\r\nbody",
		"Subject: =?utf-8?q?=C3=A9t=C3=A9?=\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9\r\n",
		"Subject: m\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=r.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n",
		"Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\nno parts at all",
		"Date: Wed, 25 Nov 2026 08:00:00 +0000\r\nMessage-Id: <1@x>\r\nFrom: \"Jean Dupont\" <jean@x.fr>\r\nTo: <m@x.org>\r\nX-Priority: 5\r\nImportance: low\r\nDisposition-Notification-To: a@b.c\r\nSensitivity: Private\r\n\r\nbody",
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00binary\xff")
	for _, m := range []Message{
		{Subject: "Compte rendu n° 3", Text: "Bonjour Marie,\r\n\r\nla réunion\r\n"},
		{Subject: "alt", Text: "plain", HTML: "<b>rich</b>", Cc: []Address{{Address: "dan@example.com"}}, ReadReceipt: true, Priority: PriorityHigh},
		{Subject: "img", HTML: `<img src="cid:logo">`, Attachments: []Attachment{
			{Name: "logo.png", ContentType: "image/png", Data: png, ContentID: "logo", Inline: true},
			{Name: "données.bin", ContentType: "application/octet-stream", Data: bytes.Repeat([]byte{0, 255}, 3000)}}},
	} {
		m.From = Address{Name: "Élodie Dupré", Address: "elodie@example.com"}
		m.To = []Address{{Name: "Bob", Address: "bob@example.com"}, {Address: "carol@example.com"}}
		m.Date = time.Date(2026, 11, 24, 13, 45, 0, 0, time.UTC)
		m.Headers = []Header{{Key: "X-Mailer", Value: "wl"}}
		raw, err := Build(&m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(raw))
	}
	return out
}

type headerLine struct{ K, V string }

// parseKeys are the keys Parse and singleTextBody ask of a header.
var parseKeys = []string{"Subject", "From", "To", "Cc", "Bcc", "Reply-To", "Date", "Message-Id",
	"X-Priority", "Importance", "Disposition-Notification-To", "Sensitivity",
	"Content-Disposition", "Content-Type", "Content-Transfer-Encoding"}

func fieldsOf(h textproto.Header) []headerLine {
	var out []headerLine
	for f := h.Fields(); f.Next(); {
		out = append(out, headerLine{f.Key(), f.Value()})
	}
	return out
}

// checkHeader compares readHeaderFast, where it answers, with go-message's ReadHeader: the
// same fields in the same order, the same first value of each key, the same body after.
func checkHeader(t *testing.T, raw string) (fast bool) {
	t.Helper()
	h, body, ok := readHeaderFast([]byte(raw), false)
	if !ok {
		return false
	}
	br := bufio.NewReader(bytes.NewReader([]byte(raw)))
	want, err := textproto.ReadHeader(br)
	if err != nil {
		t.Errorf("readHeaderFast read %q; go-message refuses it: %v", raw, err)
		return true
	}
	rest, _ := io.ReadAll(br)
	if got, w := fieldsOf(h.textproto()), fieldsOf(want); !reflect.DeepEqual(got, w) {
		t.Errorf("header of %q:\n got %q\nwant %q", raw, got, w)
	}
	// Get of the list answers as go-message's map for the keys of the header, in any case,
	// and for the keys Parse asks for.
	keys := append([]string(nil), parseKeys...)
	for _, f := range fieldsOf(want) {
		keys = append(keys, f.K, strings.ToUpper(f.K), strings.ToLower(f.K))
	}
	for _, k := range keys {
		if h.Get(k) != want.Get(k) {
			t.Errorf("%q: Get(%q) = %q, go-message %q", raw, k, h.Get(k), want.Get(k))
		}
	}
	if !bytes.Equal(body, rest) {
		t.Errorf("body of %q: %q, go-message leaves %q", raw, body, rest)
	}
	return true
}

// checkParse compares Parse with the header split by readHeaderFast and by go-message.
func checkParse(t *testing.T, raw string) {
	t.Helper()
	got, gerr := parse([]byte(raw), fastHeader)
	want, werr := parse([]byte(raw), 0)
	if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
		t.Errorf("Parse(%q): error %v, without the fast header %v", raw, gerr, werr)
		return
	}
	if gerr == nil && !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(%q) =\n%+v\nwithout the fast header\n%+v", raw, got, want)
	}
}

func TestReadHeaderFastMatchesGoMessage(t *testing.T) {
	fast := 0
	for _, raw := range rawMessages(t) {
		if checkHeader(t, raw) {
			fast++
		}
		checkParse(t, raw)
	}
	// The built messages and the plain handwritten ones must take the fast path.
	if fast < 12 {
		t.Errorf("only %d messages took the fast path", fast)
	}
}

// FuzzReadHeaderFast compares the fast header and the whole Parse with go-message's on any
// input.
func FuzzReadHeaderFast(f *testing.F) {
	for _, raw := range rawMessages(f) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		checkHeader(t, raw)
		checkParse(t, raw)
	})
}

// TestParseOwnedSharesHeader checks that ParseOwned's header strings are raw's bytes, not
// a copy, and that Parse's are a copy: changing raw after Parse leaves its Message as it was.
func TestParseOwnedSharesHeader(t *testing.T) {
	const msg = "From: a@b.c\r\nSubject: Relevé\r\nMessage-ID: <x@y>\r\n\r\nBonjour\r\n"
	tests := []struct {
		name   string
		parse  func([]byte) (*Message, error)
		shared bool
	}{
		{"Parse", Parse, false},
		{"ParseOwned", ParseOwned, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(msg)
			m, err := tt.parse(raw)
			if err != nil || m.Subject != "Relevé" {
				t.Fatalf("Subject %q, error %v", m.Subject, err)
			}
			at := bytes.Index(raw, []byte("Relevé"))
			shared := unsafe.StringData(m.Subject) == &raw[at]
			if shared != tt.shared {
				t.Errorf("Subject shares raw's bytes: %v, want %v", shared, tt.shared)
			}
		})
	}
}
