//go:build linux || darwin

package sandbox

import (
	"bufio"
	"fmt"
	"log"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fdChildEnv makes the test binary run the server side of TestAcceptAfterFDExhaustion: a
// process of its own, so that lowering its limit of open files leaves the tests alone.
const fdChildEnv = "WL_SANDBOX_FD_EXHAUSTION_CHILD"

// TestAcceptAfterFDExhaustion runs a sandbox in a child process that uses up its file
// descriptors: connections made meanwhile cannot be accepted (EMFILE), each service logs it
// once, and once descriptors are free again every service accepts and greets, the waiting
// connections and new ones.
func TestAcceptAfterFDExhaustion(t *testing.T) {
	if os.Getenv(fdChildEnv) != "" {
		fdExhaustionChild()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestAcceptAfterFDExhaustion$")
	cmd.Env = append(os.Environ(), fdChildEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var out []string
	// next waits for a line of the child that starts with prefix.
	next := func(prefix string) string {
		t.Helper()
		timeout := time.After(20 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("the child ended before %q:\n%s", prefix, strings.Join(out, "\n"))
				}
				out = append(out, l)
				if strings.HasPrefix(l, prefix) {
					return l
				}
			case <-timeout:
				t.Fatalf("no %q from the child:\n%s", prefix, strings.Join(out, "\n"))
			}
		}
	}
	var addrs [3]string
	fmt.Sscan(strings.TrimPrefix(next("addrs "), "addrs "), &addrs[0], &addrs[1], &addrs[2])
	next("exhausted")
	greetings := []string{"220 ", "+OK", "* OK"}
	var waiting []net.Conn
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		waiting = append(waiting, c)
	}
	// The three services the test dials must each say they cannot accept; the others
	// (SMTPS...) may say so too, at any time. A service may say it before "exhausted": a
	// listener's first accept, which runs when its goroutine first does, fails once no
	// descriptor is left even with no connection waiting, and a busy machine may run it
	// only after the child used them all; that run of failures is the one the dial meets,
	// and it is logged once.
	failing := map[string]bool{}
	noteFailure := func(l string) {
		mustContain(t, l, "too many open files")
		svc, _, _ := strings.Cut(strings.TrimPrefix(l, "log: "), ":")
		failing[svc] = true
	}
	for _, l := range out {
		if strings.HasPrefix(l, "log: ") {
			noteFailure(l)
		}
	}
	for !failing["SMTP"] || !failing["POP3"] || !failing["IMAP"] {
		noteFailure(next("log: "))
	}
	fmt.Fprintln(stdin, "free")
	next("freed")
	check := func(c net.Conn, greeting string) {
		t.Helper()
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		l, err := bufio.NewReader(c).ReadString('\n')
		if err != nil || !strings.HasPrefix(l, greeting) {
			t.Errorf("%s: %q %v, want the greeting %q", c.RemoteAddr(), l, err, greeting)
		}
	}
	for i, c := range waiting {
		check(c, greetings[i])
	}
	for i, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		check(c, greetings[i])
	}
	stdin.Close()
	for l := range lines {
		out = append(out, l)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s", err, strings.Join(out, "\n"))
	}
	// A line per service when accepting starts failing, one when it works again: a run of
	// failures is logged once, not once per retry. An accept may succeed in between when
	// another descriptor is freed meanwhile (the machine is busy), which starts a new run,
	// so a service may log two runs; one line per retry would be many more.
	fails, recoveries := map[string]int{}, map[string]int{}
	for _, l := range out {
		rest, ok := strings.CutPrefix(l, "log: ")
		if !ok {
			continue
		}
		svc, _, _ := strings.Cut(rest, ":")
		if strings.Contains(rest, "accepting connections again") {
			recoveries[svc]++
		} else {
			fails[svc]++
		}
	}
	for _, svc := range []string{"SMTP", "POP3", "IMAP"} {
		if f, r := fails[svc], recoveries[svc]; f < 1 || f > 2 || r != f {
			t.Errorf("%s: %d failure lines and %d recovery lines, want as many of each, 1 or 2:\n%s",
				svc, f, r, strings.Join(out, "\n"))
		}
	}
}

// fdExhaustionChild is the child process: it prints the addresses of SMTP, POP3 and IMAP,
// opens files until none can be, says "exhausted", closes them when it reads a line, says
// "freed", and stops at the end of its input.
func fdExhaustionChild() {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(1)
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		fail(err)
	}
	lim.Cur = 128
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		fail(err)
	}
	s, err := Start(Config{ErrorLog: log.New(os.Stdout, "log: ", 0)})
	if err != nil {
		fail(err)
	}
	fmt.Printf("addrs %s %s %s\n", s.Addr(SMTP), s.Addr(POP3), s.Addr(IMAP))
	var files []*os.File
	for {
		f, err := os.Open(os.DevNull)
		if err != nil {
			if !strings.Contains(err.Error(), "too many open files") {
				fail(err)
			}
			break
		}
		files = append(files, f)
	}
	fmt.Println("exhausted")
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadString('\n'); err != nil {
		fail(err)
	}
	for _, f := range files {
		f.Close()
	}
	fmt.Println("freed")
	in.ReadString('\n')
	s.Close()
	os.Exit(0)
}
