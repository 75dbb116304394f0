package wl_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/wl-lang/wl"
)

// TestTrustedCertificateAdd runs the code of PC SOFT's blog on SMTP servers with a
// self-signed certificate (EmailParamètre(emailParamètreMode, 1), then
// CertificatDeConfianceAjoute with the authority's file) against a sandbox whose CA the run
// does not trust: the session is refused before the call and opens after it, with the CA as
// PEM or DER; a missing file or a file without a certificate returns Faux with
// ErreurDétectée; the host's pool is left as it was.
func TestTrustedCertificateAdd(t *testing.T) {
	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	caPEM := srv.CAPEM()
	block, _ := pem.Decode(caPEM)
	files := map[string][]byte{"ca.pem": caPEM, "ca.der": block.Bytes, "notes.txt": []byte("pas un certificat")}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	const src = `Ouvre()
EmailParamètre(emailParamètreMode, 1)
Trace(CertificatDeConfianceAjoute(gsRep + "/absent.pem"), ErreurDétectée)
Trace(CertificatDeConfianceAjoute(gsRep + "/notes.txt"), ErreurDétectée, ErreurInfo(errMessage))
Ouvre()
SI PAS CertificatDeConfianceAjoute(gsRep + "/" + gsFichier) ALORS
	Erreur("Impossible d'ajouter l'autorité de confiance.", ErreurInfo(errComplet))
SINON
	Trace("ajoutée", ErreurDétectée)
	Ouvre()
FIN

PROCÉDURE Ouvre()
SI EmailOuvreSessionSMTP("ada", "secret", "smtp.example.com", 465, emailSynchrone, optionTLS) ALORS
	Trace("ouverte")
	EmailFermeSession("ada")
SINON
	Trace("refusée", Position(ErreurInfo(errMessage), "certificate") > 0)
FIN`
	prog := mustCompile(t, src, &wl.CompileOptions{Globals: []string{"gsRep", "gsFichier"}})
	for _, file := range []string{"ca.pem", "ca.der"} {
		t.Run(file, func(t *testing.T) {
			host := x509.NewCertPool() // the sandbox's CA is not trusted
			var out bytes.Buffer
			err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &out,
				Mail:    &wl.MailSettings{Sandbox: srv, RootCAs: host},
				Globals: map[string]any{"gsRep": dir, "gsFichier": file}})
			if err != nil {
				t.Fatal(err)
			}
			want := "refusée, 1\n0, 1\n0, 1, CertificatDeConfianceAjoute: " + dir + "/notes.txt: no certificate (PEM or DER) in the file\nrefusée, 1\najoutée, 0\nouverte\n"
			if got := out.String(); got != want {
				t.Errorf("output:\n%s\nwant:\n%s", got, want)
			}
			if !host.Equal(x509.NewCertPool()) {
				t.Error("the host's certificate pool was changed")
			}
		})
	}
}
