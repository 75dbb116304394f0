package wl_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt"
)

// TestMemoryLimitEmail: attachments loaded from files, messages read from a server and the
// email objects a script keeps count in the run's memory limit, with their real size: a
// file without end or larger than the limit, a message larger than the limit, or many
// objects holding large contents stop the run with the memory-limit error at the
// statement; the same work done on objects the script drops runs to its end.
func TestMemoryLimitEmail(t *testing.T) {
	const limit = 16 << 20
	dir := t.TempDir()
	big := filepath.ToSlash(filepath.Join(dir, "big.bin"))
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 2*limit), 0o644); err != nil {
		t.Fatal(err)
	}
	mib := filepath.ToSlash(filepath.Join(dir, "mib.bin"))
	if err := os.WriteFile(mib, bytes.Repeat([]byte("y"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	// A message larger than the limit (POP3 RETR, IMAP FETCH), then twenty of 1 MiB.
	huge := &mailrt.Message{From: mailrt.Address{Address: "ada@example.com"}, To: []mailrt.Address{{Address: "bob@example.com"}},
		Subject: "huge", Text: "see the attachment",
		Attachments: []mailrt.Attachment{{Name: "huge.bin", Data: bytes.Repeat([]byte("z"), 2*limit)}}}
	raw, err := mailrt.Build(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Seed(raw); err != nil {
		t.Fatal(err)
	}
	small, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer small.Close()
	huge.Subject, huge.Attachments[0].Data = "one MiB", bytes.Repeat([]byte("w"), 1<<20)
	raw, _ = mailrt.Build(huge)
	for range 20 {
		small.Seed(raw)
	}
	// Messages of 1.5 MiB of text: reading one charges its bytes (1.5 MiB) before the read,
	// then its Email (3 MiB: the source and the text) once parsed, so the limit is crossed
	// while parsing the fourth (15 MiB after its bytes, 18 MiB after its Email).
	text, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer text.Close()
	raw, _ = mailrt.Build(&mailrt.Message{From: huge.From, To: huge.To, Subject: "text", Text: strings.Repeat("v", 3<<19)})
	for range 12 {
		text.Seed(raw)
	}
	const pop = "s est un emailSessionPOP3\ns.AdresseServeur = \"pop.example.com\"\ns.Nom = \"bob\"\ns.MotDePasse = \"p\"\ns.OuvreSession()\n"
	const imap = "s est un emailSessionIMAP\ns.AdresseServeur = \"imap.example.com\"\ns.Nom = \"bob\"\ns.MotDePasse = \"p\"\ns.OuvreSession()\n"

	fails := []struct {
		name, src string
		line      int
	}{
		{"ChargeFichierAttaché of a file larger than the limit", "m est un Email\nm.ChargeFichierAttaché(\"" + big + "\")\nTrace(\"jamais\")", 2},
		{"EmailChargeFichierAttaché of a file larger than the limit", "m est un Email\nEmailChargeFichierAttaché(m, \"" + big + "\")\nTrace(\"jamais\")", 2},
		{"the Email structure's attachment, built for sending", "Email.Attache[1] = \"" + big + "\"\nEmail.NbAttache = 1\nEmail.Expéditeur = \"a@b.c\"\nEmail.Destinataire[1] = \"d@e.f\"\nEmail.NbDestinataire = 1\nEmailConstruitSource()\nTrace(\"jamais\")", 6},
		{"EmailEnvoie of a file larger than the limit", "EmailOuvreSessionSMTP(\"u\", \"p\", \"smtp.example.com\")\nEmailEnvoie(\"u\", \"" + big + "\")\nTrace(\"jamais\")", 2},
		{"Emails kept with their attachments", "t est un tableau de Email\nPOUR i = 1 À 100\n\tm est un Email\n\tm.ChargeFichierAttaché(\"" + mib + "\")\n\tAjoute(t, m)\nFIN\nTrace(\"jamais\")", 0}, // where the loop measures
		{"sessions kept with their settings", "t est un tableau de emailSessionSMTP\nPOUR i = 1 À 100\n\ts est un emailSessionSMTP\n\ts.AdresseServeur = Répète(\"x\", 1000000) + i\n\tAjoute(t, s)\nFIN\nTrace(\"jamais\")", 4},
		{"POP3 message larger than the limit", pop + "m est un Email\ns.LitPremier(m)\nTrace(\"jamais\")", 7},
		{"POP3 message larger than the limit, FOR EACH", pop + "FOR EACH m OF s\n\tTrace(\"jamais\")\nEND", 6},
		{"IMAP message larger than the limit, read when first used", imap + "t est un tableau de Email = s.RécupèreTout(ertAsynchrone)\nTrace(\"avant\")\nTrace(t[1].Message)\nTrace(\"jamais\")", 8},
		{"IMAP message larger than the limit", imap + "t est un tableau de Email = s.RécupèreTout(emailTout)\nTrace(\"jamais\")", 6},
		{"POP3 messages kept one by one", "SMALL\n" + pop + "t est un tableau de Email\nm est un Email\ns.LitPremier(m)\nTANTQUE PAS m.EnDehors\n\tAjoute(t, m)\n\ts.LitSuivant(m)\nFIN\nTrace(\"jamais\")", 0},
		{"POP3 messages kept", "SMALL\n" + pop + "t est un tableau de Email = s.RécupèreTout(ertComplet)\nTrace(\"jamais\")", 7},
		{"IMAP messages kept", "SMALL\n" + imap + "t est un tableau de Email = s.RécupèreTout(ertComplet)\nTrace(\"jamais\")", 7},
		{"IMAP messages kept, the limit crossed while parsing", "TEXT\n" + imap + "t est un tableau de Email = s.RécupèreTout(ertComplet)\nTrace(\"jamais\")", 7},
	}
	if runtime.GOOS == "linux" {
		fails = append(fails, struct {
			name, src string
			line      int
		}{"ChargeFichierAttaché of /dev/zero", "m est un Email\nm.ChargeFichierAttaché(\"/dev/zero\")\nTrace(\"jamais\")", 2})
	}
	// A script that begins with the line SMALL reads the mailbox of 1 MiB messages, one
	// that begins with TEXT the mailbox of 1.5 MiB texts.
	mailFor := func(src string) *wl.MailSettings {
		switch {
		case strings.HasPrefix(src, "SMALL\n"):
			return &wl.MailSettings{Sandbox: small}
		case strings.HasPrefix(src, "TEXT\n"):
			return &wl.MailSettings{Sandbox: text}
		}
		return &wl.MailSettings{Sandbox: srv}
	}
	script := func(src string) string {
		src = strings.Replace(src, "SMALL\n", "// the small mailbox\n", 1)
		return strings.Replace(src, "TEXT\n", "// the mailbox of texts\n", 1)
	}
	for _, tt := range fails {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := mustCompile(t, script(tt.src), nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &out, MaxMemory: limit, Mail: mailFor(tt.src)})
			var e *wl.Error
			if !errors.Is(err, wl.ErrMemoryLimit) || !errors.As(err, &e) {
				t.Fatalf("err = %v (output %q), want the memory limit", err, out.String())
			}
			if e.Message != "memory limit of 16 MiB exceeded" || tt.line != 0 && e.Line != tt.line {
				t.Errorf("error at line %d: %q, want line %d", e.Line, e.Message, tt.line)
			}
			if strings.Contains(out.String(), "jamais") {
				t.Errorf("the script went on past the limit: %q", out.String())
			}
		})
	}

	runs := []struct{ name, src string }{
		{"Emails dropped", "POUR i = 1 À 100\n\tm est un Email\n\tm.ChargeFichierAttaché(\"" + mib + "\")\nFIN"},
		{"one Email reset", "m est un Email\nPOUR i = 1 À 100\n\tm.RAZ()\n\tm.ChargeFichierAttaché(\"" + mib + "\")\nFIN"},
		{"sessions dropped", "POUR i = 1 À 100\n\ts est un emailSessionSMTP\n\ts.AdresseServeur = Répète(\"x\", 1000000) + i\nFIN"},
		{"POP3 bodies read when first used, one at a time", "SMALL\n" + pop + "m est un Email\ns.LitPremierEntête(m)\nTANTQUE PAS m.EnDehors\n\tn est un entier = Taille(m.Message)\n\ts.LitSuivantEntête(m)\nFIN\ns.FermeSession()"},
		{"POP3 messages read one at a time", "SMALL\n" + pop + "m est un Email\ns.LitPremier(m)\nPOUR i = 1 À 20\n\ts.LitSuivant(m)\nFIN\ns.FermeSession()"},
	}
	for _, tt := range runs {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := mustCompile(t, script(tt.src)+"\nTrace(\"fini\")", nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &out, MaxMemory: limit, Mail: mailFor(tt.src)})
			if err != nil || out.String() != "fini\n" {
				t.Errorf("%q, %v", out.String(), err)
			}
		})
	}
}
