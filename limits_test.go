package wl_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// runCancelled runs src, cancels its context once the script called Prêt/Ready (or the mail
// setup called ready), and returns the run's error and output. setup, when set, gives the
// mail settings of the run and a function called by Prêt before the cancellation.
func runCancelled(t *testing.T, src string, setup func(ready func()) (*wl.MailSettings, func())) (error, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan struct{})
	var once sync.Once
	signal := func() { once.Do(func() { close(ready) }) }
	var ms *wl.MailSettings
	hook := func() {}
	if setup != nil {
		var h func()
		if ms, h = setup(signal); h != nil {
			hook = h
		}
	}
	prog := mustCompile(t, src, &wl.CompileOptions{Funcs: []wl.Func{{Names: []string{"Prêt", "Ready"}, Fn: func() {
		hook()
		signal()
	}}}})
	var out bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- prog.Run(ctx, &wl.RunOptions{Stdout: &out, Stderr: &out, Mail: ms}) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("the run ended before it was ready: %v\n%s", err, out.String())
	case <-time.After(watchdog):
		t.Fatal("the script never got ready")
	}
	cancel()
	select {
	case err := <-done:
		return err, out.String()
	case <-time.After(watchdog):
		t.Fatal("the run did not stop when its context was cancelled")
	}
	return nil, ""
}

func wantCancelled(t *testing.T, err error, out string) {
	t.Helper()
	var e *wl.Error
	if !errors.Is(err, context.Canceled) || !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want a *wl.Error wrapping context.Canceled", err, err)
	}
	if e.Line == 0 || len(e.Stack) == 0 || !strings.Contains(e.Message, "cancelled") {
		t.Errorf("error without position or stack: %+v", e)
	}
	if strings.Contains(out, "jamais") {
		t.Errorf("the script went on after the cancellation:\n%s", out)
	}
}

func TestCancelBusyLoop(t *testing.T) {
	tests := []struct{ name, src string }{
		{"BOUCLE", "Prêt()\nBOUCLE\nFIN\nTrace(\"jamais\")"},
		{"TANTQUE Vrai", "n est un entier\nPrêt()\nTANTQUE Vrai\n\tn++\nFIN\nTrace(\"jamais\")"},
		{"POUR", "Ready()\nFOR i = 1 TO 1000000000000\nEND\nTrace(\"jamais\")"},
		{"recursion in a loop", "Prêt()\nBOUCLE\n\tF(10)\nFIN\nPROCÉDURE F(n)\nSI n > 0 ALORS F(n - 1)"},
		{"QUAND EXCEPTION does not catch it", "Prêt()\nBOUCLE\n\tQUAND EXCEPTION DANS\n\t\tBOUCLE\n\t\tFIN\n\tFAIRE\n\t\tTrace(\"jamais\")\n\tFIN\nFIN"},
		{"CAS EXCEPTION does not catch it", "Prêt()\nBOUCLE\n\tP()\nFIN\nPROCÉDURE P()\nBOUCLE\nFIN\nCAS EXCEPTION:\n\tTrace(\"jamais\")"},
		{"CAS EXCEPTION of the main code does not catch it", "Prêt()\nBOUCLE\nFIN\nCAS EXCEPTION:\n\tTrace(\"jamais\")"},
		{"Multitâche", "Prêt()\nMultitâche(360000)\nTrace(\"jamais\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, out := runCancelled(t, tt.src, nil)
			wantCancelled(t, err, out)
		})
	}
}

// silentServer accepts connections and never answers: a client waits for the greeting.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return l.Addr().String()
}

// transportFunc is a mailrt.Transport made of a function.
type transportFunc func(ctx context.Context, p mailrt.Protocol, s mailrt.Security, addr string) (net.Conn, error)

func (f transportFunc) Dial(ctx context.Context, p mailrt.Protocol, s mailrt.Security, addr string) (net.Conn, error) {
	return f(ctx, p, s, addr)
}

