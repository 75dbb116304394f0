package builtins

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/wl-lang/wl/interp"
)

// BrowserKey is the interp.Options.Extensions key of a func(url string) error that opens the
// authorization page of AuthIdentifie in a browser. Without it, wl opens the system's
// browser when it can (xdg-open with a display, open on macOS) and prints the address on
// standard error, saying why when no browser could be opened. Tests set it to a function
// that plays the user.
type BrowserKey struct{}

// DefaultSignInWait is how long AuthIdentifie waits for the user to sign in (the run's
// timeout or cancellation ends the wait earlier; HTTPConfig.SignInWait changes it). WINDEV
// does not document a limit; wl sets one so that a script left alone (a scheduled job that
// should have renewed a stored token with AuthRenouvelleToken instead) fails rather than
// waits forever.
const DefaultSignInWait = 5 * time.Minute

// oauthParams is a value of the OAuth2Paramètres / OAuth2Parameters type.
type oauthParams struct {
	typ                                       *interp.ObjectType
	clientID, clientSecret, authURL, tokenURL string
	scope, redirectURL, extra                 string
	responseType                              int64
}

func (p *oauthParams) ObjectType() *interp.ObjectType { return p.typ }

// Copy implements interp.Copier.
func (p *oauthParams) Copy() interp.Object { c := *p; return &c }

// authToken is a value of the AuthToken type: the result of AuthIdentifie, given to a
// session's AuthToken property. Its String form never shows the token.
type authToken struct {
	typ          *interp.ObjectType
	value        string
	refresh      string
	tokenType    string
	expiry       time.Time
	valid        bool
	serviceError string
	// params are the OAuth2 parameters the token was obtained with (a copy), which
	// AuthRenouvelleToken uses to reach the token address again; nil for a token built by
	// the script.
	params *oauthParams
}

func (t *authToken) ObjectType() *interp.ObjectType { return t.typ }

// Copy implements interp.Copier.
func (t *authToken) Copy() interp.Object { c := *t; return &c }

// String hides the secret: printing a token shows only whether it is valid.
func (t *authToken) String() string {
	if t.valid {
		return "AuthToken (valid)"
	}
	return "AuthToken (invalid)"
}

func newOAuthTypes() (params, token *interp.ObjectType) {
	params = &interp.ObjectType{Name: "OAuth2Paramètres", Names: []string{"OAuth2Paramètres", "OAuth2Parameters"}}
	params.New = func() interp.Object { return &oauthParams{typ: params, responseType: oauth2ResponseTypeCode} }
	str := func(names []string, f func(*oauthParams) *string) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Str(*f(o.(*oauthParams))), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				*f(o.(*oauthParams)) = v.String()
				return nil
			}}
	}
	params.Props = []*interp.Property{
		str([]string{"ClientID"}, func(p *oauthParams) *string { return &p.clientID }),
		str([]string{"ClientSecret"}, func(p *oauthParams) *string { return &p.clientSecret }),
		str([]string{"URLAuth", "AuthURL"}, func(p *oauthParams) *string { return &p.authURL }),
		str([]string{"URLToken", "TokenURL"}, func(p *oauthParams) *string { return &p.tokenURL }),
		str([]string{"Scope"}, func(p *oauthParams) *string { return &p.scope }),
		str([]string{"URLRedirection", "RedirectionURL"}, func(p *oauthParams) *string { return &p.redirectURL }),
		str([]string{"ParamètresSupplémentaires", "AdditionalParameters"}, func(p *oauthParams) *string { return &p.extra }),
		{Names: []string{"TypeRéponse", "ResponseType"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Int(o.(*oauthParams).responseType), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				o.(*oauthParams).responseType = v.AsInt()
				return nil
			}},
	}
	token = &interp.ObjectType{Name: "AuthToken", Names: []string{"AuthToken"}}
	token.New = func() interp.Object { return &authToken{typ: token} }
	tok := func(o interp.Object) *authToken { return o.(*authToken) }
	token.Props = []*interp.Property{
		{Names: []string{"Valeur", "Value"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Str(tok(o).value), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				t := tok(o)
				t.value, t.valid = v.String(), v.String() != ""
				return nil
			}},
		{Names: []string{"Valide", "Valid"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Bool(tok(o).valid), nil }},
		// Actualisation is the refresh token (the name of PC SOFT's AuthRenouvelleToken
		// example; "Refresh" is its English name in wl). A scheduled job sets it, with the
		// OAuth2 parameters given to AuthRenouvelleToken, to get a new access token without
		// a browser.
		{Names: []string{"Actualisation", "Refresh"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Str(tok(o).refresh), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error { tok(o).refresh = v.String(); return nil }},
		{Names: []string{"DateExpiration", "ExpirationDate", "Expiration"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				if tok(o).expiry.IsZero() {
					return interp.Null, nil
				}
				return interp.DateTimeOf(tok(o).expiry), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				if v.IsNull() || v.String() == "" {
					tok(o).expiry = time.Time{}
					return nil
				}
				// A datetime of the script is a local time, as DateExpiration gives it.
				g := interp.TypeDateTime.Convert(v).GoTime()
				tok(o).expiry = time.Date(g.Year(), g.Month(), g.Day(), g.Hour(), g.Minute(), g.Second(), g.Nanosecond(), time.Local)
				return nil
			}},
		{Names: []string{"Type"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Str(tok(o).tokenType), nil
			}},
		{Names: []string{"RéponseServeur", "ServerResponse"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Str(tok(o).serviceError), nil
			}},
	}
	return params, token
}

