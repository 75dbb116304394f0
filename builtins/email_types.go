package builtins

import (
	"github.com/wl-lang/wl/interp"
)

// emailTypes are the object types of the email binding, made once per library.
type emailTypes struct {
	message *interp.ObjectType // Email
	attach  *interp.ObjectType // emailAttache / emailAttach
	smtp    *interp.ObjectType // emailSessionSMTP / emailSMTPSession
	pop3    *interp.ObjectType // emailSessionPOP3 / emailPOP3Session
	imap    *interp.ObjectType // emailSessionIMAP / emailIMAPSession
	cert    *interp.ObjectType // Certificat / Certificate
}

// structureKey finds the run's global Email structure in the thread's state.
type structureKey struct{}

// structure returns the run's Email structure, making it on first use.
func (et *emailTypes) structure(th *interp.Thread) *emailMessage {
	return th.State(structureKey{}, func() any { return newEmailMessage(et.message, true) }).(*emailMessage)
}

// newMessage makes an empty Email variable.
func (et *emailTypes) newMessage() *emailMessage { return newEmailMessage(et.message, false) }

// blankMessage is an Email for fill, whose fromMailrt resets it before setting it: the
// empty arrays newMessage gives it would be dropped at once.
func (et *emailTypes) blankMessage() *emailMessage { return &emailMessage{typ: et.message} }

func newEmailTypes() *emailTypes {
	et := &emailTypes{attach: newAttachType()}
	et.message = &interp.ObjectType{Name: "Email", Names: []string{"Email", "Emails"}}
	et.message.New = func() interp.Object { return et.newMessage() }
	et.message.Props = pendingProps(emailProperties())
	return et
}

// registerEmailTypes adds the Email type, its attachment type and the global Email
// structure of the legacy API (the same name: `MonMessage est un Email` declares a variable of
// the type, `Email.Sujet = ...` sets the structure).
func registerEmailTypes(r *registrar, et *emailTypes) {
	r.typ(et.message)
	r.typ(et.attach)
	r.variable(&interp.Var{Names: []string{"Email"},
		Get: func(th *interp.Thread) interp.Value { return interp.ObjectValue(et.structure(th)) },
		Set: func(th *interp.Thread, v interp.Value) error {
			if m, ok := v.Object().(*emailMessage); ok {
				s := et.structure(th)
				c := m.Copy().(*emailMessage)
				c.structure = true
				*s = *c
				return nil
			}
			return errNotAnEmail("Email", v)
		}})
}
