// Package realmail lets tests use the real mail servers (Postfix and Dovecot on 127.0.0.1)
// that .ci/mail-servers.sh starts and describes in its mail.env file.
//
// The servers are found through the MAIL_* environment variables that mail.env holds. When
// MAIL_SMTP_PORT is unset (a laptop without the servers), [Load] reports false and [Require]
// skips the test, so the same tests run everywhere and only talk to real servers where
// they are up:
//
//	func TestSend(t *testing.T) {
//		env := realmail.Require(t)
//		cfg, err := env.TLSConfig()
//		...
//		msg, err := env.Mailbox().WaitFor(ctx, realmail.HasSubject(subject))
//	}
//
// Delivery is asynchronous: an SMTP 250 means Postfix queued the message, which reaches the
// Maildir tens of milliseconds later (up to about a second under load). The [Mailbox]
// helpers therefore poll until the message is there or the context ends.
//
// Every recipient at any domain lands in the one mailbox, and the test binaries of several
// packages run at the same time: a test finds its own message by a unique subject or
// header ([Mailbox.WaitFor]) rather than by counting, and clears the mailbox only when it
// knows nothing else uses it.
package realmail
