package sandbox

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"strings"

	"github.com/emersion/go-sasl"
)

// errBadLogin is returned for a refused login.
var errBadLogin = errors.New("invalid user name or password")

// credentials is the auth policy: any login, or only one user with its password and, for
// the OAuth mechanisms (XOAUTH2, OAUTHBEARER), its token.
type credentials struct {
	user, pass, token string
	any               bool
}

// parseCredentials reads Config.Auth ("USER:PASS") and Config.AuthToken (the token the OAuth
// mechanisms want; PASS when empty).
func parseCredentials(auth, token string) (credentials, error) {
	if auth == "" {
		if token != "" {
			return credentials{}, errors.New(`an auth token needs a login ("USER:PASS")`)
		}
		return credentials{any: true}, nil
	}
	u, p, ok := strings.Cut(auth, ":")
	if !ok || u == "" {
		return credentials{}, errors.New(`auth must be "USER:PASS"`)
	}
	if token == "" {
		token = p
	}
	return credentials{user: u, pass: p, token: token}, nil
}

// equal compares two secrets in a time that depends on neither (not even their lengths).
func equal(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// check accepts a login: any one (even empty) by default, else only the configured one.
func (c credentials) check(user, pass string) error {
	if c.any {
		// Any login, an empty one included: a script whose session is not configured yet
		// (as many published snippets are) still reaches the mailbox.
		return nil
	}
	// Both comparisons always run: the time taken does not tell which one failed.
	u, p := equal(user, c.user), equal(pass, c.pass)
	if !u || !p {
		return errBadLogin
	}
	return nil
}

// checkToken accepts an OAuth bearer token: by default any non-empty one with a user name;
// with a fixed login, only its user with its token (the sandbox has no authorization server:
// the token is compared with the configured one).
func (c credentials) checkToken(user, token string) error {
	if c.any {
		if token == "" || user == "" {
			return errBadLogin
		}
		return nil
	}
	u, t := equal(user, c.user), equal(token, c.token)
	if !u || !t {
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
				// RFC 5801's saslname: "," and "=" are written =2C and =3D.
				user = strings.NewReplacer("=2C", ",", "=3D", "=").Replace(strings.TrimPrefix(f, "a="))
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

// malformedSASL wraps a mechanism so that the errors it returns itself (a response it cannot
// parse) become the protocol's syntax error; the errors of the authenticate functions, which
// are already the protocol's, pass through.
type malformedSASL struct {
	sasl.Server
	wrap func(error) error
}

func (m malformedSASL) Next(response []byte) ([]byte, bool, error) {
	challenge, done, err := m.Server.Next(response)
	if err != nil {
		err = m.wrap(err)
	}
	return challenge, done, err
}

// newSASLServer returns the server side of a mechanism the sandbox offers, or nil: login
// checks a user name and password (PLAIN, LOGIN), token a user name and bearer token
// (XOAUTH2, OAUTHBEARER). PLAIN refuses an authorization identity other than the user.
func newSASLServer(mech string, login, token func(mech, user, secret string) error, refused error) sasl.Server {
	switch strings.ToUpper(mech) {
	case sasl.Plain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			if identity != "" && identity != user {
				return refused
			}
			return login(sasl.Plain, user, pass)
		})
	case sasl.Login:
		return &loginServer{authenticate: func(u, p string) error { return login(sasl.Login, u, p) }}
	case "XOAUTH2":
		return &xoauth2Server{authenticate: func(u, t string) error { return token("XOAUTH2", u, t) }}
	case sasl.OAuthBearer:
		return &oauthBearerServer{authenticate: func(u, t string) error { return token(sasl.OAuthBearer, u, t) }}
	}
	return nil
}

// saslMechanisms lists the mechanisms of newSASLServer, as advertised.
func saslMechanisms() []string { return []string{sasl.Plain, sasl.Login, "XOAUTH2", sasl.OAuthBearer} }
