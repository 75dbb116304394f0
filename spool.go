package wl

import (
	"context"
	"fmt"
	"strings"

	"github.com/wl-lang/wl/mailrt"
)

// UndeliveredError is returned by Program.Run when the script ended normally but messages it
// sent asynchronously did not reach their server: refused for good (Job.Refused; with
// MailSettings.SpoolDir they are in its failed/ folder), or still queued when the end of the
// run stopped waiting (Job.Kept: they stay in the spool for a later run or FlushSpool). They
// were also reported on RunOptions.Stderr, one line each.
type UndeliveredError struct {
	Messages []mailrt.Job
}

func (e *UndeliveredError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d asynchronous message(s) not delivered", len(e.Messages))
	if len(e.Messages) > 0 {
		j := e.Messages[0]
		fmt.Fprintf(&b, ": <%s> to %s: %v", j.MessageID, strings.Join(j.Recipients, ", "), j.Err)
		if len(e.Messages) > 1 {
			b.WriteString(", ...")
		}
	}
	return b.String()
}

// ListSpool lists the messages of a spool directory (MailSettings.SpoolDir, wl run --spool):
// the queued ones, then those the server refused (Failed).
func ListSpool(dir string) ([]mailrt.SpoolEntry, error) {
	d, err := mailrt.OpenSpoolDir(dir, mailrt.SyncEach)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.List()
}

// FlushSpool sends the messages queued in a spool directory by runs that are over, retrying
// transient failures until ctx ends, as `wl spool flush` does. The spool holds no password
// or token: opts.Secret gives the one of the messages whose session logged in (messages
// without it are skipped). It reports what was sent, refused and left.
func FlushSpool(ctx context.Context, dir string, opts mailrt.FlushOptions) (*mailrt.FlushResult, error) {
	d, err := mailrt.OpenSpoolDir(dir, mailrt.SyncEach)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Flush(ctx, opts)
}

// DropSpool removes messages from a spool directory by their ID or Message-ID (queued ones
// that no running run is sending, or failed records) and returns the IDs removed.
func DropSpool(dir string, names ...string) ([]string, error) {
	d, err := mailrt.OpenSpoolDir(dir, mailrt.SyncEach)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Drop(names...)
}
