package builtins

import (
	"path/filepath"
	"strings"
	"unsafe"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// toMailrt converts an Email (variable or structure) into a message to send. Attachments of
// the structure are file names, read now; those of a variable are emailAttache values.
// A line break in an address is refused (it could add a recipient); in the subject or a name
// it is neutralised by the MIME writer.
func toMailrt(th *interp.Thread, m *emailMessage) (*mailrt.Message, error) {
	m.load(th)
	out := &mailrt.Message{Subject: m.subject, Text: m.text, HTML: m.html}
	if !m.idAuto {
		out.MessageID = m.id
	}
	if m.sender != "" {
		a, err := mailrt.ParseAddress(m.sender)
		if err != nil {
			return nil, memberErr("Expéditeur/Sender", err)
		}
		if a.Name == "" {
			a.Name = m.senderName
		}
		out.From = a
	}
	if m.replyTo != "" {
		l, err := mailrt.ParseAddressList(m.replyTo)
		if err != nil {
			return nil, memberErr("AdresseRéponse/ReplyTo", err)
		}
		out.ReplyTo = l
	}
	to, cc, bcc := m.recipientLists()
	for _, f := range []struct {
		member string
		src    []string
		dst    *[]mailrt.Address
	}{{"Destinataire/Recipient", to, &out.To}, {"Cc", cc, &out.Cc}, {"Cci/Bcc", bcc, &out.Bcc}} {
		for _, s := range f.src {
			l, err := mailrt.ParseAddressList(s)
			if err != nil {
				return nil, memberErr(f.member, err)
			}
			*f.dst = append(*f.dst, l...)
		}
	}
	if d := m.date; !m.dateAuto && (d.Kind() == interp.KDateTime || d.Kind() == interp.KDate) {
		out.Date = d.GoTime()
	} else {
		out.Date = now(th) // the run's clock, which tests fix
	}
	switch m.priority {
	case emailPriorityHigh:
		out.Priority = mailrt.PriorityHigh
	case emailPriorityLow:
		out.Priority = mailrt.PriorityLow
	}
	out.ReadReceipt = m.receipt
	out.Sensitivity = sensitivityHeader[m.confidentiality]
	n := msgCount(m.nbAttach, m.attach)
	for i, v := range m.attach.Items() {
		if int64(i) >= n {
			break
		}
		switch a := v.Object().(type) {
		case *emailAttach:
			out.Attachments = append(out.Attachments, mailrt.Attachment{Name: a.name, ContentType: a.contentType,
				Data: a.content, ContentID: a.id, Inline: a.inline})
		default:
			path := v.String()
			if path == "" {
				continue
			}
			name := filepath.Base(localPath(path))
			data, err := readFileCharged(th, osPath(th, path))
			if err != nil {
				// A received or imported structure names attachments it holds itself.
				if a, ok := heldFile(m, path); ok {
					out.Attachments = append(out.Attachments, a)
					continue
				}
				return nil, &mailrt.Error{Op: "attachment " + path, Kind: mailrt.KindMessage, Err: err}
			}
			out.Attachments = append(out.Attachments, mailrt.Attachment{Name: name, ContentType: contentTypeOf(name), Data: data})
		}
	}
	for _, a := range m.files {
		if a.Inline {
			out.Attachments = append(out.Attachments, a)
		}
	}
	return out, nil
}

// fromMailrt fills an Email from a received (or imported) message.
func fromMailrt(th *interp.Thread, et *emailTypes, dst *emailMessage, m *mailrt.Message) {
	th.Alloc(parsedSize(m))
	structure := dst.structure
	dst.reset()
	dst.structure = structure
	dst.sender = m.From.Address
	dst.senderName = m.From.Name
	if len(m.ReplyTo) > 0 {
		dst.replyTo = m.ReplyTo[0].String()
	}
	for _, f := range []struct {
		src []mailrt.Address
		dst *interp.Array
	}{{m.To, dst.to}, {m.Cc, dst.cc}, {m.Bcc, dst.bcc}} {
		for _, a := range f.src {
			f.dst.Append(interp.Str(a.String()))
		}
	}
	dst.subject, dst.text, dst.html, dst.id = m.Subject, m.Text, m.HTML, m.MessageID
	if !m.Date.IsZero() {
		dst.date = interp.DateTimeOf(m.Date)
	}
	dst.idAuto, dst.dateAuto = true, true
	switch m.Priority {
	case mailrt.PriorityHigh:
		dst.priority = emailPriorityHigh
	case mailrt.PriorityLow:
		dst.priority = emailPriorityLow
	}
	dst.receipt = m.ReadReceipt
	dst.confidentiality = confidentialityOf(m.Sensitivity)
	dst.source = sourceString(m.Source)
	dst.size = int64(len(m.Source))
	for _, a := range m.Attachments {
		if dst.structure {
			// The structure lists attachment names; EmailSauveFichierAttaché saves them.
			dst.attach.Append(interp.Str(a.Name))
			dst.files = append(dst.files, a)
			continue
		}
		dst.attach.Append(interp.ObjectValue(&emailAttach{typ: et.attach, name: a.Name, content: a.Data,
			contentType: a.ContentType, id: a.ContentID, inline: a.Inline}))
	}
	dst.cert = signerOf(et, m.Source)
}

// importHTML sets the HTML body and embeds the images it references by a relative path
// found in dir (EmailImporteHTML): each becomes an inline attachment and its src a cid:.
func importHTML(th *interp.Thread, et *emailTypes, m *emailMessage, html, dir string) {
	m.html = html
	if dir == "" {
		return
	}
	lower := strings.ToLower(html)
	seen := map[string]string{}
	var b strings.Builder
	last := 0
	for i := 0; ; {
		j := strings.Index(lower[i:], "src=")
		if j < 0 {
			break
		}
		j += i + 4
		if j >= len(html) || (html[j] != '"' && html[j] != '\'') {
			i = j
			continue
		}
		q := html[j]
		k := strings.IndexByte(html[j+1:], q)
		if k < 0 {
			break
		}
		src := html[j+1 : j+1+k]
		i = j + 1 + k
		if strings.Contains(src, ":") || src == "" {
			continue
		}
		cid, ok := seen[src]
		if !ok {
			data, err := readFileCharged(th, filepath.Join(osPath(th, dir), localPath(src)))
			if err != nil {
				continue
			}
			cid = strings.ReplaceAll(filepath.Base(localPath(src)), " ", "_") + "@wl"
			seen[src] = cid
			if m.structure {
				m.files = append(m.files, mailrt.Attachment{Name: filepath.Base(src), ContentType: contentTypeOf(src), Data: data, ContentID: cid, Inline: true})
			} else {
				m.attach.Append(interp.ObjectValue(&emailAttach{typ: et.attach, name: filepath.Base(localPath(src)),
					content: data, contentType: contentTypeOf(src), id: cid, inline: true}))
			}
		}
		b.WriteString(html[last : j+1])
		b.WriteString("cid:" + cid)
		last = j + 1 + k
	}
	b.WriteString(html[last:])
	m.html = b.String()
}

// stamp records what sending set: the date and the Message-ID.
func stamp(m *emailMessage, sent *mailrt.Message, raw []byte) {
	// The header alone gives the Message-ID: parsing the whole message decoded every
	// attachment again (a 25 MB one cost 25 MB more while sending).
	if id := mailrt.MessageIDOf(raw); id != "" && (m.idAuto || m.id == "") {
		m.id, m.idAuto = id, true
	}
	if (m.dateAuto || m.date.IsNull()) && !sent.Date.IsZero() {
		m.date, m.dateAuto = interp.DateTimeOf(sent.Date), true
	}
	m.source = sourceString(raw)
}

// sourceString makes the Source member of a message's bytes without copying them, which
// would hold a large message twice. The bytes are never written after: Build and the POP3
// and IMAP clients return buffers of their own, and Parse copies what it decodes.
func sourceString(raw []byte) string { return unsafe.String(unsafe.SliceData(raw), len(raw)) }

func heldFile(m *emailMessage, name string) (mailrt.Attachment, bool) {
	for _, a := range m.files {
		if a.Name == name && !a.Inline {
			return a, true
		}
	}
	return mailrt.Attachment{}, false
}

// memberErr names the Email member whose address is wrong: "Expéditeur/Sender: invalid
// address ...".
func memberErr(member string, err error) error {
	if e, ok := err.(*mailrt.Error); ok {
		c := *e
		c.Op = member
		return &c
	}
	return err
}
