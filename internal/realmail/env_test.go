package realmail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fullEnv is what .ci/mail-servers.sh writes with its default settings.
func fullEnv() map[string]string {
	return map[string]string{
		"MAIL_HOST":                  "127.0.0.1",
		"MAIL_TLS_SERVER_NAME":       "localhost",
		"MAIL_SMTP_PORT":             "20025",
		"MAIL_SMTPS_PORT":            "20465",
		"MAIL_SUBMISSION_PORT":       "20587",
		"MAIL_SUBMISSION_LOGIN_PORT": "20588",
		"MAIL_SMTP_NOAUTH_PORT":      "20026",
		"MAIL_POP3_PORT":             "20110",
		"MAIL_POP3S_PORT":            "20995",
		"MAIL_IMAP_PORT":             "20143",
		"MAIL_IMAPS_PORT":            "20993",
		"MAIL_USER":                  "testuser",
		"MAIL_PASS":                  "Test-Pass-123",
		"MAIL_ADDR":                  "testuser@localhost",
		"MAIL_CA_FILE":               "/tmp/wlmail/tls/ca.crt",
		"MAIL_MAILDIR":               "/tmp/wlmail/home/testuser/Maildir",
		"MAIL_LOG_DIR":               "/tmp/wlmail/log",
	}
}

