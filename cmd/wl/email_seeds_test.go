package main

import (
	"bufio"
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
)

// seedSnippet locates an example printed in a seed page of ../shared/wl-docs/seeds: the
// lines from the one starting with start to the n-th following line equal to end, both
// included, or the n-th ```wl block when start is "```". Snippets are read from the page at
// test time, as printed; the project keeps no copy.
type seedSnippet struct {
	page       string // file name prefix in seeds/
	start, end string
	n          int
}

// seedExample is a runnable example: snippets joined (a page may split one example over
// several blocks), a prelude, an epilogue of test code, and what must be sent and printed.
type seedExample struct {
	name     string
	snippets []seedSnippet
	prelude  string
	epilogue string
	seed     bool
	subjects []string
	stdout   string
}

var seedExamples = []seedExample{
	{name: "smtp-plain", snippets: []seedSnippet{{page: "001_", start: "```", n: 1}},
		prelude: "seed-smtp.prelude.wl", subjects: []string{"Exemple de la documentation"}},
	{name: "smtp-securise", snippets: []seedSnippet{{page: "001_", start: "```", n: 2}},
		prelude: "seed-smtp.prelude.wl", subjects: []string{"Exemple de la documentation"}},
	{name: "parametre-mode", snippets: []seedSnippet{{page: "001_", start: "```", n: 3}}},
	{name: "legacy-pop3-smtp", snippets: []seedSnippet{{page: "000_", start: "// Envoi d'un email par le protocole POP3", end: "FIN", n: 1}},
		prelude: "seed-legacy.prelude.wl", epilogue: "Trace(NomUser)", stdout: "utilisateur@gmail.com\n"},
	// The consent is refused: AuthIdentifie returns a token that is not Null but not valid,
	// so the page goes on to open the session, which fails rather than logging in without it.
	{name: "imap-oauth", snippets: []seedSnippet{{page: "000_", start: "// Exemple de connexion IMAP avec un compte Gmail", end: "FIN", n: 2}},
		epilogue: "Trace(gMaSessionIMAP.Port, gMaSessionIMAP.AuthToken = Null, ErreurDétectée)", stdout: "993, 0, 1\n"},
	{name: "pop3-variable-loop", seed: true,
		snippets: []seedSnippet{{page: "003_", start: "```", n: 1}, {page: "003_", start: "```", n: 2}},
		epilogue: "Trace(MonMessage.EnDehors, MonMessage.Sujet)", stdout: "1, Newsletter\n"},
	{name: "pop3-structure-loop", seed: true,
		snippets: []seedSnippet{{page: "003_", start: "```", n: 1}, {page: "003_", start: "```", n: 3}},
		epilogue: "Trace(Email.EnDehors, Email.Sujet)", stdout: "1, Newsletter\n"},
	{name: "pop3-pour-tout", seed: true,
		snippets: []seedSnippet{{page: "003_", start: "```", n: 1}, {page: "003_", start: "```", n: 4}},
		epilogue: "Trace(MonMessage.Sujet)", stdout: "Newsletter\n"},
	{name: "smtp-session-en", snippets: []seedSnippet{{page: "004_", start: "// Management of an SMTP email session", end: "END", n: 1}},
		prelude: "seed-en.prelude.wl", epilogue: "Trace(MyEmailSMTPSession.Name = UserName)", stdout: "1\n"},
}

// extract returns the snippet's lines from a seed page.
func (s seedSnippet) extract(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, s.page+"*.txt"))
	if len(files) != 1 {
		t.Fatalf("seed page %s*: %d files", s.page, len(files))
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	var out []string
	if s.start == "```" {
		block, in := 0, false
		for _, l := range lines {
			switch trimmed := strings.TrimSpace(l); {
			case !in && trimmed == "```wl":
				block++
				in = block == s.n
			case in && trimmed == "```":
				return strings.Join(out, "\n") + "\n"
			case in:
				out = append(out, l)
			}
		}
		t.Fatalf("%s: no ```wl block %d", s.page, s.n)
	}
	for i, l := range lines {
		if !strings.HasPrefix(l, s.start) {
			continue
		}
		seen := 0
		for j := i; j < len(lines); j++ {
			out = append(out, lines[j])
			if strings.TrimSpace(lines[j]) == s.end {
				if seen++; seen == s.n {
					return strings.Join(out, "\n") + "\n"
				}
			}
		}
	}
	t.Fatalf("%s: snippet %q...%q not found", s.page, s.start, s.end)
	return ""
}

// TestSeedExamples runs the examples printed in the seed pages, as printed, on the sandbox.
// AuthIdentifie meets a user who refuses the consent (the test plays the browser), so the
// OAuth example runs without reaching Google.
func TestSeedExamples(t *testing.T) {
	dir := filepath.Join(sharedDir, "wl-docs", "seeds")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/wl-docs/seeds is not present")
	}
	for _, ex := range seedExamples {
		t.Run(ex.name, func(t *testing.T) {
			work := t.TempDir()
			var src strings.Builder
			for _, s := range ex.snippets {
				src.WriteString(s.extract(t, dir))
			}
			src.WriteString(ex.epilogue + "\n")
			script := filepath.Join(work, "example.wl")
			if err := os.WriteFile(script, []byte(src.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, sent := runOnSandbox(t, work, script, ex.prelude, ex.seed, map[any]any{builtins.BrowserKey{}: refuseConsent})
			if ex.stdout != "" && stdout != ex.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, ex.stdout)
			}
			if strings.Join(sent, "|") != strings.Join(ex.subjects, "|") {
				t.Errorf("sent %q, want %q", sent, ex.subjects)
			}
		})
	}
}

// refuseConsent plays a user who declines the authorization page: the provider redirects
// to the script's loopback address with error=access_denied.
func refuseConsent(authURL string) error {
	u, err := url.Parse(authURL)
	if err != nil {
		return err
	}
	q := u.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil {
		return err
	}
	back.RawQuery = url.Values{"error": {"access_denied"}, "state": {q.Get("state")}}.Encode()
	go func() {
		if resp, err := http.Get(back.String()); err == nil {
			resp.Body.Close()
		}
	}()
	return nil
}
