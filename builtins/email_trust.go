package builtins

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"

	"github.com/wl-lang/wl/interp"
)

// trustedAddFunc is CertificatDeConfianceAjoute(<certificate file>): PC SOFT's blog on SMTP
// servers with a self-signed certificate (blogs.pcsoft.fr, "connecter-serveur-smtp-securise-
// emet-certificat-auto-signe") calls it after EmailParamètre(emailParamètreMode, 1), so that
// WINDEV's own check of the certificate chain accepts the authority the file holds; it
// returns Faux and fills ErreurInfo when the authority cannot be added.
//
// In wl, which always checks chains itself, the certificates of the file (PEM, one or more,
// or one DER certificate) are trusted by the email sessions the run opens afterwards, beside
// the system's roots and WL_CA_FILE (or the roots the host gave). Only this run trusts them.
// A missing file, or one without a certificate, returns Faux with ErreurDétectée. Its
// English name was not found, so only the French one is registered.
func (b *emailBinding) trustedAddFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	name := args[0].String()
	data, err := os.ReadFile(osPath(th, name))
	if err != nil {
		return failf(th, "CertificatDeConfianceAjoute: %v", err), nil
	}
	certs, err := parseCertificates(data)
	if err != nil {
		return failf(th, "CertificatDeConfianceAjoute: %s: %v", name, err), nil
	}
	if st.rootsErr != nil {
		return fail(th, st.rootsErr), nil
	}
	var pool *x509.CertPool
	if st.roots != nil {
		pool = st.roots.Clone() // the host's pool is shared with other runs: never change it
	} else {
		pool = systemPool()
	}
	for _, c := range certs {
		pool.AddCert(c)
	}
	st.roots = pool
	return interp.Bool(true), nil
}

// parseCertificates reads the certificates of a PEM file (its CERTIFICATE blocks) or of one
// DER certificate.
func parseCertificates(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for rest := data; ; {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	if len(certs) > 0 {
		return certs, nil
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		return nil, fmt.Errorf("no certificate (PEM or DER) in the file")
	}
	return []*x509.Certificate{c}, nil
}
