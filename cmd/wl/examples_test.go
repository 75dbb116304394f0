package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/internal/realmail"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// exampleMail is what a captured message of an example must be. Empty fields are not
// compared; Text and HTML are substrings of the bodies.
type exampleMail struct {
	From        string
	To          []string
	Cc          []string
	Subject     string
	Text        string
	HTML        string
	Attachments []string // names, in order
	TLS         string   // none, starttls, implicit
	Server      string   // the host:port the script named
	AuthUser    string
}

// exampleCase is what running one examples/*.wl with --sandbox must give: the lines its
// standard output contains (in this order, other lines between them allowed) and every
// message the sandbox captured, in any order (asynchronous sending has none).
type exampleCase struct {
	env    map[string]string // environment of the run, besides the cleared SMTP_* variables
	stdout []string
	mail   []exampleMail
}

// exampleCases lists every example; TestExamples fails on an example missing from it.
// Runs use the golden clock (24/11/2026).
var exampleCases = map[string][]exampleCase{
	"bonjour.wl": {{stdout: []string{"1. Bonjour, Ada !", "3. Bonjour, Linus !", "3...", "Décollage !"}}},

	"envoi_simple.wl": {{
		stdout: []string{"Message envoyé à marie.martin@exemple.org, identifiant "},
		mail: []exampleMail{{From: "jean.dupont@exemple.fr", To: []string{"marie.martin@exemple.org"},
			Subject: "Compte rendu de la réunion", Text: "la réunion de lundi est déplacée à 14 h",
			Attachments: []string{}, TLS: "starttls", Server: "smtp.exemple.fr:587", AuthUser: "jean.dupont@exemple.fr"}},
	}},
	"send_plain.wl": {{
		stdout: []string{"Message sent to mary.jones@example.org, id "},
		mail: []exampleMail{{From: "john.smith@example.com", To: []string{"mary.jones@example.org"},
			Subject: "Meeting notes", Text: "Monday's meeting moves to 2 pm",
			Attachments: []string{}, TLS: "starttls", Server: "smtp.example.com:587", AuthUser: "john.smith@example.com"}},
	}},

	"envoi_html.wl": {{
		stdout: []string{"Envoyé : « Ventes de novembre » avec 2 fichiers", "  logo.svg (image/svg+xml, ",
			"  ventes-novembre.csv (text/csv"},
		mail: []exampleMail{{From: "ventes@exemple.fr", To: []string{"direction@exemple.fr"}, Subject: "Ventes de novembre",
			Text: "165 articles", HTML: `<img src="cid:logo.svg@wl"`, Attachments: []string{"logo.svg", "ventes-novembre.csv"},
			TLS: "starttls", Server: "smtp.exemple.fr:587", AuthUser: "ventes@exemple.fr"}},
	}},
	"send_html.wl": {{
		stdout: []string{`Sent: "November sales" with 2 files`, "  logo.svg (image/svg+xml, ", "  sales-november.csv (text/csv"},
		mail: []exampleMail{{From: "sales@example.com", To: []string{"management@example.com"}, Subject: "November sales",
			Text: "165 items", HTML: `<img src="cid:logo.svg@wl"`, Attachments: []string{"logo.svg", "sales-november.csv"},
			TLS: "starttls", Server: "smtp.example.com:587", AuthUser: "sales@example.com"}},
	}},

	"envoi_ancien.wl": {{
		stdout: []string{"Facture 1001 envoyée à alice@exemple.org", "Facture 1002 envoyée à bruno@exemple.org"},
		mail: []exampleMail{
			{From: "compta@exemple.fr", To: []string{"alice@exemple.org"}, Cc: []string{"archives@exemple.fr"},
				Subject: "Facture n° 1001", Text: "votre facture n° 1001 est disponible", Attachments: []string{},
				TLS: "starttls", Server: "smtp.exemple.fr:587", AuthUser: "compta@exemple.fr"},
			{From: "compta@exemple.fr", To: []string{"bruno@exemple.org"}, Cc: []string{"archives@exemple.fr"},
				Subject: "Facture n° 1002", Text: "votre facture n° 1002 est disponible", Attachments: []string{},
				TLS: "starttls", Server: "smtp.exemple.fr:587", AuthUser: "compta@exemple.fr"},
		},
	}},
	"send_legacy.wl": {{
		stdout: []string{"Invoice 1001 sent to alice@example.org", "Invoice 1002 sent to bruno@example.org"},
		mail: []exampleMail{
			{From: "billing@example.com", To: []string{"alice@example.org"}, Cc: []string{"archive@example.com"},
				Subject: "Invoice #1001", Text: "your invoice #1001 is ready", Attachments: []string{},
				TLS: "starttls", Server: "smtp.example.com:587", AuthUser: "billing@example.com"},
			{From: "billing@example.com", To: []string{"bruno@example.org"}, Cc: []string{"archive@example.com"},
				Subject: "Invoice #1002", Text: "your invoice #1002 is ready", Attachments: []string{},
				TLS: "starttls", Server: "smtp.example.com:587", AuthUser: "billing@example.com"},
		},
	}},

	"lecture_pop3.wl": {{
		stdout: []string{"2 message(s) dans la boîte", "De jean.dupont@exemple.fr : Planning de la semaine",
			"  pièce jointe enregistrée : planning.txt", "De jean.dupont@exemple.fr : Rappel",
			"première ligne de planning.txt : Lundi : inventaire", "1 pièce(s) jointe(s) enregistrée(s)"},
		mail: []exampleMail{
			{From: "jean.dupont@exemple.fr", To: []string{"jean.dupont@exemple.fr"}, Subject: "Planning de la semaine",
				Attachments: []string{"planning.txt"}, TLS: "starttls", Server: "smtp.exemple.fr:587"},
			{From: "jean.dupont@exemple.fr", To: []string{"jean.dupont@exemple.fr"}, Subject: "Rappel",
				Attachments: []string{}, TLS: "starttls", Server: "smtp.exemple.fr:587"},
		},
	}},
	"read_pop3.wl": {{
		stdout: []string{"2 message(s) in the mailbox", "From john.smith@example.com: This week's schedule",
			"  attachment saved: schedule.txt", "From john.smith@example.com: Reminder",
			"first line of schedule.txt: Monday: stocktaking", "1 attachment(s) saved"},
		mail: []exampleMail{
			{From: "john.smith@example.com", To: []string{"john.smith@example.com"}, Subject: "This week's schedule",
				Attachments: []string{"schedule.txt"}, TLS: "starttls", Server: "smtp.example.com:587"},
			{From: "john.smith@example.com", To: []string{"john.smith@example.com"}, Subject: "Reminder",
				Attachments: []string{}, TLS: "starttls", Server: "smtp.example.com:587"},
		},
	}},

	"lecture_imap.wl": {{
		stdout: []string{"3 message(s) non lu(s)", "Commande 501 de client1@exemple.org — Quantité : 10",
			"Commande 502 de client2@exemple.org — Quantité : 20", "Commande 503 de client3@exemple.org — Quantité : 30",
			"au passage suivant : 0 message(s) non lu(s)"},
		mail: []exampleMail{
			{From: "client1@exemple.org", To: []string{"commandes@exemple.fr"}, Subject: "Commande 501", AuthUser: "commandes@exemple.fr"},
			{From: "client2@exemple.org", To: []string{"commandes@exemple.fr"}, Subject: "Commande 502", AuthUser: "commandes@exemple.fr"},
			{From: "client3@exemple.org", To: []string{"commandes@exemple.fr"}, Subject: "Commande 503", AuthUser: "commandes@exemple.fr"},
		},
	}},
	"read_imap.wl": {{
		stdout: []string{"3 unread message(s)", "Order 501 from customer1@example.org — Quantity: 10",
			"Order 502 from customer2@example.org — Quantity: 20", "Order 503 from customer3@example.org — Quantity: 30",
			"next pass: 0 unread message(s)"},
		mail: []exampleMail{
			{From: "customer1@example.org", To: []string{"orders@example.com"}, Subject: "Order 501", AuthUser: "orders@example.com"},
			{From: "customer2@example.org", To: []string{"orders@example.com"}, Subject: "Order 502", AuthUser: "orders@example.com"},
			{From: "customer3@example.org", To: []string{"orders@example.com"}, Subject: "Order 503", AuthUser: "orders@example.com"},
		},
	}},

	"envoi_lot.wl": {{
		stdout: []string{"5 messages en file d'attente", "5 envoyé(s), 0 en erreur"},
		mail:   bulkMail("lettre@exemple.fr", "La lettre de novembre", "Bonjour %s,", "smtp.exemple.fr:587", "exemple.org", "ada", "grace", "linus", "margaret", "ken"),
	}},
	"send_bulk.wl": {{
		stdout: []string{"5 messages queued", "5 sent, 0 failed"},
		mail:   bulkMail("newsletter@example.com", "The November newsletter", "Hello %s,", "smtp.example.com:587", "example.org", "ada", "grace", "linus", "margaret", "ken"),
	}},

	"envoi_env.wl": {
		{
			stdout: []string{"SMTP_USER n'est pas défini : compte de démonstration demo@exemple.fr",
				"Rapport envoyé à demo@exemple.fr par smtp.exemple.fr"},
			mail: []exampleMail{{From: "demo@exemple.fr", To: []string{"demo@exemple.fr"}, Subject: "Rapport de nuit du 24/11/2026",
				TLS: "starttls", Server: "smtp.exemple.fr:587", AuthUser: "demo@exemple.fr"}},
		},
		{
			env: map[string]string{"SMTP_SERVER": "smtp.mondomaine.fr", "SMTP_PORT": "465", "SMTP_USER": "moi@mondomaine.fr",
				"SMTP_PASSWORD": "secret-de-test", "MAIL_TO": "equipe@mondomaine.fr"},
			stdout: []string{"Rapport envoyé à equipe@mondomaine.fr par smtp.mondomaine.fr"},
			mail: []exampleMail{{From: "moi@mondomaine.fr", To: []string{"equipe@mondomaine.fr"}, Subject: "Rapport de nuit du 24/11/2026",
				TLS: "implicit", Server: "smtp.mondomaine.fr:465", AuthUser: "moi@mondomaine.fr"}},
		},
	},
	"send_env.wl": {
		{
			stdout: []string{"SMTP_USER is not set: demo account demo@example.com", "Report sent to demo@example.com through smtp.example.com"},
			mail: []exampleMail{{From: "demo@example.com", To: []string{"demo@example.com"}, Subject: "Nightly report of 2026-11-24",
				TLS: "starttls", Server: "smtp.example.com:587", AuthUser: "demo@example.com"}},
		},
		{
			env: map[string]string{"SMTP_SERVER": "smtp.mydomain.com", "SMTP_USER": "me", "SMTP_PASSWORD": "test-secret",
				"MAIL_FROM": "me@mydomain.com", "MAIL_TO": "team@mydomain.com"},
			stdout: []string{"Report sent to team@mydomain.com through smtp.mydomain.com"},
			mail: []exampleMail{{From: "me@mydomain.com", To: []string{"team@mydomain.com"}, Subject: "Nightly report of 2026-11-24",
				TLS: "starttls", Server: "smtp.mydomain.com:587", AuthUser: "me"}},
		},
	},
}

