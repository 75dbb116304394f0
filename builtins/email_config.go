package builtins

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// MailKey is the interp.Options.Extensions key of the *MailConfig of a run.
type MailKey struct{}

// MailConfig is how the email functions of a run reach servers. The zero value uses the
// network, the system's certificate roots (plus the file named by WL_CA_FILE) and WINDEV's
// 10-minute timeout.
type MailConfig struct {
	// Transport opens connections; the sandbox routes them all to itself.
	Transport mailrt.Transport
	// RootCAs verifies servers; nil means the system roots and WL_CA_FILE.
	RootCAs *x509.CertPool
	// Timeout is the initial EmailChangeTimeOut value (default 10 minutes).
	Timeout time.Duration
	// SpoolConnections bounds the connections of asynchronous sending (default 4).
	SpoolConnections int
	// DrainTimeout bounds how long the end of a run waits for the spool (default: the
	// timeout).
	DrainTimeout time.Duration
	// Spool is where asynchronous sending keeps its messages (see SpoolConfig); the zero
	// value keeps them in memory.
	Spool SpoolConfig
	// LookupMX answers the DNS MX queries of EmailVérifieAdresse; nil asks the system's
	// resolver. The sandbox answers for every domain (sandbox.Server.LookupMX).
	LookupMX func(ctx context.Context, domain string) ([]*net.MX, error)
}

type mailStateKey struct{}

// mailState is the email state of a run: open sessions by name, timeout, spool.
type mailState struct {
	types    *emailTypes
	cfg      MailConfig
	roots    *x509.CertPool
	rootsErr error
	timeout  time.Duration
	sessions map[string]*session
	spool    *mailrt.Spool
	spoolDir *mailrt.SpoolDir
	params   map[int64]interp.Value
	// sent follows each message sent, by its IdentifiantMail and by its Message-ID, for
	// EmailEtat; nextMail numbers them.
	sent     map[string]*sentMail
	nextMail int64
	// progress calls the run's EmailJauge procedure (synchronous sessions only).
	progress mailrt.ProgressFunc
	// reserve charges the messages read to the run's memory (synchronous sessions only).
	reserve func(int64) error
}

func mailOf(th *interp.Thread, et *emailTypes) *mailState {
	return th.State(mailStateKey{}, func() any {
		st := &mailState{types: et, sessions: map[string]*session{}, params: map[int64]interp.Value{}, sent: map[string]*sentMail{}}
		if c, ok := th.Extension(MailKey{}).(*MailConfig); ok && c != nil {
			st.cfg = *c
		}
		st.progress = progressHook(th)
		st.reserve = reserveHook(th)
		st.timeout = st.cfg.Timeout
		if st.timeout <= 0 {
			st.timeout = mailrt.DefaultTimeout
		}
		st.roots = st.cfg.RootCAs
		if st.roots == nil {
			st.roots, st.rootsErr = systemRoots(getenv(th, "WL_CA_FILE"))
		}
		th.AtExit(func() { st.closeAll(th) })
		return st
	}).(*mailState)
}

// SystemRoots are the system's roots plus the PEM certificates of the process's WL_CA_FILE,
// for what runs outside a script (wl spool flush); nil (the system's roots) when WL_CA_FILE
// is not set.
func SystemRoots() (*x509.CertPool, error) { return systemRoots(os.Getenv("WL_CA_FILE")) }

// systemRoots are the system's roots plus the PEM certificates of WL_CA_FILE, so a test CA
// (the sandbox's, a company's) can be trusted without changing scripts.
func systemRoots(file string) (*x509.CertPool, error) {
	if file == "" {
		return nil, nil
	}
	pool := systemPool()
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("WL_CA_FILE: %w", err)
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("WL_CA_FILE: no certificate in %s", file)
	}
	return pool, nil
}

// systemPool is a new pool of the system's roots, an empty one when the system's cannot be
// read.
func systemPool() *x509.CertPool {
	if pool, err := x509.SystemCertPool(); err == nil && pool != nil {
		return pool
	}
	return x509.NewCertPool()
}

// closeAll ends the run's email activity: it waits for the spool to send what it holds
// (reporting every message not delivered on standard error) and closes the sessions left
// open.
func (st *mailState) closeAll(th *interp.Thread) {
	if st.spool != nil {
		wait := st.cfg.DrainTimeout
		if wait <= 0 {
			wait = st.timeout
		}
		// A cancelled run stops at once: what is not sent stays in the spool.
		ctx, cancel := context.WithTimeout(th.Context(), wait)
		st.reportUndelivered(th, st.spool.Drain(ctx))
		cancel()
		st.spool = nil
	}
	if st.spoolDir != nil {
		if err := st.spoolDir.Close(); err != nil {
			fmt.Fprintf(th.Stderr(), "wl: %v\n", err)
		}
		st.spoolDir = nil
	}
	for name, s := range st.sessions {
		s.close()
		delete(st.sessions, name)
	}
}

// fail records a failed email operation: ErreurDétectée, and ErreurInfo with the one-line
// message (server code and text included, never a password or token).
//
// errCode is wl's number for the kind of failure (emailErrorCode; EmailMsgErreur gives its
// text), errCodeSystème the server's reply code (SMTP) and errMessageSystème the server's
// reply text, or the system's message when the network failed.
func fail(th *interp.Thread, err error) interp.Value {
	var abort *progressAbort
	if errors.As(err, &abort) {
		panic(abort.panicked) // the EmailJauge procedure's fatal error, caught to stop the transfer
	}
	info := interp.ErrorInfo{Message: err.Error(), Code: emailErrorCode(mailrt.KindOf(err)), Time: now(th)}
	if e, ok := err.(*mailrt.Error); ok {
		info.SystemCode = e.Code
		info.SystemMessage = e.Text
		if e.Text == "" && e.Err != nil {
			info.SystemMessage = e.Err.Error()
		}
	}
	th.SetError(info)
	return interp.Bool(false)
}

func failf(th *interp.Thread, format string, args ...any) interp.Value {
	th.SetError(interp.ErrorInfo{Message: fmt.Sprintf(format, args...), Code: emailErrorCode(mailrt.KindOther), Time: now(th)})
	return interp.Bool(false)
}
