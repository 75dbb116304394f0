package web

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// sseEvent is an event read from a stream.
type sseEvent struct {
	name, data string
}

// readEvents sends the events of an SSE stream to a channel until it ends.
func readEvents(r *bufio.Reader) <-chan sseEvent {
	ch := make(chan sseEvent, 16)
	go func() {
		defer close(ch)
		var ev sseEvent
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if ev.name != "" {
					ch <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			}
		}
	}()
	return ch
}

func next(t *testing.T, ch <-chan sseEvent) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatal("the event stream ended")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	return sseEvent{}
}

// GET events streams new and deleted messages, whoever adds or deletes them, and ends when
// the server closes.
func TestEvents(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Mailboxes: true})
	view, err := Listen(s, "127.0.0.1:0", Options{Auth: "u:p"})
	if err != nil {
		t.Fatal(err)
	}
	defer view.Close()
	req, _ := http.NewRequest("GET", view.URL()+"api/v1/events", nil)
	req.SetBasicAuth("u", "p")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	events := readEvents(bufio.NewReader(res.Body))

	send(t, s, []string{"bob@example.com"}, plainMessage("first", "bob@example.com", "x"))
	ev := next(t, events)
	var m summary
	if err := json.Unmarshal([]byte(ev.data), &m); ev.name != "new" || err != nil || m.Subject != "first" || m.Mailbox != "bob" || m.ID == "" {
		t.Fatalf("event %+v (%v)", ev, err)
	}
	if err := s.Seed(plainMessage("seeded", "dan@example.com", "y")); err != nil {
		t.Fatal(err)
	}
	if ev := next(t, events); ev.name != "new" || !strings.Contains(ev.data, `"subject":"seeded"`) {
		t.Fatalf("event %+v", ev)
	}

	del, _ := http.NewRequest("DELETE", view.URL()+"api/v1/messages/"+m.ID, nil)
	del.SetBasicAuth("u", "p")
	if r, err := http.DefaultClient.Do(del); err != nil || r.StatusCode != 200 {
		t.Fatalf("DELETE: %v", err)
	}
	var d deletedEvent
	ev = next(t, events)
	if err := json.Unmarshal([]byte(ev.data), &d); ev.name != "deleted" || err != nil || d.ID != m.ID || d.Mailbox != "bob" {
		t.Fatalf("event %+v", ev)
	}
	// Deleted by a mail client.
	s.DeleteAll()
	if ev := next(t, events); ev.name != "deleted" {
		t.Fatalf("event %+v", ev)
	}

	closed := make(chan error, 1)
	go func() { closed <- view.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(4 * time.Second):
		t.Fatal("Close waits for the event stream")
	}
	for range events {
	}
}
