package mailrt

import (
	"mime"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// bodyMessages are single-part messages for singleTextBody, the ones it decodes and the ones
// it must leave to go-message, with every transfer encoding and charset it knows and odd
// ones; then the messages of rawMessages, messages Build writes, and the sandbox's fuzz
// corpus.
func bodyMessages(t testing.TB) []string {
	h := "Subject: s\r\nFrom: a@b.c\r\n"
	long := strings.Repeat("x", 5000)
	out := []string{
		h + "\r\nno content type\r\n",
		h + "Content-Type: text/plain\r\n\r\nplain\r\n",
		h + "Content-Type: text/html; charset=utf-8\r\n\r\n<p>html</p>",
		h + "Content-Type: TEXT/Plain; Charset=\"UTF-8\"; format=flowed\r\n\r\nCaf\xc3\xa9\r\n",
		h + "Content-Type: text/plain; charset=us-ascii\r\n\r\nraw 8-bit \xe9 kept\r\n",
		h + "Content-Type: text/plain; charset=utf-8\r\n\r\ninvalid utf-8 \xff kept\r\n",
		h + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nCh\xe8re \x80\x9f\xff\r\n",
		h + "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCh=E8re=\r\n =A0\r\n",
		h + "Content-Type: text/plain; charset=latin1\r\n\r\nalias \xe8\r\n",
		h + "Content-Type: text/plain; charset=windows-1252\r\n\r\n\x80\r\n",
		h + "Content-Type: text/plain; charset=x-unknown\r\n\r\nbody",
		h + "Content-Type: text/plain; charset=\"=?utf-8?q?utf-8?=\"\r\n\r\nbody",
		h + "Content-Type: text/plain; charset\r\n\r\nbad params",
		h + "Content-Type: text/enriched\r\n\r\nother text type",
		h + "Content-Type: application/octet-stream\r\n\r\nbinary",
		h + "Content-Type: text/plain\r\nContent-Disposition: inline\r\n\r\ninline",
		h + "Content-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\nattached",
		h + "Content-Type: text/plain\r\nContent-ID: <x@y>\r\n\r\nwith an id",
		h + "Content-Transfer-Encoding: 7BIT\r\n\r\nupper case",
		h + "Content-Transfer-Encoding: binary\r\n\r\nbin\x00ary",
		h + "Content-Transfer-Encoding: x-uuencode\r\n\r\nbody",
		h + "Content-Transfer-Encoding:  base64 \r\n\r\nYWJj\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" +
			"Caf=C3=A9 =c3=a9 lower\r\nsoft=\r\nbreak\r\ntrailing   \r\ntab\t=\t\r\nend=",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nLF only=\nline\nnext\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nliteral = and =G1 and =4\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nat the end =4",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nequals before cr =\rx\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nafter soft = x\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\n=",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\n==\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nctl \x01 byte\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\nbare\rcr and \xe9\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + long + "\r\n",
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + long[:4094] + "\r\n" + long[:4095] + "\n" + long[:4096],
		h + "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + long[:4096] + "\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\nQ2Fmw6k=\r\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\nQ2Fm\r\n w6k=\r\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\nQQ==QQ==\r\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\nQ2Fmw6\r\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\nQ2F*w6k=\r\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\nQR==\r\n",
		h + "Content-Transfer-Encoding: base64\r\n\r\n",
		h + "Content-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n6Ong\r\n",
		"Subject: folded\r\n header\r\nContent-Type: text/plain\r\n\r\nheader go-message reads",
		"Content-Type: text/plain\r\nContent-Type: text/html\r\n\r\ntwo types",
	}
	out = append(out, rawMessages(t)...)
	for _, m := range []Message{
		{Subject: "texte", Text: "Bonjour Marie,\r\n\r\nla réunion de jeudi est déplacée à 14 h. " + strings.Repeat("é", 200) + "\r\n"},
		{Subject: "html", HTML: "<p>Voilà</p>\r\n" + strings.Repeat("<b>gras</b> ", 50)},
		{Subject: "ascii", Text: "plain ascii\r\n"},
		{Subject: "empty"},
		{Subject: "bin", Text: "tab\tand = sign and trailing space \r\nand \x7f"},
	} {
		m.From = Address{Name: "Élodie", Address: "e@example.com"}
		m.To = []Address{{Address: "b@example.com"}}
		m.Date = time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
		raw, err := Build(&m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(raw))
	}
	files, _ := filepath.Glob("sandbox/testdata/fuzz/*/*")
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			out = append(out, string(b))
		}
	}
	return out
}

// checkBody compares Parse with and without singleTextBody (the header read fast in both),
// and with no fast path at all, and ParseOwned's: every field of the Message, or the same
// error.
func checkBody(t *testing.T, raw string) {
	t.Helper()
	got, gerr := parse([]byte(raw), fastHeader|fastBody)
	for _, mode := range []parseMode{fastHeader | fastBody | ownedSource, fastHeader, 0} {
		want, werr := parse([]byte(raw), mode)
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Errorf("Parse(%q): error %v, with mode %d %v", raw, gerr, mode, werr)
			return
		}
		if gerr == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("Parse(%q) =\n%+v\nwith mode %d\n%+v", raw, got, mode, want)
		}
	}
}

