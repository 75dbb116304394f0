package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// GET messages lists newest first, pages with limit and start, and counts what matches.
func TestListAndPaging(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	for i := range 5 {
		send(t, s, []string{"bob@example.com", "hidden@example.net"}, plainMessage(fmt.Sprint("message ", i), "bob@example.com", "hello"))
	}
	idx := waitIndex(t, s, 5)
	a := newAPI(t, s, Options{})

	var page listPage
	a.json("GET", "/api/v1/messages", http.StatusOK, &page)
	if page.Total != 5 || page.Unread != 5 || page.Count != 5 || page.Start != 0 || len(page.Messages) != 5 {
		t.Fatalf("page %+v", page)
	}
	for i, m := range page.Messages {
		st := idx[4-i]
		if m.ID != st.ID || m.Subject != fmt.Sprint("message ", 4-i) || !m.Date.Equal(st.Date) || m.Size != st.Size || m.Read {
			t.Errorf("message %d: %+v, want %+v", i, m, st)
		}
	}
	m := page.Messages[0]
	if m.From != "ada@example.com" || len(m.To) != 1 || m.To[0] != "bob@example.com" || len(m.Bcc) != 1 ||
		m.Bcc[0] != "hidden@example.net" || m.TLS != sandbox.TLSNone || m.Server == "" || m.Folder != "INBOX" {
		t.Errorf("record: %+v", m)
	}
	// The sandbox JSON fields are there, with the index's, and no bodies.
	_, body := a.do("GET", "/api/v1/messages?limit=1")
	for _, field := range []string{"id", "mailbox", "folder", "date", "size", "read", "from", "to", "cc", "bcc", "subject", "attachments", "auth", "tls", "server"} {
		if !bytes.Contains(body, []byte(`"`+field+`":`)) {
			t.Errorf("no %q in %s", field, body)
		}
	}
	if bytes.Contains(body, []byte(`"text":`)) {
		t.Errorf("the list has bodies: %s", body)
	}

	for _, c := range []struct {
		query string
		ids   []int // indexes in idx
		total int
	}{
		{"limit=2", []int{4, 3}, 5},
		{"limit=2&start=2", []int{2, 1}, 5},
		{"limit=2&start=4", []int{0}, 5},
		{"start=5", nil, 5},
		{"start=99", nil, 5},
	} {
		var p listPage
		a.json("GET", "/api/v1/messages?"+c.query, http.StatusOK, &p)
		var got []string
		for _, m := range p.Messages {
			got = append(got, m.ID)
		}
		var want []string
		for _, i := range c.ids {
			want = append(want, idx[i].ID)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") || p.Total != c.total || p.Count != len(want) {
			t.Errorf("%s: %v (total %d, count %d), want %v (total %d)", c.query, got, p.Total, p.Count, want, c.total)
		}
	}
	for query, want := range map[string]string{
		"limit=0": "limit", "limit=-1": "limit", "limit=x": "limit", "limit=1001": "at most 1000",
		"start=-1": "start", "start=1.5": "start",
	} {
		a.apiErr("GET", "/api/v1/messages?"+query, http.StatusBadRequest, want)
	}
}

