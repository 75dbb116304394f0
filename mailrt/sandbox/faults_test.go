package sandbox

import (
	"encoding/json"
	"net"
	"runtime"
	"testing"
	"time"
)

// TestCloseInterruptsReplyDelay checks that stopping the server ends a reply delay in
// progress instead of leaving its handler asleep for the rest of the delay.
func TestCloseInterruptsReplyDelay(t *testing.T) {
	base := runtime.NumGoroutine()
	s, err := Start(Config{Faults: Faults{ReplyDelay: time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", s.Addr(SMTP))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Let the handler reach its delayed greeting.
	time.Sleep(100 * time.Millisecond)
	s.Close()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines left after Close (%d before):\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFaultsJSON(t *testing.T) {
	var f Faults
	if err := json.Unmarshal([]byte(`{"ReplyDelay": "1.5s", "RejectRecipients": ["a@b.c"], "RefuseStartTLS": true, "DataReplyDelay": "2s"}`), &f); err != nil {
		t.Fatal(err)
	}
	if f.ReplyDelay != 1500*time.Millisecond || len(f.RejectRecipients) != 1 || !f.RefuseStartTLS || f.DataReplyDelay != 2*time.Second {
		t.Errorf("got %+v", f)
	}
	for _, bad := range []string{`{"ReplyDelay": "soon"}`, `{"DataReplyDelay": "later"}`, `{"Unknown": true}`} {
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
}
