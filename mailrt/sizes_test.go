package mailrt

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"strings"
	"testing"
)

func TestReadDotCRLF(t *testing.T) {
	long := strings.Repeat("x", 10000) // longer than the bufio buffer
	in := "Subject: a\r\n\r\n..dot\nbare LF\r\n.\r\n" + "." + long + "\r\n\r\n.\r\nafter"
	r := bufio.NewReaderSize(strings.NewReader(in), 16)
	got, err := readDotCRLF(r, 4)
	if err != nil {
		t.Fatal(err)
	}
	want := "Subject: a\r\n\r\n.dot\r\nbare LF\r\n"
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got, err = readDotCRLF(r, 0)
	if err != nil || string(got) != long+"\r\n\r\n" {
		t.Errorf("long line: %v, %d bytes", err, len(got))
	}
	if _, err := readDotCRLF(bufio.NewReader(strings.NewReader("no end\r\n")), 0); err == nil {
		t.Error("a truncated answer was accepted")
	}
}

// TestLargeAttachmentSizes checks the size estimate of Build and the capacity of parsed
// attachments (about their size, even when another large part follows), and that the
// attachments come back intact.
func TestLargeAttachmentSizes(t *testing.T) {
	data := make([]byte, 3<<20)
	rand.Read(data)
	m := &Message{From: Address{Address: "a@b.c"}, To: []Address{{Address: "d@e.f"}}, Subject: "s", Text: "t",
		Attachments: []Attachment{{Name: "a.bin", Data: data}, {Name: "b.bin", Data: data[:1<<20]}}}
	raw, err := Build(m)
	if err != nil {
		t.Fatal(err)
	}
	if est := buildSize(m); est < len(raw) || est > len(raw)+len(raw)/50+8192 {
		t.Errorf("buildSize %d for %d bytes", est, len(raw))
	}
	p, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Attachments) != 2 || !bytes.Equal(p.Attachments[0].Data, data) || !bytes.Equal(p.Attachments[1].Data, data[:1<<20]) {
		t.Fatalf("attachments differ")
	}
	for i, a := range p.Attachments {
		if c := cap(a.Data); c > len(a.Data)+len(a.Data)/4+64<<10 {
			t.Errorf("attachment %d: capacity %d for %d bytes", i, c, len(a.Data))
		}
	}
	if id := MessageIDOf(raw); id == "" || id != p.MessageID {
		t.Errorf("MessageIDOf %q, Parse %q", id, p.MessageID)
	}
}
