package mailrt

import (
	"context"
	"crypto/x509"
	"fmt"
	"time"
)

// FlushOptions configure SpoolDir.Flush.
type FlushOptions struct {
	// Secret is the password (or OAuth token) of the messages whose session logged in: the
	// spool never holds one. Without it those messages are skipped.
	Secret string
	// RootCAs verifies servers (nil: the system's roots); Transport opens connections (nil:
	// TCP); Timeout, when set, replaces the sessions' reply timeouts.
	RootCAs   *x509.CertPool
	Transport Transport
	Timeout   time.Duration
	// Connections bounds the SMTP connections (default 4).
	Connections int
	// Sandbox delivers the messages queued by sandbox runs (through Transport, which should
	// then be a sandbox's) instead of skipping them.
	Sandbox bool
	// RetryBase and RetryMax are the backoff bounds of SpoolConfig.
	RetryBase, RetryMax time.Duration
}

// SkippedEntry is a queued message a flush did not try, and why.
type SkippedEntry struct {
	Entry  SpoolEntry
	Reason string
}

// FlushResult tells what a flush did.
type FlushResult struct {
	// Delivered counts the messages the servers accepted.
	Delivered int
	// Undelivered are the messages tried and not delivered: refused for good (Refused, now
	// in failed/) or still failing when the flush's context ended (Kept).
	Undelivered []Job
	// Skipped are the messages not tried: another run is sending them, they are the
	// sandbox's, or they need a secret that was not given.
	Skipped []SkippedEntry
	// Queued counts the messages left in the spool's queue at the end.
	Queued int
}

// Flush sends every queued message whose run is gone, retrying transient failures until ctx
// ends, and reports what became of them.
func (d *SpoolDir) Flush(ctx context.Context, opts FlushOptions) (*FlushResult, error) {
	if opts.Connections <= 0 {
		opts.Connections = 4
	}
	res := &FlushResult{}
	all, err := d.List()
	if err != nil {
		return nil, err
	}
	for _, e := range all {
		if e.Running && !e.Failed {
			res.Skipped = append(res.Skipped, SkippedEntry{e, "the run that queued it is still sending it"})
		}
	}
	sp := NewSpoolWith(SpoolConfig{Connections: opts.Connections, Dir: d, Sandbox: opts.Sandbox,
		RetryBase: opts.RetryBase, RetryMax: opts.RetryMax})
	n, err := sp.AdoptFunc(func(e *SpoolEntry) (Settings, bool) {
		switch {
		case e.Sandbox && !opts.Sandbox:
			res.Skipped = append(res.Skipped, SkippedEntry{*e, "queued by a run on the sandbox: only a sandbox run sends it (or drop it)"})
			return Settings{}, false
		case e.Server.Auth != "" && opts.Secret == "":
			res.Skipped = append(res.Skipped, SkippedEntry{*e, fmt.Sprintf("its session logged in as %q: give the %s in the environment variable named by --password-env (WL_SPOOL_PASSWORD by default)", e.Server.User, e.Server.Auth)})
			return Settings{}, false
		}
		st := e.Settings(opts.Secret)
		st.RootCAs, st.Transport = opts.RootCAs, opts.Transport
		if opts.Timeout > 0 {
			st.Timeout = opts.Timeout
		}
		return st, true
	})
	res.Undelivered = sp.Drain(ctx)
	res.Delivered = n - len(res.Undelivered)
	if err != nil {
		return res, err
	}
	left, err := d.list(d.path, false, true)
	if err != nil {
		return res, err
	}
	res.Queued = len(left)
	return res, nil
}
