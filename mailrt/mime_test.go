package mailrt_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/wl-lang/wl/mailrt"
)

func TestBuildParseRoundTrip(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00binary\xff")
	bin := bytes.Repeat([]byte{0, 1, 2, 253, 254, 255}, 1000)
	tests := []struct {
		name string
		m    mailrt.Message
	}{
		{"text", mailrt.Message{Subject: "Bonjour à vous", Text: "Ligne 1\nLigne é 2\n"}},
		{"html only", mailrt.Message{Subject: "h", HTML: "<p>é</p>"}},
		{"alternative", mailrt.Message{Subject: "alt", Text: "plain", HTML: "<b>rich</b>"}},
		{"attachments", mailrt.Message{Subject: "att", Text: "see attached",
			Attachments: []mailrt.Attachment{{Name: "données.bin", ContentType: "application/octet-stream", Data: bin},
				{Name: "notes.txt", ContentType: "text/plain", Data: []byte("note")}}}},
		{"inline image", mailrt.Message{Subject: "img", Text: "t", HTML: `<img src="cid:logo">`,
			Attachments: []mailrt.Attachment{{Name: "logo.png", ContentType: "image/png", Data: png, ContentID: "logo", Inline: true}}}},
		{"inline image and attachment", mailrt.Message{Subject: "both", HTML: `<img src="cid:logo">`,
			Attachments: []mailrt.Attachment{{Name: "logo.png", ContentType: "image/png", Data: png, ContentID: "logo", Inline: true},
				{Name: "b.bin", ContentType: "application/octet-stream", Data: bin}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			m.From = mailrt.Address{Name: "Élodie Dupré", Address: "elodie@example.com"}
			m.To = []mailrt.Address{{Name: "Bob", Address: "bob@example.com"}, {Address: "carol@example.com"}}
			m.Cc = []mailrt.Address{{Address: "dan@example.com"}}
			m.Date = time.Date(2026, 11, 24, 13, 45, 0, 0, time.UTC)
			m.Priority = mailrt.PriorityHigh
			m.ReadReceipt = true
			raw, err := mailrt.Build(&m)
			if err != nil {
				t.Fatal(err)
			}
			got, err := mailrt.Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			want := m
			want.Text = strings.ReplaceAll(m.Text, "\n", "\r\n")
			if diff := cmp.Diff(&want, got, cmpopts.IgnoreFields(mailrt.Message{}, "Source", "MessageID"),
				cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip (-want +got):\n%s\n%s", diff, raw)
			}
			if got.MessageID == "" || !strings.HasSuffix(got.MessageID, "@example.com") {
				t.Errorf("Message-ID %q", got.MessageID)
			}
		})
	}
}

func TestHeaderInjection(t *testing.T) {
	m := &mailrt.Message{
		From:    mailrt.Address{Name: "Eve\r\nBcc: victim@example.com", Address: "eve@example.com"},
		To:      []mailrt.Address{{Address: "bob@example.com"}},
		Subject: "Hello\r\nBcc: victim@example.com\r\nX-Evil: 1",
		Text:    "body",
		Headers: []mailrt.Header{{Key: "X-Tag", Value: "a\nBcc: victim2@example.com"}},
		Attachments: []mailrt.Attachment{{Name: "f.txt\r\nBcc: victim3@example.com", Data: []byte("x"),
			ContentType: "text/plain\r\nBcc: victim4@example.com"}},
	}
	raw, err := mailrt.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc:") || strings.HasPrefix(line, "X-Evil") {
			t.Fatalf("a header was injected: %q in\n%s", line, raw)
		}
	}
	parsed, _ := mailrt.Parse(raw)
	if len(parsed.Bcc) != 0 || len(parsed.To) != 1 {
		t.Errorf("recipients changed: to %v bcc %v", parsed.To, parsed.Bcc)
	}
	for _, bad := range []string{"a@b.c\r\nbcc: x@y.z", "victim@example.com\n", "not an address", "a@b.c>, c@d.e"} {
		m := &mailrt.Message{From: mailrt.Address{Address: "a@b.c"}, To: []mailrt.Address{{Address: bad}}}
		if _, err := mailrt.Build(m); err == nil {
			t.Errorf("address %q accepted", bad)
		}
	}
}

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want mailrt.Address
		ok   bool
	}{
		{"a@b.c", mailrt.Address{Address: "a@b.c"}, true},
		{"<a@b.c>", mailrt.Address{Address: "a@b.c"}, true},
		{"Ada Lovelace <ada@example.com>", mailrt.Address{Name: "Ada Lovelace", Address: "ada@example.com"}, true},
		{`"Dupré, Élodie" <e@x.fr>`, mailrt.Address{Name: "Dupré, Élodie", Address: "e@x.fr"}, true},
		{"first.last+tag@sub.example.co.uk", mailrt.Address{Address: "first.last+tag@sub.example.co.uk"}, true},
		{"no-at-sign", mailrt.Address{}, false},
		{"a@b", mailrt.Address{Address: "a@b"}, true},
		{"support_test@pcsoft_test.fr", mailrt.Address{Address: "support_test@pcsoft_test.fr"}, true}, // PC SOFT's examples
		{"a@-b.c", mailrt.Address{}, false},
		{"two@@b.c", mailrt.Address{}, false},
		{"a b@c.d", mailrt.Address{}, false},
		{"", mailrt.Address{}, false},
		{"a@b.c\r\n", mailrt.Address{}, false},
	}
	for _, tt := range tests {
		got, err := mailrt.ParseAddress(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseAddress(%q) = %+v, %v", tt.in, got, err)
		}
	}
	list, err := mailrt.ParseAddressList(`a@b.c; "X, Y" <x@y.z>, d@e.f`)
	if err != nil || len(list) != 3 || list[1].Name != "X, Y" {
		t.Errorf("list: %+v %v", list, err)
	}
}

