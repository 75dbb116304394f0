package sandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Service names one of the sandbox's listeners.
type Service int

// The services: plain ports offer STARTTLS (SMTP, IMAP) or STLS (POP3); the S ports speak
// TLS from the first byte.
const (
	SMTP Service = iota
	SMTPS
	POP3
	POP3S
	IMAP
	IMAPS
	numServices
)

var serviceNames = [...]string{"SMTP", "SMTPS", "POP3", "POP3S", "IMAP", "IMAPS"}

func (s Service) String() string {
	if s >= 0 && s < numServices {
		return serviceNames[s]
	}
	return fmt.Sprintf("Service(%d)", int(s))
}

// implicitTLS reports whether the service speaks TLS from the first byte.
func (s Service) implicitTLS() bool { return s == SMTPS || s == POP3S || s == IMAPS }

// Config configures a sandbox.
type Config struct {
	// Listening addresses of the services. An empty address listens on an ephemeral port of
	// 127.0.0.1 (see Server.Addr), so that every service is always available to Dial.
	SMTP, SMTPS, POP3, POP3S, IMAP, IMAPS string
	// Dir, when set, keeps every message as a .eml file (with a .json of its SMTP record),
	// reloads them at start, and receives the CA certificate as ca.pem. The bodies then stay
	// on disk, read when a client asks for them: memory holds only an index of the messages.
	Dir string
	// Mailboxes gives each recipient a mailbox of its own, named by the local part of its
	// address (MailboxName): SMTP delivers a copy of a message to the mailbox of each
	// envelope recipient, Seed to those of the To and Cc addresses, and a POP3 or IMAP login
	// reads only the mailbox of its user name's local part ("ada" and "ada@example.com" both
	// read the mail sent to ada@any.domain). Without it every login reads one shared mailbox.
	Mailboxes bool
	// Auth is "USER:PASS" to accept only that login; empty accepts any login. It governs
	// every mechanism: PLAIN, LOGIN, USER/PASS and LOGIN take the password, XOAUTH2 and
	// OAUTHBEARER the user name with a bearer token equal to PASS (or to AuthToken).
	Auth string
	// AuthToken, with Auth, is the only bearer token the OAuth mechanisms accept instead of
	// PASS.
	AuthToken string
	// RequireTLSForAuth refuses authentication on a plain connection before STARTTLS/STLS.
	RequireTLSForAuth bool
	// Hostname is the name the servers greet with (default "sandbox.wl").
	Hostname string
	// MaxMessageBytes bounds a message (default 64 MiB).
	MaxMessageBytes int64
	// Faults to start with; SetFaults changes them while running.
	Faults Faults
	// Timeouts of the connections; a zero field takes its default.
	Timeouts Timeouts
	// ErrorLog receives the errors that concern no client, such as a listener's failure to
	// accept a connection (too many open files); nil discards them.
	ErrorLog *log.Logger
}

// Timeouts bound how long a connection may stay silent. The defaults follow the RFCs.
type Timeouts struct {
	// TLSHandshake bounds the TLS handshake of the implicit-TLS ports and of STLS
	// (default 30 s).
	TLSHandshake time.Duration
	// SMTPCommand is how long the SMTP server waits for each command, and for more of a
	// message during DATA (default 5 min, RFC 5321 section 4.5.3.2.7).
	SMTPCommand time.Duration
	// POP3Idle is the autologout timer of POP3 (default 10 min, RFC 1939 section 3).
	POP3Idle time.Duration
	// IMAPIdle is the autologout timer of IMAP (default 30 min, RFC 9051 section 5.4).
	IMAPIdle time.Duration
}

// withDefaults fills the zero fields.
func (t Timeouts) withDefaults() Timeouts {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&t.TLSHandshake, 30*time.Second)
	def(&t.SMTPCommand, 5*time.Minute)
	def(&t.POP3Idle, 10*time.Minute)
	def(&t.IMAPIdle, 30*time.Minute)
	return t
}

// Server is a running sandbox.
type Server struct {
	cfg    Config
	creds  credentials
	ca     *authority
	tls    *tls.Config
	store  *store
	faults faultBox

	listeners [numServices]net.Listener
	labels    sync.Map // client address -> host:port the script asked for
	closing   chan struct{}
	wg        sync.WaitGroup
	mu        sync.Mutex
	conns     map[net.Conn]struct{}
	closers   []func() error
	closeOnce sync.Once
	closeErr  error
}

