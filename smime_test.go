package wl_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt"
)

// TestSMIMEScript sends signed messages from a script (the Email's Certificat member,
// loaded by CertificatCharge from a PEM file and from a PKCS #12 file) and checks the
// signatures the sandbox received with mailrt.VerifySMIME and, when it is installed, with
// `openssl smime -verify`.
func TestSMIMEScript(t *testing.T) {
	dir := t.TempDir()
	caKey, _ := rsa.GenerateKey(rand.Reader, 2048)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "wl CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	ca, _ := x509.ParseCertificate(caDER)
	leaf, der, key := smimeCert(t, 2, ca, caKey)
	var bundle bytes.Buffer
	pem.Encode(&bundle, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	pk8, _ := x509.MarshalPKCS8PrivateKey(key)
	pem.Encode(&bundle, &pem.Block{Type: "PRIVATE KEY", Bytes: pk8})
	os.WriteFile(filepath.Join(dir, "ada.pem"), bundle.Bytes(), 0o600)
	os.WriteFile(filepath.Join(dir, "ca.pem"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600)
	p12, err := pkcs12.Modern.Encode(key, leaf, []*x509.Certificate{ca}, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "ada.p12"), p12, 0o600)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	var wrong bytes.Buffer
	pem.Encode(&wrong, &pem.Block{Type: "CERTIFICATE", Bytes: der})
	pem.Encode(&wrong, &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(other)})
	os.WriteFile(filepath.Join(dir, "wrong.pem"), wrong.Bytes(), 0o600)

	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	const script = `s est un emailSessionSMTP
s.AdresseServeur = "smtp.example.com"
s.OuvreSession()
c est un Certificat = CertificatCharge(gsDir + "/ada.pem")
Trace(c.Nom, c.ValidePourSignature, c.Émetteur)
m est un Email
m.Expéditeur = "ada@example.com"
m.Destinataire = "bob@example.com"
m.Sujet = "PEM"
m.Message = "Signé avec un fichier PEM."
m.HTML = "<p>Signé</p>"
m.Certificat = c
Trace(EmailEnvoieMessage(s, m), Position(m.Source, "multipart/signed") > 0)
m.Sujet = "PKCS 12"
m.Certificat = CertificatCharge(gsDir + "/ada.p12", "s3cret")
Trace(EmailEnvoieMessage(s, m), ErreurDétectée)
x est un Certificat = CertificatCharge(gsDir + "/ada.p12", "faux")
Trace(ErreurDétectée, x.Nom = "", Position(ErreurInfo(), "s3cret") = 0)
m.Certificat = CertificatCharge(gsDir + "/wrong.pem")
Trace(m.Certificat.ValidePourSignature, EmailEnvoieMessage(s, m), ErreurInfo())
m.Certificat = Null
m.Sujet = "Sans"
Trace(EmailEnvoieMessage(s, m), Position(m.Source, "multipart/signed") = 0)
s.FermeSession()`
	prog := mustCompile(t, script, &wl.CompileOptions{Globals: []string{"gsDir"}})
	var out bytes.Buffer
	if err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &out, Mail: &wl.MailSettings{Sandbox: srv},
		Globals: map[string]any{"gsDir": dir}}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := "Ada, 1, wl CA\n1, 1\n1, 0\n1, 1, 1\n0, 0, S/MIME sign: the certificate \"Ada\" cannot sign (no private key that matches it, or not for signatures)\n1, 1\n"
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	msgs := srv.Messages()
	if len(msgs) != 3 {
		t.Fatalf("%d messages", len(msgs))
	}
	openssl, _ := exec.LookPath("openssl")
	for _, m := range msgs {
		who, err := mailrt.VerifySMIME(m.Raw, roots)
		if m.Subject == "Sans" {
			if err == nil {
				t.Error("the unsigned message verifies")
			}
			continue
		}
		if err != nil || who.Subject.CommonName != "Ada" {
			t.Errorf("%s: %v %v", m.Subject, who, err)
		}
		if strings.TrimSpace(m.Text) != "Signé avec un fichier PEM." || strings.TrimSpace(m.HTML) != "<p>Signé</p>" {
			t.Errorf("%s: the sandbox reads %q %q", m.Subject, m.Text, m.HTML)
		}
		if openssl == "" {
			continue
		}
		f := filepath.Join(dir, "msg.eml")
		os.WriteFile(f, m.Raw, 0o600)
		res, err := exec.Command(openssl, "smime", "-verify", "-in", f, "-CAfile", filepath.Join(dir, "ca.pem"),
			"-purpose", "smimesign", "-out", os.DevNull).CombinedOutput()
		if err != nil || !strings.Contains(string(res), "Verification successful") {
			t.Errorf("%s: openssl smime -verify: %v\n%s", m.Subject, err, res)
		}
	}
}
