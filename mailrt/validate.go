package mailrt

import (
	"strconv"
	"strings"
)

// Values that go into a protocol command (a user name, a password, an address, a folder
// name...) are checked before anything is sent: SMTP, POP3 and IMAP end a command at CR
// LF, so a value holding one would end the command early and make the rest of the value a
// command of its own ("PASS p" CR LF "DELE 1"). NUL ends a string for many servers and
// separates the fields of SASL PLAIN. Such a value is refused with an *Error of kind
// KindInvalidValue wrapping a *ValueError, and nothing of the command is sent.

// ValueError is a value refused before it went into a protocol command. It never holds a
// secret: a password or token is named, never shown.
type ValueError struct {
	// Field names the value: "password", "user name", "recipient address", "folder name"...
	Field string
	// Quoted is the value as the message shows it: a string Go-quoted (so that CR and LF
	// are seen as \r and \n), a number as is; empty for a password or token.
	Quoted string
	// Reason says what is wrong: "contains a line break (CR/LF) or NUL character".
	Reason string
}

// Error is "the <field> [<quoted value>] <reason>".
func (e *ValueError) Error() string {
	if e.Quoted == "" {
		return "the " + e.Field + " " + e.Reason
	}
	return "the " + e.Field + " " + e.Quoted + " " + e.Reason
}

// Reasons of a ValueError.
const (
	reasonLineBreak = "contains a line break (CR/LF) or NUL character"
	reasonSASLSep   = "contains a 0x01 character, the field separator of OAuth authentication (XOAUTH2, OAUTHBEARER)"
	reasonBracket   = "contains an angle bracket (< or >)"
	reasonPort      = "is not between 1 and 65535"
	reasonFlag      = "is not a valid IMAP flag (letters, digits and punctuation other than ( ) { } % * \" ] and \\, after an optional leading \\)"
)

// invalid builds the *Error of a refused value, shown as given ("" for a secret).
func invalid(op, field, shown, reason string) *Error {
	ve := &ValueError{Field: field, Quoted: shown, Reason: reason}
	return &Error{Op: op, Kind: KindInvalidValue, Text: ve.Error(), Err: ve}
}

// quote shows a value in an error: Go-quoted, or not at all for a secret.
func quote(value string, secret bool) string {
	if secret {
		return ""
	}
	return strconv.Quote(value)
}

// checkLine refuses a value holding CR, LF or NUL.
func checkLine(op, field, value string, secret bool) *Error {
	if strings.ContainsAny(value, "\r\n\x00") {
		return invalid(op, field, quote(value, secret), reasonLineBreak)
	}
	return nil
}

// check refuses settings whose values cannot go into the commands of a session: a server
// name, EHLO name, user name, password or token holding CR, LF or NUL, a port outside
// 0–65535 (0 is the default port), and with a token a user name, token or server name
// holding 0x01, which separates the fields of XOAUTH2 and OAUTHBEARER.
func (s *Settings) check(p Protocol) *Error {
	connect := p.String() + " connect"
	if e := checkLine(connect, "server address", s.Host, false); e != nil {
		return e
	}
	if s.Port < 0 || s.Port > 65535 {
		return invalid(connect, "port", strconv.Itoa(s.Port), reasonPort)
	}
	login := p.String() + " login " + s.Addr(p)
	if e := checkLine(p.String()+" EHLO "+s.Addr(p), "EHLO name", s.LocalName, false); e != nil {
		return e
	}
	if e := checkLine(login, "user name", s.User, false); e != nil {
		return e
	}
	if e := checkLine(login, "password", s.Password, true); e != nil {
		return e
	}
	if e := checkLine(login, "OAuth token", s.Token, true); e != nil {
		return e
	}
	if s.Token != "" {
		switch {
		case strings.Contains(s.User, "\x01"):
			return invalid(login, "user name", quote(s.User, false), reasonSASLSep)
		case strings.Contains(s.Token, "\x01"):
			return invalid(login, "OAuth token", "", reasonSASLSep)
		case strings.Contains(s.Host, "\x01"):
			return invalid(login, "server address", quote(s.Host, false), reasonSASLSep)
		}
	}
	return nil
}

// checkEnvelope refuses an envelope sender or recipient that would break MAIL FROM or
// RCPT TO: CR, LF or NUL end the command, and an angle bracket closes the address early,
// the rest becoming ESMTP parameters.
func checkEnvelope(from string, rcpts []string) *Error {
	check := func(op, field, a string) *Error {
		if e := checkLine(op, field, a, false); e != nil {
			return e
		}
		if strings.ContainsAny(a, "<>") {
			return invalid(op, field, quote(a, false), reasonBracket)
		}
		return nil
	}
	if e := check("SMTP MAIL FROM", "sender address", from); e != nil {
		return e
	}
	for _, r := range rcpts {
		if e := check("SMTP RCPT TO", "recipient address", r); e != nil {
			return e
		}
	}
	return nil
}

// checkFlag refuses a flag that is not an IMAP atom (with an optional leading backslash):
// go-imap would close the connection on it.
func checkFlag(op, flag string) *Error {
	ok := flag != "" && flag != `\`
	for i := 0; ok && i < len(flag); i++ {
		c := flag[i]
		if i == 0 && c == '\\' {
			continue
		}
		ok = c > ' ' && c < 0x7f && !strings.ContainsRune(`(){%*"]\`, rune(c))
	}
	if !ok {
		return invalid(op, "flag", quote(flag, false), reasonFlag)
	}
	return nil
}
