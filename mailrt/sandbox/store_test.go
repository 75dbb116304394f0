package sandbox

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
)

// imapConv is a raw IMAP conversation for tests.
type imapConv struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
	n    int
}

func dialIMAPRaw(t *testing.T, s *Server) *imapConv {
	t.Helper()
	conn, _ := dialRaw(t, s.Addr(IMAP))
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	c := &imapConv{t: t, conn: conn, r: bufio.NewReader(conn)}
	mustContain(t, c.line(), "* OK")
	return c
}

func (c *imapConv) line() string {
	c.t.Helper()
	l, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("reading from IMAP: %v", err)
	}
	return l
}

// cmd sends a command and returns everything up to its tagged reply (literals included),
// and that reply.
func (c *imapConv) cmd(command string) (string, string) {
	c.t.Helper()
	c.n++
	tag := "t" + strconv.Itoa(c.n)
	fmt.Fprintf(c.conn, "%s %s\r\n", tag, command)
	var b strings.Builder
	for {
		l := c.line()
		if strings.HasPrefix(l, tag+" ") {
			return b.String(), strings.TrimRight(l, "\r\n")
		}
		b.WriteString(l)
		if i := strings.LastIndexByte(l, '{'); i >= 0 && strings.HasSuffix(l, "}\r\n") {
			n, err := strconv.Atoi(l[i+1 : len(l)-3])
			if err == nil {
				lit := make([]byte, n)
				if _, err := io.ReadFull(c.r, lit); err != nil {
					c.t.Fatal(err)
				}
				b.Write(lit)
			}
		}
	}
}

func (c *imapConv) ok(command string) string {
	c.t.Helper()
	out, reply := c.cmd(command)
	mustContain(c.t, reply, " OK ")
	return out
}

// storeTestMessages are messages that take every path of the store: a MIME message with an
// attachment, LF line endings, a header too long to stay in memory, a body with dots.
func storeTestMessages() [][]byte {
	return [][]byte{
		testMessage("with attachment", randomBytes(6000)),
		[]byte("From: a@b.c\nSubject: LF only\n\nfirst line\n.second line\n"),
		[]byte("From: a@b.c\r\nSubject: long header\r\nX-Long: " + strings.Repeat("abc ", headCap/4) + "\r\n\r\nneedle in the body\r\n"),
		[]byte("Subject: dots\r\n\r\n.\r\n..\r\n.x\r\n"),
	}
}

