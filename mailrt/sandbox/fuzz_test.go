package sandbox

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a buffer several goroutines write (the server's ErrorLog).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// take returns what was written and empties the buffer.
func (l *lockedBuffer) take() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	l.b.Reset()
	return s
}

// fuzzServer is the sandbox of a fuzz target: one per target, started again every 500
// inputs so that the messages the inputs deliver do not pile up in memory.
type fuzzServer struct {
	s    *Server
	log  *lockedBuffer
	runs int
}

func (fs *fuzzServer) get(t *testing.T) *Server {
	if fs.s == nil || fs.runs%500 == 0 {
		if fs.s != nil {
			fs.s.Close()
		}
		fs.log = &lockedBuffer{}
		s, err := Start(Config{
			ErrorLog: log.New(fs.log, "", 0),
			Timeouts: Timeouts{TLSHandshake: time.Second, SMTPCommand: time.Second, POP3Idle: time.Second, IMAPIdle: time.Second},
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Seed(testMessage("seeded", []byte("attachment")))
		s.Seed([]byte("Subject: two\r\n\r\nline\r\n.dotted\r\n"))
		fs.s = s
	}
	fs.runs++
	return fs.s
}

func (fs *fuzzServer) close() {
	if fs.s != nil {
		fs.s.Close()
	}
}

// fuzzSession writes input to a new connection of svc, ends its side of it and reads what
// the server says until it closes the connection (or 2 s passed); the server must not
// have logged a panic and must still greet a new connection.
func fuzzSession(f *testing.F, svc Service, greeting string, seeds []string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	fs := &fuzzServer{}
	f.Cleanup(fs.close)
	f.Fuzz(func(t *testing.T, input []byte) {
		if len(input) > 64<<10 {
			t.Skip("longer inputs only slow the fuzzer down")
		}
		s := fs.get(t)
		c, err := net.Dial("tcp", s.Addr(svc))
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(2 * time.Second))
		// The server may hang up before reading everything: write while reading.
		go func() {
			c.Write(input)
			c.(*net.TCPConn).CloseWrite()
		}()
		io.Copy(io.Discard, c)
		c.Close()
		if l := fs.log.take(); strings.Contains(l, "panic") {
			t.Fatalf("the server panicked:\n%s", l)
		}
		c, err = net.Dial("tcp", s.Addr(svc))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if l, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(l, greeting) {
			t.Fatalf("%s no longer greets: %q %v", svc, l, err)
		}
	})
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func FuzzSMTPSession(f *testing.F) {
	fuzzSession(f, SMTP, "220 ", []string{
		"EHLO x\r\nMAIL FROM:<a@b.c> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<x@y.z>\r\nDATA\r\nSubject: s\r\n\r\nbody\r\n..dot\r\n.\r\nQUIT\r\n",
		"HELO x\r\nAUTH PLAIN " + b64("\x00u\x00p") + "\r\nMAIL FROM:<>\r\nRCPT TO:<x@y.z>\r\nRSET\r\nNOOP\r\nVRFY x\r\nQUIT\r\n",
		"EHLO x\r\nAUTH LOGIN\r\n" + b64("u") + "\r\n" + b64("p") + "\r\nQUIT\r\n",
		"EHLO x\r\nAUTH XOAUTH2 " + b64("user=u\x01auth=Bearer t\x01\x01") + "\r\nAUTH OAUTHBEARER " + b64("n,a=u,\x01auth=Bearer t\x01\x01") + "\r\n",
		"EHLO x\r\nAUTH PLAIN\r\n!!!\r\nAUTH LOGIN =\r\n*\r\n",
		"EHLO x\r\nMAIL FROM:<a@b.c> SMTPUTF8\r\nRCPT TO:<é@y.z>\r\nBDAT 5 LAST\r\nhello",
		"EHLO x\r\nSTARTTLS\r\n\x16\x03\x01\x00\x05hello",
		"MAIL FROM:<a@b.c>\r\nDATA\r\nFROB\r\n\x00\xff\r\n" + strings.Repeat("A", 3000) + "\r\n",
	})
}

func FuzzPOP3Session(f *testing.F) {
	fuzzSession(f, POP3, "+OK", []string{
		"CAPA\r\nUSER u\r\nPASS p\r\nSTAT\r\nLIST\r\nLIST 1\r\nUIDL\r\nUIDL 2\r\nRETR 1\r\nTOP 2 1\r\nDELE 1\r\nRSET\r\nNOOP\r\nQUIT\r\n",
		"AUTH PLAIN " + b64("\x00u\x00p") + "\r\nRETR 2\r\nDELE 2\r\nRETR 2\r\nQUIT\r\n",
		"AUTH LOGIN\r\n" + b64("u") + "\r\n" + b64("p") + "\r\nTOP 1 0\r\nQUIT\r\n",
		"AUTH\r\nAUTH XOAUTH2 " + b64("user=u\x01auth=Bearer t\x01\x01") + "\r\nLIST 0\r\nTOP 1 -1\r\nRETR 99999999999999999999\r\n",
		"AUTH OAUTHBEARER\r\n" + b64("n,a=u,\x01auth=Bearer t\x01\x01") + "\r\nSTAT\r\n",
		"AUTH PLAIN\r\n*\r\nAUTH PLAIN !!!\r\nPASS x\r\nAPOP u d41d8cd98f00b204e9800998ecf8427e\r\n",
		"STLS\r\n\x16\x03\x01\x00\x05hello",
		"USER u\r\nPASS p\r\n" + strings.Repeat("B", 9000) + "\r\nQUIT\r\n",
	})
}

func FuzzIMAPSession(f *testing.F) {
	fuzzSession(f, IMAP, "* OK", []string{
		"a1 LOGIN u p\r\na2 SELECT INBOX\r\na3 FETCH 1:* (FLAGS UID RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER] BODY[1])\r\na4 LOGOUT\r\n",
		"a1 LOGIN u p\r\na2 EXAMINE inbox\r\na3 UID SEARCH OR SUBJECT two NOT SEEN SINCE 1-Jan-2020\r\na4 SEARCH RETURN (SAVE) ALL\r\na5 FETCH $ (FLAGS)\r\n",
		"a1 LOGIN u p\r\na2 SELECT INBOX\r\na3 STORE 1 +FLAGS (\\Deleted)\r\na4 UID COPY 1:* Archive\r\na5 CREATE Archive\r\na6 UID MOVE 2 Archive\r\na7 EXPUNGE\r\na8 CLOSE\r\n",
		"a1 LOGIN u p\r\na2 APPEND INBOX (\\Seen) {11+}\r\nSubject: x\r\na3 STATUS INBOX (MESSAGES UIDNEXT UNSEEN SIZE)\r\na4 LIST \"\" *\r\na5 LSUB \"\" %\r\n",
		"a1 LOGIN u p\r\na2 CREATE a/b/\r\na3 RENAME a/b c\r\na4 SUBSCRIBE c\r\na5 UNSUBSCRIBE c\r\na6 DELETE c\r\na7 NAMESPACE\r\na8 ENABLE UTF8=ACCEPT\r\n",
		"a1 LOGIN u p\r\na2 SELECT INBOX\r\na3 IDLE\r\nDONE\r\na4 NOOP\r\na5 UNSELECT\r\n",
		"a1 AUTHENTICATE PLAIN " + b64("\x00u\x00p") + "\r\na2 AUTHENTICATE LOGIN\r\n" + b64("u") + "\r\n" + b64("p") + "\r\na3 CAPABILITY\r\n",
		"a1 AUTHENTICATE XOAUTH2 " + b64("user=u\x01auth=Bearer t\x01\x01") + "\r\na2 AUTHENTICATE OAUTHBEARER\r\n" + b64("n,a=u,\x01auth=Bearer t\x01\x01") + "\r\n",
		"a1 STARTTLS\r\n\x16\x03\x01\x00\x05hello",
		"a1 LOGIN u p\r\na2 SELECT INBOX\r\na3 UID FETCH 1:4294967295 (FLAGS)\r\na4 FETCH 0 (FLAGS)\r\na5 CREATE \"" + strings.Repeat("x", 300) + "\"\r\n",
	})
}

// The libraries' loggers pass on the panics they recovered from and nothing else.
func TestPanicLogger(t *testing.T) {
	var b lockedBuffer
	p := panicLogger{log.New(&b, "", 0)}
	p.Printf("error handling %v: %s", "1.2.3.4", "EOF")
	p.Println("failed to read command:", "EOF")
	p.Printf("panic serving %v: %v\n%s", "1.2.3.4", "boom", "stack")
	p.Println("panic", "again")
	p.Printf("panic serving %v: %v\n%s", "1.2.3.4", "runtime error: invalid memory address or nil pointer dereference",
		"goroutine 7 [running]:\ngithub.com/emersion/go-smtp.(*Conn).handleBdat.func1()\n")
	if got, want := b.take(), "panic serving 1.2.3.4: boom\nstack\npanic again\n"; got != want {
		t.Errorf("logged %q, want %q", got, want)
	}
}
