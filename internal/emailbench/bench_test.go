package emailbench

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/internal/pyexec"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt/sandbox"
	"github.com/wl-lang/wl/parser"
)

// script is a compiled WLanguage program run with the child sandbox as its mail transport.
type script struct {
	prog *interp.Program
	c    *child
	dir  string
	conn int
	// spool is the spool of asynchronous sending (in memory when its Dir is empty).
	spool builtins.SpoolConfig
}

func compile(tb testing.TB, c *child, src string) *script {
	tb.Helper()
	p, err := parser.New()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := p.Parse("bench.wl", src)
	if err != nil {
		tb.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		tb.Fatal(err)
	}
	prog, _, err := interp.Compile(lib, f)
	if err != nil {
		tb.Fatal(err)
	}
	return &script{prog: prog, c: c, conn: 8}
}

// run runs the script once and checks what it printed.
func (s *script) run(tb testing.TB, want string) {
	var out, errs bytes.Buffer
	err := s.prog.Run(interp.Options{Stdout: &out, Stderr: &errs, Dir: s.dir, Extensions: map[any]any{
		builtins.MailKey{}: &builtins.MailConfig{Transport: s.c, RootCAs: s.c.pool, SpoolConnections: s.conn, Spool: s.spool},
	}})
	if err != nil {
		tb.Fatalf("run: %v\n%s", err, errs.String())
	}
	if got := strings.TrimSpace(out.String()); got != want || errs.Len() > 0 {
		tb.Fatalf("printed %q (stderr %q), want %q", got, errs.String(), want)
	}
}

// sendScript sends n small messages over one SMTP session (STARTTLS, AUTH PLAIN), a new
// Email each time as a mailing loop writes it; asynchronous queues them to the spool, and
// the run ends when the spool is empty.
func sendScript(n int, async bool) string {
	return fmt.Sprintf(`s est une emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Port = 587
s.Option = emailProtocolSMTPS
s.Nom = "jean.dupont@exemple.fr"
s.MotDePasse = "secret"
s.Asynchrone = %s
SI PAS s.OuvreSession() ALORS
	Trace("ouverture : " + ErreurInfo(errMessage))
	RETOUR
FIN
nErreurs est un entier
POUR i = 1 _A_ %d
	m est un Email
	m.Expéditeur = "jean.dupont@exemple.fr"
	Ajoute(m.Destinataire, "marie.martin@exemple.org")
	m.Sujet = "Compte rendu n° " + i
	m.Message = "Bonjour Marie," + RC + RC + "la réunion n° " + i + " est déplacée à 14 h, salle B." + RC + RC + "Jean" + RC
	SI PAS s.EnvoieMessage(m) ALORS nErreurs++
FIN
s.FermeSession()
Trace(nErreurs)
`, map[bool]string{false: "Faux", true: "Vrai"}[async], n)
}

// goSend is the Go program of the comparison: go-smtp directly, one session (STARTTLS,
// AUTH PLAIN), each message built with go-message (the MIME library wl uses) and sent with
// SendMail.
func goSend(tb testing.TB, c *child, n int) {
	conn, err := net.Dial("tcp", c.addr(sandbox.SMTP))
	if err != nil {
		tb.Fatal(err)
	}
	cl, err := smtp.NewClientStartTLS(conn, &tls.Config{ServerName: "smtp.exemple.fr", RootCAs: c.pool})
	if err != nil {
		tb.Fatal(err)
	}
	if err := cl.Auth(sasl.NewPlainClient("", "jean.dupont@exemple.fr", "secret")); err != nil {
		tb.Fatal(err)
	}
	from := []*mail.Address{{Address: "jean.dupont@exemple.fr"}}
	to := []*mail.Address{{Address: "marie.martin@exemple.org"}}
	rcpt := []string{"marie.martin@exemple.org"}
	var buf bytes.Buffer
	for i := 1; i <= n; i++ {
		var h mail.Header
		h.SetDate(time.Now())
		h.SetAddressList("From", from)
		h.SetAddressList("To", to)
		h.SetSubject(fmt.Sprintf("Compte rendu n° %d", i))
		if err := h.GenerateMessageID(); err != nil {
			tb.Fatal(err)
		}
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		buf.Reset()
		w, err := mail.CreateSingleInlineWriter(&buf, h)
		if err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(w, "Bonjour Marie,\r\n\r\nla réunion n° %d est déplacée à 14 h, salle B.\r\n\r\nJean\r\n", i)
		w.Close()
		if err := cl.SendMail("jean.dupont@exemple.fr", rcpt, bytes.NewReader(buf.Bytes())); err != nil {
			tb.Fatal(err)
		}
	}
	if err := cl.Quit(); err != nil {
		tb.Fatal(err)
	}
}

