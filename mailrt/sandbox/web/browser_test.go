package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// findChromium returns the Chromium (or Chrome) found on the PATH, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requestLog records the paths a browser asks for.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.paths = append(l.paths, r.URL.Path)
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (l *requestLog) has(path string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.paths {
		if p == path {
			return true
		}
	}
	return false
}

// The page in a real headless Chromium: it lists the messages, shows a new one as it
// arrives, opens it with its HTML body in the sandboxed iframe (the inline image loaded, the
// script not run) and links its attachments. WL_WEB_SCREENSHOT=FILE.png saves what it shows.
func TestPageInChromium(t *testing.T) {
	chromium := findChromium()
	if chromium == "" {
		t.Skip("no chromium on the PATH (apt-get install chromium)")
	}
	s := startSandbox(t, sandbox.Config{})
	send(t, s, []string{"bob@example.com"}, plainMessage("Already there", "bob@example.com", "hello"))
	h, err := NewHandler(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var log requestLog
	ts := httptest.NewServer(log.wrap(h))
	defer ts.Close()
	defer h.Close() // ends the event stream, which ts.Close waits for
	url := ts.URL + "/"

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.WindowSize(1280, 800))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
	defer cancel()

	err = chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`#live.on`), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("loading the page: %v", err)
	}
	// The list is fetched on its own, so it may come after the event stream is on.
	if first, err := waitText(ctx, `#list li .subject`, "Already there"); err != nil || first != "Already there" {
		t.Errorf("first message %q: %v", first, err)
	}

	// A message sent now appears without reloading.
	send(t, s, []string{"bob@example.com"}, richMessage("Votre facture"))
	id := waitIndex(t, s, 2)[1].ID
	row := `#list li[data-id="` + id + `"]`
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(row))); err != nil {
		t.Fatalf("the new message is not listed: %v", err)
	}
	if listed, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(row+" .subject"))); err != nil || listed != "Votre facture" {
		t.Errorf("new message listed as %q: %v", listed, err)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(row)),
		chromedp.WaitVisible(chromedp.CSS(`#view`)),
		chromedp.WaitVisible(chromedp.CSS(`#v-attachments a`)),
	)
	if err != nil {
		t.Fatalf("opening the new message: %v", err)
	}
	subject, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#v-subject`)))
	if err != nil {
		t.Fatal(err)
	}
	frame, err := chromedp.Run(ctx, chromedp.Attributes(chromedp.CSS(`#v-html`)))
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Votre facture" || !strings.HasSuffix(frame["src"], "messages/"+id+"/html") ||
		strings.Contains(frame["sandbox"], "allow-scripts") || strings.Contains(frame["sandbox"], "allow-same-origin") {
		t.Errorf("subject %q, iframe %v", subject, frame)
	}
	links, err := chromedp.Run(ctx, chromedp.AttributesAll(chromedp.CSSAll(`#v-attachments a`)))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 || !strings.HasSuffix(links[1]["href"], "/messages/"+id+"/attachments/1") || links[1]["download"] != "facture été.pdf" {
		t.Errorf("attachment links: %v", links)
	}

	// Inside the iframe: the HTML body, its script not run. Chrome runs the sandboxed iframe
	// (an origin of its own) in a process of its own: attach to it as a target.
	var frameCtx context.Context
	for frameCtx == nil && ctx.Err() == nil {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasSuffix(info.URL, "/messages/"+id+"/html") {
				var cancelFrame context.CancelFunc
				frameCtx, cancelFrame = chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
				defer cancelFrame()
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if frameCtx == nil {
		t.Fatal("no iframe target for the HTML body")
	}
	title, err := chromedp.Run(frameCtx, chromedp.Text(chromedp.CSS(`#title`)))
	if err != nil {
		t.Fatalf("the HTML body is not shown: %v", err)
	}
	body, err := chromedp.Run(frameCtx, chromedp.Text(chromedp.CSS(`body`)))
	if err != nil {
		t.Fatal(err)
	}
	if title != "Facture" || !strings.Contains(body, "Bonjour Bob") || strings.Contains(body, "script ran") {
		t.Errorf("iframe: title %q, body %q", title, body)
	}
	// The image of the cid: part is shown; the remote one is not.
	for img, want := range map[string]bool{"logo": true, "remote": false} {
		loaded, err := chromedp.Run(frameCtx, chromedp.Evaluate[bool](`(() => { const i = document.getElementById("`+img+`"); return i.complete && i.naturalWidth > 0 })()`))
		if err != nil || loaded != want {
			t.Errorf("image %s loaded: %v, want %v (%v)", img, loaded, want, err)
		}
	}
	// The cid: image was loaded from its part.
	deadline := time.Now().Add(5 * time.Second)
	part := "/api/v1/messages/" + id + "/part/2"
	for !log.has(part) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !log.has(part) {
		t.Errorf("the inline image %s was not loaded", part)
	}

	if name := os.Getenv("WL_WEB_SCREENSHOT"); name != "" {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// waitText reads the text of the element sel until it is want, for at most 10 s, and gives
// the last text read.
func waitText(ctx context.Context, sel, want string) (string, error) {
	var got string
	var err error
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if got, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel))); err == nil && got == want {
			break
		}
	}
	return got, err
}
