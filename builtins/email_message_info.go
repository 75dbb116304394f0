package builtins

import (
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Functions that tell about a received message without reading it again: its size, its
// flags, its header fields, and the text of an email error number.

// Flags of an IMAP message as EmailRécupèreIndicateur gives them, combined with +.
const (
	emailFlagSeen     = 1
	emailFlagAnswered = 2
	emailFlagFlagged  = 4
	emailFlagDeleted  = 8
	emailFlagDraft    = 16
	emailFlagRecent   = 32
)

// imapFlagBits maps IMAP system flags to the constants above.
var imapFlagBits = map[string]int64{
	`\seen`: emailFlagSeen, `\answered`: emailFlagAnswered, `\flagged`: emailFlagFlagged,
	`\deleted`: emailFlagDeleted, `\draft`: emailFlagDraft, `\recent`: emailFlagRecent,
}

// emailErrorBase numbers the kinds of email failure for ErreurInfo(errCode): the kind of
// mailrt.Error plus this base (100 any email error, 101 DNS, 102 connection, 103 TLS, 104
// authentication, 105 timeout, 106 recipient refused, 107 server error, 108 protocol, 109
// connection closed, 110 invalid message, 111 cancelled, 112 invalid value).
const emailErrorBase = 100

// emailErrorCode is ErreurInfo(errCode) after an email failure of kind k.
func emailErrorCode(k mailrt.Kind) int { return emailErrorBase + int(k) }

func registerEmailInfo(r *registrar, b *emailBinding) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(emailFlagSeen, "emailIndicateurLu", "emailFlagSeen")
	c(emailFlagAnswered, "emailIndicateurRépondu", "emailFlagAnswered")
	c(emailFlagFlagged, "emailIndicateurMarqué", "emailFlagFlagged")
	c(emailFlagDeleted, "emailIndicateurSupprimé", "emailFlagDeleted")
	c(emailFlagDraft, "emailIndicateurBrouillon", "emailFlagDraft")
	c(emailFlagRecent, "emailIndicateurRécent", "emailFlagRecent")
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, CanFail: true, Fn: f})
	}
	fn([]string{"EmailTailleMessage", "EmailMessageSize"}, 1, 2, b.messageSizeFunc)
	fn([]string{"EmailRécupèreIndicateur", "EmailGetIndicator"}, 1, 2, b.flagsFunc)
	fn([]string{"EmailLitEntêteMessage", "EmailReadMessageHeader"}, 0, 2, b.headerFunc)
	fn([]string{"EmailMsgErreur", "EmailMsgError"}, 1, 1, emailMsgErrorFunc)
}

// messageSizeFunc is EmailTailleMessage / EmailMessageSize(<session> [, <Email or number>]):
// the size in bytes of a message on the server (the current one by default), as the server
// counts it (POP3 LIST, IMAP RFC822.SIZE), without reading it.
func (b *emailBinding) messageSizeFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	const fn = "EmailTailleMessage"
	s, ok, err := b.state(th).reader(th, fn, args[0])
	if !ok {
		return interp.Int(0), err
	}
	ref, err := messageRef(fn, s, arg(args, 1))
	if err != nil {
		failf(th, "%v", err)
		return interp.Int(0), nil
	}
	if s.pop3 != nil {
		if s.popDeleted[ref] {
			failf(th, "%s: message %d was deleted in this session", fn, ref)
			return interp.Int(0), nil
		}
		n, err := s.pop3.Size(int(ref))
		if err != nil {
			fail(th, err)
			return interp.Int(0), nil
		}
		return interp.Int(int64(n)), nil
	}
	meta, err := fetchOneMeta(s, ref)
	if err != nil {
		fail(th, err)
		return interp.Int(0), nil
	}
	return interp.Int(meta.Size), nil
}

// flagsFunc is EmailRécupèreIndicateur / EmailGetIndicator(<session> [, <Email or number>]):
// the flags of an IMAP message (the current one by default) as a combination of
// emailIndicateurLu, emailIndicateurRépondu, emailIndicateurMarqué, emailIndicateurSupprimé,
// emailIndicateurBrouillon and emailIndicateurRécent, tested with `n & emailIndicateurLu`
// or compared. POP3 keeps no flags: a fatal error there.
func (b *emailBinding) flagsFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	const fn = "EmailRécupèreIndicateur"
	s, ok, err := b.state(th).reader(th, fn, args[0])
	if !ok {
		return interp.Int(0), err
	}
	if s.imap == nil {
		return interp.Null, fmt.Errorf("%s: a POP3 session keeps no flags; use an IMAP session", fn)
	}
	ref, err := messageRef(fn, s, arg(args, 1))
	if err != nil {
		failf(th, "%v", err)
		return interp.Int(0), nil
	}
	meta, err := fetchOneMeta(s, ref)
	if err != nil {
		fail(th, err)
		return interp.Int(0), nil
	}
	var n int64
	for _, f := range meta.Flags {
		n |= imapFlagBits[strings.ToLower(f)]
	}
	return interp.Int(n), nil
}

// headerFunc is EmailLitEntêteMessage / EmailReadMessageHeader([<Email>] [, <field>]): the
// value of a header field of a received or built message (the Email given, else the Email
// structure), decoded (RFC 2047), its occurrences separated by CR LF and "" when absent;
// without a field name, the whole header as received. It reads the Source member, so the
// fields wl has no member for (List-Unsubscribe, Received, X-Mailer...) are reachable.
func (b *emailBinding) headerFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	m, args := b.leadingMsg(th, args)
	if len(args) > 1 {
		return interp.Null, fmt.Errorf("EmailLitEntêteMessage: an Email and a header field name were expected (%d parameters given)", len(args)+1)
	}
	m.loadPending(th) // an Email of an asynchronous EmailRécupèreTout not read yet
	src := m.source
	return interp.Str(mailrt.HeaderField([]byte(src), arg(args, 0).String())), nil
}

// emailMsgErrorFunc is EmailMsgErreur / EmailMsgError(<error>): the text of an email error
// number (ErreurInfo(errCode) after an email function failed: "authentication error"...);
// given the text of an error (the Erreur member of an Email holds one), that text.
func emailMsgErrorFunc(_ *interp.Thread, args []interp.Value) (interp.Value, error) {
	v := args[0]
	if !isNumber(v) {
		return interp.Str(v.String()), nil
	}
	n := v.AsInt()
	switch {
	case n == 0:
		return interp.Str(""), nil
	case n < emailErrorBase || n > emailErrorBase+int64(mailrt.KindInvalidValue):
		return interp.Null, fmt.Errorf("EmailMsgErreur: %d is not an email error number", n)
	}
	k := mailrt.Kind(n - emailErrorBase)
	if k == mailrt.KindOther {
		return interp.Str("email error"), nil
	}
	return interp.Str(k.String() + " error"), nil
}

// fetchOneMeta reads the size, flags and date of the IMAP message ref; a message the server
// no longer has is a server error.
func fetchOneMeta(s *session, ref uint32) (mailrt.IMAPMessage, error) {
	meta, err := s.imap.FetchMeta([]uint32{ref})
	if err == nil && len(meta) == 0 {
		err = &mailrt.Error{Op: "IMAP FETCH", Kind: mailrt.KindServer, Text: fmt.Sprintf("message %d no longer exists", ref)}
	}
	if err != nil {
		return mailrt.IMAPMessage{}, err
	}
	return meta[0], nil
}
