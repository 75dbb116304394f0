// Package mailrt is the email runtime of wl as a plain Go library: a message model with
// MIME building and parsing (go-message), SMTP (go-smtp, go-sasl), POP3 (written here on
// net/textproto) and IMAP (go-imap v2) clients with plain, STARTTLS and implicit TLS, per-reply
// timeouts, and an asynchronous sending spool. It knows nothing of WLanguage.
//
// Every failure is an *Error whose message is one line with the server's reply code and
// text when there was one; passwords and tokens never appear in it.
package mailrt