// With a directory, POP3 and IMAP serve after a restart, from the files, exactly what a
// server holding the same messages in memory serves.
func TestDirServesFromFiles(t *testing.T) {
	msgs := storeTestMessages()
	dir := t.TempDir()
	mem := start(t, Config{})
	first, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if err := mem.Seed(m); err != nil {
			t.Fatal(err)
		}
		if err := first.Seed(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	disk := start(t, Config{Dir: dir})
	for _, m := range disk.store.snapshot(disk.store.shared, inbox) {
		if m.raw != nil {
			t.Fatalf("message %d is held in memory", m.uid)
		}
	}

	p := dialPOP3(t, disk, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	for i, raw := range msgs {
		n := i + 1
		_, got := p.multi(fmt.Sprintf("RETR %d", n))
		if want := crlf(raw); !bytes.Equal(got, want) {
			t.Errorf("RETR %d: %q, want %q", n, got, want)
		}
		mustContain(t, p.cmd(fmt.Sprintf("LIST %d", n)), fmt.Sprintf("+OK %d %d", n, len(crlf(raw))))
		for _, lines := range []int{0, 1} {
			_, top := p.multi(fmt.Sprintf("TOP %d %d", n, lines))
			whole := crlf(raw)
			end := headerEnd(whole)
			want := whole[:end]
			if lines == 1 {
				rest := whole[end:]
				want = append(want[:len(want):len(want)], rest[:bytes.Index(rest, crlfBytes)+2]...)
			}
			if !bytes.Equal(top, want) {
				t.Errorf("TOP %d %d: %q, want %q", n, lines, top, want)
			}
		}
	}

	for _, command := range []string{
		"FETCH 1:* (UID RFC822.SIZE ENVELOPE BODYSTRUCTURE FLAGS)",
		"FETCH 1:* (BODY.PEEK[] BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] BODY.PEEK[TEXT])",
		"FETCH 1 (BODY.PEEK[1] BODY.PEEK[2.MIME] BINARY.PEEK[2] BINARY.SIZE[2] BODY.PEEK[]<10.20>)",
		"UID FETCH 2:3 (RFC822.HEADER RFC822.TEXT)",
		"SEARCH BODY needle",
		"SEARCH TEXT \"second line\"",
		"SEARCH HEADER X-Long abc",
		"SEARCH OR SUBJECT dots LARGER 10000",
		"SEARCH NOT BODY line",
	} {
		var got, want [2]string
		for i, s := range []*Server{mem, disk} {
			c := dialIMAPRaw(t, s)
			c.ok("LOGIN u p")
			c.ok("SELECT INBOX")
			out, reply := c.cmd(command)
			got[i], want[i] = out, reply[strings.IndexByte(reply, ' '):]
		}
		if got[0] == "" || got[0] != got[1] || want[0] != want[1] {
			t.Errorf("%s\nfrom memory: %q %s\nfrom files:  %q %s", command, got[0], want[0], got[1], want[1])
		}
	}
}

// Messages reads back the bodies of the captured messages from the files, across restarts.
func TestDirCapturedMessages(t *testing.T) {
	dir := t.TempDir()
	msg := testMessage("captured", randomBytes(3000))
	first, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := sendWith(t, first, modePlain, nil, "a@b.c", []string{"x@y.z", "hidden@y.z"}, msg); err != nil {
		t.Fatal(err)
	}
	before := first.Messages()
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	// The record beside the message does not repeat its bodies.
	records, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(records) != 1 {
		t.Fatalf("records: %v", records)
	}
	if b, err := os.ReadFile(records[0]); err != nil || bytes.Contains(b, []byte("Bonjour")) || !bytes.Contains(b, []byte(`"subject":"captured"`)) {
		t.Errorf("record: %s %v", b, err)
	}
	if n := len(first.store.captured); n != 1 || first.store.captured[0].msg.Text != "" || first.store.captured[0].msg.Raw != nil {
		t.Fatalf("the captured log holds the bodies: %+v", first.store.captured)
	}
	s := start(t, Config{Dir: dir})
	after := s.Messages()
	want := describe(msg, "a@b.c", []string{"x@y.z", "hidden@y.z"})
	for _, got := range [][]Message{before, after} {
		if len(got) != 1 || !bytes.Equal(got[0].Raw, msg) || got[0].Text != want.Text || got[0].HTML != want.HTML ||
			got[0].Subject != "captured" || len(got[0].Bcc) != 2 || got[0].Bcc[1] != "hidden@y.z" {
			t.Fatalf("captured: %d messages, the first %q with %d bytes (want %d), text %q, html %q; want %q, %q", len(got), got[0].Subject, len(got[0].Raw), len(msg), got[0].Text, got[0].HTML, want.Text, want.HTML)
		}
	}
	// A message deleted since keeps its record, without its bodies.
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	p.cmd("DELE 1")
	p.cmd("QUIT")
	if got := s.Messages(); len(got) != 1 || got[0].Subject != "captured" || got[0].Raw != nil || got[0].Text != "" {
		t.Fatalf("after deletion: %+v", got)
	}
	if n := s.Received(); n != 1 {
		t.Errorf("Received() = %d, want 1", n)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*.*[lj]*")); len(files) != 0 {
		t.Errorf("files left after deletion: %v", files)
	}
}

// A message whose file vanished gets an error reply, and the session goes on.
func TestDirVanishedFile(t *testing.T) {
	dir := t.TempDir()
	s := start(t, Config{Dir: dir})
	s.Seed([]byte("Subject: one\r\n\r\nfirst\r\n"))
	s.Seed([]byte("Subject: two\r\n\r\nsecond\r\n"))
	msgs := s.store.snapshot(s.store.shared, inbox)
	if err := os.Remove(filepath.Join(dir, msgs[0].key+".eml")); err != nil {
		t.Fatal(err)
	}
	p := dialPOP3(t, s, false)
	p.cmd("USER u")
	p.cmd("PASS p")
	mustContain(t, p.cmd("RETR 1"), "-ERR [SYS/PERM]")
	mustContain(t, p.cmd("TOP 1 1"), "-ERR [SYS/PERM]")
	// What needs only the index still works.
	mustContain(t, p.cmd("LIST 1"), "+OK 1 23")
	_, top := p.multi("TOP 1 0")
	mustContain(t, string(top), "Subject: one")
	_, second := p.multi("RETR 2")
	mustContain(t, string(second), "second")

	c := dialIMAPRaw(t, s)
	c.ok("LOGIN u p")
	c.ok("SELECT INBOX")
	_, reply := c.cmd("FETCH 1 BODY.PEEK[]")
	mustContain(t, reply, "NO [UNAVAILABLE]")
	_, reply = c.cmd("SEARCH BODY first")
	mustContain(t, reply, "NO [UNAVAILABLE]")
	_, reply = c.cmd("COPY 1 INBOX")
	mustContain(t, reply, "NO [UNAVAILABLE]")
	mustContain(t, c.ok("FETCH 2 BODY.PEEK[]"), "second")
	// What needs only the index still works.
	mustContain(t, c.ok("FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT)])"), "Subject: one")
	if got := s.Messages(); len(got) != 0 {
		t.Errorf("seeded messages captured: %+v", got)
	}
}

// waitIdle waits until the server has no connection left, every handler done.
func waitIdle(t *testing.T, s *Server) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s.mu.Lock()
		n := len(s.conns)
		s.mu.Unlock()
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connections still open", n)
		}
	}
}

