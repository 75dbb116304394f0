package sandbox

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-message/textproto"
)

func TestMeasure(t *testing.T) {
	long := "X-Long: " + strings.Repeat("x", headCap) + "\r\n"
	for _, c := range []struct {
		name, raw, head string
		long            bool
	}{
		{name: "CRLF", raw: "Subject: a\r\nTo: b@c.d\r\n\r\nbody\r\n", head: "Subject: a\r\nTo: b@c.d\r\n\r\n"},
		{name: "LF", raw: "Subject: a\n\nline 1\nline 2\n", head: "Subject: a\n\n"},
		{name: "mixed", raw: "Subject: a\r\n\nx\ny\r\n", head: "Subject: a\r\n\n"},
		{name: "folded header", raw: "Subject: a\r\n b\r\n\r\nx", head: "Subject: a\r\n b\r\n\r\n"},
		{name: "no body", raw: "Subject: a\r\n", head: "Subject: a\r\n"},
		{name: "empty header", raw: "\r\nbody\r\n", head: "\r\n"},
		{name: "empty", raw: "", head: ""},
		{name: "bare CR", raw: "Subject: a\r\r\n\r\nx\ry", head: "Subject: a\r\r\n\r\n"},
		{name: "header over the cap", raw: long + "\r\nbody\r\n", long: true},
		{name: "header at the cap", raw: long[:headCap-4] + "\r\n\r\nbody", head: long[:headCap-4] + "\r\n\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := []byte(c.raw)
			want := msgInfo{size: int64(len(raw)), popSize: int64(len(crlf(raw)))}
			check := func(how string, got msgInfo) {
				t.Helper()
				if got.size != want.size || got.popSize != want.popSize {
					t.Errorf("%s: sizes %d, %d; want %d, %d", how, got.size, got.popSize, want.size, want.popSize)
				}
				if c.long {
					if got.head != nil {
						t.Errorf("%s: head of %d bytes kept over the cap", how, len(got.head))
					}
				} else if got.head == nil || string(got.head) != c.head {
					t.Errorf("%s: head %q, want %q", how, got.head, c.head)
				}
			}
			check("measure", measure(raw))
			// Byte by byte, so that every CRLF and blank line straddles two writes.
			got, err := measureReader(iotest.OneByteReader(bytes.NewReader(raw)))
			if err != nil {
				t.Fatal(err)
			}
			check("measureReader", got)
		})
	}
}

// What IMAP serves from the header block kept in memory is what it serves from the whole
// message.
func TestHeadServesLikeWholeMessage(t *testing.T) {
	sections := []*imap.FetchItemBodySection{
		{Specifier: imap.PartSpecifierHeader},
		{Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Subject", "To"}},
		{Specifier: imap.PartSpecifierHeader, HeaderFieldsNot: []string{"Subject"}},
		{Specifier: imap.PartSpecifierHeader, Partial: &imap.SectionPartial{Offset: 3, Size: 10}},
	}
	for _, raw := range [][]byte{
		testMessage("with attachment", randomBytes(3000)),
		[]byte("Subject: LF only\nFrom: a@b.c\nTo: x@y.z, Bob <bob@y.z>\n\nbody\n"),
		[]byte("Subject: no body\r\nFrom: a@b.c\r\n"),
		[]byte("Subject: =?utf-8?q?caf=C3=A9?=\r\nMessage-Id: <1@b.c>\r\n\r\n"),
	} {
		head := measure(raw).head
		if head == nil {
			t.Fatalf("no head for %q", raw)
		}
		for _, bs := range sections {
			if got, want := imapserver.ExtractBodySection(bytes.NewReader(head), bs), imapserver.ExtractBodySection(bytes.NewReader(raw), bs); !bytes.Equal(got, want) {
				t.Errorf("%+v of %q: %q, want %q", bs, raw, got, want)
			}
		}
		hh, err1 := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(head)))
		hr, err2 := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("header of %q: %v, from the whole message %v", raw, err1, err2)
		}
		eh, er := imapserver.ExtractEnvelope(hh), imapserver.ExtractEnvelope(hr)
		if eh.Subject != er.Subject || len(eh.To) != len(er.To) || eh.MessageID != er.MessageID {
			t.Errorf("envelope of %q: %+v, want %+v", raw, eh, er)
		}
	}
	if fetchNeedsBody(&imap.FetchOptions{Envelope: true, BodySection: sections}) {
		t.Error("header sections need the body")
	}
	for _, o := range []*imap.FetchOptions{
		{BodySection: []*imap.FetchItemBodySection{{}}},
		{BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierText}}},
		{BodySection: []*imap.FetchItemBodySection{{Specifier: imap.PartSpecifierHeader, Part: []int{1}}}},
		{BodyStructure: &imap.FetchItemBodyStructure{}},
		{BinarySection: []*imap.FetchItemBinarySection{{}}},
	} {
		if !fetchNeedsBody(o) {
			t.Errorf("%+v does not need the body", o)
		}
	}
}
