package builtins_test

import (
	"context"
	"net"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// recordingTransport dials through the sandbox and keeps the lines the client writes.
type recordingTransport struct {
	next  mailrt.Transport
	mu    sync.Mutex
	lines []string
}

func (t *recordingTransport) Dial(ctx context.Context, p mailrt.Protocol, sec mailrt.Security, addr string) (net.Conn, error) {
	c, err := t.next.Dial(ctx, p, sec, addr)
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c, t: t}, nil
}

func (t *recordingTransport) commands() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "")
}

type recordingConn struct {
	net.Conn
	t *recordingTransport
}

func (c *recordingConn) Write(b []byte) (int, error) {
	c.t.mu.Lock()
	c.t.lines = append(c.t.lines, string(b))
	c.t.mu.Unlock()
	return c.Conn.Write(b)
}

// TestGetAllIMAPCommands: EmailRécupèreTout of every message of a folder that is not empty
// reads them with one UID FETCH 1:* after the SELECT, without a UID SEARCH (a folder where
// a message was expunged included: UIDs 1 and 3); an empty folder, and the unread messages
// (ertNonLu), are searched first. The Emails are those of the folder, in UID order, and a
// complete read marks them read.
func TestGetAllIMAPCommands(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, subj := range []string{"un", "deux", "trois"} {
		if err := srv.Seed([]byte("From: a@b.c\r\nSubject: " + subj + "\r\n\r\ncorps " + subj + "\r\n")); err != nil {
			t.Fatal(err)
		}
	}
	const open = "s est une emailSessionIMAP\ns.AdresseServeur = \"imap.exemple.fr\"\ns.Nom = \"u\"\ns.MotDePasse = \"p\"\nSI PAS EmailOuvreSession(s) ALORS Trace(ErreurInfo())\n"
	const show = "Trace(t.Occurrence)\nPOUR TOUT m DE t\n\tTrace(m.Sujet, SansEspace(m.Message), m.Lu)\nFIN\n"
	tests := []struct {
		name, script string
		want         string // what the script prints
		fetch        string // the FETCH sent first (a regular expression; "": none)
		search       bool   // a UID SEARCH was sent
	}{
		{"unread, header only", "t est un tableau d'Emails = EmailRécupèreTout(s, ertNonLu)\n" + show,
			"3\nun, corps un, 0\ndeux, corps deux, 0\ntrois, corps trois, 0\n", `UID FETCH 1:3 \([^)]*BODY.PEEK\[HEADER\]\)`, true},
		{"the second expunged", "m est un Email\nEmailLitMessage(s, m, 2)\nEmailSupprimeMessage(s, m)\nEmailDétruit(s)\n" +
			"t est un tableau d'Emails = EmailRécupèreTout(s, ertComplet)\n" + show,
			"2\nun, corps un, 1\ntrois, corps trois, 1\n", `UID FETCH 1:\* \([^)]*BODY.PEEK\[\]\)`, false},
		{"all read already, header only", "t est un tableau d'Emails = EmailRécupèreTout(s)\n" + show,
			"2\nun, corps un, 1\ntrois, corps trois, 1\n", `UID FETCH 1:\* \([^)]*BODY.PEEK\[HEADER\]\)`, false},
		{"an empty folder", "EmailCréeDossier(s, \"Vide\")\nEmailChangeDossier(s, \"Vide\")\nt est un tableau d'Emails = EmailRécupèreTout(s, ertComplet)\n" + show,
			"0\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &recordingTransport{next: srv.Transport()}
			got := run(t, open+tt.script+"EmailFermeSession(s)\n", interp.Options{Extensions: map[any]any{
				builtins.MailKey{}: &builtins.MailConfig{Transport: tr},
			}})
			if got != tt.want {
				t.Errorf("printed %q, want %q", got, tt.want)
			}
			cmds := tr.commands()
			// The commands of EmailRécupèreTout: from its SELECT (the last one) on.
			at := strings.LastIndex(cmds, " SELECT ")
			if at < 0 {
				t.Fatalf("no SELECT in %q", cmds)
			}
			cmds = cmds[at:]
			if strings.Contains(cmds, " SEARCH ") != tt.search {
				t.Errorf("SEARCH sent: %v, want %v, in %q", !tt.search, tt.search, cmds)
			}
			// The first FETCH is EmailRécupèreTout's (a header-only Email fetches its body
			// when the script reads it).
			fetch := regexp.MustCompile(` UID FETCH [^\r\n]*`).FindString(cmds)
			if tt.fetch == "" && fetch != "" || tt.fetch != "" && !regexp.MustCompile(tt.fetch).MatchString(fetch) {
				t.Errorf("sent %q, want %q", fetch, tt.fetch)
			}
		})
	}
}
