package sandbox

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"strings"

	gomessage "github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode iso-8859-*, windows-125x... bodies and headers
	gomail "github.com/emersion/go-message/mail"
)

// Message is a message the SMTP side accepted, in the JSON form of ARCHITECTURE.md.
// Addresses are bare (a@b.c); Bcc lists the envelope recipients that are not in To or Cc.
type Message struct {
	From        string       `json:"from"`
	To          []string     `json:"to"`
	Cc          []string     `json:"cc"`
	Bcc         []string     `json:"bcc"`
	Subject     string       `json:"subject"`
	Text        string       `json:"text"`
	HTML        string       `json:"html"`
	Attachments []Attachment `json:"attachments"`
	Auth        Auth         `json:"auth"`
	TLS         string       `json:"tls"`
	Server      string       `json:"server"`
	// Raw is the message as received, byte for byte.
	Raw []byte `json:"-"`
}

// Attachment describes an attachment of a captured message.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

// Auth is how the SMTP client authenticated: mechanism PLAIN, LOGIN, XOAUTH2 or
// OAUTHBEARER and the user name; empty without authentication. Passwords and tokens are
// never kept.
type Auth struct {
	Mechanism string `json:"mechanism"`
	User      string `json:"user"`
}

// TLS modes of a captured message.
const (
	TLSNone     = "none"
	TLSStartTLS = "starttls"
	TLSImplicit = "implicit"
)

// describe fills the fields of m read from the message itself: sender, visible recipients,
// subject, bodies and attachments. envelopeFrom and rcpts are the SMTP envelope.
func describe(raw []byte, envelopeFrom string, rcpts []string) Message {
	m := Message{From: bareAddress(envelopeFrom), To: []string{}, Cc: []string{}, Bcc: []string{},
		Attachments: []Attachment{}}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil && r == nil {
		for _, rc := range rcpts {
			m.Bcc = append(m.Bcc, bareAddress(rc))
		}
		return m
	}
	defer r.Close()
	h := r.Header
	if s, err := h.Subject(); err == nil {
		m.Subject = s
	} else {
		m.Subject = h.Get("Subject")
	}
	if m.From == "" {
		if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
			m.From = from[0].Address
		}
	}
	visible := map[string]bool{}
	for _, f := range []struct {
		key string
		dst *[]string
	}{{"To", &m.To}, {"Cc", &m.Cc}} {
		list, _ := h.AddressList(f.key)
		for _, a := range list {
			*f.dst = append(*f.dst, a.Address)
			visible[strings.ToLower(a.Address)] = true
		}
	}
	for _, rc := range rcpts {
		if !visible[strings.ToLower(bareAddress(rc))] {
			m.Bcc = append(m.Bcc, bareAddress(rc))
		}
	}
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		switch ph := p.Header.(type) {
		case *gomail.InlineHeader:
			ct, _, _ := ph.ContentType()
			body, _ := io.ReadAll(p.Body)
			if disp, _, _ := ph.ContentDisposition(); disp == "inline" && !strings.HasPrefix(ct, "text/") {
				m.Attachments = append(m.Attachments, attachmentOf(ph.Header, ct, len(body)))
				continue
			}
			switch {
			case ct == "text/html" && m.HTML == "":
				m.HTML = string(body)
			case (ct == "text/plain" || ct == "") && m.Text == "":
				m.Text = string(body)
			default:
				m.Attachments = append(m.Attachments, attachmentOf(ph.Header, ct, len(body)))
			}
		case *gomail.AttachmentHeader:
			ct, _, _ := ph.ContentType()
			body, _ := io.ReadAll(p.Body)
			m.Attachments = append(m.Attachments, attachmentOf(ph.Header, ct, len(body)))
		}
	}
	return m
}

func attachmentOf(h gomessage.Header, ct string, size int) Attachment {
	name := ""
	if _, params, err := h.ContentDisposition(); err == nil {
		name = params["filename"]
	}
	if name == "" {
		if _, params, err := h.ContentType(); err == nil {
			name = params["name"]
		}
	}
	if dec, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = dec
	}
	return Attachment{Name: name, ContentType: ct, Size: size}
}

// bareAddress reduces "Name <a@b.c>" and "<a@b.c>" to a@b.c.
func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return strings.Trim(s, "<>")
}
