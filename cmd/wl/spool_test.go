package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// spoolScript queues n messages on an asynchronous session to addr (plain SMTP, login
// cron/secret), printing "ouverte" once the session is open and "en file" once all are
// queued; with loop it then waits for ever (until cancelled).
func spoolScript(t *testing.T, dir, addr string, n int, loop bool) string {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	src := fmt.Sprintf(`s est une emailSessionSMTP
s.AdresseServeur = "%s"
s.Port = %s
s.Nom = "cron"
s.MotDePasse = "secret"
s.Asynchrone = Vrai
SI PAS s.OuvreSession() ALORS
	Erreur(ErreurInfo())
	RETOUR
FIN
Trace("ouverte")
POUR i = 1 À %d
	m est un Email
	m.Expéditeur = "cron@exemple.fr"
	m.Destinataire = "client" + i + "@exemple.org"
	m.Sujet = "Relevé " + i
	m.Message = "Votre relevé n° " + i
	SI PAS s.EnvoieMessage(m) ALORS Erreur(ErreurInfo())
FIN
Trace("en file")
`, host, port, n)
	if loop {
		src += "BOUCLE\n\tMultitâche(1)\nFIN\n"
	}
	name := filepath.Join(dir, "lot.wl")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// deliveries counts the Message-IDs and subjects the sandboxes received.
func deliveries(srvs ...*sandbox.Server) (ids, subjects map[string]int) {
	ids, subjects = map[string]int{}, map[string]int{}
	for _, s := range srvs {
		for _, m := range s.Messages() {
			ids[mailrt.MessageIDOf(m.Raw)]++
			subjects[m.Subject]++
		}
	}
	return ids, subjects
}

// settledDeliveries is deliveries once the sandbox has stopped storing: a message whose
// end of data reached it just before a kill may still be on its way to the store, and
// counting it as not delivered would make its second delivery look like a duplicate of a
// message that was not in flight.
func settledDeliveries(srv *sandbox.Server) map[string]int {
	ids, _ := deliveries(srv)
	for range 20 {
		time.Sleep(50 * time.Millisecond)
		again, _ := deliveries(srv)
		if len(again) == len(ids) {
			return again
		}
		ids = again
	}
	return ids
}

func spoolCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(append([]string{"spool"}, args...), nil, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// queuedIDs are the Message-IDs queued in a spool.
func queuedIDs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	d, err := mailrt.OpenSpoolDir(dir, mailrt.SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	es, err := d.List()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range es {
		if !e.Failed {
			out[e.MessageID] = true
		}
	}
	return out
}

// TestSpoolCrash kills a `wl run` (this test binary as the wl command) with SIGKILL while it
// sends 200 messages asynchronously, at several points of the exchange, then checks that
// `wl spool flush` delivers the rest: every message arrives, and a message arrives twice only
// if it was in flight at the kill (delivered, and still in the spool).
func TestSpoolCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const n = 200
	tests := []struct {
		name   string
		faults sandbox.Faults
		// kill says when to kill: once the child printed "en file" (all queued: EmailEnvoieMessage
		// returned Vrai for each) and the sandbox has stored that many messages.
		stored int
		// dup: at least one message must arrive twice (the kill fell after its DATA).
		dup bool
		// sync is the --spool-sync mode (all survive a kill; the journal by default).
		sync string
	}{
		{name: "before DATA: all queued, none sent", faults: sandbox.Faults{ReplyDelay: 150 * time.Millisecond}},
		{name: "mid-exchange: slow replies", faults: sandbox.Faults{ReplyDelay: 3 * time.Millisecond}, stored: 60},
		{name: "after DATA, before the 250", faults: sandbox.Faults{DataReplyDelay: time.Second}, stored: 6, dup: true},
		{name: "batch: before DATA", faults: sandbox.Faults{ReplyDelay: 150 * time.Millisecond}, sync: "batch"},
		{name: "each: mid-exchange", faults: sandbox.Faults{ReplyDelay: 3 * time.Millisecond}, stored: 60, sync: "each"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Config{Auth: "cron:secret", Faults: tt.faults})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			stored, cancel := srv.Subscribe()
			defer cancel()
			dir, spool := t.TempDir(), filepath.Join(t.TempDir(), "spool")
			cmd := exec.Command(os.Args[0], "run", "--spool", spool, "--spool-sync", cmp.Or(tt.sync, "journal"), spoolScript(t, dir, srv.Addr(sandbox.SMTP), n, false))
			cmd.Env = append(os.Environ(), "WL_TEST_MAIN=1")
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			t0 := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			queued := make(chan struct{})
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					if sc.Text() == "en file" {
						close(queued)
					}
				}
			}()
			timeout := time.After(20 * time.Second)
			for got, all := 0, false; got < tt.stored || !all; {
				select {
				case <-stored:
					got++
				case <-queued:
					all, queued = true, nil
				case <-timeout:
					t.Fatalf("%d messages stored, all queued: %v; stderr:\n%s", got, all, stderr.String())
				}
			}
			t.Logf("kill after %v", time.Since(t0))
			start := time.Now()
			cmd.Process.Kill()
			cmd.Wait()
			srv.SetFaults(sandbox.Faults{})
			before := settledDeliveries(srv)
			left := queuedIDs(t, spool)
			t.Logf("at the kill: %d delivered, %d in the spool", len(before), len(left))

			t.Setenv("WL_TEST_SPOOL_PASSWORD", "secret")
			code, stdout, errs := spoolCmd(t, "flush", "--spool", spool, "--password-env", "WL_TEST_SPOOL_PASSWORD")
			if code != exitOK {
				t.Fatalf("flush: exit %d\n%s%s", code, stdout, errs)
			}
			t.Logf("kill and flush: %v", time.Since(start))
			ids, subjects := deliveries(srv)
			if len(ids) != n || len(subjects) != n {
				t.Fatalf("%d distinct Message-IDs and %d subjects delivered, want %d", len(ids), len(subjects), n)
			}
			dups := 0
			for id, c := range ids {
				if c == 1 {
					continue
				}
				dups++
				if c > 2 || before[id] == 0 || !left[id] {
					t.Errorf("%s delivered %d times, but it was not in flight at the kill", id, c)
				}
			}
			if dups > 4 {
				t.Errorf("%d messages delivered twice, more than the 4 connections in flight", dups)
			}
			if tt.dup && dups == 0 {
				t.Errorf("no message delivered twice, though the kill fell after a DATA")
			}
			if len(queuedIDs(t, spool)) != 0 {
				t.Error("messages left in the spool after the flush")
			}
		})
	}
}

