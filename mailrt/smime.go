package mailrt

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/smallstep/pkcs7"
)

// S/MIME signing (RFC 8551): the body of a message becomes the first part of a
// multipart/signed entity, and a detached PKCS #7 (CMS) signature of it, SHA-256, the
// second. github.com/smallstep/pkcs7 (the maintained fork of go.mozilla.org/pkcs7) writes
// and reads the signature.

// Signer is what signs a message: a certificate, its private key and the certificates that
// lead to a root (put in the signature so that a reader can build the chain).
type Signer struct {
	Cert  *x509.Certificate
	Key   crypto.PrivateKey
	Chain []*x509.Certificate
}

// SignSMIME signs a message built by Build: its header keeps every field but the
// Content-* ones, which move with the body into the signed part; the result is
// multipart/signed with protocol application/pkcs7-signature and micalg sha-256. Build
// writes bodies in quoted-printable or base64, so the signed part is 7-bit and survives
// transport unchanged.
func SignSMIME(raw []byte, s Signer) ([]byte, error) {
	if s.Cert == nil || s.Key == nil {
		return nil, &Error{Op: "S/MIME sign", Kind: KindMessage, Text: "a certificate with its private key is needed"}
	}
	head, body := splitHeader(raw)
	var top, content bytes.Buffer
	for _, f := range headerFieldsOf(head) {
		name, _, _ := strings.Cut(f, ":")
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(name)), "content-") {
			content.WriteString(f)
		} else {
			top.WriteString(f)
		}
	}
	if content.Len() == 0 {
		content.WriteString("Content-Type: text/plain; charset=us-ascii\r\n")
	}
	signed := append(append(content.Bytes(), "\r\n"...), body...)
	sd, err := pkcs7.NewSignedData(signed)
	if err != nil {
		return nil, &Error{Op: "S/MIME sign", Kind: KindMessage, Err: err}
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	if err := sd.AddSignerChain(s.Cert, s.Key, s.Chain, pkcs7.SignerInfoConfig{}); err != nil {
		return nil, &Error{Op: "S/MIME sign", Kind: KindMessage, Err: err}
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		return nil, &Error{Op: "S/MIME sign", Kind: KindMessage, Err: err}
	}
	b := make([]byte, 12)
	rand.Read(b)
	boundary := "wl-signed-" + hex.EncodeToString(b)
	var out bytes.Buffer
	out.Grow(len(raw) + len(der)*2 + 512)
	out.Write(top.Bytes())
	fmt.Fprintf(&out, "Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg=sha-256;\r\n boundary=\"%s\"\r\n\r\n", boundary)
	out.WriteString("This is a cryptographically signed message in MIME format.\r\n\r\n")
	fmt.Fprintf(&out, "--%s\r\n", boundary)
	out.Write(signed)
	// The CR LF before a delimiter belongs to it (RFC 2046): the part ends where signed does.
	fmt.Fprintf(&out, "\r\n--%s\r\n", boundary)
	out.WriteString("Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n")
	out.WriteString("Content-Transfer-Encoding: base64\r\n")
	out.WriteString("Content-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(der)
	for len(enc) > 76 {
		out.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	out.WriteString(enc + "\r\n")
	fmt.Fprintf(&out, "--%s--\r\n", boundary)
	return out.Bytes(), nil
}

// ErrNotSigned is the error of VerifySMIME on a message that is not S/MIME signed.
var ErrNotSigned = errors.New("the message is not signed (no multipart/signed with a PKCS #7 signature)")

// IsSignedSMIME tells, from its header alone, whether a message is S/MIME signed: its one
// Content-Type is multipart/signed (the test VerifySMIME starts with, cheap enough for every
// message read).
func IsSignedSMIME(raw []byte) bool {
	head, _ := splitHeader(raw)
	if !mayBeSigned(head) {
		return false
	}
	ct, n := contentTypeOf(head)
	if n != 1 {
		return false
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "multipart/signed"
}

// contentTypeOf gives the value of a header's last Content-Type field, unfolded and
// trimmed, and how many the header has. RFC 5322 allows one: with two, a reader showing the
// message by the first and a check of its signature by the other would not speak of the
// same content, so such a message is neither taken for signed nor verified.
func contentTypeOf(head []byte) (ct string, n int) {
	for _, f := range headerFieldsOf(head) {
		if name, v, found := strings.Cut(f, ":"); found && strings.EqualFold(strings.TrimSpace(name), "Content-Type") {
			ct = v
			n++
		}
	}
	return strings.TrimSpace(unfold(ct)), n
}

// mayBeSigned is false when head cannot have a Content-Type that mime.ParseMediaType reads
// as multipart/signed: in ASCII, "multipart/signed" in any case is not in it (its value is
// unfolded, but a folded line starts with a space, which the type cannot hold). A header with
// other bytes may lower-case to it (U+0130 becomes "i"): it is read whole.
func mayBeSigned(head []byte) bool {
	const want = "multipart/signed"
	if !isASCII(head) {
		return true
	}
	for i := 0; i < len(head); i++ {
		j := bytes.IndexByte(head[i:], '/')
		if j < 0 {
			return false
		}
		start := i + j - len("multipart")
		if start >= 0 && start+len(want) <= len(head) && strings.EqualFold(string(head[start:start+len(want)]), want) {
			return true
		}
		i += j
	}
	return false
}

// VerifySMIME checks the signature of a multipart/signed message and returns the signer's
// certificate. With roots, the signer's certificate must also lead to one of them (with
// the certificates the signature carries); without, only the signature is checked.
func VerifySMIME(raw []byte, roots *x509.CertPool) (*x509.Certificate, error) {
	head, body := splitHeader(raw)
	ct, n := contentTypeOf(head)
	if n > 1 {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Text: "the message has more than one Content-Type field", Err: ErrNotSigned}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "multipart/signed" || params["boundary"] == "" {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Err: ErrNotSigned}
	}
	parts := multipartParts(crlf(body), params["boundary"])
	if len(parts) != 2 {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Err: ErrNotSigned}
	}
	sigHead, sigBody := splitHeader(parts[1])
	if !strings.Contains(strings.ToLower(string(sigHead)), "pkcs7-signature") {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Err: ErrNotSigned}
	}
	der, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, string(sigBody)))
	if err != nil {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Text: "the signature is not base64", Err: err}
	}
	p7, err := pkcs7.Parse(der)
	if err != nil {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Text: "the signature cannot be read", Err: err}
	}
	p7.Content = parts[0]
	if roots != nil {
		err = p7.VerifyWithChain(roots)
	} else {
		err = p7.Verify()
	}
	if err != nil {
		return nil, &Error{Op: "S/MIME verify", Kind: KindMessage, Text: "the signature does not match: " + err.Error(), Err: err}
	}
	return p7.GetOnlySigner(), nil
}

