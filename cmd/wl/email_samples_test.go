package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// emailSample is a published email sample run on the sandbox, with the prelude that
// supplies what the snippet leaves undefined and what it must produce.
type emailSample struct {
	file    string
	prelude string // in testdata/email-samples, "" for none
	seed    bool   // deliver testdata/email-samples/seed first
	// subjects of the messages the sample must send, in order.
	subjects []string
	// stdout the sample must print (exactly), when set.
	stdout string
}

var emailSamples = []emailSample{
	{file: "001-emailouvresessionsmtp-non-securise.wl", prelude: "001.prelude.wl", subjects: []string{"Essai 001"}},
	{file: "002-emailstartsmtpsession-non-secure.wl", prelude: "002.prelude.wl", subjects: []string{"Test 002"}},
	{file: "003-variable-emailsessionsmtp-ouvresession.wl", prelude: "003.prelude.wl"},
	{file: "005-emailouvresession-pop3-smtp.wl", prelude: "005.prelude.wl"},
	{file: "006-emailrecuperetout-imap-nonlus-mixte.wl", prelude: "looper.prelude.wl", seed: true,
		stdout: "ZR_EMAIL, support@example.com, Ticket reçu., Votre demande n°12\nZR_EMAIL, news@example.org, Hello., Newsletter\n"},
	{file: "007-emailgetall-imap-unread.wl", prelude: "looper.prelude.wl", seed: true,
		stdout: "LOOP_EMAIL, support@example.com, Ticket reçu., Votre demande n°12\nLOOP_EMAIL, news@example.org, Hello., Newsletter\n"},
	{file: "011-pop3-session-variable-overview.wl"},
	{file: "012-pop3-session-variable-overview-mixte.wl"},
	{file: "062-emailstartpop3session-ssl-995.wl", prelude: "062.prelude.wl"},
}

// TestEmailSamples runs the email samples of ../shared/wl-docs/samples unchanged on the
// sandbox, through the code path of `wl run --sandbox`: each must end normally, print
// nothing on standard error (Erreur writes there: a failed session would show) and send
// what it is written to send.
func TestEmailSamples(t *testing.T) {
	dir := filepath.Join(sharedDir, "wl-docs", "samples")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/wl-docs/samples is not present")
	}
	for _, s := range emailSamples {
		t.Run(strings.TrimSuffix(s.file, ".wl"), func(t *testing.T) {
			script, err := filepath.Abs(filepath.Join(dir, s.file))
			if err != nil {
				t.Fatal(err)
			}
			stdout, sent := runOnSandbox(t, t.TempDir(), script, s.prelude, s.seed, nil)
			if s.stdout != "" && stdout != s.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout, s.stdout)
			}
			if strings.Join(sent, "|") != strings.Join(s.subjects, "|") {
				t.Errorf("sent %q, want %q", sent, s.subjects)
			}
		})
	}
}

// runOnSandbox runs script through the code path of `wl run --sandbox` in the directory work,
// with a prelude and the seed of testdata/email-samples, and returns what it printed and the
// subjects of the messages it sent. A run that fails or writes on standard error fails t.
func runOnSandbox(t *testing.T, work, script, prelude string, seed bool, ext map[any]any) (string, []string) {
	t.Helper()
	out := filepath.Join(work, "mail.json")
	args := []string{"--sandbox-json", out}
	if seed {
		dir, _ := filepath.Abs("testdata/email-samples/seed")
		args = append(args, "--sandbox-seed", dir)
	}
	if prelude != "" {
		p, _ := filepath.Abs(filepath.Join("testdata/email-samples", prelude))
		args = append(args, "-I", p)
	}
	args = append(args, script)
	var stdout, stderr bytes.Buffer
	cfg, err := parseRunFlags(args, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	cfg.dir, cfg.ext = work, ext
	if code := runScript(context.Background(), cfg, &stdout, &stderr); code != exitOK || stderr.Len() > 0 {
		src, _ := os.ReadFile(script)
		t.Fatalf("exit %d, stderr:\n%s\nscript:\n%s", code, stderr.String(), src)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []sandbox.Message
	if err := json.Unmarshal(data, &msgs); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, m := range msgs {
		subjects = append(subjects, m.Subject)
	}
	return stdout.String(), subjects
}
