package sandbox

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// heapInUse is the live heap after a full collection.
func heapInUse() int64 {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}

// bigBody is about size bytes of text lines, the body shared by every message of the test.
func bigBody(size int) []byte {
	line := strings.Repeat("0123456789abcdefghijklmnopqrstuvwxyz", 2) + "\r\n"
	return bytes.Repeat([]byte(line), size/len(line))
}

// With a directory, message bodies stay on disk: 400 MB of mail costs little memory once
// received, and once reloaded by a new server.
func TestDirKeepsBodiesOnDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 400 MB")
	}
	const (
		count = 400
		size  = 1 << 20
		limit = 100 << 20
	)
	body := bigBody(size)
	header := func(i int) string {
		return fmt.Sprintf("From: a@b.c\r\nTo: x@y.z\r\nSubject: big %d\r\nContent-Type: text/plain\r\n\r\n", i)
	}
	dir := t.TempDir()
	base := heapInUse()
	s, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// The store receives what the SMTP side gives it (describe's record, its text as long as
	// the message), each message and text in a buffer of its own so that keeping one would
	// show; the last one comes over SMTP.
	for i := range count - 1 {
		h := header(i)
		raw := append([]byte(h), body...)
		meta := Message{From: "a@b.c", To: []string{"x@y.z"}, Subject: fmt.Sprint("big ", i), Text: string(raw[len(h):])}
		if _, err := s.store.deliver(s.store.shared, inbox, raw, nil, time.Time{}, &meta, true); err != nil {
			t.Fatal(err)
		}
	}
	c, err := smtp.Dial(s.Addr(SMTP))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail("a@b.c", []string{"x@y.z"}, io.MultiReader(strings.NewReader(header(count-1)), bytes.NewReader(body))); err != nil {
		t.Fatal(err)
	}
	c.Quit()
	running := heapInUse() - base
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = start(t, Config{Dir: dir})
	reloaded := heapInUse() - base
	t.Logf("heap in use for %d MB of mail: %.1f MB after receiving, %.1f MB after reloading", count*size>>20, float64(running)/(1<<20), float64(reloaded)/(1<<20))
	if running > limit || reloaded > limit {
		t.Errorf("heap in use %d MB after receiving, %d MB after reloading; want under %d MB", running>>20, reloaded>>20, limit>>20)
	}
	if n, r := len(s.store.snapshot(s.store.shared, inbox)), s.Received(); n != count || r != count {
		t.Fatalf("%d messages, %d received after reloading, want %d", n, r, count)
	}
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	_, got := p.multi(fmt.Sprintf("RETR %d", count))
	if want := append([]byte(header(count-1)), body...); !bytes.Equal(got, want) {
		t.Errorf("RETR %d after reloading: %d bytes, want %d", count, len(got), len(want))
	}
}
