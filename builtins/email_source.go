package builtins

import (
	"fmt"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Advanced options of EmailConstruitSource, combined with +.
const (
	// emailOptionHeaderBcc writes the Bcc header in the source (left out otherwise: a
	// message sent with it would show its blind-copy recipients to all).
	emailOptionHeaderBcc = 1
	// emailOptionEncodeHeader encodes non-ASCII header text in RFC 2047 encoded words,
	// which wl does when no option says otherwise.
	emailOptionEncodeHeader = 2
	// emailOptionNoHeaderEncoding writes the subject and display names in UTF-8 as they
	// are (RFC 6532), for a source read by a program rather than sent.
	emailOptionNoHeaderEncoding = 4
	// emailOptionNoCID sends the images embedded in the HTML body as ordinary attachments
	// that the HTML names by their file names, without Content-ID (cid:) links.
	emailOptionNoCID = 8
)

func registerSourceOptions(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(emailOptionHeaderBcc, "emailOptionEntêteBcc", "emailOptionHeaderBcc")
	c(emailOptionEncodeHeader, "emailOptionEncodeEntête", "emailOptionEncodeHeader")
	c(emailOptionNoHeaderEncoding, "emailOptionSansEncodageEntête", "emailOptionNoHeaderEncoding")
	c(emailOptionNoCID, "emailOptionSansCID", "emailOptionNoCID")
}

// buildSourceFunc is EmailConstruitSource / EmailBuildSource([<Email> [, <options>]]): it
// writes the MIME source of the message into its Source member, and its Message-ID into
// ID. The options: emailOptionEntêteBcc keeps the Bcc header, emailOptionSansEncodageEntête
// writes the header in UTF-8 instead of encoded words (emailOptionEncodeEntête, the
// default, encodes them; both together are a fatal error), emailOptionSansCID attaches the
// embedded images as ordinary files named in the HTML.
func (b *emailBinding) buildSourceFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	const fn = "EmailConstruitSource"
	m, err := b.msgArg(th, fn, args, 0)
	if err != nil {
		return interp.Null, err
	}
	bo, err := buildOptions(fn, arg(args, 1), true)
	if err != nil {
		return interp.Null, err
	}
	msg, raw, err := buildWith(th, m, bo)
	if err != nil {
		return fail(th, err), nil
	}
	stamp(m, msg, raw)
	return interp.Bool(true), nil
}

// buildOptions reads the advanced options of EmailConstruitSource (source) or
// EmailEnvoieMessage: the header encoding, and for a source only the Bcc header (a message
// sent with it would show its blind-copy recipients to all).
func buildOptions(fn string, v interp.Value, source bool) (mailrt.BuildOptions, error) {
	opts := v.AsInt()
	allowed := int64(emailOptionEncodeHeader | emailOptionNoHeaderEncoding | emailOptionNoCID)
	if source {
		allowed |= emailOptionHeaderBcc
	}
	switch {
	case v.IsNull():
		return mailrt.BuildOptions{}, nil
	case opts&^allowed != 0 && source:
		return mailrt.BuildOptions{}, fmt.Errorf("%s: unknown option %s (emailOptionEntêteBcc, emailOptionEncodeEntête, emailOptionSansEncodageEntête, emailOptionSansCID)", fn, v.String())
	case opts&^allowed != 0:
		return mailrt.BuildOptions{}, fmt.Errorf("%s: unknown option %s (emailOptionEncodeEntête, emailOptionSansEncodageEntête, emailOptionSansCID)", fn, v.String())
	case opts&emailOptionEncodeHeader != 0 && opts&emailOptionNoHeaderEncoding != 0:
		return mailrt.BuildOptions{}, fmt.Errorf("%s: emailOptionEncodeEntête and emailOptionSansEncodageEntête contradict each other", fn)
	}
	return mailrt.BuildOptions{BccHeader: opts&emailOptionHeaderBcc != 0, UTF8Header: opts&emailOptionNoHeaderEncoding != 0,
		NoContentID: opts&emailOptionNoCID != 0}, nil
}

// buildWith makes the message to send of an Email and its MIME bytes with options, signed
// when its Certificat member holds a certificate (S/MIME).
func buildWith(th *interp.Thread, m *emailMessage, o mailrt.BuildOptions) (*mailrt.Message, []byte, error) {
	msg, err := toMailrt(th, m)
	if err != nil {
		return nil, nil, err
	}
	raw, err := mailrt.BuildWith(msg, o)
	if err != nil {
		return nil, nil, err
	}
	if raw, err = m.sign(raw); err != nil {
		return nil, nil, err
	}
	return msg, raw, nil
}
