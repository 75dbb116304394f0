package mailrt

import (
	"mime"
	"strings"
	"testing"
)

// isSignedGeneral is IsSignedSMIME without mayBeSigned: every header field is read.
func isSignedGeneral(raw []byte) bool {
	head, _ := splitHeader(raw)
	var types []string
	for _, f := range headerFieldsOf(head) {
		if name, v, ok := strings.Cut(f, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Content-Type") {
			types = append(types, v)
		}
	}
	if len(types) != 1 {
		return false
	}
	mt, _, err := mime.ParseMediaType(strings.TrimSpace(unfold(types[0])))
	return err == nil && mt == "multipart/signed"
}

func signedSamples() []string {
	return []string{
		"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=b\r\n\r\nx",
		"content-type: MULTIPART/Signed; boundary=b\n\nx",
		"Subject: s\r\nContent-Type: text/plain\r\n\r\nmultipart/signed in the body",
		"Subject: multipart/signed\r\nContent-Type: text/plain\r\n\r\n",
		"Content-Type: multipart/\r\n signed; boundary=b\r\n\r\n",
		"Content-Type:\r\n multipart/signed; boundary=b\r\n\r\n",
		"Content-Type: multİpart/sİgned; boundary=b\r\n\r\n",
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n",
		"X: a/b\r\nContent-Type: multipart/signed\r\n\r\n",
		"Content-Type: multipart/signed",
		"Content-Type: multipart/signe",
		"Content-Type: multipart/signed; boundary=b\r\nContent-Type: text/plain\r\n\r\nx",
		"Content-Type: text/plain\r\ncontent-type: multipart/signed; boundary=b\r\n\r\nx",
		"/signed",
		"",
	}
}

func TestIsSignedSMIMEMatchesGeneral(t *testing.T) {
	for _, raw := range append(signedSamples(), bodyMessages(t)...) {
		if got, want := IsSignedSMIME([]byte(raw)), isSignedGeneral([]byte(raw)); got != want {
			t.Errorf("IsSignedSMIME(%q) = %v, reading every field %v", raw, got, want)
		}
	}
}

func FuzzIsSignedSMIME(f *testing.F) {
	for _, raw := range signedSamples() {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if got, want := IsSignedSMIME([]byte(raw)), isSignedGeneral([]byte(raw)); got != want {
			t.Errorf("IsSignedSMIME(%q) = %v, reading every field %v", raw, got, want)
		}
	})
}
