package builtins

import (
	"github.com/wl-lang/wl/interp"
)

// Property helpers: each makes a property of the Email type from an accessor of
// emailMessage, under all its names.

func msgOf(o interp.Object) *emailMessage { return o.(*emailMessage) }

func msgStrProp(names []string, field func(*emailMessage) *string) *interp.Property {
	return &interp.Property{
		Names: names,
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.Str(*field(msgOf(o))), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			*field(msgOf(o)) = v.String()
			return nil
		},
	}
}

func msgBoolProp(names []string, field func(*emailMessage) *bool) *interp.Property {
	return &interp.Property{
		Names: names,
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.Bool(*field(msgOf(o))), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			*field(msgOf(o)) = v.AsBool()
			return nil
		},
	}
}

func msgIntProp(names []string, field func(*emailMessage) *int64) *interp.Property {
	return &interp.Property{
		Names: names,
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.Int(*field(msgOf(o))), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			*field(msgOf(o)) = v.AsInt()
			return nil
		},
	}
}

// msgListProp is a recipient array: reading gives the array itself (Ajoute(m.Destinataire, x)
// and m.Destinataire[2] = x change the message); assigning replaces its content.
func msgListProp(names []string, field func(*emailMessage) *interp.Array) *interp.Property {
	return &interp.Property{
		Names: names,
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.ArrayValue(field(msgOf(o))), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			msgSetList(field(msgOf(o)), v)
			return nil
		},
	}
}

// msgCountProp is NbDestinataire and its kin: the length of the array, which the legacy
// structure lets the script set (Email.NbDestinataire = 1).
func msgCountProp(names []string, list func(*emailMessage) *interp.Array, set func(*emailMessage) *int64) *interp.Property {
	return &interp.Property{
		Names: names,
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			m := msgOf(o)
			return interp.Int(msgCount(*set(m), list(m))), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			*set(msgOf(o)) = v.AsInt()
			return nil
		},
	}
}

func msgValueProp(names []string, field func(*emailMessage) *interp.Value, t *interp.Type) *interp.Property {
	return &interp.Property{
		Names: names,
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return *field(msgOf(o)), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			*field(msgOf(o)) = t.Convert(v)
			return nil
		},
	}
}

