package mailrt

import "io"

// ProgressFunc is told how the transfer of a message goes: done bytes of total (total is 0
// when the size is not known in advance). It is called in the goroutine that sends or reads,
// after each step of progressStep bytes and once at the end.
type ProgressFunc func(done, total int64)

// progressStep is how many bytes go between two reports of a ProgressFunc.
const progressStep = 64 << 10

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
		p(int64(done), total)
	}
	if total == 0 {
		p(0, 0)
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
}

func (pr *progressReader) Read(b []byte) (int, error) {
	if len(b) > progressStep {
		b = b[:progressStep] // so that a large read still reports each step
	}
	n, err := pr.r.Read(b)
	pr.done += int64(n)
	end := err == io.EOF || (pr.total > 0 && pr.done >= pr.total)
	switch {
	case end && !pr.reportedDone:
		pr.reportedDone = true
		pr.last = pr.done
		pr.p(pr.done, pr.total)
	case !end && pr.done-pr.last >= progressStep:
		pr.last = pr.done
		pr.p(pr.done, pr.total)
	}
	return n, err
}
