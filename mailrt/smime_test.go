package mailrt_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
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

	"github.com/wl-lang/wl/mailrt"
)

// testPKI makes a CA and a signing certificate for ada@example.com issued by it.
func testPKI(t *testing.T) (ca *x509.Certificate, leaf *x509.Certificate, key *rsa.PrivateKey) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "wl test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ = x509.ParseCertificate(caDER)
	key, err = rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Ada Lovelace"},
		EmailAddresses: []string{"ada@example.com"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ = x509.ParseCertificate(der)
	return ca, leaf, key
}

func pemFile(t *testing.T, path, typ string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestSMIME signs a message (text, HTML and an attachment), checks the signature with
// VerifySMIME, that a changed byte breaks it, and that the message still reads the same.
func TestSMIME(t *testing.T) {
	ca, leaf, key := testPKI(t)
	m := simple("Signé", "bob@example.com")
	m.HTML = "<p>hello</p>"
	m.Attachments = []mailrt.Attachment{{Name: "a.bin", Data: bytes.Repeat([]byte{0, 1, 2}, 500)}}
	raw, err := mailrt.Build(m)
	if err != nil {
		t.Fatal(err)
	}
	signed, err := mailrt.SignSMIME(raw, mailrt.Signer{Cert: leaf, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	who, err := mailrt.VerifySMIME(signed, roots)
	if err != nil || who.Subject.CommonName != "Ada Lovelace" {
		t.Fatalf("verify: %v %v", who, err)
	}
	back, err := mailrt.Parse(signed)
	if err != nil || back.Subject != "Signé" || back.HTML != "<p>hello</p>" || len(back.Attachments) != 2 {
		t.Fatalf("read back: %v %+v", err, back)
	}
	bad := bytes.Replace(signed, []byte("hello"), []byte("jello"), 1)
	if _, err := mailrt.VerifySMIME(bad, roots); err == nil {
		t.Error("a changed message verifies")
	}
	if _, err := mailrt.VerifySMIME(signed, x509.NewCertPool()); err == nil {
		t.Error("verified against no root")
	}
	if _, err := mailrt.VerifySMIME(raw, nil); err == nil || !strings.Contains(err.Error(), "not signed") {
		t.Errorf("unsigned message: %v", err)
	}
	if _, err := mailrt.SignSMIME(raw, mailrt.Signer{Cert: leaf}); mailrt.KindOf(err) != mailrt.KindMessage {
		t.Errorf("no key: %v", err)
	}
}

// TestSMIMETwoContentTypes: a signed message given a second Content-Type field, before or
// after its own, is neither taken for signed nor verified, whichever field comes first: a
// reader showing it by one field and a check of its signature by the other would not speak
// of the same content.
func TestSMIMETwoContentTypes(t *testing.T) {
	_, leaf, key := testPKI(t)
	raw, err := mailrt.Build(simple("Signé", "bob@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := mailrt.SignSMIME(raw, mailrt.Signer{Cert: leaf, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if !mailrt.IsSignedSMIME(signed) {
		t.Fatal("the signed message is not taken for signed")
	}
	if _, err := mailrt.VerifySMIME(signed, nil); err != nil {
		t.Fatalf("the signed message does not verify: %v", err)
	}
	extra := []byte("Content-Type: text/plain; charset=utf-8\r\n")
	head := bytes.Index(signed, []byte("\r\n\r\n")) + 2
	for name, msg := range map[string][]byte{
		"before":       append(append([]byte(nil), extra...), signed...),
		"after":        append(append(append([]byte(nil), signed[:head]...), extra...), signed[head:]...),
		"after, empty": append(append(append([]byte(nil), signed[:head]...), "Content-Type:\r\n"...), signed[head:]...),
	} {
		if mailrt.IsSignedSMIME(msg) {
			t.Errorf("%s: taken for signed", name)
		}
		if _, err := mailrt.VerifySMIME(msg, nil); err == nil || !strings.Contains(err.Error(), "more than one Content-Type") {
			t.Errorf("%s: VerifySMIME: %v", name, err)
		}
	}
}

// TestSMIMEOpenSSL checks interoperability with OpenSSL both ways: `openssl smime -verify`
// accepts what SignSMIME writes, and VerifySMIME accepts what `openssl smime -sign` writes.
// It skips when openssl is not installed (.ci/run installs it).
func TestSMIMEOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	ca, leaf, key := testPKI(t)
	dir := t.TempDir()
	pemFile(t, filepath.Join(dir, "ca.pem"), "CERTIFICATE", ca.Raw)
	pemFile(t, filepath.Join(dir, "cert.pem"), "CERTIFICATE", leaf.Raw)
	pemFile(t, filepath.Join(dir, "key.pem"), "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))

	m := simple("Été signé", "bob@example.com")
	m.Text = "Bonjour,\nvoici le relevé.\n"
	m.Attachments = []mailrt.Attachment{{Name: "relevé.pdf", Data: []byte("%PDF-1.4 fake")}}
	raw, _ := mailrt.Build(m)
	signed, err := mailrt.SignSMIME(raw, mailrt.Signer{Cert: leaf, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "signed.eml")
	os.WriteFile(in, signed, 0o600)
	out, err := exec.Command(openssl, "smime", "-verify", "-in", in, "-CAfile", filepath.Join(dir, "ca.pem"),
		"-purpose", "smimesign", "-out", filepath.Join(dir, "content.txt")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Verification successful") {
		t.Fatalf("openssl smime -verify: %v\n%s", err, out)
	}

	body := filepath.Join(dir, "body.txt")
	os.WriteFile(body, []byte("Content-Type: text/plain; charset=utf-8\r\n\r\nSigned by OpenSSL.\r\n"), 0o600)
	sig, err := exec.Command(openssl, "smime", "-sign", "-in", body, "-signer", filepath.Join(dir, "cert.pem"),
		"-inkey", filepath.Join(dir, "key.pem"), "-md", "sha256").Output()
	if err != nil {
		t.Fatalf("openssl smime -sign: %v", err)
	}
	full := append([]byte("From: ada@example.com\r\nTo: bob@example.com\r\nSubject: from openssl\r\n"), sig...)
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	who, err := mailrt.VerifySMIME(full, roots)
	if err != nil || who.Subject.CommonName != "Ada Lovelace" {
		t.Fatalf("VerifySMIME of openssl's message: %v %v\n%s", who, err, full)
	}
}
