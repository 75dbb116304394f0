package builtins

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// S/MIME: an Email whose Certificat member holds a certificate with its private key is sent
// signed (multipart/signed, PKCS #7). WINDEV takes the certificate from the Windows
// certificate store (CertificatSélectionne, CertificatListe); wl, which has no store, reads
// it from a file with CertificatCharge.

// certificate is a value of the Certificat / Certificate type: an X.509 certificate, the
// private key that goes with it (when the file had one) and the rest of its chain.
type certificate struct {
	typ   *interp.ObjectType
	cert  *x509.Certificate
	key   crypto.PrivateKey
	chain []*x509.Certificate
	// read marks the certificate of the signature of a message read: it tells who signed
	// it, and never signs the message again when the script sends it on.
	read bool
}

// ObjectType implements interp.Object.
func (c *certificate) ObjectType() *interp.ObjectType { return c.typ }

// String is the certificate's name.
func (c *certificate) String() string { return c.name() }

func (c *certificate) name() string {
	if c.cert == nil {
		return ""
	}
	if c.cert.Subject.CommonName != "" {
		return c.cert.Subject.CommonName
	}
	return c.cert.Subject.String()
}

// validForSignature tells whether the certificate can sign: a private key that matches it,
// and a key usage that allows signatures (or none stated).
func (c *certificate) validForSignature() bool {
	if c.cert == nil || c.key == nil {
		return false
	}
	if c.cert.KeyUsage != 0 && c.cert.KeyUsage&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return false
	}
	pub, ok := c.key.(interface{ Public() crypto.PublicKey })
	if !ok {
		return false
	}
	eq, ok := pub.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && eq.Equal(c.cert.PublicKey)
}

func certOf(o interp.Object) *certificate { return o.(*certificate) }

func newCertificateType() *interp.ObjectType {
	t := &interp.ObjectType{Name: "Certificat", Names: []string{"Certificat", "Certificate"}}
	t.New = func() interp.Object { return &certificate{typ: t} }
	t.Props = []*interp.Property{
		{Names: []string{"Nom", "Name"}, Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.Str(certOf(o).name()), nil
		}},
		{Names: []string{"ValidePourSignature", "ValidForSignature"}, Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.Bool(certOf(o).validForSignature()), nil
		}},
		{Names: []string{"Émetteur", "Issuer"}, Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			if c := certOf(o).cert; c != nil {
				if c.Issuer.CommonName != "" {
					return interp.Str(c.Issuer.CommonName), nil
				}
				return interp.Str(c.Issuer.String()), nil
			}
			return interp.Str(""), nil
		}},
		{Names: []string{"DateFinValidité", "ValidityEndDate"}, Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			if c := certOf(o).cert; c != nil {
				return interp.DateTimeOf(c.NotAfter), nil
			}
			return interp.Null, nil
		}},
	}
	return t
}

// registerSMIME adds the Certificat type, CertificatCharge and the Email member Certificat.
func registerSMIME(r *registrar, et *emailTypes) {
	t := newCertificateType()
	et.cert = t
	r.typ(t)
	r.fn(&interp.Builtin{Names: []string{"CertificatCharge", "CertificateLoad"}, MinArgs: 1, MaxArgs: 2, CanFail: true,
		Fn: func(th *interp.Thread, args []interp.Value) (interp.Value, error) {
			c, err := loadCertificate(osPath(th, args[0].String()), arg(args, 1).String())
			if err != nil {
				th.SetError(interp.ErrorInfo{Message: fmt.Sprintf("CertificatCharge: %s: %v", args[0].String(), err), Time: now(th)})
				return interp.ObjectValue(&certificate{typ: t}), nil
			}
			c.typ = t
			return interp.ObjectValue(c), nil
		}})
}

// loadCertificate reads a certificate and its private key from a PKCS #12 file (.p12,
// .pfx: with its password) or a PEM file holding the certificate, the key (PKCS #8, PKCS #1
// or SEC 1, unencrypted) and the rest of the chain, in any order.
func loadCertificate(path, password string) (*certificate, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(string(data), "-----BEGIN") {
		key, leaf, chain, err := pkcs12.DecodeChain(data, password)
		if err != nil {
			return nil, fmt.Errorf("not a PEM or PKCS #12 file with this password: %v", err)
		}
		return &certificate{cert: leaf, key: key, chain: chain}, nil
	}
	c := &certificate{}
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch {
		case b.Type == "CERTIFICATE":
			x, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, err
			}
			if c.cert == nil {
				c.cert = x
			} else {
				c.chain = append(c.chain, x)
			}
		case strings.HasSuffix(b.Type, "PRIVATE KEY"):
			if strings.Contains(b.Type, "ENCRYPTED") {
				return nil, errors.New("the private key is encrypted: give a PKCS #12 file and its password")
			}
			k, err := parseKey(b.Bytes)
			if err != nil {
				return nil, err
			}
			c.key = k
		}
	}
	if c.cert == nil {
		return nil, errors.New("no certificate in the file")
	}
	return c, nil
}

func parseKey(der []byte) (crypto.PrivateKey, error) {
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	return nil, errors.New("the private key cannot be read (PKCS #8, PKCS #1 or SEC 1 expected)")
}

// certificateProp is the Certificat / Certificate member of an Email: the certificate that
// signs it when it is sent or its source built (Null: not signed); on a message read or
// imported, the certificate of its S/MIME signature when the signature matches the
// content (Null: not signed, or changed since it was signed).
func certificateProp() *interp.Property {
	return &interp.Property{Names: []string{"Certificat", "Certificate"},
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			if c := msgOf(o).cert; c != nil {
				return interp.ObjectValue(c), nil
			}
			return interp.Null, nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			switch c := v.Object().(type) {
			case *certificate:
				msgOf(o).cert = c
			case nil:
				if !v.IsNull() && v.String() != "" {
					return fmt.Errorf("Certificat: a Certificat was expected (CertificatCharge), not %s", kindName(v))
				}
				msgOf(o).cert = nil
			default:
				return fmt.Errorf("Certificat: a Certificat was expected, not %s", c.ObjectType().Name)
			}
			return nil
		}}
}

// sign signs built bytes with the message's certificate, if it has one.
func (m *emailMessage) sign(raw []byte) ([]byte, error) {
	c := m.cert
	if c == nil || c.read {
		return raw, nil
	}
	if !c.validForSignature() {
		return nil, &mailrt.Error{Op: "S/MIME sign", Kind: mailrt.KindMessage,
			Text: fmt.Sprintf("the certificate %q cannot sign (no private key that matches it, or not for signatures)", c.name())}
	}
	return mailrt.SignSMIME(raw, mailrt.Signer{Cert: c.cert, Key: c.key, Chain: c.chain})
}

// signerOf checks the S/MIME signature of a message read (multipart/signed with a PKCS #7
// signature, RFC 8551) and returns the signer's certificate when the signature matches the
// signed content, nil when the message is not signed, is only a header (the body is read
// later) or was changed since it was signed. Only the signature is checked: whether its
// issuer (Émetteur) is to be trusted is the script's decision, as a self-signed
// certificate can carry any name.
func signerOf(et *emailTypes, raw []byte) *certificate {
	if et.cert == nil || !mailrt.IsSignedSMIME(raw) {
		return nil
	}
	who, err := mailrt.VerifySMIME(raw, nil)
	if err != nil || who == nil {
		return nil
	}
	return &certificate{typ: et.cert, cert: who, read: true}
}
