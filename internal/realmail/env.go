package realmail

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
)

// ErrNotConfigured is returned by [Parse] when MAIL_SMTP_PORT is unset: no real mail
// servers were started for this run.
var ErrNotConfigured = errors.New("realmail: MAIL_SMTP_PORT is unset: no real mail servers (see .ci/README.md)")

// Env describes the running servers, as written to mail.env by .ci/mail-servers.sh.
type Env struct {
	// Host is the address the servers listen on (MAIL_HOST, 127.0.0.1). Dial it rather
	// than "localhost", which may resolve to ::1 where nothing listens.
	Host string
	// TLSServerName is the name the servers' certificate is valid for (MAIL_TLS_SERVER_NAME).
	TLSServerName string

	// SMTPPort is Postfix's plain port: STARTTLS offered, AUTH PLAIN/LOGIN offered before
	// and after STARTTLS and required to send (MAIL_SMTP_PORT).
	SMTPPort int
	// SMTPSPort is Postfix with implicit TLS; AUTH required (MAIL_SMTPS_PORT).
	SMTPSPort int
	// SubmissionPort requires STARTTLS and offers AUTH only after it (MAIL_SUBMISSION_PORT).
	SubmissionPort int
	// SubmissionLoginPort is like SubmissionPort but offers AUTH LOGIN as its only mechanism
	// (MAIL_SUBMISSION_LOGIN_PORT); 0 in a mail.env written before the port existed.
	SubmissionLoginPort int
	// SMTPNoAuthPort offers no AUTH at all and accepts mail from loopback (MAIL_SMTP_NOAUTH_PORT).
	SMTPNoAuthPort int
	// POP3Port is Dovecot's plain POP3 port with STLS (MAIL_POP3_PORT).
	POP3Port int
	// POP3SPort is Dovecot's POP3 with implicit TLS (MAIL_POP3S_PORT).
	POP3SPort int
	// IMAPPort is Dovecot's plain IMAP port with STARTTLS (MAIL_IMAP_PORT).
	IMAPPort int
	// IMAPSPort is Dovecot's IMAP with implicit TLS (MAIL_IMAPS_PORT).
	IMAPSPort int

	// User and Pass log in to every service (MAIL_USER, MAIL_PASS).
	User, Pass string
	// Addr is the test user's address (MAIL_ADDR); mail to any address ends up there too.
	Addr string
	// CAFile is the PEM file of the throwaway CA that signed the servers' certificate
	// (MAIL_CA_FILE).
	CAFile string
	// Maildir is the test user's mailbox, where delivered messages appear (MAIL_MAILDIR).
	Maildir string
	// LogDir holds postfix.log and dovecot.log (MAIL_LOG_DIR); optional.
	LogDir string
}

// Parse reads the MAIL_* variables through lookup (os.LookupEnv, or a map in tests). It
// returns [ErrNotConfigured] when MAIL_SMTP_PORT is unset, and an error naming every
// missing or malformed variable otherwise.
func Parse(lookup func(key string) (string, bool)) (Env, error) {
	if _, ok := lookup("MAIL_SMTP_PORT"); !ok {
		return Env{}, ErrNotConfigured
	}
	var e Env
	var errs []error
	str := func(key string, dst *string, required bool) {
		v, ok := lookup(key)
		if (!ok || v == "") && required {
			errs = append(errs, fmt.Errorf("%s is unset or empty", key))
			return
		}
		*dst = v
	}
	optPort := func(key string, dst *int, required bool) {
		v, ok := lookup(key)
		if !ok || v == "" {
			if required {
				errs = append(errs, fmt.Errorf("%s is unset or empty", key))
			}
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			errs = append(errs, fmt.Errorf("%s=%q is not a port number", key, v))
			return
		}
		*dst = n
	}
	port := func(key string, dst *int) { optPort(key, dst, true) }
	str("MAIL_HOST", &e.Host, true)
	str("MAIL_TLS_SERVER_NAME", &e.TLSServerName, true)
	port("MAIL_SMTP_PORT", &e.SMTPPort)
	port("MAIL_SMTPS_PORT", &e.SMTPSPort)
	port("MAIL_SUBMISSION_PORT", &e.SubmissionPort)
	optPort("MAIL_SUBMISSION_LOGIN_PORT", &e.SubmissionLoginPort, false)
	port("MAIL_SMTP_NOAUTH_PORT", &e.SMTPNoAuthPort)
	port("MAIL_POP3_PORT", &e.POP3Port)
	port("MAIL_POP3S_PORT", &e.POP3SPort)
	port("MAIL_IMAP_PORT", &e.IMAPPort)
	port("MAIL_IMAPS_PORT", &e.IMAPSPort)
	str("MAIL_USER", &e.User, true)
	str("MAIL_PASS", &e.Pass, true)
	str("MAIL_ADDR", &e.Addr, true)
	str("MAIL_CA_FILE", &e.CAFile, true)
	str("MAIL_MAILDIR", &e.Maildir, true)
	str("MAIL_LOG_DIR", &e.LogDir, false)
	if len(errs) > 0 {
		return Env{}, fmt.Errorf("realmail: bad mail server environment: %w", errors.Join(errs...))
	}
	return e, nil
}

// Load reads the environment of the process. It reports false when the real servers are
// not configured (MAIL_SMTP_PORT unset) and also when the variables are malformed; use
// [Require] or [Parse] to tell the two apart.
func Load() (Env, bool) {
	e, err := Parse(os.LookupEnv)
	return e, err == nil
}

// Require returns the environment for a test that needs the real servers. It skips the test
// when they are not configured, and fails it when MAIL_SMTP_PORT is set but the other
// variables are missing or malformed (a broken setup must not pass as a skip).
func Require(t testing.TB) Env {
	t.Helper()
	e, err := Parse(os.LookupEnv)
	if errors.Is(err, ErrNotConfigured) {
		t.Skip("real mail servers not running (MAIL_SMTP_PORT unset); see .ci/README.md")
		return Env{}
	}
	if err != nil {
		t.Fatal(err)
		return Env{}
	}
	return e
}

// HostPort returns "Host:port", ready to dial.
func (e Env) HostPort(port int) string {
	return net.JoinHostPort(e.Host, strconv.Itoa(port))
}

// CertPool returns a pool holding the servers' CA from CAFile. Use it as RootCAs: the
// system roots (and SSL_CERT_FILE, read once per process) do not hold the throwaway CA.
func (e Env) CertPool() (*x509.CertPool, error) {
	pemData, err := os.ReadFile(e.CAFile)
	if err != nil {
		return nil, fmt.Errorf("realmail: reading the CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, fmt.Errorf("realmail: no PEM certificate in %s", e.CAFile)
	}
	return pool, nil
}

// TLSConfig returns a client configuration that verifies the servers' certificate against
// [Env.CertPool] for TLSServerName. Each call returns a new value the caller may modify.
func (e Env) TLSConfig() (*tls.Config, error) {
	pool, err := e.CertPool()
	if err != nil {
		return nil, err
	}
	return &tls.Config{ServerName: e.TLSServerName, RootCAs: pool, MinVersion: tls.VersionTLS12}, nil
}

// Mailbox returns the test user's Maildir.
func (e Env) Mailbox() Mailbox {
	return Mailbox{Dir: e.Maildir}
}