// measure runs op b.N times (after one untimed warm-up) and reports messages per second
// and the CPU time per op of this process (the client) and of the child (the sandbox).
func measure(b *testing.B, c *child, msgs int, op func()) {
	op()
	b.ReportAllocs()
	cpu0, child0 := selfCPU(), c.cpu()
	for b.Loop() {
		op()
	}
	n := float64(b.N)
	b.ReportMetric(float64(msgs)*n/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(selfCPU()-cpu0)/n/1e6, "client-cpu-ms/op")
	b.ReportMetric(float64(c.cpu()-child0)/n/1e6, "sandbox-cpu-ms/op")
}

func benchSend(b *testing.B, n int, delay time.Duration) {
	c := startChild(b, childSpec{Delay: delay})
	syn, asy := compile(b, c, sendScript(n, false)), compile(b, c, sendScript(n, true))
	before := c.count(b)
	ops := 0
	b.Run("go-smtp", func(b *testing.B) {
		measure(b, c, n, func() { goSend(b, c, n); ops++ })
	})
	b.Run("wl", func(b *testing.B) {
		measure(b, c, n, func() { syn.run(b, "0"); ops++ })
	})
	b.Run("wl-async8", func(b *testing.B) {
		measure(b, c, n, func() { asy.run(b, "0"); ops++ })
	})
	if got, want := c.count(b)-before, ops*n; got != want {
		b.Fatalf("the sandbox received %d messages, want %d", got, want)
	}
}

// BenchmarkSend5000 sends 5,000 small messages over one session: go-smtp used directly,
// the WLanguage script, and the script with an asynchronous session (8 connections).
func BenchmarkSend5000(b *testing.B) { benchSend(b, 5000, 0) }

// BenchmarkSend1000Delay1ms is the same with 1,000 messages and a sandbox that waits 1 ms
// before each reply, a stand-in for a network round trip.
func BenchmarkSend1000Delay1ms(b *testing.B) { benchSend(b, 1000, time.Millisecond) }

// benchSendRatio runs the three senders of benchSend in each iteration, in a rotating order,
// so that the load of the shared machine falls on all three alike, and reports the ratios
// of their rates: wl/go-smtp (synchronous wl against the Go program) and async/sync (the
// asynchronous session against the synchronous one).
func benchSendRatio(b *testing.B, n int, delay time.Duration) {
	c := startChild(b, childSpec{Delay: delay})
	syn, asy := compile(b, c, sendScript(n, false)), compile(b, c, sendScript(n, true))
	runs := []func(){
		func() { goSend(b, c, n) },
		func() { syn.run(b, "0") },
		func() { asy.run(b, "0") },
	}
	for _, r := range runs {
		r()
	}
	var took [3]time.Duration
	i := 0
	for b.Loop() {
		for k := range runs {
			j := (i + k) % len(runs)
			t := time.Now()
			runs[j]()
			took[j] += time.Since(t)
		}
		i++
	}
	rate := func(d time.Duration) float64 { return float64(n*b.N) / d.Seconds() }
	b.ReportMetric(rate(took[0]), "go-msgs/s")
	b.ReportMetric(rate(took[1]), "wl-msgs/s")
	b.ReportMetric(rate(took[2]), "async-msgs/s")
	b.ReportMetric(took[0].Seconds()/took[1].Seconds(), "wl/go")
	b.ReportMetric(took[1].Seconds()/took[2].Seconds(), "async/sync")
}

// BenchmarkSendRatio5000 gives the ratios of BenchmarkSend5000 from interleaved runs.
func BenchmarkSendRatio5000(b *testing.B) { benchSendRatio(b, 5000, 0) }

