package mailrt_test

import (
	"bytes"
	"testing"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// TestPOP3RetrAhead reads messages whose RETR was sent ahead (the sandbox announces
// PIPELINING) and checks each answer against a plain RETR of another session, with other
// commands in between, messages asked out of order, a message that does not exist and a
// deletion.
func TestPOP3RetrAhead(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Auth: "ada:s3cret"})
	seed(t, s, 6, bytes.Repeat([]byte{0, 255, 13, 10, 46}, 2000))
	plain, err := mailrt.DialPOP3(bg, settings(s, mailrt.SecurityNone, "ada", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	want := map[int][]byte{}
	for n := 1; n <= 6; n++ {
		if want[n], err = plain.Retr(n); err != nil {
			t.Fatal(err)
		}
	}
	c, err := mailrt.DialPOP3(bg, settings(s, mailrt.SecurityImplicitTLS, "ada", "s3cret"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.Pipelining() {
		t.Fatal("the sandbox does not announce PIPELINING")
	}
	check := func(step string, n int) {
		t.Helper()
		got, err := c.Retr(n)
		if err != nil || !bytes.Equal(got, want[n]) {
			t.Errorf("%s: RETR %d = %d bytes, %v; want %d bytes", step, n, len(got), err, len(want[n]))
		}
	}
	for _, step := range []struct {
		name  string
		ahead []int
		do    func()
	}{
		{"in order", []int{1, 2, 3}, func() { check("in order", 1); check("in order", 2); check("in order", 3) }},
		{"sent twice", []int{4, 4, 5}, func() { check("sent twice", 4); check("sent twice", 5) }},
		{"a command between", []int{1, 2}, func() {
			if n, _, err := c.Stat(); err != nil || n != 6 {
				t.Errorf("STAT after RETR ahead: %d %v", n, err)
			}
			check("a command between", 1)
			check("a command between", 2)
		}},
		{"out of order", []int{3, 4, 5}, func() { check("out of order", 5); check("out of order", 3) }},
		{"skipped and not sent", []int{1, 2}, func() { check("skipped", 6); check("skipped", 2) }},
		{"no such message", []int{9, 1}, func() {
			if _, err := c.Retr(9); kindOf(t, err) != mailrt.KindServer {
				t.Errorf("RETR 9 sent ahead: %v", err)
			}
			check("after an error", 1)
		}},
		{"deleted", []int{2, 3}, func() {
			if err := c.Dele(2); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Retr(2); kindOf(t, err) != mailrt.KindServer {
				t.Errorf("RETR of a message deleted after its RETR was sent ahead: %v", err)
			}
			check("deleted", 3)
		}},
		{"left at the end", []int{4, 5, 6}, func() { check("left", 4) }},
	} {
		if err := c.RetrAhead(step.ahead...); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		step.do()
	}
	if n, _, err := c.Stat(); err != nil || n != 5 {
		t.Errorf("STAT at the end: %d %v", n, err)
	}
}
