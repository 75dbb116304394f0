package emailbench

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// TestPaths runs every path of the benchmarks once on small numbers, so that they keep
// working between benchmark runs: sending (go-smtp, the script, asynchronously), reading
// over POP3 and IMAP (the scripts and Python), and the attachment scripts.
func TestPaths(t *testing.T) {
	const n = 20
	c := startChild(t, childSpec{SeedSmall: n, SeedBig: 300 << 10})
	want := strconv.Itoa(n + 1) // the seeded small messages and the big one
	compile(t, c, readPOP3Script).run(t, want)
	compile(t, c, readIMAPScript).run(t, want)
	t.Run("python", func(t *testing.T) {
		py := findPython(t)
		for _, mode := range []string{"raw", "parse"} {
			python(t, py, c, "pop3_read.py", sandbox.POP3S, mode, want)
			python(t, py, c, "imap_read.py", sandbox.IMAPS, mode, want)
		}
	})

	compile(t, c, fmt.Sprintf(readBigScript, "emailSessionPOP3", 995)).run(t, strconv.Itoa(300<<10))
	compile(t, c, fmt.Sprintf(readBigScript, "emailSessionIMAP", 993)).run(t, strconv.Itoa(300<<10))
	goSend(t, c, n)
	compile(t, c, sendScript(n, false)).run(t, "0")
	compile(t, c, sendScript(n, true)).run(t, "0")
	s := compile(t, c, sendBigScript)
	s.dir = t.TempDir()
	data := make([]byte, 300<<10)
	rand.Read(data)
	if err := os.WriteFile(filepath.Join(s.dir, "big.bin"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	s.run(t, strconv.Itoa(len(data)))
	if got, want := c.count(t), 4*n+2; got != want {
		t.Errorf("%d messages in the mailbox, want %d", got, want)
	}
}
