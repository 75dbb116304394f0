package mailrt

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// State is the state of a message handed to a Spool.
type State int

// States of a spooled message.
const (
	StateUnknown State = iota
	StateQueued
	StateSending
	StateSent
	StateFailed
)

func (s State) String() string {
	return [...]string{"unknown", "queued", "sending", "sent", "failed"}[s]
}

// Job is the state of a spooled message.
type Job struct {
	ID     int64
	State  State
	Result *SendResult
	// Err is the last error: the server's refusal of a failed message, the last transient
	// error of one still queued.
	Err error
	// MessageID, Recipients and Subject identify the message in reports.
	MessageID  string
	Recipients []string
	Subject    string
	// Attempts counts the tries that failed.
	Attempts int
	// Entry is the message's ID in the spool directory ("" without one).
	Entry string
	// Kept tells that a message not sent when the spool was drained is still in the spool
	// directory, for a later run or a flush. A message the server refused for good (State
	// failed, Kept false) is in its failed/ folder.
	Kept bool
	// Refused tells that the server refused the message for good (a 5xx reply).
	Refused bool
	// Adopted marks a message an earlier run left in the spool directory.
	Adopted bool
}

type spoolJob struct {
	id        int64
	settings  Settings
	raw       []byte
	from      string
	rcpts     []string
	key       string
	notBefore time.Time
}

// SpoolConfig configures a Spool.
type SpoolConfig struct {
	// Connections bounds the SMTP connections (default 1).
	Connections int
	// Dir, when set, keeps every message on disk until the server takes it: Submit returns
	// once the message is written there (see SyncMode). The Spool does not close it.
	Dir *SpoolDir
	// Sandbox marks the messages written to Dir as sent to the embedded sandbox (only a
	// sandbox run takes them over).
	Sandbox bool
	// RetryBase and RetryMax bound the wait before retrying after a transient failure:
	// RetryBase doubled at each failure up to RetryMax, with jitter (defaults 250 ms, 30 s).
	RetryBase, RetryMax time.Duration
}

// Spool sends messages in the background over a bounded number of SMTP connections.
// Messages wait in an unbounded queue: Submit never drops one. Each worker keeps one open
// session per server and login, reopened after a failure. A transient failure (a 4xx reply,
// a lost connection, a timeout, a server that cannot be reached) is retried with exponential
// backoff and jitter until Drain ends; a 5xx reply to MAIL FROM, RCPT TO or DATA fails the
// message for good.
type Spool struct {
	cfg     SpoolConfig
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []*spoolJob
	jobs    map[int64]*Job
	nextID  int64
	closed  bool
	pending int
	// keyWait holds back a server after a connection failure: no worker tries it before
	// then. keyFails counts its consecutive failures.
	keyWait  map[string]time.Time
	keyFails map[string]int
	timer    *time.Timer
	// adopted are the spool entries already taken over.
	adopted map[string]bool
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
}

// NewSpool starts an in-memory spool with the given number of connections (at least 1).
func NewSpool(connections int) *Spool { return NewSpoolWith(SpoolConfig{Connections: connections}) }

