package builtins

import (
	"os"
	"unsafe"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// The email objects count in the run's memory limit (--max-memory) with what they really
// hold, and what a script reads into them (attached files, received messages) is charged
// before it is read, so that a file without end (/dev/zero) or larger than the limit, or a
// huge message a server sends, stops the run with the memory-limit error instead of
// exhausting the process's memory.

// Estimated bytes of an element of an array (a Value) and of a string's header.
const (
	memValue  = 24
	memString = 16
)

// MemSize implements interp.Sizer: the message, its recipients, bodies, source and
// attachments.
func (m *emailMessage) MemSize() int64 {
	n := int64(unsafe.Sizeof(*m))
	for _, s := range []string{m.sender, m.senderName, m.replyTo, m.subject, m.text, m.html, m.id,
		m.source, m.errText, m.uid, m.folder, m.session, m.mailID} {
		n += int64(len(s))
	}
	for _, a := range []*interp.Array{m.to, m.cc, m.bcc, m.attach} {
		n += arrayMemSize(a)
	}
	for _, f := range m.files {
		n += attachmentMemSize(f)
	}
	if m.cert != nil {
		n += int64(unsafe.Sizeof(*m.cert))
	}
	return n
}

// MemSize implements interp.Sizer: the attachment and its content.
func (a *emailAttach) MemSize() int64 {
	return int64(unsafe.Sizeof(*a)) + int64(len(a.name)+len(a.content)+len(a.contentType)+len(a.id))
}

// MemSize implements interp.Sizer: the session's settings.
func (o *sessionObject) MemSize() int64 {
	n := int64(unsafe.Sizeof(*o)) + int64(len(o.server)+len(o.name)+len(o.password))
	if o.port.Kind() == interp.KString {
		n += int64(len(o.port.String()))
	}
	if o.token != nil {
		n += int64(unsafe.Sizeof(*o.token)) + int64(len(o.token.value))
	}
	return n
}

// arrayMemSize is what an array of strings or attachments holds.
func arrayMemSize(a *interp.Array) int64 {
	if a == nil {
		return 0
	}
	n := int64(a.Len()) * memValue
	for _, v := range a.Items() {
		switch v.Kind() {
		case interp.KString:
			n += memString + int64(len(v.String()))
		case interp.KObject:
			if s, ok := v.Object().(interp.Sizer); ok {
				n += s.MemSize()
			}
		}
	}
	return n
}

func attachmentMemSize(a mailrt.Attachment) int64 {
	return int64(unsafe.Sizeof(a)) + int64(len(a.Name)+len(a.ContentType)+len(a.Data)+len(a.ContentID))
}

// parsedSize is what making an Email of a parsed message allocates: the source kept as a
// string, the bodies and the attachments' contents.
func parsedSize(m *mailrt.Message) int64 {
	n := int64(len(m.Source) + len(m.Text) + len(m.HTML) + len(m.Subject))
	for _, a := range m.Attachments {
		n += attachmentMemSize(a)
	}
	return n
}

// readFileCharged reads a file the script names (an attachment, a message to send, an
// image of an HTML body) through Thread.ReadAll: what it reads is charged to the run's
// memory as it comes, so a file larger than the memory left, or without end, stops the
// run with the memory-limit error.
func readFileCharged(th *interp.Thread, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return th.ReadAll(f)
}

// reserveHook is the mailrt Reserve of a synchronous session: the memory of each message
// read is charged to the run before the client allocates it. The memory-limit error must
// not unwind through the mail client (left in the middle of a message): it is caught, the
// read stops, and fail raises it again once the client has returned, as for EmailJauge.
func reserveHook(th *interp.Thread) func(int64) error {
	return func(n int64) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = &progressAbort{r}
			}
		}()
		th.Alloc(n)
		return nil
	}
}
