package builtins

import (
	"strconv"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// sentMail is a message EmailEnvoieMessage sent or queued, as EmailEtat follows it: its
// spool job when the session is asynchronous, else the outcome of the synchronous send.
type sentMail struct {
	job  int64 // the spool's id; 0 for a synchronous send
	err  error // a synchronous send's refused recipients
	sync bool
}

// track records a message sent (job 0: synchronously, with err the refused recipients)
// under a new IdentifiantMail, and under its Message-ID.
func (st *mailState) track(m *emailMessage, job int64, err error) {
	st.nextMail++
	m.mailID = strconv.FormatInt(st.nextMail, 10)
	e := &sentMail{job: job, err: err, sync: job == 0}
	st.sent[m.mailID] = e
	if m.id != "" {
		st.sent[m.id] = e
	}
}

// spoolJobState reads the state of a spool job. It is the one place EmailEtat reads the
// spool, so that a spool of another kind (a durable one, with retries) plugs in here.
func (st *mailState) spoolJobState(job int64) (mailrt.State, error, bool) {
	if st.spool == nil {
		return mailrt.StateUnknown, nil, false
	}
	j, ok := st.spool.Status(job)
	if !ok {
		return mailrt.StateUnknown, nil, false
	}
	return j.State, j.Err, true
}

// statusFunc is EmailEtat / EmailStatus(<Email, its IdentifiantMail or its ID>): the state
// of a message sent, one of the three PC SOFT documents:
//
//   - emailEnAttente while an asynchronous message waits in the queue or is being
//     transmitted;
//   - emailEnvoyé once the server accepted it (a synchronous send that returned Vrai is
//     emailEnvoyé at once); when the server refused some of its recipients only,
//     ErreurDétectée is Vrai and ErreurInfo names them;
//   - emailErreur when it could not be sent: ErreurInfo gives the server's reply. A
//     message that was never sent (an unknown identifier) is emailErreur too, with
//     ErreurInfo saying so.
//
// A polling loop ends: every message reaches emailEnvoyé or emailErreur, the spool
// giving up on a message it cannot send.
func (b *emailBinding) statusFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	key := args[0].String()
	if m, ok := args[0].Object().(*emailMessage); ok {
		key = m.mailID
		if key == "" {
			key = m.id
		}
	}
	e := st.sent[key]
	if e == nil {
		failf(th, "EmailEtat: no message %q was sent by this program", key)
		return interp.Int(emailStatusError), nil
	}
	if e.sync {
		if e.err != nil {
			fail(th, e.err)
		}
		return interp.Int(emailStatusSent), nil
	}
	state, err, ok := st.spoolJobState(e.job)
	switch {
	case !ok:
		failf(th, "EmailEtat: the message %q is no longer in the queue", key)
		return interp.Int(emailStatusError), nil
	case state == mailrt.StateQueued, state == mailrt.StateSending:
		return interp.Int(emailStatusPending), nil
	case state == mailrt.StateSent:
		if err != nil { // sent, but some recipients refused
			fail(th, err)
		}
		return interp.Int(emailStatusSent), nil
	}
	if err == nil {
		err = &mailrt.Error{Op: "SMTP send", Kind: mailrt.KindOther, Text: "the message was not sent"}
	}
	fail(th, err)
	return interp.Int(emailStatusError), nil
}