// q searches the subject, the addresses and the bodies, every word; mailbox filters.
func TestSearchAndMailboxes(t *testing.T) {
	s := startSandbox(t, sandbox.Config{Mailboxes: true})
	send(t, s, []string{"bob@example.com"}, richMessage("Votre facture"))
	send(t, s, []string{"dan@example.com"}, plainMessage("Weekly report", "dan@example.com", "numbers inside: zucchini"))
	send(t, s, []string{"ada@example.com", "dan@example.com"}, plainMessage("Lunch", "ada@example.com, dan@example.com", "pizza?"))
	waitIndex(t, s, 4)
	a := newAPI(t, s, Options{})
	subjects := func(query string) string {
		t.Helper()
		var p listPage
		a.json("GET", "/api/v1/messages?"+query, http.StatusOK, &p)
		var out []string
		for _, m := range p.Messages {
			out = append(out, m.Mailbox+":"+m.Subject)
		}
		if p.Total != len(out) {
			t.Errorf("%s: total %d for %d messages", query, p.Total, len(out))
		}
		return strings.Join(out, "|")
	}
	for query, want := range map[string]string{
		"":                           "dan:Lunch|ada:Lunch|dan:Weekly report|bob:Votre facture",
		"q=FACTURE":                  "bob:Votre facture", // subject, any case
		"q=carol%40example":          "bob:Votre facture", // an address
		"q=zucchini":                 "dan:Weekly report", // the text body
		"q=kumquat":                  "bob:Votre facture", // a text body in ISO-8859-1
		"q=%C3%A0+payer":             "bob:Votre facture", // decoded: à
		"q=Bonjour+Bob+pdf":          "bob:Votre facture", // words from the body and an attachment name
		"q=pizza+report":             "",                  // every word must match
		"q=notanywhere":              "",                  //
		"mailbox=dan":                "dan:Lunch|dan:Weekly report",
		"mailbox=Dan%40example.com":  "dan:Lunch|dan:Weekly report", // an address names its mailbox
		"mailbox=dan&q=pizza":        "dan:Lunch",
		"mailbox=nobody":             "",
		"q=%3Cb%3EBob%3C%2Fb%3E":     "bob:Votre facture", // the HTML body as written
		"q=facture&mailbox=ada":      "",
		"q=lunch&limit=1&mailbox=da": "",
	} {
		if got := subjects(query); got != want {
			t.Errorf("%s: %q, want %q", query, got, want)
		}
	}

	var boxes struct {
		Mailboxes []mailboxInfo `json:"mailboxes"`
	}
	a.json("GET", "/api/v1/mailboxes", http.StatusOK, &boxes)
	got := fmt.Sprint(boxes.Mailboxes)
	if want := "[{ 0 0} {ada 1 1} {bob 1 1} {dan 2 2}]"; got != want {
		t.Errorf("mailboxes %s, want %s", got, want)
	}
}

