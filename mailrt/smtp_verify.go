package mailrt

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-smtp"
)

// VerifyRecipient asks the server whether it would accept mail for rcpt, without sending
// any: MAIL FROM with the null sender, RCPT TO, then RSET. It returns nil when the server
// accepts the recipient and an *Error of kind KindRecipient, with the server's code and
// text, when it refuses it (other kinds when the session fails).
func (cl *SMTPClient) VerifyRecipient(ctx context.Context, rcpt string) error {
	if e := checkEnvelope("", []string{rcpt}); e != nil {
		return e
	}
	stop := context.AfterFunc(ctx, func() { cl.conn.Close() })
	defer stop()
	if err := cl.c.Mail("", nil); err != nil {
		return cl.wrap(ctx, "SMTP MAIL FROM <>", err)
	}
	op := fmt.Sprintf("SMTP RCPT TO <%s>", rcpt)
	err := cl.c.Rcpt(rcpt, nil)
	cl.c.Reset()
	if err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			return &Error{Op: op, Kind: KindRecipient, Code: se.Code, Text: se.Message}
		}
		return cl.wrap(ctx, op, err)
	}
	return nil
}
