package mailrt

import (
	"errors"
	"io"
)

// ProgressFunc is told how the transfer of a message goes: done bytes of total (total is 0
// when the size is not known in advance). It is called in the goroutine that sends or reads,
// after each step of progressStep bytes and once at the end. A non-nil error stops the
// transfer: the connection is closed at once (a message being sent is not delivered, the
// end of a message being read is not waited for) and the client's call returns an *Error
// of kind KindCanceled whose chain holds that error.
type ProgressFunc func(done, total int64) error

// progressStep is how many bytes go between two reports of a ProgressFunc.
const progressStep = 64 << 10

// progressStop wraps the error a ProgressFunc returned, to tell it from a failure of the
// connection.
type progressStop struct{ err error }

func (e *progressStop) Error() string { return "transfer stopped: " + e.err.Error() }
func (e *progressStop) Unwrap() error { return e.err }

// stopped tells whether err is a transfer a ProgressFunc stopped.
func stopped(err error) bool {
	var ps *progressStop
	return errors.As(err, &ps)
}

// report calls p and wraps its error.
func report(p ProgressFunc, done, total int64) error {
	if err := p(done, total); err != nil {
		return &progressStop{err}
	}
	return nil
}

// writeProgress writes raw to w in steps, reporting each to p (nil: one write).
func writeProgress(w io.Writer, raw []byte, p ProgressFunc) error {
	if p == nil {
		_, err := w.Write(raw)
		return err
	}
	total := int64(len(raw))
	for done := 0; done < len(raw); {
		n := min(progressStep, len(raw)-done)
		if _, err := w.Write(raw[done : done+n]); err != nil {
			return err
		}
		done += n
		if err := report(p, int64(done), total); err != nil {
			return err
		}
	}
	if total == 0 {
		return report(p, 0, 0)
	}
	return nil
}

// progressReader reports to p the bytes read through it, every progressStep bytes and once
// at the end (EOF, or total bytes read).
type progressReader struct {
	r            io.Reader
	p            ProgressFunc
	done, total  int64
	last         int64
	reportedDone bool
	// stop is the error the ProgressFunc returned: io.ReadFull drops an error that comes
	// with the last bytes, so the reader keeps it for its caller to check.
	stop error
}

func (pr *progressReader) Read(b []byte) (int, error) {
	if len(b) > progressStep {
		b = b[:progressStep] // so that a large read still reports each step
	}
	return pr.count(pr.r.Read(b))
}

// count takes the result of a read of n bytes through pr: it counts them and reports the
// step or the end they reach; a ProgressFunc's error is kept in stop and returned.
func (pr *progressReader) count(n int, err error) (int, error) {
	pr.done += int64(n)
	end := err == io.EOF || (pr.total > 0 && pr.done >= pr.total)
	switch {
	case end && !pr.reportedDone:
		pr.reportedDone = true
		pr.last = pr.done
		if perr := report(pr.p, pr.done, pr.total); perr != nil {
			pr.stop = perr
			return n, perr
		}
	case !end && pr.done-pr.last >= progressStep:
		pr.last = pr.done
		if perr := report(pr.p, pr.done, pr.total); perr != nil {
			pr.stop = perr
			return n, perr
		}
	}
	return n, err
}

// skip counts n bytes read ahead of pr, without reading them, as reads of progressStep
// bytes at most that each got what they asked (what io.ReadFull does through Read): the
// same reports, the same stop. It ends at a ProgressFunc's error, kept in stop.
func (pr *progressReader) skip(n int) {
	for n > 0 && pr.stop == nil {
		k := min(n, progressStep)
		n -= k
		pr.count(k, nil)
	}
}
