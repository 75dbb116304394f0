package realmail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Delivery is what Postfix logged about how it received one message: the smtpd line
// "QUEUEID: client=NAME[ADDR], sasl_method=M, sasl_username=U" of that message's queue ID.
type Delivery struct {
	// QueueID is Postfix's queue ID of the message.
	QueueID string
	// SASLMethod is the AUTH mechanism the client used ("PLAIN", "LOGIN"), "" when it sent
	// without authenticating.
	SASLMethod string
	// SASLUser is the user name the client authenticated as, "" without authentication.
	SASLUser string
	// ClientLine is the smtpd log line the other fields come from.
	ClientLine string
}

// PostfixLog returns the path of Postfix's log file (LogDir/postfix.log), or "" when the
// environment names no log directory.
func (e Env) PostfixLog() string {
	if e.LogDir == "" {
		return ""
	}
	return filepath.Join(e.LogDir, "postfix.log")
}

// WaitForDelivery polls Postfix's log until it holds both the cleanup line that gives the
// queue ID of the message whose Message-ID is messageID (with or without angle brackets)
// and the smtpd line that received it, and returns what that line says about
// authentication. Postfix writes its log through postlogd, a little after the SMTP reply:
// call it once the message is in the Maildir, or let it poll.
func (e Env) WaitForDelivery(ctx context.Context, messageID string) (Delivery, error) {
	path := e.PostfixLog()
	if path == "" {
		return Delivery{}, errors.New("realmail: MAIL_LOG_DIR is unset: no Postfix log to read")
	}
	id := "<" + strings.Trim(messageID, "<> \t") + ">"
	var d Delivery
	err := poll(ctx, func() (bool, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return false, fmt.Errorf("realmail: %w", err)
		}
		var found bool
		d, found = findDelivery(data, id)
		return found, nil
	})
	if err != nil {
		return Delivery{}, fmt.Errorf("realmail: no complete Postfix log entry for message-id=%s in %s: %w", id, path, err)
	}
	return d, nil
}

// findDelivery looks for the cleanup line "QID: message-id=ID" and takes the last smtpd
// line "QID: client=..." before it: smtpd logs it when it hands the message to cleanup.
// (Short queue IDs may be reused once a message has left the queue; the script turns on
// long ones, but the nearest line is right either way.)
func findDelivery(log []byte, id string) (Delivery, bool) {
	client := map[string]string{} // queue ID -> its latest client= line
	var d Delivery
	found := false
	sc := bufio.NewScanner(bytes.NewReader(log))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		l := sc.Text()
		q, rest, ok := queueLine(l)
		switch {
		case !ok:
		case strings.HasPrefix(rest, "client="):
			client[q] = l
		case rest == "message-id="+id && client[q] != "":
			d, found = parseClient(q, client[q]), true
		}
	}
	return d, found
}

// parseClient reads the fields of an smtpd "QID: client=..., sasl_method=M, ..." line.
func parseClient(qid, line string) Delivery {
	d := Delivery{QueueID: qid, ClientLine: line}
	_, rest, _ := queueLine(line)
	for _, field := range strings.Split(rest, ", ") {
		k, v, _ := strings.Cut(field, "=")
		switch k {
		case "sasl_method":
			d.SASLMethod = v
		case "sasl_username":
			d.SASLUser = v
		}
	}
	return d
}

// queueLine splits a Postfix log line "... postfix-x/daemon[pid]: QUEUEID: rest".
func queueLine(l string) (qid, rest string, ok bool) {
	_, after, ok := strings.Cut(l, "]: ")
	if !ok {
		return "", "", false
	}
	qid, rest, ok = strings.Cut(after, ": ")
	if !ok || qid == "" || strings.ContainsAny(qid, " =") {
		return "", "", false
	}
	return qid, rest, true
}