func lookupIn(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestParse(t *testing.T) {
	want := Env{
		Host: "127.0.0.1", TLSServerName: "localhost",
		SMTPPort: 20025, SMTPSPort: 20465, SubmissionPort: 20587, SubmissionLoginPort: 20588, SMTPNoAuthPort: 20026,
		POP3Port: 20110, POP3SPort: 20995, IMAPPort: 20143, IMAPSPort: 20993,
		User: "testuser", Pass: "Test-Pass-123", Addr: "testuser@localhost",
		CAFile: "/tmp/wlmail/tls/ca.crt", Maildir: "/tmp/wlmail/home/testuser/Maildir",
		LogDir: "/tmp/wlmail/log",
	}
	tests := []struct {
		name    string
		edit    func(map[string]string)
		want    Env
		wantErr []string // substrings of the error; nil: no error
	}{
		{name: "complete", edit: func(map[string]string) {}, want: want},
		{
			name: "log dir is optional",
			edit: func(m map[string]string) { delete(m, "MAIL_LOG_DIR") },
			want: func() Env { e := want; e.LogDir = ""; return e }(),
		},
		{
			name: "login-only submission port is optional",
			edit: func(m map[string]string) { delete(m, "MAIL_SUBMISSION_LOGIN_PORT") },
			want: func() Env { e := want; e.SubmissionLoginPort = 0; return e }(),
		},
		{
			name:    "bad login-only submission port",
			edit:    func(m map[string]string) { m["MAIL_SUBMISSION_LOGIN_PORT"] = "0" },
			wantErr: []string{`MAIL_SUBMISSION_LOGIN_PORT="0" is not a port`},
		},
		{
			name:    "no smtp port: not configured",
			edit:    func(m map[string]string) { delete(m, "MAIL_SMTP_PORT") },
			wantErr: []string{"MAIL_SMTP_PORT is unset"},
		},
		{
			name:    "empty smtp port",
			edit:    func(m map[string]string) { m["MAIL_SMTP_PORT"] = "" },
			wantErr: []string{"MAIL_SMTP_PORT is unset or empty"},
		},
		{
			name: "every problem is named",
			edit: func(m map[string]string) {
				m["MAIL_IMAPS_PORT"] = "99999"
				m["MAIL_POP3_PORT"] = "pop"
				delete(m, "MAIL_PASS")
				m["MAIL_CA_FILE"] = ""
			},
			wantErr: []string{`MAIL_IMAPS_PORT="99999" is not a port`, `MAIL_POP3_PORT="pop" is not a port`,
				"MAIL_PASS is unset", "MAIL_CA_FILE is unset"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := fullEnv()
			tt.edit(m)
			got, err := Parse(lookupIn(m))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if got != tt.want {
					t.Fatalf("Parse = %+v\nwant    %+v", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", got)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			if got != (Env{}) {
				t.Errorf("Parse returned %+v with its error, want the zero Env", got)
			}
		})
	}
}

func TestParseNotConfigured(t *testing.T) {
	_, err := Parse(lookupIn(map[string]string{"MAIL_HOST": "127.0.0.1"}))
	if !errors.Is(err, ErrNotConfigured) {
		t.Fatalf("err = %v, want ErrNotConfigured", err)
	}
	m := fullEnv()
	m["MAIL_SMTP_PORT"] = "x"
	if _, err := Parse(lookupIn(m)); err == nil || errors.Is(err, ErrNotConfigured) {
		t.Fatalf("malformed port: err = %v, want an error other than ErrNotConfigured", err)
	}
}

// setEnv replaces every MAIL_* variable of the process for the test's duration.
func setEnv(t *testing.T, m map[string]string) {
	for k := range fullEnv() {
		t.Setenv(k, "") // restores the old value after the test
		os.Unsetenv(k)
	}
	for k, v := range m {
		t.Setenv(k, v)
	}
}

func TestLoad(t *testing.T) {
	setEnv(t, nil)
	if e, ok := Load(); ok {
		t.Fatalf("Load without MAIL_* = %+v, true; want false", e)
	}
	setEnv(t, fullEnv())
	e, ok := Load()
	if !ok || e.SMTPPort != 20025 || e.Maildir != "/tmp/wlmail/home/testuser/Maildir" {
		t.Fatalf("Load = %+v, %v", e, ok)
	}
	m := fullEnv()
	m["MAIL_IMAP_PORT"] = "0"
	setEnv(t, m)
	if _, ok := Load(); ok {
		t.Fatal("Load with MAIL_IMAP_PORT=0 reported true")
	}
}

// recordingTB stands in for a testing.T whose Skip and Fatal do not stop the goroutine.
type recordingTB struct {
	testing.TB
	skipped, failed string
}

func (r *recordingTB) Helper()               {}
func (r *recordingTB) Skip(args ...any)      { r.skipped = fmt.Sprint(args...) }
func (r *recordingTB) Fatal(args ...any)     { r.failed = fmt.Sprint(args...) }
func (r *recordingTB) Errorf(string, ...any) {}

func TestRequire(t *testing.T) {
	setEnv(t, nil)
	var r recordingTB
	Require(&r)
	if r.skipped == "" || r.failed != "" {
		t.Errorf("without MAIL_*: skipped %q, failed %q; want a skip", r.skipped, r.failed)
	}

	m := fullEnv()
	delete(m, "MAIL_USER")
	setEnv(t, m)
	r = recordingTB{}
	Require(&r)
	if r.skipped != "" || !strings.Contains(r.failed, "MAIL_USER") {
		t.Errorf("with MAIL_USER missing: skipped %q, failed %q; want a failure naming MAIL_USER", r.skipped, r.failed)
	}

	setEnv(t, fullEnv())
	r = recordingTB{}
	if e := Require(&r); r.skipped != "" || r.failed != "" || e.User != "testuser" {
		t.Errorf("complete: Require = %+v; skipped %q, failed %q", e, r.skipped, r.failed)
	}
}

func TestHostPort(t *testing.T) {
	for _, tt := range []struct {
		host string
		port int
		want string
	}{
		{"127.0.0.1", 20025, "127.0.0.1:20025"},
		{"::1", 993, "[::1]:993"},
	} {
		if got := (Env{Host: tt.host}).HostPort(tt.port); got != tt.want {
			t.Errorf("HostPort(%q, %d) = %q, want %q", tt.host, tt.port, got, tt.want)
		}
	}
}

// writeCA writes a self-signed CA certificate as PEM and returns it.
func writeCA(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "realmail unit test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

func TestCertPoolAndTLSConfig(t *testing.T) {
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.crt")
	ca := writeCA(t, caFile)
	e := Env{CAFile: caFile, TLSServerName: "localhost"}

	pool, err := e.CertPool()
	if err != nil {
		t.Fatal(err)
	}
	want := x509.NewCertPool()
	want.AddCert(ca)
	if !pool.Equal(want) {
		t.Error("CertPool does not hold exactly the CA from CAFile")
	}
	cfg, err := e.TLSConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ServerName != "localhost" || cfg.RootCAs == nil || !cfg.RootCAs.Equal(want) || cfg.InsecureSkipVerify {
		t.Errorf("TLSConfig = ServerName %q, RootCAs %v, InsecureSkipVerify %v", cfg.ServerName, cfg.RootCAs, cfg.InsecureSkipVerify)
	}

	if _, err := (Env{CAFile: filepath.Join(dir, "missing.crt")}).CertPool(); err == nil {
		t.Error("CertPool of a missing file: no error")
	}
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := (Env{CAFile: notPEM}).TLSConfig(); err == nil || !strings.Contains(err.Error(), "no PEM certificate") {
		t.Errorf("TLSConfig of a non-PEM file: err = %v", err)
	}
}