// BenchmarkSendRatio1000Delay1ms gives the ratios of BenchmarkSend1000Delay1ms.
func BenchmarkSendRatio1000Delay1ms(b *testing.B) { benchSendRatio(b, 1000, time.Millisecond) }

// readPOP3Script reads every message with EmailLitPremier/EmailLitSuivant over POP3.
const readPOP3Script = `s est une emailSessionPOP3
s.AdresseServeur = "pop.exemple.fr"
s.Port = 995
s.Option = optionTLS
s.Nom = "bench"
s.MotDePasse = "secret"
SI PAS EmailOuvreSession(s) ALORS
	Trace("ouverture : " + ErreurInfo(errMessage))
	RETOUR
FIN
n est un entier
m est un Email
EmailLitPremier(s, m)
TANTQUE PAS m.EnDehors
	SI m.Sujet <> "" ET m.Message <> "" ALORS n++
	EmailLitSuivant(s, m)
FIN
EmailFermeSession(s)
Trace(n)
`

// readIMAPScript reads every message, complete, with EmailRécupèreTout over IMAP.
const readIMAPScript = `s est une emailSessionIMAP
s.AdresseServeur = "imap.exemple.fr"
s.Port = 993
s.Option = optionTLS
s.Nom = "bench"
s.MotDePasse = "secret"
SI PAS EmailOuvreSession(s) ALORS
	Trace("ouverture : " + ErreurInfo(errMessage))
	RETOUR
FIN
n est un entier
t est un tableau d'Emails = EmailRécupèreTout(s, ertComplet)
POUR TOUT m DE t
	SI m.Sujet <> "" ET m.Message <> "" ALORS n++
FIN
EmailFermeSession(s)
Trace(n)
`