// dirFiles lists the files under dir but ca.pem.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "ca.pem" {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// An APPEND whose connection ends inside the literal stores nothing, in memory or on disk.
func TestAppendCutShort(t *testing.T) {
	for _, nonSync := range []bool{false, true} {
		t.Run(fmt.Sprintf("nonsync=%v", nonSync), func(t *testing.T) {
			dir := t.TempDir()
			s := start(t, Config{Dir: dir})
			c := dialIMAPRaw(t, s)
			c.ok("LOGIN u p")
			head := "Subject: cut\r\n\r\n"
			if nonSync {
				fmt.Fprintf(c.conn, "t9 APPEND INBOX {1000+}\r\n")
			} else {
				fmt.Fprintf(c.conn, "t9 APPEND INBOX {1000}\r\n")
				mustContain(t, c.line(), "+ ")
			}
			c.conn.Write([]byte(head + strings.Repeat("x", 500-len(head))))
			c.conn.Close()
			waitIdle(t, s)
			if n := len(s.store.snapshot(s.store.shared, inbox)); n != 0 {
				t.Errorf("%d messages stored", n)
			}
			if files := dirFiles(t, dir); len(files) != 0 {
				t.Errorf("files stored: %v", files)
			}
			// A whole APPEND is stored.
			d := dialIMAPRaw(t, s)
			d.ok("LOGIN u p")
			fmt.Fprintf(d.conn, "a1 APPEND INBOX {%d}\r\n", len(head))
			mustContain(t, d.line(), "+ ")
			fmt.Fprintf(d.conn, "%s\r\n", head)
			mustContain(t, d.line(), "a1 OK")
			if n := len(s.store.snapshot(s.store.shared, inbox)); n != 1 {
				t.Errorf("%d messages after a whole APPEND", n)
			}
		})
	}
}

