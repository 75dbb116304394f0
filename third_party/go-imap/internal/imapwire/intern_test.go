package imapwire

import (
	"bufio"
	"strings"
	"testing"
)

// TestIntern checks that intern gives string(b) for the atoms it knows, for near misses and
// for anything else, and that the atoms it knows cost no allocation.
func TestIntern(t *testing.T) {
	tests := []string{
		"FETCH", "UID", "FLAGS", "RFC822.SIZE", "BODY", "Seen", "Draft", "NIL", "SEARCH",
		"fetch", "Uid", "SEEN", "RFC822.SIZ", "BODY.PEEK", "X-Custom", "", "1234", "\xe9",
	}
	for _, s := range tests {
		if got := intern([]byte(s)); got != s {
			t.Errorf("intern(%q) = %q", s, got)
		}
	}
	for _, s := range []string{"FETCH", "UID", "FLAGS", "RFC822.SIZE", "Seen"} {
		b := []byte(s)
		if n := testing.AllocsPerRun(10, func() { _ = intern(b) }); n != 0 {
			t.Errorf("intern(%q): %v allocations, want 0", s, n)
		}
	}
}

// TestInternedAtomOutlivesBuffer checks that an interned atom is not a view of the reader's
// buffer: reading on must not change it.
func TestInternedAtomOutlivesBuffer(t *testing.T) {
	dec := NewDecoder(bufio.NewReaderSize(strings.NewReader("FETCH UID XYZAB FLAGS "+strings.Repeat("Q", 64)), 16), ConnSideClient)
	var atoms []string
	for i := 0; i < 4; i++ {
		var s string
		if !dec.ExpectAtom(&s) || !dec.ExpectSP() {
			t.Fatalf("atom %d: %v", i, dec.Err())
		}
		atoms = append(atoms, s)
	}
	var last string
	dec.ExpectAtom(&last)
	if got := strings.Join(atoms, " "); got != "FETCH UID XYZAB FLAGS" {
		t.Errorf("atoms = %q", got)
	}
}
