package mailrt_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wl-lang/wl/mailrt"
)

// TestBuildNeutralisesHeaderValues: a line break or NUL in any header value of a built
// message (subject, display names, extra headers, attachment name and type, Content-ID,
// Message-ID, the read-receipt header) never starts a header or adds a recipient.
func TestBuildNeutralisesHeaderValues(t *testing.T) {
	base := func() *mailrt.Message {
		return &mailrt.Message{From: mailrt.Address{Name: "Ada", Address: "ada@example.com"},
			To: []mailrt.Address{{Name: "Bob", Address: "bob@example.com"}}, Subject: "s", Text: "body"}
	}
	inject := "Bcc: eve@example.com"
	tests := []struct {
		name string
		set  func(m *mailrt.Message, v string)
	}{
		{"subject", func(m *mailrt.Message, v string) { m.Subject = "Hello" + v }},
		{"sender name", func(m *mailrt.Message, v string) { m.From.Name = "Ada" + v }},
		{"sender name with read receipt", func(m *mailrt.Message, v string) { m.From.Name = "Ada" + v; m.ReadReceipt = true }},
		{"recipient name", func(m *mailrt.Message, v string) { m.To[0].Name = "Bob" + v }},
		{"cc name", func(m *mailrt.Message, v string) {
			m.Cc = []mailrt.Address{{Name: "Cy" + v, Address: "cy@example.com"}}
		}},
		{"reply-to name", func(m *mailrt.Message, v string) {
			m.ReplyTo = []mailrt.Address{{Name: "Desk" + v, Address: "desk@example.com"}}
		}},
		{"extra header", func(m *mailrt.Message, v string) { m.Headers = []mailrt.Header{{Key: "X-Tag", Value: "a" + v}} }},
		{"message id", func(m *mailrt.Message, v string) { m.MessageID = "<id@example.com>" + v }},
		{"attachment name", func(m *mailrt.Message, v string) {
			m.Attachments = []mailrt.Attachment{{Name: "f.txt" + v, Data: []byte("x")}}
		}},
		{"attachment type", func(m *mailrt.Message, v string) {
			m.Attachments = []mailrt.Attachment{{Name: "f.txt", ContentType: "text/plain" + v, Data: []byte("x")}}
		}},
		{"content id", func(m *mailrt.Message, v string) {
			m.HTML = `<img src="cid:i@x">`
			m.Attachments = []mailrt.Attachment{{Name: "i.png", ContentID: "i@x" + v, Inline: true, Data: []byte("x")}}
		}},
	}
	for _, tt := range tests {
		for _, sep := range []string{"\r\n", "\n", "\r", "\x00", "\r\n\r\n"} {
			m := base()
			tt.set(m, sep+inject)
			raw, err := mailrt.Build(m)
			if err != nil {
				t.Errorf("%s %q: %v", tt.name, sep, err)
				continue
			}
			header, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
			if bytes.IndexByte(header, 0) >= 0 {
				t.Errorf("%s %q: NUL in the header", tt.name, sep)
			}
			for _, line := range strings.Split(string(raw), "\r\n") {
				if strings.HasPrefix(strings.ToLower(line), "bcc:") {
					t.Errorf("%s %q: a header was injected: %q", tt.name, sep, line)
				}
			}
			p, err := mailrt.Parse(raw)
			if err != nil {
				t.Fatalf("%s %q: %v", tt.name, sep, err)
			}
			if len(p.To) != 1 || len(p.Bcc) != 0 || len(p.Cc) != len(m.Cc) {
				t.Errorf("%s %q: recipients changed: to %v cc %v bcc %v", tt.name, sep, p.To, p.Cc, p.Bcc)
			}
		}
	}
}

// TestBuildReadReceiptEncodesName: the read-receipt header gets the sender's display name
// encoded, as From does (it was written raw, UTF-8 in a header).
func TestBuildReadReceiptEncodesName(t *testing.T) {
	m := &mailrt.Message{From: mailrt.Address{Name: "Zoé", Address: "zoe@example.com"},
		To: []mailrt.Address{{Address: "bob@example.com"}}, ReadReceipt: true}
	raw, err := mailrt.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !bytes.Contains(header, []byte("Disposition-Notification-To: =?utf-8?")) {
		t.Errorf("read-receipt header not encoded:\n%s", header)
	}
	if p, _ := mailrt.Parse(raw); !p.ReadReceipt {
		t.Error("read receipt lost")
	}
}