// exampleEnv are the variables the examples read: cleared for every run unless a case sets them.
var exampleEnv = []string{"SMTP_SERVER", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "MAIL_FROM", "MAIL_TO"}

// bulkMail is the newsletter of envoi_lot.wl / send_bulk.wl: one message to each
// name@domain.
func bulkMail(from, subject, hello, server, domain string, names ...string) []exampleMail {
	var out []exampleMail
	for _, n := range names {
		out = append(out, exampleMail{From: from, To: []string{n + "@" + domain}, Subject: subject,
			Text: strings.Replace(hello, "%s", n, 1), Attachments: []string{}, TLS: "starttls", Server: server, AuthUser: from})
	}
	return out
}

// TestExamples runs every examples/*.wl as `wl run --sandbox-json FILE examples/X.wl` would,
// from a working directory that is not examples/ and with a private temporary directory, and
// checks its exit status, its output, what the sandbox captured, and that it left no file
// behind; every example also passes `wl check --strict`. The runs set environment variables, so they are not parallel.
func TestExamples(t *testing.T) {
	scripts, err := filepath.Glob("../../examples/*.wl")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no examples found")
	}
	seen := map[string]bool{}
	for _, script := range scripts {
		name := filepath.Base(script)
		seen[name] = true
		cases, ok := exampleCases[name]
		if !ok {
			t.Errorf("examples/%s has no expectations in exampleCases: add what it must print and send", name)
			continue
		}
		abs, err := filepath.Abs(script)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(name, ".wl")+"/check", func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Main([]string{"check", "--strict", abs}, nil, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
				t.Errorf("wl check --strict: exit %d\n%s", code, stderr.String())
			}
		})
		for i, c := range cases {
			t.Run(strings.TrimSuffix(name, ".wl")+map[bool]string{true: "", false: "/from-env"}[i == 0], func(t *testing.T) {
				runExample(t, abs, c)
			})
		}
	}
	for name := range exampleCases {
		if !seen[name] {
			t.Errorf("exampleCases lists %s, which is not in examples/", name)
		}
	}
}

