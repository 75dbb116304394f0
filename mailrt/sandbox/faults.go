package sandbox

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"time"
)

// Faults make the sandbox misbehave on purpose, so that email clients' error and timeout
// paths can be tested against a real protocol peer.
type Faults struct {
	// RejectRecipients are addresses refused at RCPT TO with 550 (case-insensitive).
	RejectRecipients []string
	// RefuseAuth makes every SMTP, POP3 and IMAP authentication fail (SMTP answers 535).
	RefuseAuth bool
	// DropDuringData closes the SMTP connection in the middle of DATA: nothing is stored.
	DropDuringData bool
	// ReplyDelay is waited before each reply of every protocol (a slow server).
	ReplyDelay time.Duration
	// RefuseStartTLS stops offering STARTTLS/STLS on the plain ports: a client that asks
	// gets an error (502 on SMTP, -ERR on POP3, NO on IMAP).
	RefuseStartTLS bool
	// DataReplyDelay is waited after a message is stored and before the reply to its DATA:
	// a client stopped in that window has its message delivered without knowing it (the case
	// of a crash before the 250).
	DataReplyDelay time.Duration
}

// UnmarshalJSON reads faults as test cases write them: the field names of Faults, with
// ReplyDelay a Go duration ("1.5s"); an unknown field is an error.
func (f *Faults) UnmarshalJSON(b []byte) error {
	var j struct {
		RejectRecipients []string
		RefuseAuth       bool
		DropDuringData   bool
		ReplyDelay       string
		RefuseStartTLS   bool
		DataReplyDelay   string
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return err
	}
	*f = Faults{RejectRecipients: j.RejectRecipients, RefuseAuth: j.RefuseAuth,
		DropDuringData: j.DropDuringData, RefuseStartTLS: j.RefuseStartTLS}
	for _, d := range []struct {
		s string
		d *time.Duration
	}{{j.ReplyDelay, &f.ReplyDelay}, {j.DataReplyDelay, &f.DataReplyDelay}} {
		if d.s == "" {
			continue
		}
		v, err := time.ParseDuration(d.s)
		if err != nil {
			return err
		}
		*d.d = v
	}
	return nil
}

// faultBox holds the current faults, changed at any time by SetFaults.
type faultBox struct {
	mu sync.RWMutex
	f  Faults
}

func (b *faultBox) get() Faults {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.f
}

func (b *faultBox) set(f Faults) {
	f.RejectRecipients = append([]string(nil), f.RejectRecipients...)
	b.mu.Lock()
	b.f = f
	b.mu.Unlock()
}

func (f Faults) rejects(addr string) bool {
	for _, r := range f.RejectRecipients {
		if strings.EqualFold(strings.TrimSpace(r), bareAddress(addr)) {
			return true
		}
	}
	return false
}

// afterData waits the DataReplyDelay, if any, or until done is closed.
func (f Faults) afterData(done <-chan struct{}) {
	Faults{ReplyDelay: f.DataReplyDelay}.delay(done)
}

// delay waits the reply delay, if any, or until done is closed (the server stops).
func (f Faults) delay(done <-chan struct{}) {
	if f.ReplyDelay > 0 {
		t := time.NewTimer(f.ReplyDelay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-done:
		}
	}
}
