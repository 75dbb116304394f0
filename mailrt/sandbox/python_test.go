package sandbox

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wl-lang/wl/internal/pyexec"
)

// The Python standard library's smtplib, poplib and imaplib are clients nobody here wrote.
// Each script prints "OK" lines; the test skips only when python3 is absent.
func runPython(t *testing.T, s *Server, script string) string {
	t.Helper()
	py, err := pyexec.Find() // the interpreter itself, not a version manager's shim
	if err == pyexec.ErrNotFound {
		t.Skip("python3 is not installed")
	}
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, s.CAPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	host := func(svc Service) string { return s.Addr(svc)[strings.LastIndex(s.Addr(svc), ":")+1:] }
	prelude := fmt.Sprintf(`import ssl, smtplib, poplib, imaplib, email, email.message, sys
ctx = ssl.create_default_context(cafile=%q)
SMTP, SMTPS, POP3, POP3S, IMAP, IMAPS = %s, %s, %s, %s, %s, %s
`, ca, host(SMTP), host(SMTPS), host(POP3), host(POP3S), host(IMAP), host(IMAPS))
	cmd := exec.Command(py.Path, "-c", prelude+script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	return string(out)
}

func TestPythonSMTP(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	out := runPython(t, s, `
def msg(subject):
    m = email.message.EmailMessage()
    m["From"], m["To"], m["Subject"] = "ada@example.com", "bob@example.com", subject
    m.set_content("héllo")
    m.add_attachment(bytes(range(256)) * 10, maintype="application", subtype="octet-stream", filename="b.bin")
    return m
for mode in ("plain", "starttls", "implicit"):
    for mech in ("PLAIN", "LOGIN"):
        if mode == "implicit":
            c = smtplib.SMTP_SSL("localhost", SMTPS, context=ctx)
        else:
            c = smtplib.SMTP("localhost", SMTP)
            if mode == "starttls":
                c.starttls(context=ctx)
        c.ehlo()
        c.user, c.password = "ada", "secret"
        c.auth(mech, c.auth_plain if mech == "PLAIN" else c.auth_login)
        c.send_message(msg(mode + " " + mech))
        c.quit()
        print("OK", mode, mech)
c = smtplib.SMTP("localhost", SMTP)
try:
    c.login("ada", "wrong")
    print("wrong password accepted")
except smtplib.SMTPAuthenticationError as e:
    print("OK refused", e.smtp_code)
`)
	if strings.Count(out, "OK") != 7 || !strings.Contains(out, "refused 535") {
		t.Fatalf("python output:\n%s", out)
	}
	msgs := waitMessages(t, s, 6)
	for _, m := range msgs {
		if m.Text != "héllo\r\n" || len(m.Attachments) != 1 || m.Attachments[0].Size != 2560 {
			t.Errorf("%s: text %q attachments %+v", m.Subject, m.Text, m.Attachments)
		}
	}
}

func TestPythonPOP3AndIMAP(t *testing.T) {
	s := start(t, Config{Auth: "ada:secret"})
	att := []byte(strings.Repeat("\x00\x01\xfe\xff binary ", 300))
	for i := 1; i <= 2; i++ {
		s.Seed(testMessage(fmt.Sprintf("seeded %d", i), att))
	}
	out := runPython(t, s, `
def attachment(raw):
    m = email.message_from_bytes(raw)
    for part in m.walk():
        if part.get_filename() == "data.bin":
            return part.get_payload(decode=True)
for mode in ("plain", "stls", "implicit"):
    if mode == "implicit":
        p = poplib.POP3_SSL("localhost", POP3S, context=ctx)
    else:
        p = poplib.POP3("localhost", POP3)
        if mode == "stls":
            p.stls(context=ctx)
    p.user("ada"); p.pass_("secret")
    count, size = p.stat()
    resp, lines, octets = p.retr(1)
    print("OK pop3", mode, count, len(attachment(b"\r\n".join(lines))))
    p.quit()
for mode in ("plain", "starttls", "implicit"):
    if mode == "implicit":
        m = imaplib.IMAP4_SSL("localhost", IMAPS, ssl_context=ctx)
    else:
        m = imaplib.IMAP4("localhost", IMAP)
        if mode == "starttls":
            m.starttls(ssl_context=ctx)
    m.login("ada", "secret")
    m.select("INBOX")
    typ, data = m.search(None, "UNSEEN")
    typ, msg = m.fetch(b"2", "(BODY.PEEK[])")
    print("OK imap", mode, len(data[0].split()), len(attachment(msg[0][1])))
    m.logout()
m = imaplib.IMAP4("localhost", IMAP)
try:
    m.login("ada", "wrong")
    print("wrong password accepted")
except imaplib.IMAP4.error:
    print("OK imap refused")
`)
	wantLen := fmt.Sprint(len(att))
	if strings.Count(out, "OK pop3") != 3 || strings.Count(out, "OK imap ") != 4 || !strings.Contains(out, "OK imap refused") ||
		strings.Count(out, " "+wantLen+"\n") != 6 {
		t.Fatalf("python output (attachment %s bytes):\n%s", wantLen, out)
	}
}
