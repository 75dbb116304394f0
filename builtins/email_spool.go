package builtins

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// SpoolConfig is where a run's asynchronous sending keeps its messages.
type SpoolConfig struct {
	// Dir, when set, keeps every message sent asynchronously on disk until a server takes it
	// (see mailrt.SpoolDir): EmailEnvoieMessage returns Vrai only once it is written there.
	// A session opened to the same server and user also sends what earlier runs left in it.
	// Empty keeps the messages in memory.
	Dir string
	// Sync is how messages are written and forced to the disk (mailrt.SyncJournal by default).
	Sync mailrt.SyncMode
	// Sandbox marks the messages as the sandbox's: only a sandbox run takes them over.
	Sandbox bool
	// Temporary tells that Dir is thrown away after the run (the sandbox's own): reports do
	// not send the user to it.
	Temporary bool
	// OnUndelivered, when set, receives at the end of the run the messages sent
	// asynchronously that did not reach their server (after they are reported on standard
	// error): refused for good, or still queued.
	OnUndelivered func([]mailrt.Job)
}

// spoolFor returns the run's spool, starting it (and opening its directory) on first use.
func (st *mailState) spoolFor() (*mailrt.Spool, error) {
	if st.spool != nil {
		return st.spool, nil
	}
	n := st.cfg.SpoolConnections
	if n <= 0 {
		n = 4
	}
	cfg := mailrt.SpoolConfig{Connections: n, Sandbox: st.cfg.Spool.Sandbox}
	if st.cfg.Spool.Dir != "" {
		d, err := mailrt.OpenSpoolDir(st.cfg.Spool.Dir, st.cfg.Spool.Sync)
		if err != nil {
			return nil, err
		}
		st.spoolDir, cfg.Dir = d, d
	}
	st.spool = mailrt.NewSpoolWith(cfg)
	return st.spool, nil
}

// catchUp sends, through the run's spool, the messages earlier runs left in the spool
// directory for the server and user of a session just opened (a crashed job catches up on
// its next run), and says so on standard error.
func (st *mailState) catchUp(th *interp.Thread, settings mailrt.Settings) {
	dir := st.cfg.Spool.Dir
	if dir == "" {
		return
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return // no spool yet: nothing was left
	}
	sp, err := st.spoolFor()
	if err != nil {
		fmt.Fprintf(th.Stderr(), "wl: %v\n", err)
		return
	}
	n, err := sp.Adopt(settings)
	if err != nil {
		fmt.Fprintf(th.Stderr(), "wl: %v\n", err)
	}
	if n > 0 {
		fmt.Fprintf(th.Stderr(), "wl: sending %d message(s) that an earlier run left in the spool %s for %s on %s\n",
			n, dir, settings.User, settings.Addr(mailrt.SMTP))
	}
}

// reportUndelivered prints one line per message that did not reach its server: Message-ID,
// recipients, subject and last error.
func (st *mailState) reportUndelivered(th *interp.Thread, jobs []mailrt.Job) {
	kept := 0
	for _, j := range jobs {
		what := "not delivered"
		switch {
		case j.Refused && j.Entry != "" && !st.cfg.Spool.Temporary:
			what = "refused (kept in " + filepath.Join(st.cfg.Spool.Dir, "failed") + ")"
		case j.Refused:
			what = "refused"
		case j.Kept:
			kept++
		}
		fmt.Fprintf(th.Stderr(), "wl: %s: <%s> to %s %q: %v\n", what, j.MessageID, strings.Join(j.Recipients, ", "), j.Subject, j.Err)
	}
	if kept > 0 && !st.cfg.Spool.Temporary {
		fmt.Fprintf(th.Stderr(), "wl: %d message(s) kept in the spool %s: \"wl spool flush\" sends them\n", kept, st.cfg.Spool.Dir)
	}
	if len(jobs) > 0 && st.cfg.Spool.OnUndelivered != nil {
		st.cfg.Spool.OnUndelivered(jobs)
	}
}
