package builtins

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// Constants of HTTPDonneRésultat, with the values of the WINDEV runtime.
const (
	httpHeaderInfo = 1 // httpEntête
	httpResultInfo = 2 // httpRésultat (the default)
	httpCookieInfo = 5 // httpCookie
)

// registerHTTP adds the HTTP and REST types, functions and constants.
func registerHTTP(r *registrar) {
	token := r.others.Type("AuthToken")
	var ht *httpTypes
	ht = newHTTPTypes(token, func(th *interp.Thread, req *httpRequest) interp.Value {
		rest := req.typ == ht.restRequest
		out := ht.newResponse(rest)
		httpOf(th).send(th, req.typ.Name+".Envoie", req, out)
		return interp.ObjectValue(out)
	})
	for _, t := range []*interp.ObjectType{ht.request, ht.restRequest, ht.response, ht.restResponse} {
		r.typ(t)
	}
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(httpGet, "httpGet")
	c(httpPost, "httpPost")
	c(httpPut, "httpPut")
	c(httpDelete, "httpDelete")
	c(httpHead, "httpHead")
	c(httpPatch, "httpPatch")
	c(httpOptions, "httpOptions")
	c(httpTrace, "httpTrace")
	c(httpHeaderInfo, "httpEntête", "httpHeader")
	c(httpResultInfo, "httpRésultat", "httpResult")
	c(httpCookieInfo, "httpCookie")

	// HTTPEnvoie(<requête>) / HTTPEnvoie(<URL>) and RESTEnvoie send a request and return the
	// response (an httpRéponse, a restRéponse for RESTEnvoie).
	sendFn := func(fn string, rest bool) interp.Func {
		return func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			req, err := requestArg(fn, ht, a[0], rest)
			if err != nil {
				return interp.Null, err
			}
			out := ht.newResponse(rest)
			httpOf(th).send(th, fn, req, out)
			return interp.ObjectValue(out), nil
		}
	}
	r.fn(&interp.Builtin{Names: []string{"HTTPEnvoie", "HTTPSend"}, MinArgs: 1, MaxArgs: 1, CanFail: true,
		Fn: sendFn("HTTPEnvoie", false)})
	r.fn(&interp.Builtin{Names: []string{"RESTEnvoie", "RESTSend"}, MinArgs: 1, MaxArgs: 1, CanFail: true,
		Fn: sendFn("RESTEnvoie", true)})
	// HTTPRequête(<URL> [, <Agent> [, <Entête> [, <Message> [, <Type du message> [,
	// <Utilisateur> [, <Mot de passe>]]]]]]) is the compatibility API: a GET, or a POST of
	// the message when one is given; the result is kept for HTTPDonneRésultat.
	r.fn(&interp.Builtin{Names: []string{"HTTPRequête", "HTTPRequest"}, MinArgs: 1, MaxArgs: 7, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			arg := func(i int) string {
				if i < len(a) {
					return a[i].String()
				}
				return ""
			}
			req := &httpRequest{typ: ht.request, url: arg(0), userAgent: arg(1), method: httpGet,
				header: interp.NewAssoc(interp.TypeString), user: arg(5), password: arg(6)}
			if err := parseHeaderLines(arg(2), req.header); err != nil {
				return interp.Null, fmt.Errorf("HTTPRequête: %v", err)
			}
			if len(a) > 3 && !a[3].IsNull() && len(a[3].BufferBytes()) > 0 {
				req.method = httpPost
				req.content = append([]byte(nil), a[3].BufferBytes()...)
				req.contentType = arg(4)
				if req.contentType == "" {
					req.contentType = "application/x-www-form-urlencoded"
				}
			}
			st := httpOf(th)
			st.last = nil
			out := ht.newResponse(false)
			if !st.send(th, "HTTPRequête", req, out) {
				return interp.Bool(false), nil
			}
			st.last = &httpResult{body: out.content, header: out.rawHeader}
			return interp.Bool(true), nil
		}})
	// HTTPDonneRésultat([httpRésultat | httpEntête]) gives the body or the header of the last
	// HTTPRequête.
	r.fn(&interp.Builtin{Names: []string{"HTTPDonneRésultat", "HTTPGetResult"}, MinArgs: 0, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			what := int64(httpResultInfo)
			if len(a) > 0 && !a[0].IsNull() {
				what = a[0].AsInt()
			}
			last := httpOf(th).last
			switch what {
			case httpResultInfo:
				if last == nil {
					return interp.Buffer(nil), nil
				}
				return interp.Buffer(last.body), nil
			case httpHeaderInfo:
				if last == nil {
					return interp.Str(""), nil
				}
				return interp.Str(last.header), nil
			case httpCookieInfo:
				return interp.Null, errors.New("HTTPDonneRésultat: httpCookie is not supported (the format of the block of cookies is not documented); read the Set-Cookie fields of the header")
			}
			return interp.Null, fmt.Errorf("HTTPDonneRésultat: %d is not httpRésultat or httpEntête", what)
		}})
}

// requestArg reads the request of HTTPEnvoie / RESTEnvoie: a request variable, or a URL for
// a GET.
func requestArg(fn string, ht *httpTypes, v interp.Value, rest bool) (*httpRequest, error) {
	if v.Kind() == interp.KObject {
		if r, ok := v.Object().(*httpRequest); ok {
			return r, nil
		}
		return nil, fmt.Errorf("%s: an httpRequête or restRequête was expected, not %s", fn, kindName(v))
	}
	t := ht.request
	if rest {
		t = ht.restRequest
	}
	return &httpRequest{typ: t, url: v.String(), method: httpGet, header: interp.NewAssoc(interp.TypeString)}, nil
}

// parseHeaderLines reads the additional header of HTTPRequête: "Name: value" lines.
func parseHeaderLines(s string, h *interp.Assoc) error {
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(k) == "" {
			return fmt.Errorf("the header line %q is not \"Name: value\"", line)
		}
		h.Set(strings.TrimSpace(k), interp.Str(strings.TrimSpace(v)))
	}
	return nil
}