func TestSingleTextBodyMatchesGoMessage(t *testing.T) {
	fast := 0
	for _, raw := range bodyMessages(t) {
		if th, body, ok := readHeaderFast([]byte(raw), false); ok {
			if _, _, ok := singleTextBody(th, body, false); ok {
				fast++
			}
		}
		checkBody(t, raw)
	}
	// The plain, HTML, every encoding and charset, the built single-part messages.
	if fast < 25 {
		t.Errorf("only %d messages took the fast body", fast)
	}
}

// FuzzSingleTextBody compares Parse with and without the fast body on any input.
func FuzzSingleTextBody(f *testing.F) {
	for _, raw := range bodyMessages(f) {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkBody(t, raw) })
}

func gomailHeader(th textproto.Header) gomail.Header {
	return gomail.Header{Header: gomessage.Header{Header: th}}
}

var contentTypes = []string{
	"text/plain", "TEXT/HTML", "text/plain; charset=utf-8", "text/plain;charset=\"UTF-8\"",
	"text/html ;  charset=iso-8859-1 ", "text/plain; charset=", "text/plain; charset=\"\"",
	"text/plain; charset=\"utf-8", "text/plain; charset=utf-8; format=flowed", "text/plain;",
	"text/plain; name=x", "text/plainx", " text/plain", "text/plain; charset=utf 8",
	"text/plain; charset*=utf-8''x", "text/plain; charset=a\"b", "text/enriched; charset=utf-8",
}

// TestTextTypeFastMatchesMime compares textTypeFast, where it answers, with
// mime.ParseMediaType.
func TestTextTypeFastMatchesMime(t *testing.T) {
	fast := 0
	for _, v := range contentTypes {
		if checkTextType(t, v) {
			fast++
		}
	}
	if fast < 5 {
		t.Errorf("only %d Content-Types read fast", fast)
	}
}

func checkTextType(t *testing.T, v string) bool {
	ct, cs, has, ok := textTypeFast(v)
	if !ok {
		return false
	}
	mt, params, err := mime.ParseMediaType(v)
	wcs, whas := params["charset"]
	if err != nil || mt != ct || wcs != cs || whas != has {
		t.Errorf("textTypeFast(%q) = %q %q %v; ParseMediaType %q %q %v %v", v, ct, cs, has, mt, wcs, whas, err)
	}
	return true
}

func FuzzTextTypeFast(f *testing.F) {
	for _, v := range contentTypes {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) { checkTextType(t, v) })
}

// TestParseOwnedSharesText checks which texts of single-part messages share bytes: with
// ParseOwned a 7bit body is the text without a copy, with Parse it is copied (the caller
// may change raw afterwards), and a decoded body is right either way.
func TestParseOwnedSharesText(t *testing.T) {
	const head = "From: a@b.c\r\nSubject: s\r\n"
	tests := []struct {
		name   string
		parse  func([]byte) (*Message, error)
		msg    string
		want   string
		shared bool // the text is raw's bytes
	}{
		{"Parse 7bit", Parse, head + "\r\nBonjour\r\n", "Bonjour\r\n", false},
		{"ParseOwned 7bit", ParseOwned, head + "\r\nBonjour\r\n", "Bonjour\r\n", true},
		{"Parse quoted-printable", Parse, head + "Content-Transfer-Encoding: quoted-printable\r\n\r\nRelev=C3=A9\r\n", "Relevé\r\n", false},
		{"ParseOwned quoted-printable", ParseOwned, head + "Content-Transfer-Encoding: quoted-printable\r\n\r\nRelev=C3=A9\r\n", "Relevé\r\n", false},
		{"ParseOwned base64", ParseOwned, head + "Content-Transfer-Encoding: base64\r\n\r\nQm9uam91cg==\r\n", "Bonjour", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(tt.msg)
			m, err := tt.parse(raw)
			if err != nil || m.Text != tt.want {
				t.Fatalf("Text %q, error %v; want %q", m.Text, err, tt.want)
			}
			p := unsafe.StringData(m.Text)
			shared := p != nil && uintptr(unsafe.Pointer(p)) >= uintptr(unsafe.Pointer(&raw[0])) &&
				uintptr(unsafe.Pointer(p)) < uintptr(unsafe.Pointer(&raw[0]))+uintptr(len(raw))
			if shared != tt.shared {
				t.Errorf("Text shares raw's bytes: %v, want %v", shared, tt.shared)
			}
			if !tt.shared {
				for i := range raw {
					raw[i] = 'x'
				}
				if m.Text != tt.want {
					t.Errorf("after raw changed, Text = %q", m.Text)
				}
			}
		})
	}
}