// TestCancelEmail cancels runs waiting on a mail server: in the connection, for the
// greeting, in the middle of sending, while reading; the email function returns at once and
// the run ends with the cancellation (the script does not go on as after a mere failure).
func TestCancelEmail(t *testing.T) {
	const openSMTP = `s est un emailSessionSMTP
s.AdresseServeur = "smtp.example.com"
s.Nom = "ada@example.com"
s.MotDePasse = "secret"
`
	const send = `m est un Email
m.Expéditeur = "ada@example.com"
Ajoute(m.Destinataire, "grace@example.org")
m.Sujet = "lent"
m.Message = "texte"
`
	// silent routes every session to a server that never answers; ready is called when the
	// client is connected.
	silent := func(t *testing.T) func(ready func()) (*wl.MailSettings, func()) {
		addr := silentServer(t)
		return func(ready func()) (*wl.MailSettings, func()) {
			return &wl.MailSettings{Transport: transportFunc(func(ctx context.Context, _ mailrt.Protocol, _ mailrt.Security, _ string) (net.Conn, error) {
				var d net.Dialer
				c, err := d.DialContext(ctx, "tcp", addr)
				ready()
				return c, err
			})}, nil
		}
	}
	// blackhole never connects: Dial waits for its context.
	blackhole := func(t *testing.T) func(ready func()) (*wl.MailSettings, func()) {
		return func(ready func()) (*wl.MailSettings, func()) {
			return &wl.MailSettings{Transport: transportFunc(func(ctx context.Context, _ mailrt.Protocol, _ mailrt.Security, _ string) (net.Conn, error) {
				ready()
				<-ctx.Done()
				return nil, ctx.Err()
			})}, nil
		}
	}
	// slowSandbox is a sandbox whose replies become slow when the script calls Prêt: the
	// session is open, the next command waits.
	slowSandbox := func(t *testing.T) func(ready func()) (*wl.MailSettings, func()) {
		srv, err := sandbox.Start(sandbox.Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close() })
		return func(func()) (*wl.MailSettings, func()) {
			return &wl.MailSettings{Sandbox: srv}, func() { srv.SetFaults(sandbox.Faults{ReplyDelay: time.Minute}) }
		}
	}
	tests := []struct {
		name   string
		server func(t *testing.T) func(ready func()) (*wl.MailSettings, func())
		src    string
	}{
		{"SMTP connection", blackhole, openSMTP + "s.OuvreSession()\nTrace(\"jamais\")"},
		{"SMTP greeting", silent, openSMTP + "s.OuvreSession()\nTrace(\"jamais\")"},
		{"SMTP greeting, legacy API", silent, "EmailOuvreSessionSMTP(\"u\", \"p\", \"smtp.example.com\")\nTrace(\"jamais\")"},
		{"SMTP greeting, STARTTLS", silent, openSMTP + "s.Option = emailProtocoleSMTPS\nSI PAS s.OuvreSession() ALORS Trace(\"jamais\")"},
		{"SMTP greeting, implicit TLS", silent, openSMTP + "s.Option = optionTLS\ns.OuvreSession()\nTrace(\"jamais\")"},
		{"SMTP greeting in a loop with CAS ERREUR", silent, "BOUCLE\n\tP()\nFIN\nPROCÉDURE P()\n" + openSMTP + "s.OuvreSession()\nCAS ERREUR:\n\tTrace(\"jamais\")"},
		{"POP3 greeting", silent, "s est un emailSessionPOP3\ns.AdresseServeur = \"pop.example.com\"\ns.OuvreSession()\nTrace(\"jamais\")"},
		{"IMAP greeting", silent, "s est un emailSessionIMAP\ns.AdresseServeur = \"imap.example.com\"\ns.OuvreSession()\nTrace(\"jamais\")"},
		{"asynchronous sending left in the spool", slowSandbox, openSMTP + send + "s.Asynchrone = emailAsynchrone\nSI PAS s.OuvreSession() ALORS Trace(\"jamais ouverte\")\nPrêt()\nSI PAS s.EnvoieMessage(m) ALORS Trace(\"jamais\")\nBOUCLE\nFIN"},
		{"SMTP sending", slowSandbox, openSMTP + send + "SI PAS s.OuvreSession() ALORS Trace(\"jamais ouverte\")\nPrêt()\ns.EnvoieMessage(m)\nTrace(\"jamais\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, out := runCancelled(t, tt.src, tt.server(t))
			wantCancelled(t, err, out)
		})
	}
}

