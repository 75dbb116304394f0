package builtins

import (
	"errors"
	"fmt"
	"time"
)

// Sérialise / Désérialise of AuthToken and OAuth2Paramètres. PC SOFT's help saves a token
// whole with Sérialise to refresh it later without a browser; the layout of WINDEV's buffer
// is not documented, so wl writes its own JSON object: the token's members under their
// French names, the expiration as an RFC 3339 instant, and the OAuth2 parameters the token
// was obtained with, so that AuthRenouvelleToken can reach the token address again after
// Désérialise. The buffer holds the tokens and the client secret: keep it as private as a
// password.

func (p *oauthParams) serialJSON() (*jsonNode, error) {
	n := &jsonNode{kind: jObject}
	for _, m := range []struct{ k, v string }{
		{"ClientID", p.clientID}, {"ClientSecret", p.clientSecret}, {"URLAuth", p.authURL},
		{"URLToken", p.tokenURL}, {"Scope", p.scope}, {"URLRedirection", p.redirectURL},
		{"ParamètresSupplémentaires", p.extra},
	} {
		n.set(m.k, &jsonNode{kind: jString, text: m.v})
	}
	n.set("TypeRéponse", &jsonNode{kind: jNumber, text: fmt.Sprint(p.responseType)})
	return n, nil
}

func (p *oauthParams) deserialJSON(n *jsonNode) error {
	if n.kind != jObject {
		return fmt.Errorf("OAuth2Paramètres needs a JSON object, the document has %s", describeJSONKind(n.kind))
	}
	for _, m := range []struct {
		k string
		v *string
	}{
		{"ClientID", &p.clientID}, {"ClientSecret", &p.clientSecret}, {"URLAuth", &p.authURL},
		{"URLToken", &p.tokenURL}, {"Scope", &p.scope}, {"URLRedirection", &p.redirectURL},
		{"ParamètresSupplémentaires", &p.extra},
	} {
		if c := memberNode(n, m.k); c != nil {
			*m.v = c.scalar().String()
		}
	}
	if c := memberNode(n, "TypeRéponse"); c != nil {
		p.responseType = c.scalar().AsInt()
	}
	return nil
}

func (t *authToken) serialJSON() (*jsonNode, error) {
	n := &jsonNode{kind: jObject}
	str := func(k, v string) { n.set(k, &jsonNode{kind: jString, text: v}) }
	str("Valeur", t.value)
	str("Actualisation", t.refresh)
	str("Type", t.tokenType)
	if t.expiry.IsZero() {
		str("DateExpiration", "")
	} else {
		str("DateExpiration", t.expiry.Format(time.RFC3339Nano))
	}
	n.set("Valide", &jsonNode{kind: jBool, b: t.valid})
	if t.params != nil {
		p, _ := t.params.serialJSON()
		n.set("OAuth2Paramètres", p)
	} else {
		n.set("OAuth2Paramètres", &jsonNode{kind: jNull})
	}
	return n, nil
}

var errTokenJSON = errors.New("AuthToken needs the JSON object Sérialise writes for a token")

func (t *authToken) deserialJSON(n *jsonNode) error {
	if n.kind != jObject {
		return errTokenJSON
	}
	get := func(k string) string {
		if c := memberNode(n, k); c != nil && c.kind != jNull {
			return c.scalar().String()
		}
		return ""
	}
	t.value, t.refresh, t.tokenType = get("Valeur"), get("Actualisation"), get("Type")
	t.expiry = time.Time{}
	if s := get("DateExpiration"); s != "" {
		e, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return fmt.Errorf("AuthToken: DateExpiration %q is not an RFC 3339 date", s)
		}
		t.expiry = e
	}
	t.valid = t.value != ""
	if c := memberNode(n, "Valide"); c != nil && c.kind == jBool {
		t.valid = c.b && t.value != ""
	}
	t.params = nil
	if c := memberNode(n, "OAuth2Paramètres"); c != nil && c.kind != jNull {
		// A token's parameters are never given back to the script as a value: they need no
		// ObjectType.
		p := &oauthParams{}
		if err := p.deserialJSON(c); err != nil {
			return err
		}
		t.params = p
	}
	t.serviceError = ""
	return nil
}
