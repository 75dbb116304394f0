package builtins

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// setTimeoutFunc is EmailChangeTimeOut / EmailSetTimeOut(<duration>): the longest wait for
// any reply of a server (not the whole session), for the sessions opened afterwards. An
// integer is a number of seconds; a durée is taken as it is.
func (b *emailBinding) setTimeoutFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	var d time.Duration
	if v := args[0]; v.Kind() == interp.KDuration {
		d = time.Duration(v.Millis()) * time.Millisecond
	} else {
		d = time.Duration(v.AsFloat() * float64(time.Second))
	}
	if d <= 0 {
		return interp.Null, fmt.Errorf("EmailChangeTimeOut: the timeout must be positive, not %s", args[0].String())
	}
	st.timeout = d
	return interp.Bool(true), nil
}

// getTimeoutFunc is EmailLitTimeOut / EmailGetTimeOut(): the timeout in seconds.
func (b *emailBinding) getTimeoutFunc(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
	return interp.Int(int64(b.state(th).timeout / time.Second)), nil
}

// configureFunc is EmailParamètre / EmailConfigure(<parameter> [, <value>]). PC SOFT documents
// one parameter, emailParamètreMode: the value 1 makes WINDEV manage email with its
// multi-platform implementation instead of the Windows API (which refused some certificates,
// Gmail's in 2017); since version 23 Update 1 WLanguage picks the mode adapted to the session
// by itself, so the call is no longer needed. PC SOFT's blog on SMTP servers with a
// self-signed certificate (blogs.pcsoft.fr, "connecter-serveur-smtp-securise-emet-
// certificat-auto-signe") adds that in this mode, available since version 22, WINDEV checks
// the certificate chain itself, and that the authority of a self-signed certificate is
// then added with CertificatDeConfianceAjoute (email_trust.go).
//
// wl has only the multi-platform implementation: its own SMTP, POP3 and IMAP clients, which
// verify certificates against the system's roots and WL_CA_FILE (never a Windows API). Mode 1
// selects it; mode 0, the automatic choice WLanguage makes by itself, selects the same one.
// Both are recorded for the run and read back by EmailParamètre(emailParamètreMode), which
// gives 0 until a mode is set. With a value, the function returns the mode in force before
// the call. Another parameter or another value is refused: the function returns Faux and
// sets ErreurDétectée and ErreurInfo, and the mode stays as it was.
func (b *emailBinding) configureFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	p, ok := wholeNumber(args[0])
	if !ok || p != emailParameterMode {
		return failf(th, "EmailParamètre: unknown parameter %s: the only parameter is emailParamètreMode (%d)", args[0].String(), emailParameterMode), nil
	}
	old, set := st.params[p]
	if !set {
		old = interp.Int(emailModeAutomatic)
	}
	if len(args) > 1 {
		v, ok := wholeNumber(args[1])
		if !ok || (v != emailModeAutomatic && v != emailModeMultiPlatform) {
			return failf(th, "EmailParamètre: invalid value %s for emailParamètreMode: 0 (automatic) or 1 (multi-platform implementation)", args[1].String()), nil
		}
		st.params[p] = interp.Int(v)
	}
	return old, nil
}

// wholeNumber is the integer a parameter holds: a number without a fractional part, or a
// string that reads as one.
func wholeNumber(v interp.Value) (int64, bool) {
	switch v.Kind() {
	case interp.KInt, interp.KReal, interp.KString:
	default:
		return 0, false
	}
	if v.Kind() == interp.KString && strings.TrimSpace(v.String()) == "" {
		return 0, false
	}
	f := v.AsFloat()
	if f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	if v.Kind() == interp.KString {
		if _, err := strconv.ParseFloat(strings.TrimSpace(v.String()), 64); err != nil {
			return 0, false
		}
	}
	return int64(f), true
}

// loadAttachmentFunc is EmailChargeFichierAttaché / EmailLoadAttachment([<Email>,] <file>
// [, <name>]) and the method <Email>.ChargeFichierAttaché(<file> [, <name>]): it attaches a
// file (read now, so a missing file sets ErreurDétectée here rather than at sending). The
// Email structure lists the file's path in Attache.
func (b *emailBinding) loadAttachmentFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	m, args := b.leadingMsg(th, args)
	if len(args) == 0 {
		return interp.Null, emailArgsError("EmailChargeFichierAttaché", 2, 1)
	}
	path := args[0].String()
	a, ok := loadAttachment(th, b.et.attach, path)
	if !ok {
		return interp.Bool(false), nil
	}
	if name := arg(args, 1).String(); name != "" {
		a.name = name
		a.contentType = contentTypeOf(name)
	}
	if m.structure {
		if _, err := os.Stat(osPath(th, path)); err == nil && arg(args, 1).IsNull() {
			m.attach.Append(interp.Str(path))
		} else {
			m.attach.Append(interp.Str(a.name))
			m.files = append(m.files, mailrt.Attachment{Name: a.name, ContentType: a.contentType, Data: a.content})
		}
		if m.nbAttach >= 0 {
			m.nbAttach++
		}
		return interp.Bool(true), nil
	}
	m.attach.Append(interp.ObjectValue(a))
	return interp.Bool(true), nil
}

// saveAttachmentFunc is EmailSauveFichierAttaché / EmailSaveAttachment([<Email>,]
// <attachment>, <path>): it writes an attachment, given by its rank (from 1) or its name,
// to a file, or into a directory under its own name.
func (b *emailBinding) saveAttachmentFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	m, args := b.leadingMsg(th, args)
	if len(args) != 2 {
		return interp.Null, emailArgsError("EmailSauveFichierAttaché", 3, len(args)+1)
	}
	a, err := b.attachmentOf(th, m, args[0])
	if err != nil {
		return interp.Null, err
	}
	return saveAttachment(th, a, args[1].String()), nil
}

// attachmentOf finds an attachment of a message by rank or name.
func (b *emailBinding) attachmentOf(th *interp.Thread, m *emailMessage, v interp.Value) (*emailAttach, error) {
	m.load(th)
	if a, ok := v.Object().(*emailAttach); ok {
		return a, nil
	}
	var all []*emailAttach
	for _, it := range m.attach.Items() {
		switch a := it.Object().(type) {
		case *emailAttach:
			all = append(all, a)
		default:
			name := it.String()
			if f, ok := heldFile(m, name); ok {
				all = append(all, &emailAttach{typ: b.et.attach, name: f.Name, content: f.Data, contentType: f.ContentType})
			} else {
				// A file the structure names for sending: its content is the file's.
				data, _ := readFileCharged(th, osPath(th, name))
				all = append(all, &emailAttach{typ: b.et.attach, name: filepath.Base(localPath(name)), id: name, content: data})
			}
		}
	}
	if isNumber(v) {
		n := v.AsInt()
		if n < 1 || int(n) > len(all) {
			return nil, fmt.Errorf("EmailSauveFichierAttaché: the message has no attachment %d (it has %d)", n, len(all))
		}
		return all[n-1], nil
	}
	name := v.String()
	for _, a := range all {
		if a.name == name || a.id == name {
			return a, nil
		}
	}
	return nil, fmt.Errorf("EmailSauveFichierAttaché: the message has no attachment named %q", name)
}
