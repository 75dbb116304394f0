package mailrt

import (
	"context"
	"fmt"
	"sync"
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
	Err    error
}

type spoolJob struct {
	id       int64
	settings Settings
	msg      *Message
	raw      []byte
	from     string
	rcpts    []string
}

// Spool sends messages in the background over a bounded number of SMTP connections.
// Messages wait in an unbounded queue: Submit never drops one. Each worker keeps one open
// session per server and login, reopened after a failure.
type Spool struct {
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []*spoolJob
	jobs    map[int64]*Job
	nextID  int64
	closed  bool
	pending int
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
}

// NewSpool starts a spool with the given number of connections (at least 1).
func NewSpool(connections int) *Spool {
	if connections < 1 {
		connections = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Spool{jobs: map[int64]*Job{}, ctx: ctx, cancel: cancel}
	s.cond = sync.NewCond(&s.mu)
	for i := 0; i < connections; i++ {
		s.wg.Add(1)
		go s.worker()
	}
	return s
}

// Submit queues a message for sending with the session settings and returns its id.
func (s *Spool) Submit(settings Settings, m *Message) (int64, error) {
	raw, err := Build(m)
	if err != nil {
		return 0, err
	}
	if len(m.Recipients()) == 0 {
		return 0, &Error{Op: "SMTP send", Kind: KindMessage, Text: "the message has no recipient"}
	}
	if e := checkSubmit(settings, m.From.Address, m.Recipients()); e != nil {
		return 0, e
	}
	return s.submit(&spoolJob{settings: settings, msg: m, raw: raw, from: m.From.Address, rcpts: m.Recipients()})
}

// SubmitRaw queues raw bytes for the recipients. Settings or envelope addresses that
// DialSMTP or SendRaw would refuse (KindInvalidValue) are refused now, not queued.
func (s *Spool) SubmitRaw(settings Settings, from string, rcpts []string, raw []byte) (int64, error) {
	if e := checkSubmit(settings, from, rcpts); e != nil {
		return 0, e
	}
	return s.submit(&spoolJob{settings: settings, raw: raw, from: from, rcpts: rcpts})
}

// checkSubmit refuses now what DialSMTP or SendRaw would refuse before sending anything.
func checkSubmit(settings Settings, from string, rcpts []string) *Error {
	if e := settings.check(SMTP); e != nil {
		return e
	}
	return checkEnvelope(from, rcpts)
}

func (s *Spool) submit(j *spoolJob) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, &Error{Op: "spool", Kind: KindOther, Text: "the spool is closed"}
	}
	s.nextID++
	j.id = s.nextID
	s.jobs[j.id] = &Job{ID: j.id, State: StateQueued}
	s.queue = append(s.queue, j)
	s.pending++
	s.cond.Signal()
	return j.id, nil
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

func (s *Spool) next() *spoolJob {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.queue) == 0 && !s.closed {
		s.cond.Wait()
	}
	if len(s.queue) == 0 {
		return nil
	}
	j := s.queue[0]
	s.queue = s.queue[1:]
	s.jobs[j.id].State = StateSending
	return j
}

func (s *Spool) finish(j *spoolJob, res *SendResult, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.jobs[j.id]
	st.Result, st.Err = res, err
	if err != nil && (res == nil || len(res.Accepted) == 0) {
		st.State = StateFailed
	} else {
		st.State = StateSent
	}
	s.pending--
	s.cond.Broadcast()
}

func sessionKey(st Settings) string {
	return fmt.Sprintf("%s|%d|%s|%d", st.Host, st.Port, st.User, st.Security)
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
		key := sessionKey(j.settings)
		c := clients[key]
		var err error
		if c == nil {
			c, err = DialSMTP(s.ctx, j.settings)
			if err != nil {
				s.finish(j, nil, err)
				continue
			}
			clients[key] = c
		}
		res, err := c.SendRaw(s.ctx, j.from, j.rcpts, j.raw)
		if err != nil && (res == nil || len(res.Accepted) == 0) {
			// The session may be broken: open a new one next time. A message refused for
			// its recipients is not retried; one lost to the connection is, once.
			c.c.Close()
			delete(clients, key)
			if e, ok := err.(*Error); ok && e.Kind != KindRecipient && e.Kind != KindMessage && e.Code < 500 {
				if c2, err2 := DialSMTP(s.ctx, j.settings); err2 == nil {
					clients[key] = c2
					res, err = c2.SendRaw(s.ctx, j.from, j.rcpts, j.raw)
				}
			}
		}
		s.finish(j, res, err)
	}
}

// Pending is the number of messages not yet sent or failed.
func (s *Spool) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending
}

// Drain waits until every queued message is sent or has failed, then stops the workers, and
// returns the failed ones. If ctx ends first, the messages still queued are marked failed
// (never silently dropped) and returned too.
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
	for _, j := range s.queue {
		st := s.jobs[j.id]
		st.State, st.Err = StateFailed, &Error{Op: "SMTP send", Kind: KindCanceled, Text: "not sent: the program stopped before the message left the spool"}
		s.pending--
	}
	s.queue = nil
	s.cond.Broadcast()
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	var failed []Job
	for id := int64(1); id <= s.nextID; id++ {
		if j := s.jobs[id]; j != nil && j.State == StateFailed {
			failed = append(failed, *j)
		}
	}
	return failed
}
