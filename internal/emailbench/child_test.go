package emailbench

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// The sandbox runs in a child process (this test binary started again with
// EMAILBENCH_CHILD=1), so that the benchmark process holds the client alone: its heap, its
// allocations and its CPU time are the client's, and the child's CPU time is read from
// /proc apart.

const childEnv = "EMAILBENCH_CHILD"

// serverProfileEnv names a file: when set, the child writes a CPU profile of the sandbox
// there, from after the seeding to its end (e.g. EMAILBENCH_SERVER_CPUPROFILE=/tmp/srv.prof
// with -test.bench 'Read5000/imap/wl' profiles the server side of wl's read alone).
const serverProfileEnv = "EMAILBENCH_SERVER_CPUPROFILE"

// childSpec configures a child sandbox.
type childSpec struct {
	Delay     time.Duration // Faults.ReplyDelay
	SeedBig   int           // size of the attachment of a big message delivered first at start
	SeedSmall int           // small messages delivered to the INBOX after it
}

// childInfo is what the child prints on its first line.
type childInfo struct {
	Addrs map[string]string // service name -> host:port
	CA    string
	PID   int
}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

func runChild() int {
	var spec childSpec
	if err := json.Unmarshal([]byte(os.Getenv(childEnv+"_SPEC")), &spec); err != nil {
		fmt.Fprintln(os.Stderr, "child spec:", err)
		return 2
	}
	srv, err := sandbox.Start(sandbox.Config{Faults: sandbox.Faults{ReplyDelay: spec.Delay}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sandbox:", err)
		return 2
	}
	defer srv.Close()
	if spec.SeedBig > 0 {
		if err := srv.Seed(bigMessage(spec.SeedBig)); err != nil {
			fmt.Fprintln(os.Stderr, "seed:", err)
			return 2
		}
	}
	for i := 1; i <= spec.SeedSmall; i++ {
		if err := srv.Seed(smallMessage(i)); err != nil {
			fmt.Fprintln(os.Stderr, "seed:", err)
			return 2
		}
	}
	info := childInfo{Addrs: map[string]string{}, CA: string(srv.CAPEM()), PID: os.Getpid()}
	for svc := sandbox.SMTP; svc <= sandbox.IMAPS; svc++ {
		info.Addrs[svc.String()] = srv.Addr(svc)
	}
	if file := os.Getenv(serverProfileEnv); file != "" {
		f, err := os.Create(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "server profile:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "server profile:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	b, _ := json.Marshal(info)
	fmt.Printf("%s\n", b)
	io.Copy(io.Discard, os.Stdin) // the parent closes stdin to stop the child
	return 0
}

// smallMessage is a seeded message like those the send benchmarks write: about 600 bytes,
// text in UTF-8, quoted-printable.
func smallMessage(i int) []byte {
	raw, err := mailrt.Build(&mailrt.Message{
		From:    mailrt.Address{Name: "Jean Dupont", Address: "jean.dupont@exemple.fr"},
		To:      []mailrt.Address{{Address: "marie.martin@exemple.org"}},
		Subject: fmt.Sprintf("Compte rendu n° %d", i),
		Text:    fmt.Sprintf("Bonjour Marie,\r\n\r\nla réunion n° %d est déplacée à 14 h, salle B.\r\n\r\nJean\r\n", i),
		Date:    time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		panic(err)
	}
	return raw
}

// bigMessage has one attachment of n random bytes (base64 in the message: 1.37 × n).
func bigMessage(n int) []byte {
	data := make([]byte, n)
	rand.Read(data)
	raw, err := mailrt.Build(&mailrt.Message{
		From:        mailrt.Address{Address: "jean.dupont@exemple.fr"},
		To:          []mailrt.Address{{Address: "marie.martin@exemple.org"}},
		Subject:     "Pièce jointe",
		Text:        "Le fichier est joint.",
		Attachments: []mailrt.Attachment{{Name: "big.bin", ContentType: "application/octet-stream", Data: data}},
	})
	if err != nil {
		panic(err)
	}
	return raw
}

// child is a running child sandbox.
type child struct {
	info  childInfo
	cmd   *exec.Cmd
	stdin io.WriteCloser
	pool  *x509.CertPool
	caPEM string // file holding the CA, for Python
}

// startChild starts a sandbox in a child process; it stops when the benchmark ends.
func startChild(tb testing.TB, spec childSpec) *child {
	tb.Helper()
	js, _ := json.Marshal(spec)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1", childEnv+"_SPEC="+string(js))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	c := &child{cmd: cmd, stdin: stdin}
	tb.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("child sandbox: %v", err)
	}
	if err := json.Unmarshal([]byte(line), &c.info); err != nil {
		tb.Fatalf("child sandbox said %q: %v", line, err)
	}
	c.pool = x509.NewCertPool()
	c.pool.AppendCertsFromPEM([]byte(c.info.CA))
	c.caPEM = tb.TempDir() + "/ca.pem"
	if err := os.WriteFile(c.caPEM, []byte(c.info.CA), 0o644); err != nil {
		tb.Fatal(err)
	}
	return c
}

func (c *child) addr(svc sandbox.Service) string { return c.info.Addrs[svc.String()] }

func (c *child) port(svc sandbox.Service) string {
	a := c.addr(svc)
	return a[strings.LastIndex(a, ":")+1:]
}

// Dial implements mailrt.Transport: every connection goes to the child, by protocol and
// security, whatever host the script named.
func (c *child) Dial(ctx context.Context, p mailrt.Protocol, sec mailrt.Security, _ string) (net.Conn, error) {
	svc := sandbox.SMTP
	switch p {
	case mailrt.POP3:
		svc = sandbox.POP3
	case mailrt.IMAP:
		svc = sandbox.IMAP
	}
	if sec == mailrt.SecurityImplicitTLS {
		svc++
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", c.addr(svc))
}

// cpu is the CPU time (user + system) the child used so far.
func (c *child) cpu() time.Duration {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(c.info.PID) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndex(s, ")")+2:])
	// Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

// selfCPU is the CPU time of this process and of its children that ended (the Python
// clients; the sandbox child ends only after the benchmark).
func selfCPU() time.Duration {
	var self, children syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &self)
	syscall.Getrusage(syscall.RUSAGE_CHILDREN, &children)
	return time.Duration(self.Utime.Nano() + self.Stime.Nano() + children.Utime.Nano() + children.Stime.Nano())
}

// count is the number of messages in the child's INBOX, read over POP3.
func (c *child) count(tb testing.TB) int {
	tb.Helper()
	cl, err := mailrt.DialPOP3(context.Background(), mailrt.Settings{Host: "localhost", User: "u", Password: "p", Transport: c})
	if err != nil {
		tb.Fatal(err)
	}
	defer cl.Close()
	n, _, err := cl.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	return n
}