// NewSpoolWith starts a spool.
func NewSpoolWith(cfg SpoolConfig) *Spool {
	if cfg.Connections < 1 {
		cfg.Connections = 1
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = 250 * time.Millisecond
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = 30 * time.Second
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Spool{cfg: cfg, jobs: map[int64]*Job{}, keyWait: map[string]time.Time{}, keyFails: map[string]int{},
		adopted: map[string]bool{}, ctx: ctx, cancel: cancel}
	s.cond = sync.NewCond(&s.mu)
	for i := 0; i < cfg.Connections; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	return s
}

// Dir is the spool directory (nil for an in-memory spool).
func (s *Spool) Dir() *SpoolDir { return s.cfg.Dir }

// Submit queues a message for sending with the session settings and returns its id.
func (s *Spool) Submit(settings Settings, m *Message) (int64, error) {
	raw, err := Build(m)
	if err != nil {
		return 0, err
	}
	if len(m.Recipients()) == 0 {
		return 0, &Error{Op: "SMTP send", Kind: KindMessage, Text: "the message has no recipient"}
	}
	return s.SubmitRaw(settings, m.From.Address, m.Recipients(), raw)
}

// SubmitRaw queues raw bytes for the recipients. A message without a Message-ID gets one
// now, so that a message sent twice (a crash between the server's acceptance and its record)
// is recognisable. Settings or envelope addresses that DialSMTP or SendRaw would refuse
// (KindInvalidValue) are refused now, not queued. With a spool directory, SubmitRaw returns once the message is written
// there, or an error (KindSpool) and the message is not queued.
func (s *Spool) SubmitRaw(settings Settings, from string, rcpts []string, raw []byte) (int64, error) {
	if e := checkSubmit(settings, from, rcpts); e != nil {
		return 0, e
	}
	raw, msgID, subject := withMessageID(raw, from)
	job := Job{State: StateQueued, MessageID: msgID, Recipients: append([]string(nil), rcpts...), Subject: subject}
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		return 0, &Error{Op: "spool", Kind: KindOther, Text: "the spool is closed"}
	}
	if s.cfg.Dir != nil {
		e := &SpoolEntry{MessageID: msgID, From: from, To: job.Recipients, Subject: subject,
			Server: spoolServer(settings), Sandbox: s.cfg.Sandbox}
		if err := s.cfg.Dir.Put(e, raw); err != nil {
			return 0, err
		}
		job.Entry = e.ID
	}
	id, err := s.submit(&spoolJob{settings: settings, raw: raw, from: from, rcpts: rcpts}, job)
	if err != nil && job.Entry != "" {
		s.cfg.Dir.remove(job.Entry, false) // refused: it must not be sent later either
	}
	return id, err
}

// checkSubmit refuses now what DialSMTP or SendRaw would refuse before sending anything.
func checkSubmit(settings Settings, from string, rcpts []string) *Error {
	if e := settings.check(SMTP); e != nil {
		return e
	}
	return checkEnvelope(from, rcpts)
}

func (s *Spool) submit(j *spoolJob, job Job) (int64, error) {
	j.key = sessionKey(j.settings)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, &Error{Op: "spool", Kind: KindOther, Text: "the spool is closed"}
	}
	s.nextID++
	j.id = s.nextID
	job.ID = j.id
	s.jobs[j.id] = &job
	s.queue = append(s.queue, j)
	s.pending++
	s.cond.Signal()
	return j.id, nil
}

// Adopt queues the messages that earlier runs left in the spool directory for the server and
// login of settings (same host, port, TLS mode and user name; sandbox messages only for a
// sandbox spool), to be sent with settings (its password or token). It returns how many it
// took.
func (s *Spool) Adopt(settings Settings) (int, error) {
	return s.AdoptFunc(func(e *SpoolEntry) (Settings, bool) {
		return settings, e.Sandbox == s.cfg.Sandbox && e.matches(settings)
	})
}

