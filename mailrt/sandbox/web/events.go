package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// heartbeat is how often an idle event stream sends a comment, so that proxies and
// browsers keep it open.
const heartbeat = 15 * time.Second

// deletedEvent is the data of a "deleted" event.
type deletedEvent struct {
	ID      string `json:"id"`
	Mailbox string `json:"mailbox"`
}

// events streams the changes of the store as Server-Sent Events: "new" with the message's
// summary, "deleted" with its id and mailbox.
func (h *Handler) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	events, stop := h.srv.Watch()
	defer stop()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// The stream is open: a client that connects and then sends a message misses nothing.
	fmt.Fprint(w, "retry: 2000\n: watching the sandbox\n\n")
	if err := rc.Flush(); err != nil {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-tick.C:
			_, err = fmt.Fprint(w, ": ping\n\n")
		case ev, ok := <-events:
			if !ok {
				return
			}
			var data any = summarize(ev.Message)
			if ev.Type == sandbox.EventDeleted {
				data = deletedEvent{ID: ev.Message.ID, Mailbox: ev.Message.Mailbox}
			}
			b, _ := json.Marshal(data)
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Type, b)
		}
		if err == nil {
			err = rc.Flush()
		}
		if err != nil {
			return
		}
	}
}
