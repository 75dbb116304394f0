package realmail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Mailbox is a Maildir: Dovecot writes each message to tmp/, renames it into new/ and moves
// it to cur/ once a client has seen it. Only new/ and cur/ hold complete messages.
type Mailbox struct {
	// Dir is the Maildir's root, the folder that holds new/, cur/ and tmp/.
	Dir string
}

// Message is one delivered message.
type Message struct {
	// Name is the Maildir unique name: the file name without the ":2,FLAGS" suffix that
	// cur/ adds, so a message keeps its Name when it moves from new/ to cur/.
	Name string
	// Path is where the file was when it was read.
	Path string
	// ModTime is the file's modification time, about when it was delivered.
	ModTime time.Time
	// Data is the whole message as stored, with the headers Postfix and Dovecot added
	// (Return-Path, Delivered-To, Received).
	Data []byte
}

// Parse parses Data as an RFC 5322 message.
func (m Message) Parse() (*mail.Message, error) {
	return mail.ReadMessage(bytes.NewReader(m.Data))
}

// Subject returns the raw Subject header, or "" when the message does not parse.
func (m Message) Subject() string {
	msg, err := m.Parse()
	if err != nil {
		return ""
	}
	return msg.Header.Get("Subject")
}

// HasSubject returns a matcher for [Mailbox.WaitFor] that accepts a message whose raw
// Subject header is subject.
func HasSubject(subject string) func(Message) bool {
	return func(m Message) bool { return m.Subject() == subject }
}

// Contains returns a matcher for [Mailbox.WaitFor] that accepts a message whose stored bytes
// contain s.
func Contains(s string) func(Message) bool {
	return func(m Message) bool { return bytes.Contains(m.Data, []byte(s)) }
}

// Flags returns the Maildir flags of the message as they were when it was read: the
// letters after ":2," in its file name in cur/ ("S" seen, "T" trashed (deleted, not yet
// expunged), "F" flagged, "R" replied...), "" for a message still in new/.
func (m Message) Flags() string {
	_, flags, ok := strings.Cut(filepath.Base(m.Path), ":2,")
	if !ok {
		return ""
	}
	return flags
}

// Find returns the first message of the mailbox for which match returns true, without
// waiting; ok is false when none matches.
func (b Mailbox) Find(match func(Message) bool) (msg Message, ok bool, err error) {
	msgs, err := b.ReadMessages()
	if err != nil {
		return Message{}, false, err
	}
	for _, m := range msgs {
		if match(m) {
			return m, true, nil
		}
	}
	return Message{}, false, nil
}

// WaitGone polls until no message of the mailbox matches (a deleted message has been
// expunged or removed by POP3).
func (b Mailbox) WaitGone(ctx context.Context, match func(Message) bool) error {
	var left string
	err := poll(ctx, func() (bool, error) {
		m, ok, err := b.Find(match)
		left = m.Name
		return !ok, err
	})
	if err != nil {
		return fmt.Errorf("realmail: message %s still in %s: %w", left, b.Dir, err)
	}
	return nil
}

// ReadMessages returns the messages in new/ and cur/, oldest first. A Maildir that Dovecot
// has not created yet (nothing delivered) holds no messages.
func (b Mailbox) ReadMessages() ([]Message, error) {
	// A message moves from new/ to cur/ when an IMAP or POP3 client sees it; one that
	// vanished between the listing and the read is found again by listing again.
	var lastErr error
	for range 10 {
		msgs, err := b.read()
		if err == nil {
			return msgs, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		lastErr = err
	}
	return nil, fmt.Errorf("realmail: the Maildir keeps changing under the reader: %w", lastErr)
}

func (b Mailbox) read() ([]Message, error) {
	seen := map[string]bool{}
	var msgs []Message
	for _, sub := range []string{"new", "cur"} {
		dir := filepath.Join(b.Dir, sub)
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("realmail: %w", err)
		}
		for _, ent := range entries {
			if !ent.Type().IsRegular() || strings.HasPrefix(ent.Name(), ".") {
				continue
			}
			name, _, _ := strings.Cut(ent.Name(), ":")
			if seen[name] {
				continue
			}
			path := filepath.Join(dir, ent.Name())
			info, err := ent.Info()
			if err != nil {
				return nil, err // fs.ErrNotExist: moved meanwhile, the caller lists again
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			seen[name] = true
			msgs = append(msgs, Message{Name: name, Path: path, ModTime: info.ModTime(), Data: data})
		}
	}
	slices.SortFunc(msgs, func(a, b Message) int {
		if c := a.ModTime.Compare(b.ModTime); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return msgs, nil
}

// WaitForMessages polls until the mailbox holds at least n messages and returns them all.
// Counting is only meaningful for a test that owns the mailbox; see [Mailbox.WaitFor].
func (b Mailbox) WaitForMessages(ctx context.Context, n int) ([]Message, error) {
	var msgs []Message
	err := poll(ctx, func() (bool, error) {
		var err error
		msgs, err = b.ReadMessages()
		return len(msgs) >= n, err
	})
	if err != nil {
		return nil, fmt.Errorf("realmail: %d of %d messages in %s: %w", len(msgs), n, b.Dir, err)
	}
	return msgs, nil
}

// WaitFor polls until a message for which match returns true is in the mailbox, and returns
// the first such message.
func (b Mailbox) WaitFor(ctx context.Context, match func(Message) bool) (Message, error) {
	var found Message
	var count int
	err := poll(ctx, func() (bool, error) {
		msgs, err := b.ReadMessages()
		if err != nil {
			return false, err
		}
		count = len(msgs)
		for _, m := range msgs {
			if match(m) {
				found = m
				return true, nil
			}
		}
		return false, nil
	})
	if err != nil {
		return Message{}, fmt.Errorf("realmail: no matching message among the %d in %s: %w", count, b.Dir, err)
	}
	return found, nil
}

// Clear deletes every delivered message (new/ and cur/). Messages being written (tmp/) and
// Dovecot's index files are left alone. Other test binaries share the mailbox: clear it only
// when nothing else uses it.
func (b Mailbox) Clear() error {
	for _, sub := range []string{"new", "cur"} {
		dir := filepath.Join(b.Dir, sub)
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("realmail: %w", err)
		}
		for _, ent := range entries {
			if ent.IsDir() {
				continue
			}
			// A file that moved from new/ to cur/ meanwhile is removed from cur/ next.
			if err := os.Remove(filepath.Join(dir, ent.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("realmail: %w", err)
			}
		}
	}
	return nil
}

// poll calls check until it reports done or fails, or ctx ends, waiting a little longer
// between calls each time (10 ms up to 100 ms).
func poll(ctx context.Context, check func() (bool, error)) error {
	wait := 10 * time.Millisecond
	for {
		done, err := check()
		if err != nil {
			return err
		}
		if done {
			return nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
		wait = min(wait*2, 100*time.Millisecond)
	}
}