func runExample(t *testing.T, script string, c exampleCase) {
	for _, k := range exampleEnv {
		t.Setenv(k, c.env[k])
	}
	tmp := t.TempDir()
	for _, k := range []string{"TMPDIR", "TMP", "TEMP"} {
		t.Setenv(k, tmp)
	}
	out := filepath.Join(t.TempDir(), "mail.json")
	var stdout, stderr bytes.Buffer
	cfg, err := parseRunFlags([]string{"--sandbox", "--sandbox-json", out, script}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ext = map[any]any{builtins.NowKey{}: func() time.Time { return goldenNow }}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	code := runScript(ctx, cfg, &stdout, &stderr)
	if code != exitOK || stderr.Len() > 0 {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", code, stderr.String(), stdout.String())
	}
	checkExampleStdout(t, stdout.String(), c.stdout)

	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("no captured mail: %v", err)
	}
	var got []sandbox.Message
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("captured mail: %v", err)
	}
	checkExampleMail(t, got, c.mail)
	for k, v := range c.env {
		if strings.Contains(k, "PASSWORD") && (strings.Contains(stdout.String(), v) || strings.Contains(string(b), v)) {
			t.Errorf("the password of %s shows in the output or the captured mail", k)
		}
	}

	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("the example left %s in the temporary directory", e.Name())
	}
}

