package wl_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

const asyncSend = `s est une emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Nom = "lot"
s.Asynchrone = Vrai
SI PAS s.OuvreSession() ALORS Trace("pas ouverte") ; RETOUR
m est un Email
m.Expéditeur = "lot@exemple.fr"
m.Destinataire = "client@exemple.org"
m.Sujet = "Relevé"
m.ID = "releve.1@exemple.fr"
Trace(s.EnvoieMessage(m))
Trace(ErreurInfo(errMessage))
`

// TestSpoolUnwritable checks that EmailEnvoieMessage returns Faux with a clear error when
// the message cannot be written to the spool, and sends nothing.
func TestSpoolUnwritable(t *testing.T) {
	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)
	var out bytes.Buffer
	err = mustCompile(t, asyncSend, nil).Run(context.Background(), &wl.RunOptions{Stdout: &out,
		Mail: &wl.MailSettings{Sandbox: srv, SpoolDir: filepath.Join(file, "spool")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasPrefix(got, "0\n") || !strings.Contains(got, "cannot open the spool directory") {
		t.Errorf("output %q", got)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages sent", n)
	}
}

// TestSpoolRefusedRun checks that a run whose asynchronous message is refused for good ends
// with an *UndeliveredError, the message in the spool's failed/ folder with the reply.
func TestSpoolRefusedRun(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Config{Faults: sandbox.Faults{RejectRecipients: []string{"client@exemple.org"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := filepath.Join(t.TempDir(), "spool")
	var out, errs bytes.Buffer
	err = mustCompile(t, asyncSend, nil).Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &errs,
		Mail: &wl.MailSettings{Sandbox: srv, SpoolDir: dir}})
	var ue *wl.UndeliveredError
	if !errors.As(err, &ue) || len(ue.Messages) != 1 || !ue.Messages[0].Refused || ue.Messages[0].MessageID != "releve.1@exemple.fr" {
		t.Fatalf("err = %v", err)
	}
	if out.String() != "1\n\n" || !strings.Contains(errs.String(), `wl: refused (kept in `+filepath.Join(dir, "failed")+`): <releve.1@exemple.fr> to client@exemple.org "Relevé": SMTP RCPT TO <client@exemple.org>: 550`) {
		t.Errorf("stdout %q, stderr %q", out.String(), errs.String())
	}
	es, err := wl.ListSpool(dir)
	if err != nil || len(es) != 1 || !es[0].Failed || !es[0].Sandbox || !strings.Contains(es[0].LastError, "550") {
		t.Fatalf("ListSpool: %+v %v", es, err)
	}
	// A flush never sends a sandbox message to a real server; drop removes the record.
	res, err := wl.FlushSpool(context.Background(), dir, mailrt.FlushOptions{})
	if err != nil || res.Delivered != 0 || res.Queued != 0 {
		t.Errorf("flush: %+v %v", res, err)
	}
	if ids, err := wl.DropSpool(dir, "<releve.1@exemple.fr>"); err != nil || len(ids) != 1 {
		t.Errorf("drop: %v %v", ids, err)
	}
}