// AdoptFunc queues the leftover messages of the spool directory (those whose run is gone)
// for which settings says yes, each sent with the settings it returns.
func (s *Spool) AdoptFunc(settings func(*SpoolEntry) (Settings, bool)) (int, error) {
	if s.cfg.Dir == nil {
		return 0, nil
	}
	var picked []Settings
	es, raws, err := s.cfg.Dir.leftovers(func(e *SpoolEntry) bool {
		s.mu.Lock()
		seen := s.adopted[e.ID]
		s.mu.Unlock()
		if seen {
			return false
		}
		st, ok := settings(e)
		if ok {
			picked = append(picked, st)
		}
		return ok
	})
	if err != nil {
		return 0, err
	}
	n := 0
	for i, e := range es {
		s.mu.Lock()
		s.adopted[e.ID] = true
		s.mu.Unlock()
		job := Job{State: StateQueued, MessageID: e.MessageID, Recipients: e.To, Subject: e.Subject,
			Attempts: e.Attempts, Entry: e.ID, Adopted: true}
		if e.LastError != "" {
			job.Err = &Error{Op: "SMTP send", Kind: KindOther, Text: e.LastError}
		}
		if _, err := s.submit(&spoolJob{settings: picked[i], raw: raws[i], from: e.From, rcpts: e.To}, job); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Status returns a message's state.
func (s *Spool) Status(id int64) (Job, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok {
		return Job{}, false
	}
	return *j, true
}

// next waits for a job ready to be tried (its retry time and its server's have come), or
// returns nil when the spool is closed.
func (s *Spool) next() *spoolJob {
	s.mu.Lock()
	defer s.mu.Unlock()
	for !s.closed {
		now := time.Now()
		var wake time.Time
		for i, j := range s.queue {
			at := j.notBefore
			if w := s.keyWait[j.key]; w.After(at) {
				at = w
			}
			if !at.After(now) {
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				s.jobs[j.id].State = StateSending
				return j
			}
			if wake.IsZero() || at.Before(wake) {
				wake = at
			}
		}
		if !wake.IsZero() && s.timer == nil {
			s.timer = time.AfterFunc(time.Until(wake), func() {
				s.mu.Lock()
				s.timer = nil
				s.cond.Broadcast()
				s.mu.Unlock()
			})
		}
		s.cond.Wait()
	}
	return nil
}

// finish records a job's final state.
func (s *Spool) finish(j *spoolJob, state State, res *SendResult, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.jobs[j.id]
	st.State, st.Result, st.Err = state, res, err
	s.pending--
	s.cond.Broadcast()
}

// refuse records a message the server refused for good.
func (s *Spool) refuse(j *spoolJob, res *SendResult, err error) {
	s.mu.Lock()
	s.jobs[j.id].Refused = true
	s.mu.Unlock()
	s.finish(j, StateFailed, res, err)
}

// retry puts a job back in the queue after a transient failure (counted when err is set);
// a connection failure holds back every message of the server.
func (s *Spool) retry(j *spoolJob, err error, serverDown bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.jobs[j.id]
	st.State = StateQueued
	n := 1
	if err != nil {
		st.Attempts++
		st.Err = err
		n = st.Attempts
	}
	if serverDown {
		s.keyFails[j.key]++
		s.keyWait[j.key] = time.Now().Add(s.backoff(s.keyFails[j.key]))
	}
	j.notBefore = time.Now().Add(s.backoff(n))
	s.queue = append(s.queue, j)
	s.cond.Broadcast()
}

// backoff is the wait before the nth retry: RetryBase doubled n-1 times, at most RetryMax,
// between half of it and all of it (jitter spreads the retries of many messages).
func (s *Spool) backoff(n int) time.Duration {
	d := s.cfg.RetryBase
	for i := 1; i < n && d < s.cfg.RetryMax; i++ {
		d *= 2
	}
	d = min(d, s.cfg.RetryMax)
	return d/2 + rand.N(d/2+1)
}

func (s *Spool) serverUp(key string) {
	s.mu.Lock()
	delete(s.keyFails, key)
	delete(s.keyWait, key)
	s.mu.Unlock()
}

func sessionKey(st Settings) string {
	return fmt.Sprintf("%s|%d|%s|%d", st.Host, st.Port, st.User, st.Security)
}

// permanent tells whether a sending error is the server's final refusal of the message: a
// 5xx reply to MAIL FROM, RCPT TO or DATA, or a message that cannot be sent at all.
func permanent(err error) bool {
	e, ok := err.(*Error)
	if !ok {
		return false
	}
	return e.Kind == KindMessage || (e.Code >= 500 && e.Code < 600)
}

func (s *Spool) worker() {
	defer s.wg.Done()
	clients := map[string]*SMTPClient{}
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	for {
		j := s.next()
		if j == nil {
			return
		}
		s.attempt(j, clients)
	}
}

// attempt tries to send a job once, under its entry's lock.
func (s *Spool) attempt(j *spoolJob, clients map[string]*SMTPClient) {
	job := s.jobs0(j.id)
	entry, dir := job.Entry, s.cfg.Dir
	// A message this spool wrote is its own while it runs (no other process takes the
	// messages of a live owner); one taken over from a dead run is locked while being sent.
	if dir != nil && entry != "" && job.Adopted {
		release, st, err := dir.lock(entry)
		switch {
		case st == lockGone:
			// Another process took it (a flush, a run catching up) and finished it.
			if reply, failed := dir.isFailed(entry); failed {
				s.refuse(j, nil, &Error{Op: "SMTP send", Kind: KindServer, Text: reply})
			} else {
				s.finish(j, StateSent, nil, nil)
			}
			return
		case st == lockBusy || err != nil:
			s.retry(j, nil, false)
			return
		}
		defer release()
	}
	c := clients[j.key]
	if c == nil {
		var err error
		c, err = DialSMTP(s.ctx, j.settings)
		if err != nil {
			s.transient(j, entry, err, true)
			return
		}
		clients[j.key] = c
	}
	res, err := c.SendRaw(s.ctx, j.from, j.rcpts, j.raw)
	switch {
	case err == nil || (res != nil && len(res.Accepted) > 0):
		s.serverUp(j.key)
		if dir != nil && entry != "" {
			dir.remove(entry, job.Adopted || s.jobs0(j.id).Attempts > 0)
		}
		s.finish(j, StateSent, res, err)
	case s.ctx.Err() != nil:
		c.c.Close()
		delete(clients, j.key)
		s.retry(j, nil, false)
	case permanent(err):
		if KindOf(err) != KindRecipient {
			c.c.Close()
			delete(clients, j.key)
		}
		if dir != nil && entry != "" {
			if ferr := dir.fail(entry, s.jobs0(j.id).Attempts+1, err.Error()); ferr != nil {
				err = fmt.Errorf("%w (and it could not be moved to the failed folder: %v)", err, ferr)
			}
		}
		s.refuse(j, res, err)
	default:
		// The session may be broken: open a new one next time.
		c.c.Close()
		delete(clients, j.key)
		s.transient(j, entry, err, false)
	}
}

// transient records a failure that a later attempt may not have.
func (s *Spool) transient(j *spoolJob, entry string, err error, dialing bool) {
	if s.ctx.Err() != nil {
		s.retry(j, nil, false)
		return
	}
	k := KindOf(err)
	s.retry(j, err, dialing || (k != KindServer && k != KindRecipient))
	if s.cfg.Dir != nil && entry != "" {
		s.cfg.Dir.recordAttempt(entry, s.jobs0(j.id).Attempts, err.Error())
	}
}

func (s *Spool) jobs0(id int64) Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.jobs[id]
}

// Pending is the number of messages not yet sent or failed.
func (s *Spool) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending
}