// checkExampleStdout checks that want's lines occur in out in order: each line of out that
// starts with a wanted line matches it.
func checkExampleStdout(t *testing.T, out string, want []string) {
	t.Helper()
	lines := strings.Split(out, "\n")
	i := 0
	for _, l := range lines {
		if i < len(want) && strings.HasPrefix(l, want[i]) {
			i++
		}
	}
	if i < len(want) {
		t.Errorf("stdout lacks a line starting with %q (in this order after the ones before); stdout:\n%s", want[i], out)
	}
}

// checkExampleMail compares the captured messages with the expected ones, both sorted by
// subject and first recipient.
func checkExampleMail(t *testing.T, got []sandbox.Message, want []exampleMail) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d messages captured, want %d", len(got), len(want))
	}
	key := func(subject string, to []string) string { return subject + "\x00" + strings.Join(to, ",") }
	sort.Slice(got, func(i, j int) bool { return key(got[i].Subject, got[i].To) < key(got[j].Subject, got[j].To) })
	want = append([]exampleMail(nil), want...)
	sort.Slice(want, func(i, j int) bool { return key(want[i].Subject, want[i].To) < key(want[j].Subject, want[j].To) })
	for i := 0; i < len(got) && i < len(want); i++ {
		g, w := got[i], want[i]
		// The fields an expectation leaves empty are taken from what was captured.
		sel := exampleMail{From: g.From, To: g.To, Cc: g.Cc, Subject: g.Subject, TLS: g.TLS, Server: g.Server, AuthUser: g.Auth.User}
		if w.Cc == nil {
			sel.Cc = nil
		}
		if w.TLS == "" {
			sel.TLS = ""
		}
		if w.Server == "" {
			sel.Server = ""
		}
		if w.AuthUser == "" {
			sel.AuthUser = ""
		}
		if w.Attachments != nil {
			sel.Attachments = []string{}
			for _, a := range g.Attachments {
				sel.Attachments = append(sel.Attachments, a.Name)
			}
		}
		if w.Text != "" && strings.Contains(g.Text, w.Text) {
			sel.Text = w.Text
		} else if w.Text != "" {
			sel.Text = g.Text
		}
		if w.HTML != "" && strings.Contains(g.HTML, w.HTML) {
			sel.HTML = w.HTML
		} else if w.HTML != "" {
			sel.HTML = g.HTML
		}
		if diff := cmp.Diff(w, sel); diff != "" {
			t.Errorf("message %q (-want +got; Text and HTML want substrings):\n%s", w.Subject, diff)
		}
	}
}