// GET messages/{id} gives the bodies, headers, parts and attachments, and marks it read;
// raw, part and attachments serve the bytes with their type and name.
func TestMessageAndParts(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	msg := richMessage("Votre facture")
	send(t, s, []string{"bob@example.com", "carol@example.com"}, msg)
	id := waitIndex(t, s, 1)[0].ID
	a := newAPI(t, s, Options{})

	var d detail
	a.json("GET", "/api/v1/messages/"+id, http.StatusOK, &d)
	if d.ID != id || d.Subject != "Votre facture" || !d.Read || !strings.Contains(d.Text, "facture à payer") ||
		!strings.Contains(d.HTML, `src="cid:logo@wl"`) || !d.RemoteImages {
		t.Errorf("message: %+v", d)
	}
	var hs []string
	for _, h := range d.Headers {
		hs = append(hs, h.Name+": "+h.Value)
	}
	if got := strings.Join(hs, "\n"); !strings.HasPrefix(got, "From: Ada <ada@example.com>\nTo: Bob <bob@example.com>\nCc: carol@example.com\nSubject: Votre facture\nX-Mailer: wl tests\n") {
		t.Errorf("headers:\n%s", got)
	}
	if len(d.Parts) != 4 || d.Parts[0].Role != "text" || d.Parts[1].Role != "html" || d.Parts[2].ContentID != "logo@wl" ||
		d.Parts[3].URL != "/api/v1/messages/"+id+"/part/3" {
		t.Errorf("parts: %+v", d.Parts)
	}
	if len(d.Attachments) != 2 || d.Attachments[0].Name != "logo.png" || d.Attachments[0].Part != 2 ||
		d.Attachments[1].Name != "facture été.pdf" || d.Attachments[1].ContentType != "application/pdf" ||
		d.Attachments[1].URL != "/api/v1/messages/"+id+"/attachments/1" {
		t.Errorf("attachments: %+v", d.Attachments)
	}
	var p listPage
	a.json("GET", "/api/v1/messages", http.StatusOK, &p)
	if !p.Messages[0].Read || p.Unread != 0 {
		t.Error("the message is not read once opened")
	}

	res, body := a.do("GET", "/api/v1/messages/"+id+"/raw")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "message/rfc822" || !bytes.Equal(body, msg) {
		t.Errorf("raw: %d %q, %d bytes", res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	for _, c := range []struct {
		path, ctype, disposition, name string
		body                           []byte
	}{
		{"attachments/1", "application/pdf", "attachment", "facture été.pdf", []byte("%PDF-1.4 not really")},
		{"part/3", "application/pdf", "attachment", "facture été.pdf", []byte("%PDF-1.4 not really")},
		{"attachments/0", "image/png", "attachment", "logo.png", pngPixel},
		{"part/0", "text/plain; charset=utf-8", "inline", "part-0.txt", []byte("Bonjour Bob, voici la facture à payer. kumquat")},
	} {
		res, body := a.do("GET", "/api/v1/messages/"+id+"/"+c.path)
		disp, params, err := mime.ParseMediaType(res.Header.Get("Content-Disposition"))
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != c.ctype || err != nil || disp != c.disposition ||
			params["filename"] != c.name || !bytes.Equal(body, c.body) {
			t.Errorf("%s: %d %q %q %v: %q", c.path, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), err, body)
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "sandbox") {
			t.Errorf("%s: Content-Security-Policy %q", c.path, csp)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", c.path)
		}
	}

	a.apiErr("GET", "/api/v1/messages/nosuchid", http.StatusNotFound, `no message "nosuchid"`)
	a.apiErr("GET", "/api/v1/messages/nosuchid/raw", http.StatusNotFound, "no message")
	a.apiErr("GET", "/api/v1/messages/nosuchid/part/0", http.StatusNotFound, "no message")
	a.apiErr("GET", "/api/v1/messages/"+id+"/part/4", http.StatusNotFound, "4 part(s)")
	a.apiErr("GET", "/api/v1/messages/"+id+"/attachments/2", http.StatusNotFound, "2 attachment(s)")
	a.apiErr("GET", "/api/v1/messages/"+id+"/part/x", http.StatusBadRequest, "whole number")
	a.apiErr("GET", "/api/v1/messages/"+id+"/attachments/-1", http.StatusBadRequest, "whole number")
}

// The HTML body is served for the page's iframe with its cid: images pointing to their
// parts, which alone the Content-Security-Policy lets it load, with no script and no remote
// image unless asked.
func TestHTMLView(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	send(t, s, []string{"bob@example.com"}, richMessage("html"))
	send(t, s, []string{"bob@example.com"}, plainMessage("text only", "bob@example.com", "hi"))
	idx := waitIndex(t, s, 2)
	id := idx[0].ID
	a := newAPI(t, s, Options{})
	res, body := a.do("GET", "/api/v1/messages/"+id+"/html")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("html: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	part := "/api/v1/messages/" + id + "/part/2"
	if !bytes.Contains(body, []byte(`src="`+part+`"`)) || bytes.Contains(body, []byte("cid:")) {
		t.Errorf("cid: not rewritten: %s", body)
	}
	if !bytes.HasPrefix(body, []byte(`<html><head><base target="_blank"><title>`)) {
		t.Errorf("no <base> in the head: %s", body)
	}
	csp := res.Header.Get("Content-Security-Policy")
	want := "default-src 'none'; img-src data: http://example.com" + part + "; style-src 'unsafe-inline'; form-action 'none'; sandbox allow-popups allow-popups-to-escape-sandbox"
	if csp != want {
		t.Errorf("Content-Security-Policy\n%s\nwant\n%s", csp, want)
	}
	if res.Header.Get("X-DNS-Prefetch-Control") != "off" {
		t.Error("the HTML body may prefetch DNS names")
	}
	res, _ = a.do("GET", "/api/v1/messages/"+id+"/html?remote=1")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src data: http://example.com"+part+" http: https:;") || strings.Contains(csp, "script") {
		t.Errorf("with remote images: %s", csp)
	}
	a.apiErr("GET", "/api/v1/messages/"+idx[1].ID+"/html", http.StatusNotFound, "no HTML body")

	for doc, want := range map[string]string{
		"<p>x</p>":                            `<base target="_blank"><p>x</p>`,
		"<!DOCTYPE html>\n<p>x</p>":           "<!DOCTYPE html><base target=\"_blank\">\n<p>x</p>",
		"<!doctype html><HTML lang=fr><body>": `<!doctype html><HTML lang=fr><base target="_blank"><body>`,
		"<html><HEAD >":                       `<html><HEAD ><base target="_blank">`,
		"<header>x</header>":                  `<base target="_blank"><header>x</header>`,
	} {
		if got := withBase(doc); got != want {
			t.Errorf("withBase(%q) = %q, want %q", doc, got, want)
		}
	}
	for html, want := range map[string]bool{
		`<img src="https://x.y/a.png">`:                true,
		`<img SRC = 'http://x.y/a.png'>`:               true,
		`<td background="//x.y/bg.gif">`:               true,
		`<div style="background:url( 'https://x.y')">`: true,
		`<img src="cid:a">`:                            false,
		`<a href="https://x.y">link</a>`:               false,
		`<img src="data:image/png;base64,xx">`:         false,
	} {
		if got := remoteImage().MatchString(html); got != want {
			t.Errorf("remote image in %s: %v", html, got)
		}
	}
}

// DELETE removes one message or all of them; errors and unknown routes answer JSON.
func TestDeleteAndErrors(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	for i := range 3 {
		send(t, s, []string{"bob@example.com"}, plainMessage(fmt.Sprint(i), "bob@example.com", "x"))
	}
	idx := waitIndex(t, s, 3)
	a := newAPI(t, s, Options{})
	var res struct {
		Deleted int `json:"deleted"`
	}
	a.json("DELETE", "/api/v1/messages/"+idx[1].ID, http.StatusOK, &res)
	if res.Deleted != 1 || len(s.Index()) != 2 {
		t.Errorf("deleted %d, %d left", res.Deleted, len(s.Index()))
	}
	a.apiErr("GET", "/api/v1/messages/"+idx[1].ID, http.StatusNotFound, "no message")
	a.apiErr("DELETE", "/api/v1/messages/"+idx[1].ID, http.StatusNotFound, "no message")
	a.json("DELETE", "/api/v1/messages", http.StatusOK, &res)
	if res.Deleted != 2 || len(s.Index()) != 0 {
		t.Errorf("deleted %d, %d left", res.Deleted, len(s.Index()))
	}
	var p listPage
	a.json("GET", "/api/v1/messages", http.StatusOK, &p)
	if p.Total != 0 || p.Messages == nil {
		t.Errorf("after deleting all: %+v", p)
	}

	a.apiErr("POST", "/api/v1/messages", http.StatusMethodNotAllowed, "POST is not allowed")
	r, _ := a.do("PUT", "/api/v1/messages/x/raw")
	if r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "GET" {
		t.Errorf("PUT raw: %d, Allow %q", r.StatusCode, r.Header.Get("Allow"))
	}
	a.apiErr("GET", "/api/v1/nothing", http.StatusNotFound, "no such page")
	a.apiErr("GET", "/api/v1/messages/x/y", http.StatusNotFound, "no such page")
	a.apiErr("GET", "/nothing", http.StatusNotFound, "no such page")
}

// The page and its files are served, the page with a Content-Security-Policy that allows
// only its own files; HEAD works as GET.
func TestPage(t *testing.T) {
	a := newAPI(t, startSandbox(t, sandbox.Config{}), Options{})
	res, body := a.do("GET", "/")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/html; charset=utf-8" || !bytes.Contains(body, []byte(`<script src="static/app.js"`)) {
		t.Fatalf("page: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("page CSP %q", csp)
	}
	// No file of the page comes from elsewhere: it works offline.
	external := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`)
	for _, f := range []string{"static/app.js", "static/app.css"} {
		res, b := a.do("GET", "/"+f)
		if res.StatusCode != 200 || len(b) == 0 {
			t.Errorf("%s: %d", f, res.StatusCode)
		}
		if external.Match(b) || external.Match(body) {
			t.Errorf("%s loads something from another server", f)
		}
	}
	if res, _ := a.do("GET", "/static/app.js"); !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("app.js: %q", res.Header.Get("Content-Type"))
	}
	if res, _ := a.do("HEAD", "/api/v1/messages"); res.StatusCode != 200 {
		t.Errorf("HEAD: %d", res.StatusCode)
	}
}

// With Auth, every page and route wants the login, compared whole.
func TestBasicAuth(t *testing.T) {
	if _, err := NewHandler(nil, Options{Auth: "nocolon"}); err == nil {
		t.Error("Auth without a colon accepted")
	}
	s := startSandbox(t, sandbox.Config{})
	a := newAPI(t, s, Options{Auth: "ada:s3cret:x"})
	for _, path := range []string{"/", "/static/app.js", "/api/v1/messages", "/api/v1/events", "/api/v1/messages/x/raw", "/nothing"} {
		for _, login := range [][2]string{{"", ""}, {"ada", "s3cret"}, {"ada", "s3cret:x "}, {"Ada", "s3cret:x"}, {"ada:s3cret:x", ""}, {"ad", "s3cret:x"}} {
			a.user, a.pass = login[0], login[1]
			res, body := a.do("GET", path)
			if res.StatusCode != http.StatusUnauthorized || res.Header.Get("WWW-Authenticate") == "" || !bytes.Contains(body, []byte("authentication required")) {
				t.Errorf("%s with %q: %d %s", path, login, res.StatusCode, body)
			}
			if bytes.Contains(body, []byte("s3cret")) {
				t.Errorf("the password is in the answer: %s", body)
			}
		}
	}
	a.user, a.pass = "ada", "s3cret:x"
	for _, path := range []string{"/", "/static/app.css", "/api/v1/messages"} {
		if res, _ := a.do("GET", path); res.StatusCode != 200 {
			t.Errorf("%s with the login: %d", path, res.StatusCode)
		}
	}
}
