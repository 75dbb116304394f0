package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// getJSON gets url with a login (none when user is "") and decodes the answer into v; it
// returns the status.
func getJSON(t *testing.T, url, user, pass string, v any) int {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if v != nil && res.StatusCode == 200 {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v: %s", url, err, b)
		}
	}
	return res.StatusCode
}

type messageList struct {
	Total    int `json:"total"`
	Messages []struct {
		Subject string `json:"subject"`
		Mailbox string `json:"mailbox"`
	} `json:"messages"`
}

// wl sandbox --http serves the web view and API, with --http-auth's login, and --mailboxes
// gives each recipient a mailbox; the web view stops with the server.
func TestSandboxCommandWeb(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args := []string{"--http-auth", "web:pa55", "--mailboxes"}
	for _, f := range []string{"--smtp", "--smtps", "--pop3", "--pop3s", "--imap", "--imaps", "--http"} {
		args = append(args, f, "127.0.0.1:0")
	}
	go func() { done <- runSandbox(ctx, args, &stdout, &stderr) }()
	smtpAddr := waitFor(t, &stdout, regexp.MustCompile(`SMTP  (\S+) \(plain`))[1]
	url := waitFor(t, &stdout, regexp.MustCompile(`HTTP  (http://\S+/) \(web view and API, login given with --http-auth\)`))[1]
	waitFor(t, &stdout, regexp.MustCompile(`mailboxes one per recipient`))
	c, err := smtp.Dial(smtpAddr)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail("x@example.com", []string{"Ada@example.com"}, strings.NewReader("Subject: for ada\r\n\r\nhi\r\n")); err != nil {
		t.Fatal(err)
	}
	c.Quit()
	if code := getJSON(t, url+"api/v1/messages", "", "", nil); code != http.StatusUnauthorized {
		t.Errorf("without the login: %d", code)
	}
	var list messageList
	if code := getJSON(t, url+"api/v1/messages", "web", "pa55", &list); code != 200 || list.Total != 1 || list.Messages[0].Subject != "for ada" || list.Messages[0].Mailbox != "ada" {
		t.Errorf("messages: %d %+v", code, list)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("wl sandbox did not stop")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("the web view still answers after wl sandbox stopped")
	}
	if strings.Contains(stdout.String()+stderr.String(), "pa55") {
		t.Errorf("the password is in the output:\n%s%s", stdout.String(), stderr.String())
	}
}

func TestSandboxCommandWebFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--http-auth", "nocolon"}, "--http-auth wants USER:PASS"},
		{[]string{"--http-auth", ":pw"}, "--http-auth wants USER:PASS"},
		{[]string{"--http", "off", "--http-auth", "a:b"}, "--http-auth with --http off"},
	} {
		var stdout, stderr syncBuffer
		if code := runSandbox(context.Background(), tc.args, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, %q", tc.args, code, stderr.String())
		}
	}
	// --http off: no web view.
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	args := []string{"--http", "off"}
	for _, f := range []string{"--smtp", "--smtps", "--pop3", "--pop3s", "--imap", "--imaps"} {
		args = append(args, f, "127.0.0.1:0")
	}
	go func() { done <- runSandbox(ctx, args, &stdout, &stderr) }()
	waitFor(t, &stdout, regexp.MustCompile(`login any user`))
	cancel()
	<-done
	if strings.Contains(stdout.String(), "HTTP") {
		t.Errorf("--http off serves a web view:\n%s", stdout.String())
	}
	// An address that cannot be listened on is an error of the run.
	var out, errb syncBuffer
	if code := runSandbox(context.Background(), append(args[2:], "--http", "256.0.0.1:1"), &out, &errb); code != exitRuntime || !strings.Contains(errb.String(), "--http") {
		t.Errorf("bad --http address: exit %d, %q", code, errb.String())
	}
}

// wl run --sandbox-http serves the run's sandbox while the script runs and after it ends,
// until Ctrl-C; the exit status stays the script's.
func TestRunSandboxHTTP(t *testing.T) {
	dir := t.TempDir()
	script := `s est une emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Nom = "u"
s.MotDePasse = "p"
SI PAS EmailOuvreSession(s) ALORS Erreur(ErreurInfo()) ; RETOUR
m est un Email
m.Expéditeur = "moi@exemple.fr"
m.Destinataire = "toi@exemple.fr"
m.Sujet = "Vu dans le navigateur"
m.Message = "Bonjour"
Trace(EmailEnvoieMessage(s, m))
EmailFermeSession(s)
t est un tableau de 1 entier
Trace(t[5])
`
	if err := os.WriteFile(filepath.Join(dir, "s.wl"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := parseRunFlags([]string{"--sandbox-http", "127.0.0.1:0", "--sandbox-json", "mail.json", "s.wl"}, io.Discard)
	if err != nil || !cfg.sandbox {
		t.Fatalf("flags: %v, sandbox %v", err, cfg != nil && cfg.sandbox)
	}
	cfg.dir = dir
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() { done <- runScript(ctx, cfg, &stdout, &stderr) }()
	url := waitFor(t, &stderr, regexp.MustCompile(`wl run: sandbox web view at (http://\S+/)\n`))[1]
	waitFor(t, &stderr, regexp.MustCompile(`the script ended; the sandbox web view stays at `+regexp.QuoteMeta(url)+` until Ctrl-C`))
	var list messageList
	if code := getJSON(t, url+"api/v1/messages", "", "", &list); code != 200 || list.Total != 1 || list.Messages[0].Subject != "Vu dans le navigateur" {
		t.Errorf("messages: %d %+v", code, list)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "mail.json")); err != nil || !bytes.Contains(b, []byte("Vu dans le navigateur")) {
		t.Errorf("mail.json is not written before waiting: %v", err)
	}
	select {
	case code := <-done:
		t.Fatalf("wl run ended (exit %d) before Ctrl-C", code)
	case <-time.After(100 * time.Millisecond):
	}
	cancel()
	select {
	case code := <-done:
		if code != exitRuntime {
			t.Errorf("exit %d, want the script's %d: %s", code, exitRuntime, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("wl run did not stop on Ctrl-C")
	}
	if _, err := http.Get(url); err == nil {
		t.Error("the web view still answers after wl run stopped")
	}

	// An address that cannot be listened on is a usage error; nothing runs.
	cfg, _ = parseRunFlags([]string{"--sandbox-http", "256.0.0.1:1", "s.wl"}, io.Discard)
	cfg.dir = dir
	var out, errb syncBuffer
	if code := runScript(context.Background(), cfg, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "--sandbox-http") || out.String() != "" {
		t.Errorf("bad --sandbox-http: exit %d, %q, %q", code, out.String(), errb.String())
	}
}
