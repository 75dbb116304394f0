package sandbox

import (
	"bytes"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
)

// TestBodySection: bodySection gives what imapserver.ExtractBodySection gives, for every
// kind of section, on the first FETCH of a message and on later ones; the whole message is
// sent as stored (without reading its header) only once a FETCH found that
// ExtractBodySection gives exactly those bytes, which it does not for a header with bare
// LF line ends, one it cannot read, or one without the blank line after it.
func TestBodySection(t *testing.T) {
	messages := []struct {
		name string
		raw  string
		same bool // BODY[] is raw itself
	}{
		{"CRLF", "From: a@b.c\r\nSubject: hi\r\n\tfolded\r\n\r\nbody\r\nline 2\r\n", true},
		{"CRLF, bare LF in the body", "From: a@b.c\r\n\r\nbody\nline 2\n", true},
		{"CRLF, no body", "From: a@b.c\r\nSubject: hi\r\n", false}, // a blank line is added
		{"LF", "From: a@b.c\nSubject: hi\n\nbody\n", false},
		{"mixed line ends", "From: a@b.c\r\nSubject: hi\n\r\nbody\r\n", false},
		{"a header line without a colon", "From: a@b.c\r\nnot a field\r\n\r\nbody\r\n", false},
		{"an empty key", "From: a@b.c\r\n: x\r\n\r\nbody\r\n", false},
		{"no header", "\r\nbody only\r\n", true},
		{"a first line folded", " x: y\r\nFrom: a@b.c\r\n\r\nbody\r\n", false},
		{"no line end", "From: a@b.c", false},
		{"empty", "", false},
	}
	sections := []*imap.FetchItemBodySection{
		{},
		{Peek: true},
		{Partial: &imap.SectionPartial{Offset: 2, Size: 10}},
		{Specifier: imap.PartSpecifierHeader},
		{Specifier: imap.PartSpecifierText},
		{Part: []int{1}},
		{Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Subject"}},
		{Specifier: imap.PartSpecifierHeader, HeaderFieldsNot: []string{"Subject"}},
	}
	for _, tt := range messages {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.raw)
			m := &storedMessage{}
			for round := range 3 {
				for _, bs := range sections {
					want := imapserver.ExtractBodySection(bytes.NewReader(src), bs)
					if got := bodySection(m, src, bs); !bytes.Equal(got, want) {
						t.Errorf("round %d, %+v: %q, want %q", round, bs, got, want)
					}
				}
			}
			want := wholeDiffers
			if tt.same {
				want = wholeSame
			}
			if got := m.whole.Load(); got != want {
				t.Errorf("whole = %d, want %d", got, want)
			}
		})
	}
}