// splitHeader cuts a message (or part) after its header's blank line.
func splitHeader(raw []byte) (head, body []byte) {
	switch end := headerEnd(raw); {
	case end < 0:
		return raw, nil
	case raw[end] == '\r':
		return raw[:end+2], raw[end+4:]
	default:
		return raw[:end+1], raw[end+2:]
	}
}

// headerFieldsOf splits a header into its fields, each with its continuation lines and its
// line ends as they were.
func headerFieldsOf(head []byte) []string {
	var out []string
	for _, line := range strings.SplitAfter(string(head), "\n") {
		switch {
		case line == "" || line == "\r\n" || line == "\n":
		case (line[0] == ' ' || line[0] == '\t') && len(out) > 0:
			out[len(out)-1] += line
		default:
			out = append(out, line)
		}
	}
	return out
}

func unfold(v string) string {
	return strings.NewReplacer("\r\n", "", "\n", "").Replace(v)
}

// crlf gives lines that end in a lone LF a CR LF, as the signature was computed over.
func crlf(b []byte) []byte {
	if !bytes.Contains(b, []byte("\n")) || bytes.Count(b, []byte("\r\n")) == bytes.Count(b, []byte("\n")) {
		return b
	}
	return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

// multipartParts returns the parts of a multipart body, each without the CR LF that
// belongs to the next delimiter (RFC 2046, section 5.1.1).
func multipartParts(body []byte, boundary string) [][]byte {
	delim := []byte("--" + boundary)
	var parts [][]byte
	i := bytes.Index(body, delim)
	for i >= 0 {
		rest := body[i+len(delim):]
		if bytes.HasPrefix(rest, []byte("--")) {
			break
		}
		nl := bytes.Index(rest, []byte("\r\n"))
		if nl < 0 {
			break
		}
		rest = rest[nl+2:]
		end := bytes.Index(rest, append([]byte("\r\n"), delim...))
		if end < 0 {
			break
		}
		parts = append(parts, rest[:end])
		body = rest[end+2:]
		i = 0
	}
	return parts
}
