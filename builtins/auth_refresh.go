package builtins

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/oauth2"

	"github.com/wl-lang/wl/interp"
)

// authRefresh is AuthRenouvelleToken / AuthRefreshToken(<token> [, <paramètres>]) and the
// method <AuthToken>.RenouvelleToken() / .RefreshToken(): it renews an OAuth 2.0 token that
// has expired, by sending its refresh token (Actualisation) to the token address, without a
// browser. It returns the new token; a token that has not expired (valid, with an expiration
// date still to come) is returned as it is, as PC SOFT documents ("if this token has
// expired").
//
// The token address and client come from the AuthIdentifie that issued the token. A token
// the script rebuilt itself (a scheduled job that stored Valeur and Actualisation) does not
// know them: wl then takes an OAuth2Paramètres as second parameter, which WINDEV does not
// have (its tokens are saved whole with Sérialise, which wl does too: a token read back by
// Désérialise knows its parameters, auth_serial.go). On failure ErreurDétectée is set and
// the token returned is not valid (it keeps its refresh token, to try again).
func authRefresh(th *interp.Thread, tok *authToken, p *oauthParams) *authToken {
	out := *tok
	out.params = tok.params
	if p != nil {
		c := *p
		out.params = &c
	}
	if tok.valid && !tok.expiry.IsZero() && time.Now().Before(tok.expiry) {
		return &out
	}
	fail := func(err error) *authToken {
		out.valid, out.value = false, ""
		th.SetError(interp.ErrorInfo{Message: "AuthRenouvelleToken: " + err.Error()})
		return &out
	}
	switch {
	case out.params == nil:
		return fail(errors.New("the token does not say which server issued it (it was not obtained by AuthIdentifie in this run): give its OAuth2Paramètres as second parameter"))
	case tok.refresh == "":
		return fail(errors.New("the token has no refresh token (Actualisation): sign in again with AuthIdentifie, asking for offline access"))
	}
	st := httpOf(th)
	if err := st.checkTokenURL(out.params.tokenURL); err != nil {
		return fail(err)
	}
	ctx, cancel := st.tokenContext(th)
	defer cancel()
	t, err := out.params.config().TokenSource(ctx, &oauth2.Token{RefreshToken: tok.refresh}).Token()
	if err != nil {
		return fail(tokenError(th, out.params.tokenURL, err, &out))
	}
	out.fill(t, out.params)
	return &out
}

// refreshArgs reads the parameters of AuthRenouvelleToken.
func refreshArgs(fn string, args []interp.Value) (*authToken, *oauthParams, error) {
	tok, ok := args[0].Object().(*authToken)
	if !ok {
		return nil, nil, fmt.Errorf("%s: an AuthToken was expected, not %s", fn, kindName(args[0]))
	}
	var p *oauthParams
	if len(args) > 1 && !args[1].IsNull() {
		if p, ok = args[1].Object().(*oauthParams); !ok {
			return nil, nil, fmt.Errorf("%s: the second parameter is an OAuth2Paramètres, not %s", fn, kindName(args[1]))
		}
	}
	return tok, p, nil
}

// tokenMethods are the methods of an AuthToken.
func tokenMethods() []*interp.Method {
	return []*interp.Method{{Names: []string{"RenouvelleToken", "RefreshToken"},
		Call: func(th *interp.Thread, o interp.Object, args []interp.Value) (interp.Value, error) {
			if len(args) > 1 {
				return interp.Null, fmt.Errorf("AuthToken.RenouvelleToken: wrong number of parameters: %d given, at most 1 expected", len(args))
			}
			tok, p, err := refreshArgs("AuthToken.RenouvelleToken", append([]interp.Value{interp.ObjectValue(o)}, args...))
			if err != nil {
				return interp.Null, err
			}
			th.ClearError()
			return interp.ObjectValue(authRefresh(th, tok, p)), nil
		}}}
}

// registerAuthRefresh adds AuthRenouvelleToken.
func registerAuthRefresh(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"AuthRenouvelleToken", "AuthRefreshToken"}, MinArgs: 1, MaxArgs: 2, CanFail: true,
		Fn: func(th *interp.Thread, args []interp.Value) (interp.Value, error) {
			tok, p, err := refreshArgs("AuthRenouvelleToken", args)
			if err != nil {
				return interp.Null, err
			}
			return interp.ObjectValue(authRefresh(th, tok, p)), nil
		}})
}
