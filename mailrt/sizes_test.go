package mailrt

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"runtime"
	"strings"
	"testing"
)

func TestReadDotCRLF(t *testing.T) {
	long := strings.Repeat("x", 10000) // longer than the bufio buffer
	in := "Subject: a\r\n\r\n..dot\nbare LF\r\n.\r\n" + "." + long + "\r\n\r\n.\r\nafter"
	r := bufio.NewReaderSize(strings.NewReader(in), 16)
	got, err := readDotCRLF(r, 4, nil, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "Subject: a\r\n\r\n.dot\r\nbare LF\r\n"
	if string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got, err = readDotCRLF(r, 0, nil, 0, nil)
	if err != nil || string(got) != long+"\r\n\r\n" {
		t.Errorf("long line: %v, %d bytes", err, len(got))
	}
	if _, err := readDotCRLF(bufio.NewReader(strings.NewReader("no end\r\n")), 0, nil, 0, nil); err == nil {
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

// allocated is the number of bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLargeMessageAllocations keeps building, reading over POP3 and parsing a message with a
// 4 MiB attachment at about one allocation of what they produce (they allocated four to five
// times that when buffers grew as the bytes came).
func TestLargeMessageAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation sizes are not meaningful under the race detector")
	}
	data := make([]byte, 4<<20)
	rand.Read(data)
	m := &Message{From: Address{Address: "a@b.c"}, To: []Address{{Address: "d@e.f"}}, Subject: "s", Text: "t",
		Attachments: []Attachment{{Name: "a.bin", Data: data}}}
	var raw []byte
	n := allocated(func() { raw, _ = Build(m) })
	t.Logf("Build: %.2f times the message", float64(n)/float64(len(raw)))
	if float64(n) > 1.5*float64(len(raw)) {
		t.Errorf("Build allocated %d bytes for a %d-byte message", n, len(raw))
	}
	n = allocated(func() { Parse(raw) })
	t.Logf("Parse: %.2f times the attachment", float64(n)/float64(len(data)))
	if float64(n) > 1.5*float64(len(data)) {
		t.Errorf("Parse allocated %d bytes for a %d-byte attachment", n, len(data))
	}
	// The POP3 answer, dot-stuffed, as a server sends it after "+OK <n> octets".
	var wire bytes.Buffer
	for _, l := range bytes.SplitAfter(raw, []byte("\r\n")) {
		if len(l) > 0 && l[0] == '.' {
			wire.WriteByte('.')
		}
		wire.Write(l)
	}
	wire.WriteString(".\r\n")
	r := bufio.NewReader(bytes.NewReader(wire.Bytes()))
	var got []byte
	n = allocated(func() { got, _ = readDotCRLF(r, len(raw)+8, nil, 0, nil) })
	t.Logf("readDotCRLF: %.2f times the message", float64(n)/float64(len(raw)))
	if float64(n) > 1.5*float64(len(raw)) {
		t.Errorf("readDotCRLF allocated %d bytes for a %d-byte message", n, len(raw))
	}
	if !bytes.Equal(got, raw) {
		t.Error("readDotCRLF changed the message")
	}
}
