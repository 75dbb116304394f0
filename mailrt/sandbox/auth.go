package sandbox

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/emersion/go-sasl"
)

// errBadLogin is returned for a refused login.
var errBadLogin = errors.New("invalid user name or password")

// credentials is the auth policy: any login, or only one user and password.
type credentials struct {
	user, pass string
	any        bool
}

func parseCredentials(s string) (credentials, error) {
	if s == "" {
		return credentials{any: true}, nil
	}
	u, p, ok := strings.Cut(s, ":")
	if !ok || u == "" {
		return credentials{}, errors.New(`auth must be "USER:PASS"`)
	}
	return credentials{user: u, pass: p}, nil
}

// check accepts a login: any one (even empty) by default, else only the configured one.
func (c credentials) check(user, pass string) error {
	if c.any {
		// Any login, an empty one included: a script whose session is not configured yet
		// (as many published snippets are) still reaches the mailbox.
		return nil
	}
	u := subtle.ConstantTimeCompare([]byte(user), []byte(c.user))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(c.pass))
	if u&p != 1 {
		return errBadLogin
	}
	return nil
}

// checkToken accepts an OAuth token: with a fixed login, the user must match (the token
// itself is not verified: the sandbox has no authorization server).
func (c credentials) checkToken(user, token string) error {
	if token == "" || user == "" {
		return errBadLogin
	}
	if !c.any && user != c.user {
		return errBadLogin
	}
	return nil
}

// loginServer is the server side of the LOGIN mechanism, which go-sasl lacks: it asks for
// the user name, then the password, each base64-encoded by the transport.
type loginServer struct {
	step         int
	user         string
	authenticate func(user, pass string) error
}

func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch l.step {
	case 0:
		l.step++
		if len(response) > 0 {
			// Initial response: the user name (AUTH LOGIN dXNlcg==).
			l.user = string(response)
			l.step++
			return []byte("Password:"), false, nil
		}
		return []byte("Username:"), false, nil
	case 1:
		l.user = string(response)
		l.step++
		return []byte("Password:"), false, nil
	case 2:
		l.step++
		return nil, true, l.authenticate(l.user, string(response))
	}
	return nil, false, errors.New("unexpected LOGIN response")
}

// xoauth2Server is the server side of Google's XOAUTH2: one message
// "user=U\x01auth=Bearer T\x01\x01".
type xoauth2Server struct {
	done         bool
	authenticate func(user, token string) error
}

func (x *xoauth2Server) Next(response []byte) ([]byte, bool, error) {
	if x.done {
		return nil, false, errors.New("unexpected XOAUTH2 response")
	}
	if len(response) == 0 {
		return []byte{}, false, nil
	}
	x.done = true
	var user, token string
	for _, part := range bytes.Split(response, []byte{1}) {
		k, v, _ := strings.Cut(string(part), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			token = strings.TrimPrefix(v, "Bearer ")
		}
	}
	return nil, true, x.authenticate(user, token)
}

// oauthBearerServer is the server side of OAUTHBEARER (RFC 7628), written here because
// go-sasl's panics on an empty response after a failure. A refused token gets the error
// challenge; the client's dummy reply then ends the exchange with the failure.
type oauthBearerServer struct {
	step         int
	failure      error
	authenticate func(user, token string) error
}

func (o *oauthBearerServer) Next(response []byte) ([]byte, bool, error) {
	switch o.step {
	case 0:
		if len(response) == 0 {
			return []byte{}, false, nil
		}
		o.step++
		gs2, rest, ok := bytes.Cut(response, []byte{1})
		if !ok {
			return nil, false, errors.New("malformed OAUTHBEARER response")
		}
		user := ""
		for _, f := range strings.Split(string(gs2), ",") {
			if strings.HasPrefix(f, "a=") {
				user = strings.TrimPrefix(f, "a=")
			}
		}
		token := ""
		for _, kv := range bytes.Split(rest, []byte{1}) {
			if k, v, ok := strings.Cut(string(kv), "="); ok && k == "auth" {
				token = strings.TrimPrefix(v, "Bearer ")
			}
		}
		if err := o.authenticate(user, token); err != nil {
			o.failure = err
			return []byte(`{"status":"invalid_token"}`), false, nil
		}
		return nil, true, nil
	case 1:
		o.step++
		if o.failure != nil {
			return nil, false, o.failure
		}
	}
	return nil, false, errors.New("unexpected OAUTHBEARER response")
}

var (
	_ sasl.Server = (*loginServer)(nil)
	_ sasl.Server = (*xoauth2Server)(nil)
	_ sasl.Server = (*oauthBearerServer)(nil)
)