func TestParseCharsetsAndEncodings(t *testing.T) {
	tests := []struct {
		name, raw           string
		subject, text, html string
		attachment          string
	}{
		{"iso-8859-1 quoted-printable",
			"Subject: =?iso-8859-1?Q?R=E9sum=E9?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 cr=E8me\r\n",
			"Résumé", "Café crème\r\n", "", ""},
		{"windows-1252 8bit",
			"Subject: x\r\nContent-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\x80 5 \x93ok\x94\r\n",
			"x", "€ 5 “ok”\r\n", "", ""},
		{"base64 utf-8 html",
			"Subject: =?UTF-8?B?w6l0w6k=?=\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+w6l0w6k8L3A+\r\n",
			"été", "", "<p>été</p>", ""},
		{"multipart with attachment",
			"Subject: m\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"=?utf-8?q?r=C3=A9sum=C3=A9.pdf?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n",
			"m", "body", "", "résumé.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := mailrt.Parse([]byte(tt.raw))
			if err != nil {
				t.Fatal(err)
			}
			if m.Subject != tt.subject || m.Text != tt.text || m.HTML != tt.html {
				t.Errorf("subject %q text %q html %q", m.Subject, m.Text, m.HTML)
			}
			if tt.attachment != "" && (len(m.Attachments) != 1 || m.Attachments[0].Name != tt.attachment || string(m.Attachments[0].Data) != "%PDF") {
				t.Errorf("attachments %+v", m.Attachments)
			}
		})
	}
}