// TestExamplesRealServers runs the examples that take their account from the environment
// against the real Postfix of .ci/mail-servers.sh (submission port: STARTTLS required, then
// AUTH), without the sandbox, trusting the servers' CA through WL_CA_FILE, and waits for
// each report in the Maildir. It skips where the servers are not running.
func TestExamplesRealServers(t *testing.T) {
	env := realmail.Require(t)
	// A clock on a day of its own gives each run's reports a subject of their own in the
	// shared mailbox.
	day := time.Date(1990, 1, 1, 3, 0, 0, 0, time.Local).AddDate(0, 0, int(time.Now().UnixNano()%36500))
	for _, ex := range []struct{ script, subject string }{
		{"envoi_env.wl", "Rapport de nuit du " + day.Format("02/01/2006")},
		{"send_env.wl", "Nightly report of " + day.Format("2006-01-02")},
	} {
		t.Run(strings.TrimSuffix(ex.script, ".wl"), func(t *testing.T) {
			t.Setenv("SMTP_SERVER", env.Host)
			t.Setenv("SMTP_PORT", strconv.Itoa(env.SubmissionPort))
			t.Setenv("SMTP_USER", env.User)
			t.Setenv("SMTP_PASSWORD", env.Pass)
			t.Setenv("MAIL_FROM", env.Addr)
			t.Setenv("MAIL_TO", env.Addr)
			t.Setenv("WL_CA_FILE", env.CAFile)
			var stdout, stderr bytes.Buffer
			cfg, err := parseRunFlags([]string{filepath.Join("../../examples", ex.script)}, &stderr)
			if err != nil {
				t.Fatal(err)
			}
			cfg.ext = map[any]any{builtins.NowKey{}: func() time.Time { return day }}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if code := runScript(ctx, cfg, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
				t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", code, stderr.String(), stdout.String())
			}
			if strings.Contains(stdout.String(), env.Pass) {
				t.Error("the password shows in the output")
			}
			m, err := env.Mailbox().WaitFor(ctx, realmail.HasSubject(ex.subject))
			if err != nil {
				t.Fatalf("the report %q did not arrive: %v", ex.subject, err)
			}
			if !bytes.Contains(m.Data, []byte("From: <"+env.Addr+">")) && !bytes.Contains(m.Data, []byte("From: "+env.Addr)) {
				t.Errorf("the report is not from %s:\n%s", env.Addr, m.Data)
			}
		})
	}
}