func TestStepLimit(t *testing.T) {
	tests := []struct {
		name, src string
		max       int64
		// ok is set when the script ends within the limit.
		ok bool
	}{
		{name: "BOUCLE", src: "BOUCLE\nFIN", max: 10000},
		{name: "TANTQUE", src: "n est un entier\nTANTQUE Vrai\n\tn++\nFIN", max: 1},
		{name: "recursion", src: "F()\nPROCÉDURE F()\nF()", max: 5000},
		{name: "QUAND EXCEPTION does not catch it", src: "QUAND EXCEPTION DANS\n\tBOUCLE\n\tFIN\nFAIRE\n\tTrace(\"jamais\")\nFIN\nBOUCLE\nFIN", max: 10000},
		{name: "CAS EXCEPTION does not catch it", src: "P()\nTrace(\"jamais\")\nPROCÉDURE P()\nBOUCLE\nFIN\nCAS EXCEPTION:\n\tTrace(\"jamais\")", max: 10000},
		{name: "within the limit", src: "POUR i = 1 À 100\nFIN\nTrace(\"fini\")", max: 10000, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := mustCompile(t, tt.src, nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, MaxSteps: tt.max})
			if tt.ok {
				if err != nil || out.String() != "fini\n" {
					t.Errorf("%q, %v", out.String(), err)
				}
				return
			}
			var e *wl.Error
			if !errors.Is(err, wl.ErrStepLimit) || !errors.As(err, &e) {
				t.Fatalf("err = %v, want the step limit", err)
			}
			if want := fmt.Sprintf("step limit of %d exceeded", tt.max); e.Message != want || e.Line == 0 || len(e.Stack) == 0 {
				t.Errorf("error %+v, want %q with a position and a stack", e, want)
			}
			if strings.Contains(out.String(), "jamais") {
				t.Errorf("the script went on past the limit: %q", out.String())
			}
		})
	}
	// The limit applies to each call of an instance.
	prog := mustCompile(t, "PROCÉDURE Compte(n)\nPOUR i = 1 À n\nFIN\nRENVOYER n", nil)
	in, err := prog.Start(context.Background(), &wl.RunOptions{MaxSteps: 20000})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for i := 0; i < 3; i++ {
		if _, err := in.Call(context.Background(), "Compte", 15000); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := in.Call(context.Background(), "Compte", 100000); !errors.Is(err, wl.ErrStepLimit) {
		t.Errorf("err = %v, want the step limit", err)
	}
}

// TestDeadline: a context deadline ends a run like a cancellation.
func TestDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := mustCompile(t, "BOUCLE\nFIN", nil).Run(ctx, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

// TestConcurrentRuns runs one compiled program from 100 goroutines at once, each with its
// own globals, host function calls, output and email on one sandbox (run with -race).
func TestConcurrentRuns(t *testing.T) {
	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	prog := mustCompile(t, `gtListe est un tableau de chaînes
POUR i = 1 À 50
	Ajoute(gtListe, Préfixe(gnRun) + i)
FIN
Trace(gtListe.Occurrence, gtListe[50], Fib(12))
s est un emailSessionSMTP
s.AdresseServeur = "smtp.example.com"
s.Option = emailProtocoleSMTPS
s.Nom = "run" + gnRun + "@example.com"
s.MotDePasse = "x"
SI PAS s.OuvreSession() ALORS
	Erreur(ErreurInfo(errMessage))
	RETOUR
FIN
m est un Email
m.Expéditeur = s.Nom
Ajoute(m.Destinataire, "dest@example.org")
m.Sujet = "run " + gnRun
m.Message = ChaîneConstruit("%1 lignes", gtListe.Occurrence)
SI PAS s.EnvoieMessage(m) ALORS Erreur(ErreurInfo(errMessage))
s.FermeSession()
PROCÉDURE Fib(n)
SI n < 2 ALORS RENVOYER n
RENVOYER Fib(n - 1) + Fib(n - 2)`, &wl.CompileOptions{
		Globals: []string{"gnRun"},
		Funcs:   []wl.Func{{Names: []string{"Préfixe", "Prefix"}, Fn: func(n int) string { return fmt.Sprintf("r%d-", n) }}},
	})
	const runs = 100
	var wg sync.WaitGroup
	errs := make(chan error, runs)
	mail := &wl.MailSettings{Sandbox: srv}
	for i := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out, errOut bytes.Buffer
			err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &errOut, Mail: mail, Globals: map[string]any{"gnRun": i}})
			if err != nil {
				errs <- err
				return
			}
			if want := fmt.Sprintf("50, r%d-50, 144\n", i); out.String() != want || errOut.Len() != 0 {
				errs <- fmt.Errorf("run %d: stdout %q stderr %q", i, out.String(), errOut.String())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	subjects := map[string]bool{}
	for _, m := range srv.Messages() {
		subjects[m.Subject] = true
	}
	if len(subjects) != runs {
		t.Errorf("the sandbox got %d distinct messages, want %d", len(subjects), runs)
	}
}

