package builtins

import (
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Members of the Email type and structure that are more than a field: the sender's bare
// address and the confidentiality, written to and read from the Sensitivity header.

// Values of Confidentialité / Confidentiality (0: a normal message, no header).
const (
	emailPersonal            = 1
	emailPrivate             = 2
	emailCompanyConfidential = 3
)

// sensitivityHeader is the Sensitivity header of each confidentiality (RFC 4021, as
// Outlook and Exchange write and read it).
var sensitivityHeader = map[int64]string{
	emailPersonal: "Personal", emailPrivate: "Private", emailCompanyConfidential: "Company-Confidential",
}

// confidentialityOf reads a received Sensitivity header (0 when absent or unknown).
func confidentialityOf(h string) int64 {
	if h == "" {
		return 0 // a normal message: no Sensitivity header
	}
	for v, s := range sensitivityHeader {
		if strings.EqualFold(s, h) {
			return v
		}
	}
	return 0
}

func registerEmailMemberConstants(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(emailPersonal, "emailPersonnel", "emailPersonal")
	c(emailPrivate, "emailPrivé", "emailPrivate")
	c(emailCompanyConfidential, "emailConfidentiel", "emailCompanyConfidential", "emailConfidential")
}

// confidentialityProp is Confidentialité / Confidentiality: emailPersonnel, emailPrivé or
// emailConfidentiel (0 for a normal message); another value is a fatal error.
func confidentialityProp() *interp.Property {
	return &interp.Property{Names: []string{"Confidentialité", "Confidentiality"},
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			return interp.Int(msgOf(o).confidentiality), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			n := v.AsInt()
			if _, ok := sensitivityHeader[n]; !ok && n != 0 {
				return fmt.Errorf("Confidentialité: %s is not emailPersonnel, emailPrivé or emailConfidentiel", v.String())
			}
			msgOf(o).confidentiality = n
			return nil
		}}
}

// senderAddressProp is AdresseExpéditeur / SenderAddress: the bare address of the sender
// (Expéditeur may hold a display name: "Zoé <zoe@exemple.fr>" gives zoe@exemple.fr).
// Assigning it changes the address of Expéditeur and keeps its display name.
func senderAddressProp() *interp.Property {
	return &interp.Property{Names: []string{"AdresseExpéditeur", "SenderAddress"},
		Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
			m := msgOf(o)
			if a, err := mailrt.ParseAddress(m.sender); err == nil {
				return interp.Str(a.Address), nil
			}
			return interp.Str(m.sender), nil
		},
		Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
			m := msgOf(o)
			a, err := mailrt.ParseAddress(m.sender)
			if err != nil || a.Name == "" {
				m.sender = v.String()
				return nil
			}
			m.sender = mailrt.Address{Name: a.Name, Address: v.String()}.String()
			return nil
		}}
}