// Folders, nested or not, are found again after a restart with their messages, each in a
// directory of its own: deleting or renaming one leaves the others alone.
func TestDirFoldersAcrossRestarts(t *testing.T) {
	dir := t.TempDir()
	restart := func(s *Server) *Server {
		t.Helper()
		if s != nil {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Start(Config{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	login := func(s *Server) *imapConv {
		c := dialIMAPRaw(t, s)
		c.ok("LOGIN u p")
		return c
	}
	appended := []byte("Subject: appended\r\n\r\nto a/b\r\n")
	copied := []byte("Subject: copied\r\n\r\nto a/b/c\r\n")
	moved := []byte("Subject: moved\r\n\r\nto a/b\r\n")
	date := "02-Jan-2020 03:04:05 +0000"

	s := restart(nil)
	s.Seed(copied)
	s.Seed(moved)
	c := login(s)
	for _, name := range []string{"a/b", "a/b/c", "odd: .name.", "Sent"} {
		c.ok(fmt.Sprintf("CREATE %q", name))
	}
	c.ok("SELECT INBOX")
	c.ok("COPY 1 a/b/c")
	c.ok("MOVE 2 a/b")
	// Appended after the move with an older date, it stays second.
	fmt.Fprintf(c.conn, "x APPEND a/b (\\Seen) %q {%d}\r\n", date, len(appended))
	mustContain(t, c.line(), "+ ")
	fmt.Fprintf(c.conn, "%s\r\n", appended)
	mustContain(t, c.line(), "x OK")
	if files := dirFiles(t, dir); len(files) != 4 {
		t.Fatalf("files after COPY and MOVE: %v", files)
	}

	list := func(c *imapConv) string {
		out := c.ok(`LIST "" *`)
		mustContain(t, out, " INBOX\r\n")
		for _, name := range []string{"a/b", "a/b/c", "odd: .name.", "Sent"} {
			mustContain(t, out, fmt.Sprintf("%q\r\n", name))
		}
		return out
	}
	check := func(c *imapConv, folder string, want ...[]byte) {
		t.Helper()
		mustContain(t, c.ok(fmt.Sprintf("SELECT %q", folder)), fmt.Sprintf("* %d EXISTS", len(want)))
		for i, w := range want {
			mustContain(t, c.ok(fmt.Sprintf("FETCH %d BODY.PEEK[]", i+1)), fmt.Sprintf("{%d}\r\n%s)", len(w), w))
		}
	}

	s = restart(s)
	c = login(s)
	if out := list(c); strings.Contains(out, "\"a\"\r\n") {
		t.Errorf("LIST shows a folder never created: %s", out)
	}
	check(c, "a/b", moved, appended)
	out := c.ok("FETCH 2 INTERNALDATE")
	const layout = "_2-Jan-2006 15:04:05 -0700"
	got, err1 := time.Parse(layout, strings.Trim(out[strings.Index(out, `"`):], "\")\r\n"))
	want, err2 := time.Parse(layout, date)
	if err1 != nil || err2 != nil || !got.Equal(want) {
		t.Errorf("INTERNALDATE after restart: %s (%v, %v)", out, err1, err2)
	}
	check(c, "a/b/c", copied)
	check(c, "INBOX", copied)
	check(c, "odd: .name.")
	c.ok("DELETE a/b")
	c.ok("RENAME a/b/c z")

	s = restart(s)
	c = login(s)
	out = c.ok(`LIST "" *`)
	if strings.Contains(out, `"a/b`) {
		t.Errorf("LIST after DELETE a/b and RENAME a/b/c: %s", out)
	}
	check(c, "z", copied)
}

// Reload removes what an interrupted write leaves (temporary files, a record without its
// message) and serves only whole messages.
func TestDirReloadCleansUp(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s.Seed([]byte("Subject: whole\r\n\r\nx\r\n"))
	s.Close()
	write := func(name, data string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(".wl-123456.tmp", "Subject: half")
	write("folders/Sent/.wl-42.tmp", "Subject: half")
	write("20240101T000000.000000000-000009.json", `{"subject":"never written"}`)
	write("notes.json", "{}")
	write("notes.txt", "kept")
	s = start(t, Config{Dir: dir})
	files := dirFiles(t, dir)
	if len(files) != 3 || files[1] != "notes.json" || files[2] != "notes.txt" || !strings.HasSuffix(files[0], ".eml") {
		t.Errorf("files after reload: %v", files)
	}
	if n := len(s.store.snapshot(s.store.shared, inbox)); n != 1 {
		t.Errorf("%d messages", n)
	}
	if _, ok := s.store.shared.folder("Sent"); !ok {
		t.Error("folder Sent not found")
	}
	if got := s.Messages(); len(got) != 0 {
		t.Errorf("captured: %+v", got)
	}
}

// writeFile leaves either the old file or the new one, and no temporary file.
func TestWriteFileReplacesWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "m.eml")
	date := time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)
	for _, data := range []string{"first", "second, longer"} {
		if err := writeFileAt(path, []byte(data), date); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Errorf("file holds %q, want %q", got, data)
		}
	}
	if st, err := os.Stat(path); err != nil || !st.ModTime().Equal(date) {
		t.Errorf("modification time: %v", err)
	}
	if files := dirFiles(t, dir); len(files) != 1 {
		t.Errorf("files: %v", files)
	}
	if err := writeFile(filepath.Join(path, "under a file"), nil); err == nil {
		t.Error("writing under a file succeeded")
	}
}

func TestFolderFileNames(t *testing.T) {
	for _, c := range []struct{ name, file string }{
		{"Sent", "Sent"},
		{"Sent Items", "Sent Items"},
		{"a/b/c", "a%2Fb%2Fc"},
		{"odd: .name.", "odd%3A .name%2E"},
		{".hidden", "%2Ehidden"},
		{"trailing ", "trailing%20"},
		{"x%y<|>?*\"\\", "x%25y%3C%7C%3E%3F%2A%22%5C"},
		{"tab\there", "tab%09here"},
		{"é/ü", "é%2Fü"},
	} {
		if got := folderFile(c.name); got != c.file {
			t.Errorf("folderFile(%q) = %q, want %q", c.name, got, c.file)
		}
		if got, ok := folderName(c.file); !ok || got != c.name {
			t.Errorf("folderName(%q) = %q, %v", c.file, got, ok)
		}
	}
	// Names folderFile does not give are not folders.
	for _, file := range []string{"a%2fb", "a/b", "bad%zz", "50%", ".hidden", "INBOX", "inbox", ""} {
		if name, ok := folderName(file); ok {
			t.Errorf("folderName(%q) = %q", file, name)
		}
	}
}

// An APPEND larger than MaxMessageBytes is refused before its literal is read.
func TestAppendLimit(t *testing.T) {
	s := start(t, Config{MaxMessageBytes: 100})
	c := dialIMAPRaw(t, s)
	c.ok("LOGIN u p")
	fmt.Fprintf(c.conn, "a1 APPEND INBOX {101}\r\n")
	mustContain(t, c.line(), "a1 NO [TOOBIG]")
	msg := "Subject: small\r\n\r\n" + strings.Repeat("x", 100-18)
	fmt.Fprintf(c.conn, "a2 APPEND INBOX {%d}\r\n", len(msg))
	mustContain(t, c.line(), "+ ")
	fmt.Fprintf(c.conn, "%s\r\n", msg)
	mustContain(t, c.line(), "a2 OK")
}

// A message expunged by another session while a SEARCH reads the messages is left out of
// the result, not an error.
func TestSearchSkipsExpunged(t *testing.T) {
	s := start(t, Config{Dir: t.TempDir()})
	s.Seed([]byte("Subject: one\r\n\r\nneedle\r\n"))
	s.Seed([]byte("Subject: two\r\n\r\nneedle\r\n"))
	is := &imapSession{srv: s, box: s.store.shared}
	if _, err := is.Select(inbox, nil); err != nil {
		t.Fatal(err)
	}
	defer is.Close()
	// The state a search sees when the expunge comes after it took the list of messages.
	s.store.mu.Lock()
	first := s.store.shared.folders[inbox].msgs[0]
	first.gone = true
	os.Remove(filepath.Join(s.store.dir, first.key+".eml"))
	s.store.mu.Unlock()
	d, err := is.Search(imapserver.NumKindUID, &imap.SearchCriteria{Body: []string{"needle"}}, nil)
	if err != nil || d.Count != 1 || d.Min != 2 {
		t.Fatalf("SEARCH: %v %+v", err, d)
	}
	// A FETCH of it says why it fails.
	if _, err := s.store.body(first); err != errExpunged {
		t.Errorf("body of an expunged message: %v", err)
	}
}