// TestSpoolOutage stops the server in the middle of a run: the run exits 3 and lists the
// messages not sent, `wl spool list` shows them, and a flush once the server is back
// delivers them.
func TestSpoolOutage(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Config{Auth: "cron:secret", Faults: sandbox.Faults{ReplyDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	addr := srv.Addr(sandbox.SMTP)
	stored, cancel := srv.Subscribe()
	defer cancel()
	go func() {
		for i := 0; i < 10; i++ {
			<-stored
		}
		srv.Close()
	}()
	dir, spool := t.TempDir(), filepath.Join(t.TempDir(), "spool")
	const n = 40
	cfg := &runConfig{script: spoolScript(t, dir, addr, n, false), spool: spoolFlags{dir: spool, drainTimeout: 1500 * time.Millisecond}}
	var stdout, stderr bytes.Buffer
	code := runScript(context.Background(), cfg, &stdout, &stderr)
	srv.Close()
	first, _ := deliveries(srv)
	if code != exitUndelivered {
		t.Fatalf("exit %d, want 3\n%s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	notSent := 0
	for _, l := range lines {
		if strings.HasPrefix(l, "wl: not delivered: <") && strings.Contains(l, `"Relevé `) && strings.Contains(l, "@exemple.org") {
			notSent++
		}
	}
	if notSent == 0 || notSent+len(first) < n || !strings.Contains(lines[len(lines)-1], "kept in the spool "+spool) {
		t.Errorf("%d delivered, %d reported:\n%s", len(first), notSent, stderr.String())
	}
	code, list, _ := spoolCmd(t, "list", "--spool", spool)
	queuedLines := 0
	for _, l := range strings.Split(strings.TrimSpace(list), "\n") {
		if strings.HasPrefix(l, "queued ") {
			queuedLines++
		}
	}
	if code != exitOK || queuedLines != notSent {
		t.Errorf("wl spool list: exit %d, %d queued lines for %d undelivered:\n%s", code, queuedLines, notSent, list)
	}
	if !strings.Contains(list, "attempt(s)") || !strings.Contains(list, "login cron") || strings.Contains(list, "secret") {
		t.Errorf("list:\n%s", list)
	}
	// Without the password the messages stay; with it they go.
	code, _, errs := spoolCmd(t, "flush", "--spool", spool, "--password-env", "WL_NO_SUCH_VARIABLE")
	if code != exitUndelivered || !strings.Contains(errs, "skipped") {
		t.Errorf("flush without the password: exit %d\n%s", code, errs)
	}
	back, err := sandbox.Start(sandbox.Config{SMTP: addr, Auth: "cron:secret"})
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	t.Setenv("WL_TEST_SPOOL_PASSWORD", "secret")
	if code, out, errs := spoolCmd(t, "flush", "--spool", spool, "--password-env", "WL_TEST_SPOOL_PASSWORD"); code != exitOK {
		t.Fatalf("flush: exit %d\n%s%s", code, out, errs)
	}
	_, subjects := deliveries(srv, back)
	if len(subjects) != n {
		t.Errorf("%d distinct messages delivered, want %d", len(subjects), n)
	}
}

// lineHook calls fn at the first line written that equals line.
type lineHook struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	line string
	fn   func()
}

func (w *lineHook) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if w.fn != nil && strings.Contains(w.buf.String(), w.line+"\n") {
		fn := w.fn
		w.fn = nil
		fn()
	}
	return len(p), nil
}

// TestSpoolCancel cancels a run (as SIGINT does) while its messages wait for a slow server:
// it stops at once, keeps them in the spool, reports them and exits 3.
func TestSpoolCancel(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir, spool := t.TempDir(), filepath.Join(t.TempDir(), "spool")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout := &lineHook{line: "ouverte"}
	stdout.fn = func() {
		srv.SetFaults(sandbox.Faults{ReplyDelay: time.Hour})
		stdout.line, stdout.fn = "en file", func() { time.AfterFunc(100*time.Millisecond, cancel) }
	}
	var stderr bytes.Buffer
	const n = 20
	cfg := &runConfig{script: spoolScript(t, dir, srv.Addr(sandbox.SMTP), n, true), spool: spoolFlags{dir: spool}}
	start := time.Now()
	code := runScript(ctx, cfg, stdout, &stderr)
	if code != exitUndelivered || time.Since(start) > 10*time.Second {
		t.Fatalf("exit %d after %v, want 3 at once\n%s", code, time.Since(start), stderr.String())
	}
	if got := strings.Count(stderr.String(), "wl: not delivered: <"); got != n {
		t.Errorf("%d messages reported, want %d:\n%s", got, n, stderr.String())
	}
	if left := queuedIDs(t, spool); len(left) != n {
		t.Errorf("%d messages in the spool, want %d", len(left), n)
	}
}

// TestSpoolCatchUp checks that a later run that opens a session to the same server and user
// sends what a dead run left, and says so.
func TestSpoolCatchUp(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir, spool := t.TempDir(), filepath.Join(t.TempDir(), "spool")
	script := spoolScript(t, dir, srv.Addr(sandbox.SMTP), 3, false)
	// A first run whose server stops answering once the session is open: it is stopped
	// and its messages stay.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	first := &lineHook{line: "ouverte", fn: func() { srv.SetFaults(sandbox.Faults{ReplyDelay: time.Hour}) }}
	cfg := &runConfig{script: script, spool: spoolFlags{dir: spool}}
	if code := runScript(ctx, cfg, first, first); code != exitUndelivered {
		t.Fatalf("first run: exit %d\n%s", code, first.buf.String())
	}
	var out bytes.Buffer
	left := len(queuedIDs(t, spool))
	srv.SetFaults(sandbox.Faults{})
	out.Reset()
	if code := runScript(context.Background(), &runConfig{script: script, spool: spoolFlags{dir: spool}}, &out, &out); code != exitOK {
		t.Fatalf("second run: exit %d\n%s", code, out.String())
	}
	if want := fmt.Sprintf("wl: sending %d message(s) that an earlier run left in the spool %s for cron on %s", left, spool, srv.Addr(sandbox.SMTP)); left == 0 || !strings.Contains(out.String(), want) {
		t.Errorf("%d left; output:\n%s\nwant %q", left, out.String(), want)
	}
	if _, subjects := deliveries(srv); subjects["Relevé 1"] < 1 || len(queuedIDs(t, spool)) != 0 {
		t.Errorf("delivered %v, %d still queued", subjects, len(queuedIDs(t, spool)))
	}
}

// TestSpoolDrop covers wl spool drop and its errors.
func TestSpoolDrop(t *testing.T) {
	spool := filepath.Join(t.TempDir(), "spool")
	d, err := mailrt.OpenSpoolDir(spool, mailrt.SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	e := &mailrt.SpoolEntry{MessageID: "un@exemple.fr", To: []string{"a@exemple.org"}, Subject: "Un", Server: mailrt.SpoolServer{Host: "smtp.exemple.fr", Port: 25}}
	d.Put(e, []byte("Subject: Un\r\n\r\nx\r\n"))
	d.Close()
	if code, out, _ := spoolCmd(t, "list", "--spool", spool, "--json"); code != exitOK || !strings.Contains(out, `"message_id":"un@exemple.fr"`) {
		t.Errorf("list --json: %d %s", code, out)
	}
	if code, _, errs := spoolCmd(t, "drop", "--spool", spool, "<absent@exemple.fr>"); code != exitRuntime || !strings.Contains(errs, "no such message") {
		t.Errorf("drop absent: %d %s", code, errs)
	}
	if code, out, errs := spoolCmd(t, "drop", "--spool", spool, "<un@exemple.fr>"); code != exitOK || out != "1 message(s) removed\n" {
		t.Errorf("drop: %d %s %s", code, out, errs)
	}
	if code, out, _ := spoolCmd(t, "list", "--spool", spool); code != exitOK || out != "" {
		t.Errorf("list after drop: %d %q", code, out)
	}
	if code, _, _ := spoolCmd(t, "drop", "--spool", spool); code != exitUsage {
		t.Errorf("drop without IDs: exit %d", code)
	}
	if code, _, _ := spoolCmd(t, "frob"); code != exitUsage {
		t.Errorf("unknown subcommand: exit %d", code)
	}
}