// findPython finds the real interpreter once per benchmark (not a version manager's shim,
// which would add its own start to every run) and logs its version.
func findPython(tb testing.TB) pyexec.Interpreter {
	tb.Helper()
	py, err := pyexec.Find()
	if err == pyexec.ErrNotFound {
		tb.Skip("python3 is not installed")
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Logf("python %s (%s)", py.Version, py.Path)
	return py
}

// pyTimes is what a Python read script measured itself, from before its connection to after
// its logout (the interpreter's start and imports left out): the time, and the process's CPU
// time (time.process_time).
type pyTimes struct{ wall, cpu time.Duration }

// python runs a script of testdata with the port and CA of the child, checks that it
// printed want, and returns the times the script measured.
func python(tb testing.TB, py pyexec.Interpreter, c *child, file string, svc sandbox.Service, mode, want string) pyTimes {
	out, err := exec.Command(py.Path, filepath.Join("testdata", file), c.port(svc), c.caPEM, mode).CombinedOutput()
	f := strings.Fields(string(out))
	if err != nil || len(f) != 5 || f[0] != want || f[1] != "fetch-ms" || f[3] != "cpu-ms" {
		tb.Fatalf("%s: %v\n%s", file, err, out)
	}
	var t [2]time.Duration
	for i, s := range []string{f[2], f[4]} {
		ms, err := strconv.ParseFloat(s, 64)
		if err != nil {
			tb.Fatalf("%s: %v", file, err)
		}
		t[i] = time.Duration(ms * float64(time.Millisecond))
	}
	return pyTimes{wall: t[0], cpu: t[1]}
}

const readCount = 5000

// BenchmarkRead5000 reads 5,000 small messages: over POP3 with EmailLitPremier/Suivant and
// over IMAP with EmailRécupèreTout, against Python's poplib and imaplib run as child
// processes: ns/op includes starting Python (see BenchmarkPythonStartup), py-fetch-ms/op is
// the time the script measured itself, connection to logout. "raw" only fetches the
// messages, "parse" also decodes subject, sender and text as the script does.
func BenchmarkRead5000(b *testing.B) {
	c := startChild(b, childSpec{SeedSmall: readCount})
	py := findPython(b)
	want := strconv.Itoa(readCount)
	pop, imap := compile(b, c, readPOP3Script), compile(b, c, readIMAPScript)
	pyRun := func(b *testing.B, file string, svc sandbox.Service, mode string) {
		var inproc time.Duration
		measure(b, c, readCount, func() { inproc += python(b, py, c, file, svc, mode, want).wall })
		// measure ran op once untimed, then b.N times.
		b.ReportMetric(float64(inproc)/float64(b.N+1)/1e6, "py-fetch-ms/op")
	}
	b.Run("pop3/wl", func(b *testing.B) { measure(b, c, readCount, func() { pop.run(b, want) }) })
	for _, mode := range []string{"raw", "parse"} {
		b.Run("pop3/python-"+mode, func(b *testing.B) { pyRun(b, "pop3_read.py", sandbox.POP3S, mode) })
	}
	b.Run("imap/wl", func(b *testing.B) { measure(b, c, readCount, func() { imap.run(b, want) }) })
	for _, mode := range []string{"raw", "parse"} {
		b.Run("imap/python-"+mode, func(b *testing.B) { pyRun(b, "imap_read.py", sandbox.IMAPS, mode) })
	}
}

// BenchmarkReadRatio5000 gives the read targets of issue 15 from interleaved runs: in each
// iteration it runs, in a rotating order, the POP3 and IMAP scripts of BenchmarkRead5000 and
// Python's raw fetches (poplib RETR loop, imaplib FETCH 1:*), and reports each one's time per
// run and wl's time over Python's (pop3-wl/py, imap-wl/py). Python's time is the one its script
// measured itself, from before the connection to after the logout, so the interpreter's start
// is not counted; wl's is the whole Program.Run (connection, TLS, login, reads, logout). The
// same for CPU time (-cpu-ms, cpu-wl/py): Python's process time over that span, and this
// process's (getrusage) over wl's run; on a loaded machine the CPU times vary much less than
// the wall times.
func BenchmarkReadRatio5000(b *testing.B) {
	c := startChild(b, childSpec{SeedSmall: readCount})
	py := findPython(b)
	want := strconv.Itoa(readCount)
	pop, imap := compile(b, c, readPOP3Script), compile(b, c, readIMAPScript)
	timed := func(run func()) pyTimes {
		t, cpu := time.Now(), selfCPU()
		run()
		return pyTimes{wall: time.Since(t), cpu: time.Duration(selfCPU() - cpu)}
	}
	runs := []func() pyTimes{
		func() pyTimes { return timed(func() { pop.run(b, want) }) },
		func() pyTimes { return python(b, py, c, "pop3_read.py", sandbox.POP3S, "raw", want) },
		func() pyTimes { return timed(func() { imap.run(b, want) }) },
		func() pyTimes { return python(b, py, c, "imap_read.py", sandbox.IMAPS, "raw", want) },
	}
	for _, r := range runs { // warm-up: TLS session set-up, IMAP messages marked read
		r()
	}
	var took [4]pyTimes
	i := 0
	for b.Loop() {
		for k := range runs {
			j := (i + k) % len(runs)
			t := runs[j]()
			took[j].wall += t.wall
			took[j].cpu += t.cpu
		}
		i++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(b.N) / 1e6 }
	for k, name := range []string{"pop3-wl", "pop3-py", "imap-wl", "imap-py"} {
		b.ReportMetric(ms(took[k].wall), name+"-ms")
		b.ReportMetric(ms(took[k].cpu), name+"-cpu-ms")
	}
	b.ReportMetric(took[0].wall.Seconds()/took[1].wall.Seconds(), "pop3-wl/py")
	b.ReportMetric(took[2].wall.Seconds()/took[3].wall.Seconds(), "imap-wl/py")
	b.ReportMetric(took[0].cpu.Seconds()/took[1].cpu.Seconds(), "pop3-cpu-wl/py")
	b.ReportMetric(took[2].cpu.Seconds()/took[3].cpu.Seconds(), "imap-cpu-wl/py")
}

// BenchmarkPythonStartup is what starting python3 and importing the modules of the read
// scripts costs: the difference between BenchmarkRead5000's ns/op and py-fetch-ms/op for
// Python.
func BenchmarkPythonStartup(b *testing.B) {
	py := findPython(b)
	for b.Loop() {
		if out, err := exec.Command(py.Path, "-c", "import email, email.policy, poplib, imaplib, ssl").CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// The attachment benchmarks.

const bigSize = 25 << 20

const sendBigScript = `m est un Email
m.Expéditeur = "jean.dupont@exemple.fr"
Ajoute(m.Destinataire, "marie.martin@exemple.org")
m.Sujet = "Pièce jointe"
m.Message = "Le fichier est joint."
SI PAS m.ChargeFichierAttaché("big.bin") ALORS Trace("pièce jointe : " + ErreurInfo(errMessage))
s est une emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Port = 587
s.Option = emailProtocolSMTPS
s.Nom = "jean.dupont@exemple.fr"
s.MotDePasse = "secret"
SI PAS s.OuvreSession() ALORS
	Trace("ouverture : " + ErreurInfo(errMessage))
	RETOUR
FIN
SI PAS s.EnvoieMessage(m) ALORS Trace("envoi : " + ErreurInfo(errMessage))
s.FermeSession()
Trace(m.Attache[1].Taille)
`

// readBigScript reads the first message over POP3 or IMAP (%s: the session type, its port).
const readBigScript = `s est une %s
s.AdresseServeur = "mail.exemple.fr"
s.Port = %d
s.Option = optionTLS
s.Nom = "bench"
s.MotDePasse = "secret"
SI PAS EmailOuvreSession(s) ALORS
	Trace("ouverture : " + ErreurInfo(errMessage))
	RETOUR
FIN
m est un Email
EmailLitPremier(s, m, emailTout)
EmailFermeSession(s)
Trace(m.Attache[1].Taille)
`

// heapSampler follows the heap while an op runs: every 200 µs it reads the bytes of live and
// not yet swept objects (HeapAlloc) and of the spans in use (HeapInuse).
type heapSampler struct {
	stop     chan struct{}
	done     sync.WaitGroup
	peakIn   uint64
	peakObjs uint64
}

func startSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{})}
	h.done.Add(1)
	go func() {
		defer h.done.Done()
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			objs := s[0].Value.Uint64()
			h.peakObjs = max(h.peakObjs, objs)
			h.peakIn = max(h.peakIn, objs+s[1].Value.Uint64())
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

func (h *heapSampler) end() { close(h.stop); h.done.Wait() }

func heapInuse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// measureHeap runs op b.N times, each after a GC, and reports the largest growth of the
// heap during one op (HeapInuse and live objects, from the level after the GC), also as a
// multiple of the attachment's size; B/op is every byte allocated.
func measureHeap(b *testing.B, op func()) {
	op()
	b.ReportAllocs()
	var peakIn, peakObjs float64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		base := heapInuse()
		h := startSampler()
		b.StartTimer()
		op()
		b.StopTimer()
		h.end()
		peakIn = max(peakIn, float64(h.peakIn)-float64(base))
		peakObjs = max(peakObjs, float64(h.peakObjs)-float64(base))
		b.StartTimer()
	}
	b.ReportMetric(peakIn, "peak-inuse-B")
	b.ReportMetric(peakIn/bigSize, "peak-inuse/size")
	b.ReportMetric(peakObjs/bigSize, "peak-objects/size")
}

// BenchmarkAttachment25MB sends a message with a 25 MiB attachment (read from a file by the
// script) over SMTP, and reads one over POP3 and over IMAP.
func BenchmarkAttachment25MB(b *testing.B) {
	want := strconv.Itoa(bigSize)
	b.Run("send", func(b *testing.B) {
		c := startChild(b, childSpec{})
		s := compile(b, c, sendBigScript)
		s.dir = b.TempDir()
		data := make([]byte, bigSize)
		rand.Read(data)
		if err := os.WriteFile(filepath.Join(s.dir, "big.bin"), data, 0o644); err != nil {
			b.Fatal(err)
		}
		data = nil
		measureHeap(b, func() { s.run(b, want) })
	})
	for _, r := range []struct {
		name, typ string
		port      int
	}{{"read-pop3", "emailSessionPOP3", 995}, {"read-imap", "emailSessionIMAP", 993}} {
		b.Run(r.name, func(b *testing.B) {
			c := startChild(b, childSpec{SeedBig: bigSize})
			s := compile(b, c, fmt.Sprintf(readBigScript, r.typ, r.port))
			measureHeap(b, func() { s.run(b, want) })
		})
	}
}