// TestMemoryLimit: every way a script can make memory grow without bound ends, before the
// allocation, in an *Error wrapping ErrMemoryLimit at the statement that asked for too much,
// with the call stack; neither CAS EXCEPTION nor QUAND EXCEPTION catches it.
func TestMemoryLimit(t *testing.T) {
	const limit = 16 << 20
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 2*limit), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src string
		line, col int
	}{
		{"s = s + s", "s est une chaîne = \"x\"\nBOUCLE\n\ts = s + s\nFIN", 3, 8},
		{"s += s", "s est une chaîne = \"x\"\nBOUCLE\n\ts += s\nFIN", 3, 7},
		{"[%%] in a string", "s est une chaîne = \"x\"\nBOUCLE\n\ts = \"[%s%][%s%]\"\nFIN", 3, 6},
		{"array declared too large", "t est un tableau de 10000000000 entiers\nTrace(\"jamais\")", 1, 1},
		{"array of arrays declared too large", "t est un tableau de 100000 tableaux de 100000 entiers", 1, 1},
		{"global array too large", "GLOBAL\ngt est un tableau de 1000 par 1000000 entiers\nTrace(\"jamais\")", 2, 1},
		{"assignment far past the end", "t est un tableau d'entiers\nt[10000000000] = 1", 2, 2},
		{"Répète", "s est une chaîne = Répète(\"abc\", 100000000)", 1, 20},
		{"Complète", "s est une chaîne = Complète(\"a\", 100000000)", 1, 20},
		{"Remplace", "s est une chaîne = Répète(\"a\", 1000)\nBOUCLE\n\ts = Remplace(s, \"a\", \"aa\")\nFIN", 3, 6},
		{"ChaîneConstruit", "s est une chaîne = ChaîneConstruit(Répète(\"%1\", 100000), Répète(\"x\", 1000))", 1, 20},
		{"ChaîneVersTableau", "t est un tableau de chaînes\nChaîneVersTableau(Répète(\";\", 10000000), t, \";\")", 2, 1},
		{"TableauVersChaîne", "t est un tableau de chaînes\ns est une chaîne = Répète(\"x\", 1000000)\nPOUR i = 1 À 100\n\tAjoute(t, s)\nFIN\nTrace(TableauVersChaîne(t))", 6, 7},
		{"Trace of an array", "t est un tableau de chaînes\ns est une chaîne = Répète(\"x\", 1000000)\nPOUR i = 1 À 100\n\tAjoute(t, s)\nFIN\nTrace(t)", 6, 1},
		{"Ajoute", "t est un tableau d'entiers\nBOUCLE\n\tAjoute(t, 1)\nFIN", 3, 2},
		{"Ajoute copying an array", "t est un tableau d'entiers\nPOUR i = 1 À 100000\n\tAjoute(t, i)\nFIN\ntt est un tableau de tableaux d'entiers\nBOUCLE\n\tAjoute(tt, t)\nFIN", 7, 2},
		{"copies kept by recursion", "gt est un tableau d'entiers\nPOUR i = 1 À 100000\n\tAjoute(gt, i)\nFIN\nP()\nPROCÉDURE P()\nt est un tableau d'entiers\nt <= gt\nP()", 8, 1},
		{"array literals", "v est un variant = 1\nBOUCLE\n\tv = [v, v, v, v]\nFIN", 3, 6},
		{"associative array", "m est un tableau associatif d'entiers\ni est un entier\nBOUCLE\n\ti++\n\tm[\"clé\" + i] = i\nFIN", 5, 3},
		{"fChargeTexte", "s est une chaîne = fChargeTexte(\"" + filepath.ToSlash(big) + "\")", 1, 20},
		{"fChargeBuffer", "b est un buffer = fChargeBuffer(\"" + filepath.ToSlash(big) + "\")", 1, 19},
		{"fLitLigne", "h est un entier = fOuvre(\"" + filepath.ToSlash(big) + "\", foLecture)\ns est une chaîne = fLitLigne(h)", 2, 20},
		{"fLit", "h est un entier = fOuvre(\"" + filepath.ToSlash(big) + "\", foLecture)\ns est une chaîne = fLit(h, 100000000)", 2, 20},
		{"in a procedure", "P()\nPROCÉDURE P()\ns est une chaîne = \"x\"\nBOUCLE\n\ts = s + s\nFIN", 5, 8},
		{"QUAND EXCEPTION does not catch it", "s est une chaîne = \"x\"\nQUAND EXCEPTION DANS\n\tBOUCLE\n\t\ts = s + s\n\tFIN\nFAIRE\n\tTrace(\"jamais\")\nFIN", 4, 9},
		{"CAS EXCEPTION does not catch it", "P()\nTrace(\"jamais\")\nPROCÉDURE P()\ns est une chaîne = Répète(\"x\", 100000000)\nCAS EXCEPTION:\n\tTrace(\"jamais\")", 4, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := mustCompile(t, tt.src, nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, MaxMemory: limit})
			var e *wl.Error
			if !errors.Is(err, wl.ErrMemoryLimit) || !errors.As(err, &e) {
				t.Fatalf("err = %v, want the memory limit", err)
			}
			if e.Message != "memory limit of 16 MiB exceeded" || e.Line != tt.line || e.Col != tt.col || len(e.Stack) == 0 {
				t.Errorf("error %d:%d %q %v, want %d:%d with the stack", e.Line, e.Col, e.Message, e.Stack, tt.line, tt.col)
			}
			if strings.Contains(out.String(), "jamais") {
				t.Errorf("the script went on past the limit: %q", out.String())
			}
		})
	}
}

