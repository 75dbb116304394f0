package web

import (
	"bufio"
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	gomessage "github.com/emersion/go-message"
	"github.com/emersion/go-message/textproto"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// Paging of GET messages.
const (
	defaultLimit = 50
	maxLimit     = 1000
)

// summary is a message in a list: the sandbox JSON object of the message without its
// bodies (text and html, which GET messages/{id} gives), with its place in the store.
type summary struct {
	ID          string               `json:"id"`
	Mailbox     string               `json:"mailbox"`
	Folder      string               `json:"folder"`
	Date        time.Time            `json:"date"`
	Size        int64                `json:"size"`
	Read        bool                 `json:"read"`
	From        string               `json:"from"`
	To          []string             `json:"to"`
	Cc          []string             `json:"cc"`
	Bcc         []string             `json:"bcc"`
	Subject     string               `json:"subject"`
	Attachments []sandbox.Attachment `json:"attachments"`
	Auth        sandbox.Auth         `json:"auth"`
	TLS         string               `json:"tls"`
	Server      string               `json:"server"`
}

func summarize(st sandbox.Stored) summary {
	m := st.Message
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	att := m.Attachments
	if att == nil {
		att = []sandbox.Attachment{}
	}
	return summary{ID: st.ID, Mailbox: st.Mailbox, Folder: st.Folder, Date: st.Date, Size: st.Size, Read: st.Read,
		From: m.From, To: nonNil(m.To), Cc: nonNil(m.Cc), Bcc: nonNil(m.Bcc), Subject: m.Subject,
		Attachments: att, Auth: m.Auth, TLS: m.TLS, Server: m.Server}
}

// listPage is the answer of GET messages.
type listPage struct {
	Total    int       `json:"total"`  // messages that match, on every page
	Unread   int       `json:"unread"` // of those, not read
	Start    int       `json:"start"`
	Count    int       `json:"count"` // on this page
	Messages []summary `json:"messages"`
}

// intParam reads an integer query parameter of at least lo (def when absent).
func intParam(r *http.Request, name string, def, lo int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo {
		return 0, errors.New(name + " wants a whole number of at least " + strconv.Itoa(lo) + ", not " + strconv.Quote(v))
	}
	return n, nil
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	limit, err := intParam(r, "limit", defaultLimit, 1)
	if err == nil && limit > maxLimit {
		err = errors.New("limit is at most " + strconv.Itoa(maxLimit))
	}
	start, err2 := intParam(r, "start", 0, 0)
	if err = errors.Join(err, err2); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	box, filterBox := q.Get("mailbox"), q.Get("mailbox") != ""
	if filterBox {
		box = sandbox.MailboxName(box)
	}
	words := strings.Fields(strings.ToLower(q.Get("q")))
	idx := h.srv.Index()
	page := listPage{Start: start, Messages: []summary{}}
	// Newest first.
	for i := len(idx) - 1; i >= 0; i-- {
		st := idx[i]
		if filterBox && st.Mailbox != box {
			continue
		}
		if len(words) > 0 && !h.matches(st, words) {
			continue
		}
		if page.Total >= start && len(page.Messages) < limit {
			page.Messages = append(page.Messages, summarize(st))
		}
		page.Total++
		if !st.Read {
			page.Unread++
		}
	}
	page.Count = len(page.Messages)
	writeJSON(w, http.StatusOK, page)
}

// matches reports whether every word is in the subject, an address, the mailbox, an
// attachment name or (reading the message) a body of a message.
func (h *Handler) matches(st sandbox.Stored, words []string) bool {
	m := st.Message
	fields := append([]string{m.Subject, m.From, st.Mailbox}, m.To...)
	fields = append(append(fields, m.Cc...), m.Bcc...)
	for _, a := range m.Attachments {
		fields = append(fields, a.Name)
	}
	index := strings.ToLower(strings.Join(fields, "\n"))
	var rest []string
	for _, w := range words {
		if !strings.Contains(index, w) {
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 {
		return true
	}
	raw, err := h.srv.Raw(st.ID)
	if err != nil {
		return false
	}
	var bodies strings.Builder
	for _, p := range sandbox.Parts(raw) {
		if p.Role != sandbox.RoleAttachment {
			bodies.Write(bytes.ToLower(p.Body))
			bodies.WriteByte('\n')
		}
	}
	text := bodies.String()
	for _, w := range rest {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// header is a header field of a message, its value decoded.
type header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// partInfo describes a leaf part of a message: GET messages/{id}/part/{index} serves it.
type partInfo struct {
	Index       int    `json:"index"`
	Role        string `json:"role"` // text, html or attachment
	ContentType string `json:"content_type"`
	Name        string `json:"name"`
	ContentID   string `json:"content_id"`
	Disposition string `json:"disposition"`
	Size        int    `json:"size"`
	URL         string `json:"url"`
}

// attachmentInfo is an attachment of GET messages/{id}: the sandbox JSON object with the
// part it is and where to download it.
type attachmentInfo struct {
	sandbox.Attachment
	Part      int    `json:"part"`
	ContentID string `json:"content_id"`
	URL       string `json:"url"`
}

// detail is the answer of GET messages/{id}.
type detail struct {
	summary
	Text         string           `json:"text"`
	HTML         string           `json:"html"`
	Attachments  []attachmentInfo `json:"attachments"`
	Headers      []header         `json:"headers"`
	Parts        []partInfo       `json:"parts"`
	RemoteImages bool             `json:"remote_images"` // the HTML body refers to images on other servers
}

// load returns a message's index entry and bytes, or answers the error.
func (h *Handler) load(w http.ResponseWriter, r *http.Request) (sandbox.Stored, []byte, bool) {
	id := r.PathValue("id")
	st, ok := h.srv.Lookup(id)
	if !ok {
		writeError(w, http.StatusNotFound, "no message "+strconv.Quote(id))
		return st, nil, false
	}
	raw, err := h.srv.Raw(id)
	if errors.Is(err, sandbox.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no message "+strconv.Quote(id))
		return st, nil, false
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return st, nil, false
	}
	return st, raw, true
}

func partURL(id string, n int) string {
	return "/api/v1/messages/" + id + "/part/" + strconv.Itoa(n)
}

// message answers GET messages/{id} and marks the message read.
func (h *Handler) message(w http.ResponseWriter, r *http.Request) {
	st, raw, ok := h.load(w, r)
	if !ok {
		return
	}
	if err := h.srv.SetRead(st.ID, true); err == nil {
		st.Read = true
	}
	d := detail{summary: summarize(st), Attachments: []attachmentInfo{}, Headers: readHeaders(raw), Parts: []partInfo{}}
	for i, p := range sandbox.Parts(raw) {
		url := partURL(st.ID, i)
		d.Parts = append(d.Parts, partInfo{Index: i, Role: string(p.Role), ContentType: p.ContentType, Name: p.Name,
			ContentID: p.ContentID, Disposition: p.Disposition, Size: len(p.Body), URL: url})
		switch p.Role {
		case sandbox.RoleText:
			d.Text = string(p.Body)
		case sandbox.RoleHTML:
			d.HTML = string(p.Body)
		default:
			n := len(d.Attachments)
			d.Attachments = append(d.Attachments, attachmentInfo{
				Attachment: sandbox.Attachment{Name: p.Name, ContentType: p.ContentType, Size: len(p.Body)},
				Part:       i, ContentID: p.ContentID, URL: "/api/v1/messages/" + st.ID + "/attachments/" + strconv.Itoa(n)})
		}
	}
	d.RemoteImages = remoteImage().MatchString(d.HTML)
	writeJSON(w, http.StatusOK, d)
}

// readHeaders returns the header fields of a message in order, their values decoded.
func readHeaders(raw []byte) []header {
	out := []header{}
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil && h.Len() == 0 {
		return out
	}
	mh := gomessage.Header{Header: h}
	fields := mh.Fields()
	for fields.Next() {
		v, err := fields.Text()
		if err != nil {
			v = fields.Value()
		}
		out = append(out, header{Name: fields.Key(), Value: v})
	}
	return out
}

func (h *Handler) raw(w http.ResponseWriter, r *http.Request) {
	st, raw, ok := h.load(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "message/rfc822")
	w.Header().Set("Content-Disposition", contentDisposition("inline", st.ID+".eml"))
	w.Header().Set("Content-Security-Policy", partCSP)
	w.Header().Set("Content-Length", strconv.Itoa(len(raw)))
	w.Write(raw)
}

func (h *Handler) deleteMessage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.srv.Delete(id); err != nil {
		writeError(w, http.StatusNotFound, "no message "+strconv.Quote(id))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"deleted": 1})
}

func (h *Handler) deleteAll(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"deleted": h.srv.DeleteAll()})
}

// mailboxInfo is a mailbox of GET mailboxes.
type mailboxInfo struct {
	Name   string `json:"name"`
	Total  int    `json:"total"`
	Unread int    `json:"unread"`
}

func (h *Handler) mailboxes(w http.ResponseWriter, r *http.Request) {
	counts := map[string]*mailboxInfo{}
	for _, name := range h.srv.Mailboxes() {
		counts[name] = &mailboxInfo{Name: name}
	}
	for _, st := range h.srv.Index() {
		c := counts[st.Mailbox]
		if c == nil {
			c = &mailboxInfo{Name: st.Mailbox}
			counts[st.Mailbox] = c
		}
		c.Total++
		if !st.Read {
			c.Unread++
		}
	}
	out := make([]mailboxInfo, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b mailboxInfo) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(w, http.StatusOK, map[string]any{"mailboxes": out})
}
