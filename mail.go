package wl

import (
	"crypto/x509"
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// MailSettings are how the email functions of a run (EmailOuvreSession, EmailEnvoieMessage,
// the emailSMTPSession type...) reach mail servers.
type MailSettings struct {
	// Sandbox, when set, receives every email session of the run, whatever server and port
	// the script names, and its certificate authority is trusted, as with `wl run --sandbox`.
	// Read what the script sent with Sandbox.Messages. Transport and RootCAs, when set, take
	// precedence.
	Sandbox *sandbox.Server
	// Transport opens the connections of email sessions, so that a host can route mail its
	// own way (a proxy, a tunnel, an in-process server); nil dials TCP.
	// mailrt.NetTransport{Dialer: d} dials with the host's *net.Dialer (a local address, a
	// resolver, keep-alive). A transport only carries bytes: the client does TLS itself, and
	// the dial's context ends when the run is cancelled.
	Transport mailrt.Transport
	// RootCAs verifies servers' certificates; nil means the system's roots (plus the PEM file
	// named by the WL_CA_FILE environment variable).
	RootCAs *x509.CertPool
	// Timeout is the longest wait for one server reply until the script changes it with
	// EmailChangeTimeOut; zero is WINDEV's 10 minutes.
	Timeout time.Duration
	// SpoolConnections bounds the connections of asynchronous sending (default 4).
	SpoolConnections int
	// DrainTimeout bounds how long the end of a run waits for messages sent asynchronously;
	// zero is Timeout.
	DrainTimeout time.Duration
	// AllowHTTP lets the HTTP functions of a run with a Sandbox (HTTPEnvoie, RESTEnvoie,
	// HTTPRequête, the token requests of AuthIdentifie) reach hosts other than this machine,
	// as `wl run --sandbox --allow-http` does. Without it, a run with a Sandbox refuses them:
	// the function fails and ErreurInfo says so. Runs without a Sandbox are not restricted.
	AllowHTTP bool
	// SpoolDir, when set, keeps every message sent asynchronously on disk until its server
	// takes it: EmailEnvoieMessage returns Vrai only once the message is written there, and
	// a message the run could not deliver stays there for a later run (a session opened to
	// the same server and user sends it) or FlushSpool. Empty keeps the messages in memory
	// (wl run uses wl/spool in the user's cache directory). With Sandbox set, the messages are
	// marked as the sandbox's: only a sandbox run sends them.
	SpoolDir string
	// SpoolSync is how spooled messages are written and forced to the disk: mailrt.SyncJournal
	// (the default: appended to the run's journal, each one fdatasynced before
	// EmailEnvoieMessage returns, one fdatasync for the messages written together),
	// mailrt.SyncEach (a file per message, fsynced) or mailrt.SyncBatch (the journal,
	// fdatasynced in groups in the background).
	SpoolSync mailrt.SyncMode
}

// StartSandbox starts an embedded mail server (SMTP, POP3 and IMAP, with and without TLS) on
// loopback ports chosen by the system, accepting any login, for MailSettings.Sandbox. Close
// it when done. sandbox.Start offers more settings (one accepted login, a directory, fault
// injection).
func StartSandbox() (*sandbox.Server, error) {
	return sandbox.Start(sandbox.Config{})
}

// config is the builtins' view of the settings.
func (m *MailSettings) config() *builtins.MailConfig {
	c := &builtins.MailConfig{
		Transport:        m.Transport,
		RootCAs:          m.RootCAs,
		Timeout:          m.Timeout,
		SpoolConnections: m.SpoolConnections,
		DrainTimeout:     m.DrainTimeout,
		Spool:            builtins.SpoolConfig{Dir: m.SpoolDir, Sync: m.SpoolSync, Sandbox: m.Sandbox != nil},
	}
	if m.Sandbox != nil {
		if c.Transport == nil {
			c.Transport = m.Sandbox.Transport()
		}
		if c.RootCAs == nil {
			c.RootCAs = m.Sandbox.CertPool()
		}
		if c.Transport == m.Sandbox.Transport() {
			c.LookupMX = m.Sandbox.LookupMX // every domain's mail server is the sandbox
		}
	}
	return c
}

// httpConfig is the builtins' view of the settings for HTTP: the same certificate roots as
// mail when the host gave some (the sandbox's CA only signs mail servers), and the sandbox's
// confinement to this machine unless AllowHTTP.
func (m *MailSettings) httpConfig() *builtins.HTTPConfig {
	return &builtins.HTTPConfig{RootCAs: m.RootCAs, LoopbackOnly: m.Sandbox != nil && !m.AllowHTTP}
}