// TestMemoryLimitGarbage: what a run no longer holds does not count, and a value shared
// (the same string in a million elements, the prefixes of one growing string) counts once.
func TestMemoryLimitGarbage(t *testing.T) {
	tests := []struct{ name, src string }{
		{"strings dropped", "POUR i = 1 À 100\n\ts est une chaîne = Répète(\"x\", 1000000)\nFIN"},
		{"arrays dropped", "POUR i = 1 À 100\n\tt est un tableau d'entiers\n\tPOUR j = 1 À 10000\n\t\tAjoute(t, j)\n\tFIN\nFIN"},
		{"procedures' locals", "POUR i = 1 À 100\n\tP()\nFIN\nTrace(\"fini\")\nPROCÉDURE P()\ns est une chaîne = Répète(\"x\", 1000000)"},
		{"one string in many elements", "s est une chaîne = Répète(\"x\", 1000)\nt est un tableau de chaînes\nPOUR i = 1 À 100000\n\tAjoute(t, s)\nFIN"},
		{"prefixes of a growing string", "s est une chaîne\nt est un tableau de chaînes\nPOUR i = 1 À 20000\n\ts += \"y\"\n\tAjoute(t, s)\nFIN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			src := tt.src
			if !strings.Contains(src, "fini") {
				src += "\nTrace(\"fini\")"
			}
			err := mustCompile(t, src, nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, MaxMemory: 16 << 20})
			if err != nil || out.String() != "fini\n" {
				t.Errorf("%q, %v", out.String(), err)
			}
		})
	}
}