// authIdentify is AuthIdentifie / AuthIdentify with OAuth2 parameters: the authorization-code
// flow (with PKCE) through a loopback redirect. wl listens on the redirection address
// (which must be a loopback http address, such as http://localhost:9000/), sends the user to
// the provider's authorization page, takes the code the provider redirects with, and
// exchanges it for a token at the token address. On failure ErreurDétectée is set and the
// token returned is not valid.
func authIdentify(tokenType *interp.ObjectType) interp.Func {
	return func(th *interp.Thread, args []interp.Value) (interp.Value, error) {
		if len(args) < 1 {
			return interp.Null, errors.New("AuthIdentifie: missing OAuth2Paramètres")
		}
		p, ok := args[0].Object().(*oauthParams)
		if !ok {
			return interp.Null, fmt.Errorf("AuthIdentifie: the parameter is not an OAuth2Paramètres but %s", args[0].Kind())
		}
		tok := &authToken{typ: tokenType}
		if err := runCodeFlow(th, p, tok); err != nil {
			th.SetError(interp.ErrorInfo{Message: "AuthIdentifie: " + err.Error()})
		}
		return interp.ObjectValue(tok), nil
	}
}

func runCodeFlow(th *interp.Thread, p *oauthParams, tok *authToken) error {
	if p.responseType == oauth2ResponseTypeToken {
		return errors.New("the implicit flow (oauth2ResponseTypeToken) is not supported: use oauth2ResponseTypeCode")
	}
	redirect, err := url.Parse(p.redirectURL)
	if err != nil || redirect.Scheme != "http" || redirect.Host == "" {
		return fmt.Errorf("the redirection address %q must be a loopback http:// address", p.redirectURL)
	}
	host := redirect.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("the redirection address %q must be on this machine (localhost)", p.redirectURL)
	}
	st := httpOf(th)
	if err := st.checkTokenURL(p.tokenURL); err != nil {
		return err
	}
	cfg := p.config()
	ln, err := net.Listen("tcp", redirect.Host)
	if err != nil {
		return fmt.Errorf("cannot listen on the redirection address: %v", err)
	}
	defer ln.Close()
	state := rand.Text()
	verifier := oauth2.GenerateVerifier()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	for _, kv := range strings.Split(p.extra, "&") {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			opts = append(opts, oauth2.SetAuthURLParam(k, v))
		}
	}
	authURL := cfg.AuthCodeURL(state, opts...)

	type result struct {
		code string
		err  error
	}
	got := make(chan result, 1)
	path := redirect.Path
	if path == "" {
		path = "/"
	}
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		var res result
		switch {
		case q.Get("state") != state:
			res.err = errors.New("the provider's answer does not match the request (state)")
		case q.Get("error") != "":
			res.err = fmt.Errorf("the provider refused: %s %s", q.Get("error"), q.Get("error_description"))
		case q.Get("code") == "":
			res.err = errors.New("the provider's answer has no authorization code")
		default:
			res.code = q.Get("code")
		}
		if res.err != nil {
			http.Error(w, "wl: sign-in failed: "+res.err.Error(), http.StatusBadRequest)
		} else {
			io.WriteString(w, "wl: signed in. You can close this page.\n")
		}
		select {
		case got <- res:
		default:
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()

	if open, ok := th.Extension(BrowserKey{}).(func(string) error); ok {
		if err := open(authURL); err != nil {
			return fmt.Errorf("cannot open the authorization page: %v", err)
		}
	} else {
		systemBrowser().show(th.Stderr(), authURL, st.cfg.SignInWait)
	}
	wait, cancel := context.WithTimeout(th.Context(), st.cfg.SignInWait)
	defer cancel()
	var res result
	select {
	case res = <-got:
	case <-wait.Done():
		if th.Context().Err() != nil {
			return fmt.Errorf("interrupted while waiting for the sign-in: %v", context.Cause(th.Context()))
		}
		return fmt.Errorf("nobody signed in within %v (the authorization page was not answered)", st.cfg.SignInWait)
	}
	if res.err != nil {
		return res.err
	}
	ctx, cancelReq := st.tokenContext(th)
	defer cancelReq()
	t, err := cfg.Exchange(ctx, res.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return tokenError(th, p.tokenURL, err, tok)
	}
	tok.fill(t, p)
	return nil
}