// Start starts every service.
func Start(cfg Config) (*Server, error) {
	creds, err := parseCredentials(cfg.Auth, cfg.AuthToken)
	if err != nil {
		return nil, err
	}
	cfg.Timeouts = cfg.Timeouts.withDefaults()
	if cfg.ErrorLog == nil {
		cfg.ErrorLog = log.New(io.Discard, "", 0)
	}
	if cfg.Hostname == "" {
		cfg.Hostname = "sandbox.wl"
	}
	if cfg.MaxMessageBytes == 0 {
		cfg.MaxMessageBytes = 64 << 20
	}
	ca, err := newAuthority()
	if err != nil {
		return nil, fmt.Errorf("making the certificate authority: %w", err)
	}
	st, err := newStore(cfg.Dir, cfg.Mailboxes)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", cfg.Dir, err)
	}
	s := &Server{cfg: cfg, creds: creds, ca: ca, tls: ca.tlsConfig(), store: st,
		closing: make(chan struct{}), conns: map[net.Conn]struct{}{}}
	s.faults.set(cfg.Faults)
	if cfg.Dir != "" {
		if err := writeFile(filepath.Join(cfg.Dir, "ca.pem"), ca.pem); err != nil {
			return nil, fmt.Errorf("writing the CA certificate: %w", err)
		}
	}
	addrs := [numServices]string{cfg.SMTP, cfg.SMTPS, cfg.POP3, cfg.POP3S, cfg.IMAP, cfg.IMAPS}
	for svc := Service(0); svc < numServices; svc++ {
		a := addrs[svc]
		if a == "" {
			a = "127.0.0.1:0"
		}
		l, err := net.Listen("tcp", a)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("%s: %w", svc, err)
		}
		s.listeners[svc] = l
	}
	if err := s.startSMTP(); err != nil {
		s.Close()
		return nil, err
	}
	s.startPOP3()
	if err := s.startIMAP(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Addr is the listening address of a service.
func (s *Server) Addr(svc Service) string {
	if svc < 0 || svc >= numServices || s.listeners[svc] == nil {
		return ""
	}
	return s.listeners[svc].Addr().String()
}

// CAPEM is the certificate of the sandbox's CA, in PEM.
func (s *Server) CAPEM() []byte { return append([]byte(nil), s.ca.pem...) }

// CertPool holds the sandbox's CA, for clients that verify it.
func (s *Server) CertPool() *x509.CertPool { return s.ca.pool.Clone() }

// Messages returns the messages the SMTP side accepted, oldest first. With a Dir it reads
// their files; a message deleted or moved since (POP3 DELE, IMAP EXPUNGE or MOVE) is listed
// without its Raw, Text and HTML.
func (s *Server) Messages() []Message { return s.store.messages() }

// Received is the number of messages the SMTP side accepted, len(Messages()) without
// reading the messages back from a Dir.
func (s *Server) Received() int { return s.store.received() }

// Subscribe returns a channel of the messages accepted from now on, and the function that
// ends the subscription (and closes the channel).
func (s *Server) Subscribe() (<-chan Message, func()) { return s.store.subscribe() }

// SetFaults changes the faults, for the connections and commands that follow.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// Seed delivers a message to the INBOX, as if it had arrived (it is not a captured SMTP
// message); with Config.Mailboxes, to the INBOX of each To and Cc recipient.
func (s *Server) Seed(eml []byte) error {
	raw := append([]byte(nil), eml...)
	var rcpts []string
	if s.cfg.Mailboxes {
		d := describe(raw, "", nil)
		rcpts = append(d.To, d.Cc...)
	}
	for _, box := range s.store.recipientMailboxes(rcpts) {
		if _, err := s.store.deliver(box, inbox, raw, nil, time.Time{}, nil, false); err != nil {
			return err
		}
	}
	return nil
}

// SeedDir delivers every dir/*.eml, sorted by name.
func (s *Server) SeedDir(dir string) error {
	names, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		return err
	}
	if len(names) == 0 {
		if _, err := os.Stat(dir); err != nil {
			return err
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return err
		}
		if err := s.Seed(b); err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
	}
	return nil
}

// Dial connects to a service over loopback for an in-process client, recording requested
// (the host:port the client was asked to reach) as the server of the messages sent on that
// connection. The client does its own TLS: from the first byte on the S services, with
// STARTTLS/STLS on the plain ones.
func (s *Server) Dial(ctx context.Context, svc Service, requested string) (net.Conn, error) {
	addr := s.Addr(svc)
	if addr == "" {
		return nil, fmt.Errorf("sandbox: no %s service", svc)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	key := c.LocalAddr().String()
	s.labels.Store(key, requested)
	return &labeledConn{Conn: c, release: func() { s.labels.Delete(key) }}, nil
}

// requestedServer is the host:port a Dial client asked for, or the address it connected to.
func (s *Server) requestedServer(remote net.Addr, local net.Addr) string {
	if v, ok := s.labels.Load(remote.String()); ok {
		return v.(string)
	}
	return local.String()
}

type labeledConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *labeledConn) Close() error {
	err := c.Conn.Close()
	// The server may still be storing the last message: keep the label a moment.
	c.once.Do(func() { time.AfterFunc(5*time.Second, c.release) })
	return err
}

// track registers a connection so that Close can end it; it returns false when the server
// is closing.
func (s *Server) track(c net.Conn, add bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if add {
		select {
		case <-s.closing:
			return false
		default:
		}
		s.conns[c] = struct{}{}
		return true
	}
	delete(s.conns, c)
	return true
}

// slowConn delays every write by the current reply delay.
type slowConn struct {
	net.Conn
	faults  *faultBox
	closing <-chan struct{}
}

func (c *slowConn) Write(b []byte) (int, error) {
	c.faults.get().delay(c.closing)
	return c.Conn.Write(b)
}

// Close stops the listeners, ends open connections and waits for their handlers: every
// message accepted before is in memory and, with a directory, on disk.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.closing)
		var errs []error
		for _, l := range s.listeners {
			if l != nil {
				l.Close()
			}
		}
		for _, c := range s.closers {
			if err := c(); err != nil && !errors.Is(err, net.ErrClosed) {
				errs = append(errs, err)
			}
		}
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}
