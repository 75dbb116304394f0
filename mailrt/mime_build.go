package mailrt

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"path/filepath"
	"strings"
	"time"

	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
)

// Build writes the message in MIME: text/plain alone, or multipart/alternative for text and
// HTML, multipart/related when the HTML embeds images, multipart/mixed with attachments.
// Non-ASCII header text is RFC 2047-encoded, bodies are UTF-8 (quoted-printable for text,
// base64 for binary parts). A missing Date or Message-ID is filled in; line breaks and NUL
// in header values (subject, display names, extra headers, attachment names) become spaces,
// so they never start a header or add a recipient, and addresses holding one are refused.
func Build(m *Message) ([]byte, error) { return BuildWith(m, BuildOptions{}) }

// BuildOptions change how Build writes a message.
type BuildOptions struct {
	// BccHeader writes the Bcc header field (left out by default: a message sent with it
	// shows its blind-copy recipients to all).
	BccHeader bool
	// UTF8Header writes display names and the subject in UTF-8 as they are (RFC 6532)
	// instead of RFC 2047 encoded words.
	UTF8Header bool
	// NoContentID sends the images embedded in the HTML body as ordinary attachments,
	// without Content-ID: the HTML names them by their file names instead of cid: links.
	NoContentID bool
}

// BuildWith is Build with options.
func BuildWith(m *Message, o BuildOptions) ([]byte, error) {
	if o.NoContentID {
		m = withoutContentIDs(m)
	}
	var h gomail.Header
	setList := func(key string, list []Address) {
		if !o.UTF8Header {
			l := make([]*gomail.Address, 0, len(list))
			for _, a := range list {
				l = append(l, mailAddr(a))
			}
			h.SetAddressList(key, l)
			return
		}
		parts := make([]string, 0, len(list))
		for _, a := range list {
			parts = append(parts, Address{Name: sanitize(a.Name), Address: a.Address}.String())
		}
		h.Set(key, strings.Join(parts, ", "))
	}
	if m.From.Address != "" {
		if _, err := ParseAddress(m.From.Address); err != nil {
			return nil, err
		}
		setList("From", []Address{m.From})
	}
	bcc := m.Bcc
	if !o.BccHeader {
		bcc = nil
	}
	for _, f := range []struct {
		key  string
		list []Address
	}{{"To", m.To}, {"Cc", m.Cc}, {"Bcc", bcc}, {"Reply-To", m.ReplyTo}} {
		if len(f.list) == 0 {
			continue
		}
		for _, a := range f.list {
			if _, err := ParseAddress(a.Address); err != nil {
				return nil, err
			}
		}
		setList(f.key, f.list)
	}
	for _, a := range m.Bcc {
		if _, err := ParseAddress(a.Address); err != nil {
			return nil, err
		}
	}
	if o.UTF8Header {
		h.Set("Subject", sanitize(m.Subject))
	} else {
		h.SetSubject(sanitize(m.Subject))
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	h.SetDate(date)
	id := strings.Trim(sanitize(m.MessageID), "<> ")
	if id == "" {
		id = newMessageID(m.From.Address)
	}
	h.SetMessageID(id)
	switch m.Priority {
	case PriorityHigh:
		h.Set("X-Priority", "1 (Highest)")
		h.Set("Importance", "high")
	case PriorityLow:
		h.Set("X-Priority", "5 (Lowest)")
		h.Set("Importance", "low")
	}
	if m.ReadReceipt && m.From.Address != "" {
		// As From: the display name neutralised and encoded.
		setList("Disposition-Notification-To", []Address{m.From})
	}
	if m.Sensitivity != "" {
		h.Set("Sensitivity", sanitize(m.Sensitivity))
	}
	for _, x := range m.Headers {
		key := strings.TrimSpace(x.Key)
		if !validHeaderName(key) {
			return nil, &Error{Op: "header", Kind: KindMessage, Text: fmt.Sprintf("invalid header name %q", key)}
		}
		h.SetText(key, sanitize(x.Value))
	}

	var inline, attached []Attachment
	for _, a := range m.Attachments {
		if a.Inline && m.HTML != "" {
			inline = append(inline, a)
		} else {
			attached = append(attached, a)
		}
	}

	var buf bytes.Buffer
	buf.Grow(buildSize(m))
	top := h.Header
	switch {
	case len(attached) > 0:
		top.SetContentType("multipart/mixed", nil)
	case len(inline) > 0:
		top.SetContentType("multipart/related", map[string]string{"type": "multipart/alternative"})
	case m.HTML != "" && m.Text != "":
		top.SetContentType("multipart/alternative", nil)
	case m.HTML != "":
		setTextPart(&top, "text/html")
	default:
		setTextPart(&top, "text/plain")
	}
	w, err := gomessage.CreateWriter(&buf, top)
	if err != nil {
		return nil, &Error{Op: "message header", Kind: KindMessage, Err: err}
	}
	if err := writeBody(w, top, m, inline, attached); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// buildSize estimates the size of the built message, so that its buffer is allocated once:
// bytes.Buffer would grow the message of a 25 MB attachment 1.25 times at a time, five
// times its size allocated. Text is quoted-printable (a little larger than the text),
// attachments base64 in lines of 76 characters.
func buildSize(m *Message) int {
	n := 1024 + (len(m.Text)+len(m.HTML))*9/8
	for _, a := range m.Attachments {
		e := (len(a.Data) + 2) / 3 * 4
		n += e + e/76*2 + 512
	}
	return n
}

func mailAddr(a Address) *gomail.Address {
	return &gomail.Address{Name: sanitize(a.Name), Address: a.Address}
}

func newMessageID(from string) string {
	host := "wl.localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		host = from[i+1:]
	}
	b := make([]byte, 12)
	rand.Read(b)
	return fmt.Sprintf("%d.%s@%s", time.Now().UnixNano(), hex.EncodeToString(b), host)
}

func setTextPart(h *gomessage.Header, ct string) {
	h.SetContentType(ct, map[string]string{"charset": "utf-8"})
	h.Set("Content-Transfer-Encoding", "quoted-printable")
}

// writeBody writes the content below the top-level header.
func writeBody(w *gomessage.Writer, top gomessage.Header, m *Message, inline, attached []Attachment) error {
	ct, _, _ := top.ContentType()
	switch ct {
	case "text/plain":
		_, err := w.Write([]byte(crlfText(m.Text)))
		return err
	case "text/html":
		_, err := w.Write([]byte(crlfText(m.HTML)))
		return err
	case "multipart/alternative":
		return writeAlternative(w, m)
	case "multipart/related":
		return writeRelated(w, m, inline)
	}
	// multipart/mixed: the body, then the attachments.
	var bh gomessage.Header
	switch {
	case len(inline) > 0:
		bh.SetContentType("multipart/related", map[string]string{"type": "multipart/alternative"})
	case m.HTML != "" && m.Text != "":
		bh.SetContentType("multipart/alternative", nil)
	case m.HTML != "":
		setTextPart(&bh, "text/html")
	default:
		setTextPart(&bh, "text/plain")
	}
	pw, err := w.CreatePart(bh)
	if err != nil {
		return err
	}
	if err := writeBody(pw, bh, m, inline, nil); err != nil {
		return err
	}
	if err := pw.Close(); err != nil {
		return err
	}
	for _, a := range attached {
		if err := writeAttachment(w, a, false); err != nil {
			return err
		}
	}
	return nil
}

func writeAlternative(w *gomessage.Writer, m *Message) error {
	for _, p := range []struct{ ct, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		var ph gomessage.Header
		setTextPart(&ph, p.ct)
		pw, err := w.CreatePart(ph)
		if err != nil {
			return err
		}
		if _, err := pw.Write([]byte(crlfText(p.body))); err != nil {
			return err
		}
		if err := pw.Close(); err != nil {
			return err
		}
	}
	return nil
}

func writeRelated(w *gomessage.Writer, m *Message, inline []Attachment) error {
	var bh gomessage.Header
	if m.Text != "" {
		bh.SetContentType("multipart/alternative", nil)
	} else {
		setTextPart(&bh, "text/html")
	}
	pw, err := w.CreatePart(bh)
	if err != nil {
		return err
	}
	if m.Text != "" {
		err = writeAlternative(pw, m)
	} else {
		_, err = pw.Write([]byte(crlfText(m.HTML)))
	}
	if err != nil {
		return err
	}
	if err := pw.Close(); err != nil {
		return err
	}
	for _, a := range inline {
		if err := writeAttachment(w, a, true); err != nil {
			return err
		}
	}
	return nil
}

func writeAttachment(w *gomessage.Writer, a Attachment, inline bool) error {
	name := sanitize(filepath.Base(strings.ReplaceAll(a.Name, `\`, "/")))
	ct := a.ContentType
	if ct == "" {
		ct = mime.TypeByExtension(filepath.Ext(name))
		if ct == "" {
			ct = "application/octet-stream"
		}
	}
	ct = sanitize(ct)
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil {
		mediaType, params = "application/octet-stream", map[string]string{}
	}
	if name != "" {
		params["name"] = name
	}
	var ah gomessage.Header
	ah.SetContentType(mediaType, params)
	disp := "attachment"
	if inline {
		disp = "inline"
	}
	dp := map[string]string{}
	if name != "" {
		dp["filename"] = name
	}
	ah.SetContentDisposition(disp, dp)
	if a.ContentID != "" {
		ah.Set("Content-ID", "<"+strings.Trim(sanitize(a.ContentID), "<> ")+">")
	}
	ah.Set("Content-Transfer-Encoding", "base64")
	pw, err := w.CreatePart(ah)
	if err != nil {
		return err
	}
	if _, err := pw.Write(a.Data); err != nil {
		return err
	}
	return pw.Close()
}

// crlfText gives text its CRLF line endings.
func crlfText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// withoutContentIDs is a copy of m whose embedded images are ordinary attachments named in
// the HTML by their file names rather than by cid: links.
func withoutContentIDs(m *Message) *Message {
	c := *m
	c.Attachments = make([]Attachment, len(m.Attachments))
	var repl []string
	for i, a := range m.Attachments {
		if a.ContentID != "" {
			name := filepath.Base(strings.ReplaceAll(a.Name, `\`, "/"))
			repl = append(repl, "cid:"+strings.Trim(a.ContentID, "<> "), name)
		}
		a.ContentID, a.Inline = "", false
		c.Attachments[i] = a
	}
	if len(repl) > 0 {
		c.HTML = strings.NewReplacer(repl...).Replace(m.HTML)
	}
	return &c
}
