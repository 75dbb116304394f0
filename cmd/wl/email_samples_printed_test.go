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

// The examples of PC SOFT's pages for EmailConstruitSource / EmailBuildSource (sample 009),
// EmailEnvoie / EmailSend (sample 055) and EmailOuvreSessionIMAP / EmailStartIMAPSession
// (sample 013), as ../shared/wl-docs/samples stores them. As printed they are not whole
// programs: the stored copies of 009 and 013 lose their last lines (an IF without END) and
// 055 has one END too many, so wl refuses them as WINDEV's compiler would, with the line
// of the fault. Completed at test time (the missing END added, the extra one removed; the
// code itself unchanged), 009 and 055 run on the sandbox with the documented effect: the
// source built and saved as a file, and sent by EmailEnvoie.
type printedSample struct {
	file    string
	prelude string
	// stderr is what running the sample as printed writes (exit 2).
	stderr string
	// complete turns the stored copy into the whole example; nil: it cannot be completed.
	complete func(src string) string
	// check verifies the completed run in its directory, given what the sandbox captured.
	check func(t *testing.T, work string, sent []sandbox.Message)
}

var printedSamples = []printedSample{
	{file: "009-emailbuildsource-variable.wl",
		stderr:   "009-emailbuildsource-variable.wl:12:1: IF has no matching END before the end of the file\n",
		complete: func(src string) string { return strings.TrimRight(src, "\n") + "\nEND\n" },
		check: func(t *testing.T, work string, sent []sandbox.Message) {
			eml, err := os.ReadFile(filepath.Join(work, "c:", "MyEmails", "Test.eml"))
			if err != nil {
				t.Fatalf("the .eml file was not saved: %v", err)
			}
			for _, want := range []string{"To: <support_test@pcsoft_testfr>", "Auto Email Test"} {
				if !bytes.Contains(eml, []byte(want)) {
					t.Errorf("Test.eml lacks %q:\n%s", want, eml)
				}
			}
			if len(sent) != 0 {
				t.Errorf("the example sends nothing, %d messages captured", len(sent))
			}
		}},
	{file: "055-emailsend-structure-source-mixte.wl", prelude: "055.prelude.wl",
		stderr: "055-emailsend-structure-source-mixte.wl:26:1: unexpected \"END\"\n",
		complete: func(src string) string {
			src = strings.TrimRight(src, "\n")
			return strings.TrimSuffix(src, "\nEND") + "\n"
		},
		check: func(t *testing.T, work string, sent []sandbox.Message) {
			saved, err := os.ReadFile(filepath.Join(work, "C:", "MesEmails", "ContenuEmail.txt"))
			if err != nil || !bytes.Contains(saved, []byte("Test Auto eMail")) {
				t.Errorf("ContenuEmail.txt: %v\n%s", err, saved)
			}
			if len(sent) != 1 || sent[0].From != "client@societe.fr" || len(sent[0].To) != 1 ||
				sent[0].To[0] != "support_test@pcsoft_test.fr" || !strings.Contains(sent[0].Text, "Test Auto eMail") {
				t.Errorf("sent %+v", sent)
			}
		}},
	{file: "013-emailstartimapsession-fragment.wl",
		stderr: "013-emailstartimapsession-fragment.wl:7:1: IF has no matching END before the end of the file\n"},
}

// TestEmailSamplesAsPrinted runs the samples above as printed and, completed, on the
// sandbox, through the code path of `wl run --sandbox`.
func TestEmailSamplesAsPrinted(t *testing.T) {
	dir := filepath.Join(sharedDir, "wl-docs", "samples")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/wl-docs/samples is not present")
	}
	for _, s := range printedSamples {
		t.Run(strings.TrimSuffix(s.file, ".wl"), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(dir, s.file))
			if err != nil {
				t.Fatal(err)
			}
			work := t.TempDir()
			printed := filepath.Join(work, s.file)
			os.WriteFile(printed, src, 0o644)
			code, _, stderr, _ := runSample(t, work, printed, s.prelude)
			if code != exitUsage || stderr != filepath.Join(work, s.stderr) {
				t.Errorf("as printed: exit %d, stderr %q, want exit %d and %q", code, stderr, exitUsage, s.stderr)
			}
			if s.complete == nil {
				return
			}
			os.MkdirAll(filepath.Join(work, "c:", "MyEmails"), 0o755)
			os.MkdirAll(filepath.Join(work, "C:", "MesEmails"), 0o755)
			whole := filepath.Join(work, "complete.wl")
			os.WriteFile(whole, []byte(s.complete(string(src))), 0o644)
			code, stdout, stderr, sent := runSample(t, work, whole, s.prelude)
			if code != exitOK || stderr != "" {
				t.Fatalf("completed: exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
			s.check(t, work, sent)
		})
	}
}

// runSample runs script with `wl run --sandbox` in work (with a prelude of
// testdata/email-samples) and returns the exit status, the output and the messages sent.
func runSample(t *testing.T, work, script, prelude string) (int, string, string, []sandbox.Message) {
	t.Helper()
	out := filepath.Join(work, "mail.json")
	os.Remove(out)
	args := []string{"--sandbox-json", out}
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
	cfg.dir = work
	code := runScript(context.Background(), cfg, &stdout, &stderr)
	var msgs []sandbox.Message
	if data, err := os.ReadFile(out); err == nil {
		if err := json.Unmarshal(data, &msgs); err != nil {
			t.Fatal(err)
		}
	}
	return code, stdout.String(), stderr.String(), msgs
}