// emailProperties lists the members of the Email type and structure, each with its French,
// English and accent-free names. Names PC SOFT's help does not show in English are the
// obvious translation (noted in the reference as unverified).
func emailProperties() []*interp.Property {
	return []*interp.Property{
		msgStrProp([]string{"Expéditeur", "Sender"}, func(m *emailMessage) *string { return &m.sender }),
		msgStrProp([]string{"NomExpéditeur", "SenderName"}, func(m *emailMessage) *string { return &m.senderName }),
		msgStrProp([]string{"AdresseRéponse", "RéponseA", "ReplyTo", "ReplyAddress"}, func(m *emailMessage) *string { return &m.replyTo }),
		msgListProp([]string{"Destinataire", "Recipient"}, func(m *emailMessage) *interp.Array { return m.to }),
		msgListProp([]string{"Cc"}, func(m *emailMessage) *interp.Array { return m.cc }),
		msgListProp([]string{"Cci", "Bcc"}, func(m *emailMessage) *interp.Array { return m.bcc }),
		msgCountProp([]string{"NbDestinataire", "NbRecipient"}, func(m *emailMessage) *interp.Array { return m.to }, func(m *emailMessage) *int64 { return &m.nbTo }),
		msgCountProp([]string{"NbCc"}, func(m *emailMessage) *interp.Array { return m.cc }, func(m *emailMessage) *int64 { return &m.nbCc }),
		msgCountProp([]string{"NbCci", "NbBcc"}, func(m *emailMessage) *interp.Array { return m.bcc }, func(m *emailMessage) *int64 { return &m.nbBcc }),
		msgStrProp([]string{"Sujet", "Subject"}, func(m *emailMessage) *string { return &m.subject }),
		lazy(msgStrProp([]string{"Message"}, func(m *emailMessage) *string { return &m.text })),
		lazy(msgStrProp([]string{"HTML"}, func(m *emailMessage) *string { return &m.html })),
		lazy(msgListProp([]string{"Attache", "Attach", "PièceJointe", "Attachment"}, func(m *emailMessage) *interp.Array { return m.attach })),
		lazy(msgCountProp([]string{"NbAttache", "NbAttach", "NbPièceJointe", "NbAttachment"}, func(m *emailMessage) *interp.Array { return m.attach }, func(m *emailMessage) *int64 { return &m.nbAttach })),
		manual(msgValueProp([]string{"Date", "DateEnvoi", "SendDate"}, func(m *emailMessage) *interp.Value { return &m.date }, interp.TypeDateTime), func(m *emailMessage) { m.dateAuto = false }),
		msgValueProp([]string{"DateRéception", "ReceiveDate", "ReceptionDate"}, func(m *emailMessage) *interp.Value { return &m.receiveDate }, interp.TypeDateTime),
		manual(msgStrProp([]string{"ID", "MessageID"}, func(m *emailMessage) *string { return &m.id }), func(m *emailMessage) { m.idAuto = false }),
		lazy(msgStrProp([]string{"Source"}, func(m *emailMessage) *string { return &m.source })),
		msgIntProp([]string{"Priorité", "Priority"}, func(m *emailMessage) *int64 { return &m.priority }),
		msgBoolProp([]string{"AccuséRéception", "DemandeAccuséRéception", "DispositionNotification", "ReadReceipt"}, func(m *emailMessage) *bool { return &m.receipt }),
		msgBoolProp([]string{"EnDehors", "Out"}, func(m *emailMessage) *bool { return &m.out }),
		msgStrProp([]string{"Erreur", "Error"}, func(m *emailMessage) *string { return &m.errText }),
		msgBoolProp([]string{"Lu", "Read"}, func(m *emailMessage) *bool { return &m.read }),
		msgIntProp([]string{"Taille", "Size"}, func(m *emailMessage) *int64 { return &m.size }),
		msgIntProp([]string{"NuméroMessage", "MessageNumber"}, func(m *emailMessage) *int64 { return &m.number }),
		msgStrProp([]string{"Dossier", "Folder"}, func(m *emailMessage) *string { return &m.folder }),
		lazy(&interp.Property{Names: []string{"IdentifiantAttache", "AttachIdentifier"}, Get: attachIdentifiers}),
		msgStrProp([]string{"IdentifiantMail", "MailIdentifier", "AsynchronousEmailIdentifier"}, func(m *emailMessage) *string { return &m.mailID }),
		senderAddressProp(),
		confidentialityProp(),
		lazy(certificateProp()),
	}
}

// lazy makes a property of the body part of a message: reading or writing it first fetches
// the body of a message read with its header only.
func lazy(p *interp.Property) *interp.Property {
	return before(p, (*emailMessage).load)
}

// before makes p call first(message, thread) ahead of each read and write.
func before(p *interp.Property, first func(*emailMessage, *interp.Thread)) *interp.Property {
	get, set := p.Get, p.Set
	p.Get = func(th *interp.Thread, o interp.Object) (interp.Value, error) {
		first(msgOf(o), th)
		return get(th, o)
	}
	if set != nil {
		p.Set = func(th *interp.Thread, o interp.Object, v interp.Value) error {
			first(msgOf(o), th)
			return set(th, o, v)
		}
	}
	return p
}

// attachIdentifiers is the AttachIdentifier member: the Content-IDs of the images embedded
// in the HTML body (read-only; EmailImporteHTML and reception fill it).
func attachIdentifiers(_ *interp.Thread, o interp.Object) (interp.Value, error) {
	m := msgOf(o)
	out := interp.NewArray(interp.TypeString)
	for _, it := range m.attach.Items() {
		if a, ok := it.Object().(*emailAttach); ok && a.inline && a.id != "" {
			out.Append(interp.Str(a.id))
		}
	}
	for _, f := range m.files {
		if f.Inline && f.ContentID != "" {
			out.Append(interp.Str(f.ContentID))
		}
	}
	return interp.ArrayValue(out), nil
}

// manual marks a member the script set itself (ID, Date): sending keeps it.
func manual(p *interp.Property, mark func(*emailMessage)) *interp.Property {
	set := p.Set
	p.Set = func(th *interp.Thread, o interp.Object, v interp.Value) error {
		mark(msgOf(o))
		return set(th, o, v)
	}
	return p
}