// Drain waits until every queued message is sent or has failed, then stops the workers, and
// returns the messages not delivered, in the order they were submitted: those the server
// refused (in the spool directory's failed/ folder) and those still queued when ctx ended,
// which are marked failed here with their last error, or one saying the run ended before they
// were tried (never silently dropped), and stay in the spool directory (Kept).
func (s *Spool) Drain(ctx context.Context) []Job {
	done := make(chan struct{})
	go func() {
		s.mu.Lock()
		for s.pending > 0 && ctx.Err() == nil {
			s.cond.Wait()
		}
		s.mu.Unlock()
		close(done)
	}()
	stop := context.AfterFunc(ctx, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	<-done
	stop()
	s.mu.Lock()
	s.closed = true
	if s.timer != nil {
		s.timer.Stop()
	}
	s.cond.Broadcast()
	s.mu.Unlock()
	// Messages being sent are interrupted: they stay queued.
	s.cancel()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, j := range s.queue {
		st := s.jobs[j.id]
		st.State = StateFailed
		st.Kept = st.Entry != ""
		if st.Err == nil {
			st.Err = &Error{Op: "SMTP send", Kind: KindCanceled, Text: "not sent: the run ended before the message left the spool"}
		}
		s.pending--
	}
	s.queue = nil
	var failed []Job
	for id := int64(1); id <= s.nextID; id++ {
		if j := s.jobs[id]; j != nil && j.State == StateFailed {
			failed = append(failed, *j)
		}
	}
	return failed
}
