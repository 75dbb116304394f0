// Package sandbox is an embedded mail server for tests and for trying email scripts without
// a mail account: SMTP (go-smtp), POP3 (written here) and IMAP (go-imap v2's server) over one
// shared mailbox, each in plain (with STARTTLS/STLS) and implicit-TLS flavours, with an
// ephemeral certificate authority, an optional directory of .eml files kept across restarts,
// and fault injection for the error paths of email clients.
//
// Every login sees the same mailbox, unless Config.Mailboxes gives each recipient one of its
// own. What the SMTP side accepts is also recorded, with its envelope, authentication and TLS
// mode, as the captured messages of Messages. Index, Lookup, Raw, Delete, DeleteAll, SetRead
// and Watch give a program (the web view of the sandbox/web package) the stored messages of
// every mailbox from the store's index, by ID, and their changes as they happen.
//
// Config.Auth restricts logins to one user, for every mechanism (PLAIN, LOGIN, USER/PASS,
// and XOAUTH2 and OAUTHBEARER with PASS or Config.AuthToken as the bearer token). Silent
// connections are closed after the timeouts of Config.Timeouts (by default those of the
// RFCs), and a failure to accept connections (too many open files) only pauses a service.
//
// The package knows nothing of WLanguage: the wl command uses it for --sandbox and
// wl sandbox, and the email runtime's tests use it as their protocol peer.
package sandbox