// TestBuildRefusesBadAddressesAndHeaderNames: an address holding a control character and
// a header name that is not printable ASCII without colon are refused with a typed error.
func TestBuildRefusesBadAddressesAndHeaderNames(t *testing.T) {
	addrs := []struct {
		name string
		set  func(m *mailrt.Message)
		kind mailrt.Kind
	}{
		{"from CRLF", func(m *mailrt.Message) { m.From.Address = "ada@example.com\r\nRCPT TO:<e@x.y>" }, mailrt.KindInvalidValue},
		{"to NUL", func(m *mailrt.Message) { m.To[0].Address = "bob@example.com\x00" }, mailrt.KindInvalidValue},
		{"cc LF", func(m *mailrt.Message) { m.Cc = []mailrt.Address{{Address: "c@x.y\nBcc: e@x.y"}} }, mailrt.KindInvalidValue},
		{"bcc CR", func(m *mailrt.Message) { m.Bcc = []mailrt.Address{{Address: "c@x.y\r"}} }, mailrt.KindInvalidValue},
		{"reply-to NUL", func(m *mailrt.Message) { m.ReplyTo = []mailrt.Address{{Address: "r@x.y\x00"}} }, mailrt.KindInvalidValue},
		{"to control", func(m *mailrt.Message) { m.To[0].Address = "bob\x01@example.com" }, mailrt.KindMessage},
		{"to DEL", func(m *mailrt.Message) { m.To[0].Address = "bob\x7f@example.com" }, mailrt.KindMessage},
		{"header name tab", func(m *mailrt.Message) { m.Headers = []mailrt.Header{{Key: "X\tTag", Value: "v"}} }, mailrt.KindMessage},
		{"header name NUL", func(m *mailrt.Message) { m.Headers = []mailrt.Header{{Key: "X-Tag\x00", Value: "v"}} }, mailrt.KindMessage},
		{"header name CRLF", func(m *mailrt.Message) { m.Headers = []mailrt.Header{{Key: "X\r\nBcc", Value: "e@x.y"}} }, mailrt.KindMessage},
		{"header name colon", func(m *mailrt.Message) { m.Headers = []mailrt.Header{{Key: "Bcc: e@x.y\r\nX", Value: "v"}} }, mailrt.KindMessage},
		{"header name accent", func(m *mailrt.Message) { m.Headers = []mailrt.Header{{Key: "X-Clé", Value: "v"}} }, mailrt.KindMessage},
	}
	for _, tt := range addrs {
		m := &mailrt.Message{From: mailrt.Address{Address: "ada@example.com"}, To: []mailrt.Address{{Address: "bob@example.com"}}}
		tt.set(m)
		_, err := mailrt.Build(m)
		if err == nil {
			t.Errorf("%s: accepted", tt.name)
			continue
		}
		if k := mailrt.KindOf(err); k != tt.kind {
			t.Errorf("%s: kind %v, want %v (%v)", tt.name, k, tt.kind, err)
		}
		if strings.ContainsAny(err.Error(), "\r\n\x00") {
			t.Errorf("%s: raw control character in %q", tt.name, err)
		}
	}
	for _, list := range []string{"a@b.c\r\n", "a@b.c;\nd@e.f", "\x00a@b.c", "a@b.c, d@e.f\r"} {
		// Trimming each address of the list would drop a line break at an end.
		if _, err := mailrt.ParseAddressList(list); mailrt.KindOf(err) != mailrt.KindInvalidValue {
			t.Errorf("ParseAddressList(%q): %v", list, err)
		}
	}
	if _, err := mailrt.ParseAddress("a@b.c\x00"); mailrt.KindOf(err) != mailrt.KindInvalidValue ||
		err.Error() != `address: the address "a@b.c\x00" contains a line break (CR/LF) or NUL character` {
		t.Errorf("ParseAddress with NUL: %v", err)
	}
}