// config is the golang.org/x/oauth2 view of the parameters.
func (p *oauthParams) config() *oauth2.Config {
	return &oauth2.Config{
		ClientID: p.clientID, ClientSecret: p.clientSecret,
		Endpoint:    oauth2.Endpoint{AuthURL: p.authURL, TokenURL: p.tokenURL},
		RedirectURL: p.redirectURL,
		Scopes:      strings.Fields(strings.ReplaceAll(p.scope, ",", " ")),
	}
}

// fill takes a token the provider issued, and remembers the parameters it came from.
func (tok *authToken) fill(t *oauth2.Token, p *oauthParams) {
	tok.value, tok.tokenType, tok.expiry, tok.valid = t.AccessToken, t.TokenType, t.Expiry, t.AccessToken != ""
	if t.RefreshToken != "" {
		tok.refresh = t.RefreshToken
	}
	tok.serviceError = ""
	c := *p
	tok.params = &c
}

// checkTokenURL checks a token address against the run's HTTP settings (certificate roots,
// --sandbox).
func (st *httpState) checkTokenURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the token address %q is not an http:// or https:// address", redactURL(s))
	}
	if st.rootsErr != nil {
		return st.rootsErr
	}
	return st.allowed(u)
}

// tokenContext is the context of a request to a token address: the run's HTTP client (its
// proxy, certificate roots and --sandbox rule) and its timeout.
func (st *httpState) tokenContext(th *interp.Thread) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(th.Context(), st.cfg.Timeout)
	return context.WithValue(ctx, oauth2.HTTPClient, st.client(false)), cancel
}

// tokenError describes a failed token request; the provider's error code goes to the
// token's RéponseServeur.
func tokenError(th *interp.Thread, tokenURL string, err error, tok *authToken) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		tok.serviceError = re.ErrorCode
		if re.ErrorCode == "" {
			return fmt.Errorf("the token request was refused: %s", re.Response.Status)
		}
		return fmt.Errorf("the token request was refused: %s %s", re.ErrorCode, re.ErrorDescription)
	}
	host := tokenURL
	if u, perr := url.Parse(tokenURL); perr == nil {
		host = u.Host
	}
	return fmt.Errorf("the token request failed: %v", describeHTTPError(th.Context(), host, httpOf(th).cfg.Timeout, err))
}

// registerAuth adds AuthIdentifie and its types.
func registerAuth(r *registrar) {
	params, token := newOAuthTypes()
	token.Methods = tokenMethods()
	r.typ(params)
	r.typ(token)
	r.fn(&interp.Builtin{Names: []string{"AuthIdentifie", "AuthIdentify"}, MinArgs: 1, MaxArgs: 2, CanFail: true,
		Fn: authIdentify(token)})
	registerAuthRefresh(r)
}