func TestStripBcc(t *testing.T) {
	tests := []struct{ in, want string }{
		{"From: a@x\r\nBcc: b@x,\r\n c@x\r\nTo: d@x\r\n\r\nBcc: body\r\n", "From: a@x\r\nTo: d@x\r\n\r\nBcc: body\r\n"},
		{"BCC: b@x\nSubject: s\n\nx", "Subject: s\n\nx"},
		{"Subject: no bcc\r\n\r\n", "Subject: no bcc\r\n\r\n"},
	}
	for _, tc := range tests {
		if got := string(mailrt.StripBcc([]byte(tc.in))); got != tc.want {
			t.Errorf("StripBcc(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseRawLatin1Header(t *testing.T) {
	raw := []byte("From: Ren\xe9e Dupr\xe9 <renee@example.org>\r\nTo: jean@example.com\r\n" +
		"Subject: \xc9t\xe9 \xe0 No\xebl\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nCh\xe8re\r\n")
	m, err := mailrt.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{m.Subject, m.From.Name, m.From.Address, m.Text}
	want := []string{"Été à Noël", "Renée Dupré", "renee@example.org", "Chère\r\n"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !bytes.Equal(m.Source, raw) {
		t.Error("Source changed")
	}
}

func TestAddressStringIsReadable(t *testing.T) {
	tests := []struct {
		a    mailrt.Address
		want string
	}{
		{mailrt.Address{Address: "a@example.com"}, "a@example.com"},
		{mailrt.Address{Name: "Zoé Lefèvre", Address: "zoe@example.com"}, "Zoé Lefèvre <zoe@example.com>"},
		{mailrt.Address{Name: `Dupont, "Jean"`, Address: "j@example.com"}, `"Dupont, \"Jean\"" <j@example.com>`},
	}
	for _, tc := range tests {
		if got := tc.a.String(); got != tc.want {
			t.Errorf("%#v: got %q, want %q", tc.a, got, tc.want)
		}
		back, err := mailrt.ParseAddress(tc.a.String())
		if err != nil || back != tc.a {
			t.Errorf("ParseAddress(%q) = %#v, %v", tc.a.String(), back, err)
		}
	}
}

// TestBuildOptions checks that BccHeader writes the Bcc field and that UTF8Header writes the
// subject and display names in UTF-8 instead of encoded words; both read back the same.
func TestBuildOptions(t *testing.T) {
	m := &mailrt.Message{From: mailrt.Address{Name: "Zoé", Address: "zoe@example.com"},
		To: []mailrt.Address{{Address: "bob@example.com"}}, Bcc: []mailrt.Address{{Name: "Cachée", Address: "hid@example.com"}},
		Subject: "Été", Text: "x"}
	plain, err := mailrt.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(plain, []byte("Bcc:")) || !bytes.Contains(plain, []byte("=?utf-8?q?=C3=89t=C3=A9?=")) {
		t.Errorf("default build:\n%s", plain)
	}
	raw, err := mailrt.BuildWith(m, mailrt.BuildOptions{BccHeader: true, UTF8Header: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\r\nBcc: Cachée <hid@example.com>\r\n", "\r\nSubject: Été\r\n", "\r\nFrom: Zoé <zoe@example.com>\r\n"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("options: no %q in\n%s", want, raw)
		}
	}
	back, err := mailrt.Parse(raw)
	if err != nil || back.Subject != "Été" || back.From.Name != "Zoé" || len(back.Bcc) != 1 || back.Bcc[0].Address != "hid@example.com" {
		t.Errorf("read back: %+v %v", back, err)
	}
}

// TestBuildNoContentID checks that NoContentID sends an embedded image as an ordinary
// attachment named in the HTML by its file name.
func TestBuildNoContentID(t *testing.T) {
	m := &mailrt.Message{From: mailrt.Address{Address: "a@example.com"}, To: []mailrt.Address{{Address: "b@example.com"}},
		HTML: `<img src="cid:logo.png@wl">`, Attachments: []mailrt.Attachment{{Name: "logo.png", ContentType: "image/png",
			Data: []byte("png"), ContentID: "logo.png@wl", Inline: true}}}
	raw, err := mailrt.BuildWith(m, mailrt.BuildOptions{NoContentID: true})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(raw), []byte("content-id")) || bytes.Contains(raw, []byte("multipart/related")) {
		t.Errorf("Content-ID left:\n%s", raw)
	}
	back, _ := mailrt.Parse(raw)
	if back.HTML != `<img src="logo.png">` || len(back.Attachments) != 1 || back.Attachments[0].Inline || m.Attachments[0].ContentID == "" {
		t.Errorf("read back %q %+v", back.HTML, back.Attachments)
	}
}