// TestMemoryLimitInstance: the limit covers what an instance keeps across calls.
func TestMemoryLimitInstance(t *testing.T) {
	prog := mustCompile(t, "gt est un tableau de chaînes\nPROCÉDURE Garde(n)\nAjoute(gt, Répète(\"x\", n))", nil)
	in, err := prog.Start(context.Background(), &wl.RunOptions{MaxMemory: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for i := 0; ; i++ {
		_, err := in.Call(context.Background(), "Garde", 1<<20)
		if err == nil {
			if i > 100 {
				t.Fatal("no memory limit after 100 MiB kept")
			}
			continue
		}
		if !errors.Is(err, wl.ErrMemoryLimit) || i < 8 {
			t.Fatalf("call %d: %v", i, err)
		}
		return
	}
}

// TestDefaultMaxMemory: without MaxMemory a run has the default limit; a negative one
// removes it.
func TestDefaultMaxMemory(t *testing.T) {
	if n := wl.DefaultMaxMemory(); n < 64<<20 {
		t.Fatalf("DefaultMaxMemory() = %d", n)
	}
	prog := mustCompile(t, "t est un tableau de 1000000000000 entiers", nil)
	if err := prog.Run(context.Background(), nil); !errors.Is(err, wl.ErrMemoryLimit) {
		t.Errorf("default: err = %v, want the memory limit", err)
	}
	// No limit: a small script runs.
	if err := mustCompile(t, "s est une chaîne = Répète(\"x\", 1000)", nil).Run(context.Background(), &wl.RunOptions{MaxMemory: -1}); err != nil {
		t.Errorf("no limit: %v", err)
	}
}

// TestTimeout: RunOptions.Timeout ends a busy run, and an email exchange that waits, with
// an *Error wrapping ErrTimeout (and context.DeadlineExceeded) that the script cannot
// catch; each call of an instance gets the whole timeout.
func TestTimeout(t *testing.T) {
	tests := []struct{ name, src string }{
		{"BOUCLE", "BOUCLE\nFIN"},
		{"QUAND EXCEPTION does not catch it", "QUAND EXCEPTION DANS\n\tBOUCLE\n\tFIN\nFAIRE\n\tTrace(\"jamais\")\nFIN"},
		{"CAS EXCEPTION does not catch it", "P()\nPROCÉDURE P()\nBOUCLE\nFIN\nCAS EXCEPTION:\n\tTrace(\"jamais\")"},
		{"Multitâche", "Multitâche(360000)\nTrace(\"jamais\")"},
		{"fChargeTexte of an endless file", "s est une chaîne = fChargeTexte(\"/dev/zero\")\nTrace(\"jamais\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if strings.Contains(tt.src, "/dev/zero") {
				if _, err := os.Stat("/dev/zero"); err != nil {
					t.Skip("no /dev/zero")
				}
			}
			var out bytes.Buffer
			start := time.Now()
			err := mustCompile(t, tt.src, nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, Timeout: 50 * time.Millisecond, MaxMemory: -1})
			var e *wl.Error
			if !errors.Is(err, wl.ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &e) {
				t.Fatalf("err = %v, want the timeout", err)
			}
			if e.Message != "time limit of 50ms exceeded" || e.Line == 0 || len(e.Stack) == 0 {
				t.Errorf("error %+v", e)
			}
			if strings.Contains(out.String(), "jamais") {
				t.Errorf("the script went on past the timeout: %q", out.String())
			}
			if d := time.Since(start); d > watchdog {
				t.Errorf("the run took %v", d)
			}
		})
	}
	// A deadline of the context is a cancellation, not ErrTimeout.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	err := mustCompile(t, "BOUCLE\nFIN", nil).Run(ctx, &wl.RunOptions{Timeout: time.Hour})
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, wl.ErrTimeout) {
		t.Errorf("context deadline: err = %v", err)
	}
	// Each call of an instance has its own timeout: three calls of 0.6 s pass a limit of
	// 1.5 s, which they would exceed together (each call keeps 0.9 s of margin for a busy
	// machine).
	prog := mustCompile(t, "PROCÉDURE Attend(ms)\nMultitâche(ms / 10)\nRENVOYER ms", nil)
	in, err := prog.Start(context.Background(), &wl.RunOptions{Timeout: 1500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for i := 0; i < 3; i++ {
		if _, err := in.Call(context.Background(), "Attend", 600); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := in.Call(context.Background(), "Attend", 60000); !errors.Is(err, wl.ErrTimeout) {
		t.Errorf("err = %v, want the timeout", err)
	}
}

// TestMemoryLimitConcurrentRuns runs one program from many goroutines, each run measuring
// its memory often (a small limit) while they share the program's constant strings: the
// measures do not interfere (run with -race).
func TestMemoryLimitConcurrentRuns(t *testing.T) {
	prog := mustCompile(t, `t est un tableau de chaînes
POUR i = 1 À 2000
	Ajoute(t, "une constante du programme, partagée par toutes les exécutions")
	s est une chaîne = Répète("x", 10000)
FIN
Trace(TableauOccurrence(t))`, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			if err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, MaxMemory: 2 << 20}); err != nil || out.String() != "2000\n" {
				errs <- fmt.Errorf("%q, %v", out.String(), err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
