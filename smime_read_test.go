package wl_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt"
)

// TestSMIMERead reads signed messages from a script: the Certificat member of a message
// read (POP3, IMAP header first then its body) is the signer's certificate when the
// signature matches, Null when the message is not signed or was changed after it was
// signed; messages signed by wl and, when it is installed, by `openssl smime -sign` verify
// alike. A signed message read and sent on is sent (rebuilt from its members, it is not
// signed again: the certificate read has no key).
func TestSMIMERead(t *testing.T) {
	dir := t.TempDir()
	leaf, der, key := smimeCert(t, 7, nil, nil)

	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	build := func(subject string) []byte {
		raw, err := mailrt.Build(&mailrt.Message{From: mailrt.Address{Address: "ada@example.com"},
			To: []mailrt.Address{{Address: "bob@example.com"}}, Subject: subject, Text: "Le relevé est joint.",
			Attachments: []mailrt.Attachment{{Name: "relevé.txt", Data: []byte("solde : 12")}}})
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	signed, err := mailrt.SignSMIME(build("signé"), mailrt.Signer{Cert: leaf, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Replace(signed, []byte("solde"), []byte("SOLDE"), 1)
	if bytes.Equal(changed, signed) {
		changed = bytes.Replace(signed, []byte("c29sZGUgOiAxMg=="), []byte("U09MREUgOiAxMg=="), 1) // base64 of the attachment
	}
	if bytes.Equal(changed, signed) {
		t.Fatal("cannot change the signed content")
	}
	changed = bytes.Replace(changed, []byte("Subject: signé"), []byte("Subject: modifié"), 1)
	changed = bytes.Replace(changed, []byte("Subject: =?utf-8?q?sign=C3=A9?="), []byte("Subject: modifie"), 1)
	for _, raw := range [][]byte{signed, changed, build("non signé")} {
		if err := srv.Seed(raw); err != nil {
			t.Fatal(err)
		}
	}
	want := "signé: Ada, Ada\nmodifie: Null\nnon signé: Null\n"
	if openssl, err := exec.LookPath("openssl"); err == nil {
		cert, keyFile, body := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem"), filepath.Join(dir, "body.txt")
		os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
		os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600)
		os.WriteFile(body, []byte("Content-Type: text/plain; charset=utf-8\r\n\r\nSigned by OpenSSL.\r\n"), 0o600)
		sig, err := exec.Command(openssl, "smime", "-sign", "-in", body, "-signer", cert, "-inkey", keyFile, "-md", "sha256").Output()
		if err != nil {
			t.Fatalf("openssl smime -sign: %v", err)
		}
		srv.Seed(append([]byte("From: ada@example.com\r\nTo: bob@example.com\r\nSubject: openssl\r\n"), sig...))
		want += "openssl: Ada, Ada\n"
	} else {
		t.Log("openssl is not installed: the message it signs is left out")
	}
	const script = `p est un emailSessionPOP3
p.AdresseServeur = "pop.example.com"
p.Nom = "bob"
p.OuvreSession()
POUR TOUT m DE p.RécupèreTout(ertComplet)
	Trace(Signataire(m))
FIN
p.FermeSession()
i is emailIMAPSession
i.ServerAddress = "imap.example.com"
i.Name = "bob"
i.StartSession()
t is array of Email = i.GetAll(ertHeader + emailAll)
FOR EACH m OF t
	Trace(Signataire(m))
END
s est un emailSessionSMTP
s.AdresseServeur = "smtp.example.com"
s.OuvreSession()
t[1].Destinataire[1] = "carol@example.com"
Trace(EmailEnvoieMessage(s, t[1]), ErreurDétectée)

PROCÉDURE Signataire(m est un Email)
SI m.Certificat = Null ALORS RENVOYER m.Sujet + ": Null"
RENVOYER m.Sujet + ": " + m.Certificat.Nom + ", " + m.Certificate.Issuer
`
	var out bytes.Buffer
	if err := mustCompile(t, script, nil).Run(context.Background(),
		&wl.RunOptions{Stdout: &out, Stderr: &out, Mail: &wl.MailSettings{Sandbox: srv}}); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if got := out.String(); got != want+want+"1, 0\n" {
		t.Fatalf("output:\n%s\nwant:\n%s%s1, 0", got, want, want)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || len(msgs[0].To) != 1 || msgs[0].To[0] != "carol@example.com" {
		t.Errorf("messages sent on: %+v", msgs)
	}
}
