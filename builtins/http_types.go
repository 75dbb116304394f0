package builtins

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
)

// HTTP methods of httpRequête.Méthode. httpGet (1) and httpPost (2) have the values the
// WINDEV runtime gives them; the values of the other methods are not documented in the
// pages wl follows and are wl's own.
const (
	httpGet     = 1
	httpPost    = 2
	httpPut     = 3
	httpDelete  = 4
	httpHead    = 5
	httpPatch   = 6
	httpOptions = 7
	httpTrace   = 8
)

var httpMethods = map[int64]string{
	httpGet: http.MethodGet, httpPost: http.MethodPost, httpPut: http.MethodPut,
	httpDelete: http.MethodDelete, httpHead: http.MethodHead, httpPatch: http.MethodPatch,
	httpOptions: http.MethodOptions, httpTrace: http.MethodTrace,
}

// httpRequest is a value of httpRequête / httpRequest or restRequête / restRequest (the
// WINDEV runtime makes both of the same class).
type httpRequest struct {
	typ            *interp.ObjectType
	url            string
	method         int64
	content        []byte
	contentType    string
	userAgent      string
	user           string
	password       string
	ignoreError    int64
	timeout        time.Duration // DuréeNonRéponse; 0: the run's default
	connectTimeout time.Duration // TimeoutConnexion; 0: the dialer's
	header         *interp.Assoc
	token          *authToken
}

func (r *httpRequest) ObjectType() *interp.ObjectType { return r.typ }

// Copy implements interp.Copier.
func (r *httpRequest) Copy() interp.Object {
	c := *r
	c.content = append([]byte(nil), r.content...)
	c.header = r.header.Copy()
	return &c
}

// String shows the request without its password or token.
func (r *httpRequest) String() string {
	return r.typ.Name + " " + r.methodName() + " " + redactURL(r.url)
}

func (r *httpRequest) methodName() string {
	if m, ok := httpMethods[r.method]; ok {
		return m
	}
	return fmt.Sprintf("method %d", r.method)
}

// httpResponse is a value of httpRéponse / httpResponse or restRéponse / restResponse.
type httpResponse struct {
	typ         *interp.ObjectType
	status      int
	description string
	content     []byte
	contentType string
	header      *interp.Assoc
	rawHeader   string
}

func (r *httpResponse) ObjectType() *interp.ObjectType { return r.typ }

// Copy implements interp.Copier.
func (r *httpResponse) Copy() interp.Object {
	c := *r
	c.header = r.header.Copy()
	return &c
}

// httpTypes are the HTTP types of the library.
type httpTypes struct {
	request, restRequest, response, restResponse *interp.ObjectType
	token                                        *interp.ObjectType
}

func (ht *httpTypes) newResponse(rest bool) *httpResponse {
	t := ht.response
	if rest {
		t = ht.restResponse
	}
	return &httpResponse{typ: t, header: interp.NewAssoc(interp.TypeString)}
}

func newHTTPTypes(token *interp.ObjectType, send func(th *interp.Thread, r *httpRequest) interp.Value) *httpTypes {
	ht := &httpTypes{token: token}
	mk := func(name string, names ...string) *interp.ObjectType {
		t := &interp.ObjectType{Name: name, Names: names}
		t.New = func() interp.Object {
			return &httpRequest{typ: t, method: httpGet, header: interp.NewAssoc(interp.TypeString)}
		}
		t.Props = requestProperties()
		t.Methods = []*interp.Method{{Names: []string{"Envoie", "Send"},
			Call: func(th *interp.Thread, o interp.Object, args []interp.Value) (interp.Value, error) {
				if len(args) != 0 {
					return interp.Null, fmt.Errorf("%s.Envoie: wrong number of parameters: %d given, none expected", name, len(args))
				}
				th.ClearError()
				return send(th, o.(*httpRequest)), nil
			}}}
		return t
	}
	ht.request = mk("httpRequête", "httpRequête", "httpRequest")
	ht.restRequest = mk("restRequête", "restRequête", "restRequest")
	mkResp := func(name string, names ...string) *interp.ObjectType {
		t := &interp.ObjectType{Name: name, Names: names}
		t.New = func() interp.Object { return &httpResponse{typ: t, header: interp.NewAssoc(interp.TypeString)} }
		t.Props = responseProperties()
		return t
	}
	ht.response = mkResp("httpRéponse", "httpRéponse", "httpResponse")
	ht.restResponse = mkResp("restRéponse", "restRéponse", "restResponse")
	return ht
}

func requestProperties() []*interp.Property {
	req := func(o interp.Object) *httpRequest { return o.(*httpRequest) }
	str := func(names []string, f func(*httpRequest) *string) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Str(*f(req(o))), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error { *f(req(o)) = v.String(); return nil }}
	}
	dur := func(names []string, f func(*httpRequest) *time.Duration) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Int(f(req(o)).Milliseconds()), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				// An integer is a number of milliseconds, as a durée is.
				ms := v.AsInt()
				if ms < 0 {
					return fmt.Errorf("%s: a negative duration (%d ms)", names[0], ms)
				}
				*f(req(o)) = time.Duration(ms) * time.Millisecond
				return nil
			}}
	}
	return []*interp.Property{
		str([]string{"URL"}, func(r *httpRequest) *string { return &r.url }),
		{Names: []string{"Méthode", "Method"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return interp.Int(req(o).method), nil },
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				m := v.AsInt()
				if _, ok := httpMethods[m]; !ok {
					return fmt.Errorf("Méthode: %s is not an HTTP method constant (httpGet, httpPost, httpPut, httpDelete...)", v.String())
				}
				req(o).method = m
				return nil
			}},
		{Names: []string{"Contenu", "Content"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Buffer(req(o).content), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				req(o).content = append([]byte(nil), v.BufferBytes()...)
				return nil
			}},
		str([]string{"ContentType"}, func(r *httpRequest) *string { return &r.contentType }),
		str([]string{"AgentUtilisateur", "UserAgent"}, func(r *httpRequest) *string { return &r.userAgent }),
		str([]string{"Utilisateur", "User"}, func(r *httpRequest) *string { return &r.user }),
		str([]string{"MotDePasse", "Password"}, func(r *httpRequest) *string { return &r.password }),
		{Names: []string{"IgnoreErreur", "IgnoreError"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.Int(req(o).ignoreError), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				req(o).ignoreError = v.AsInt()
				return nil
			}},
		dur([]string{"DuréeNonRéponse", "Timeout"}, func(r *httpRequest) *time.Duration { return &r.timeout }),
		dur([]string{"TimeoutConnexion", "ConnectionTimeout"}, func(r *httpRequest) *time.Duration { return &r.connectTimeout }),
		{Names: []string{"Entête", "Header"},
			// The associative array itself, so that r.Entête["Authorization"] = ... changes
			// the request.
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				return interp.AssocValue(req(o).header), nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				a := v.Assoc()
				if a == nil {
					return fmt.Errorf("Entête: an associative array of strings was expected, not %s", kindName(v))
				}
				h := interp.NewAssoc(interp.TypeString)
				for i, k := range a.Keys() {
					h.Set(k, a.Values()[i])
				}
				req(o).header = h
				return nil
			}},
		{Names: []string{"AuthToken"},
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) {
				if t := req(o).token; t != nil {
					return interp.ObjectValue(t), nil
				}
				return interp.Null, nil
			},
			Set: func(_ *interp.Thread, o interp.Object, v interp.Value) error {
				switch t := v.Object().(type) {
				case *authToken:
					req(o).token = t
				case nil:
					if s := v.String(); s != "" {
						req(o).token = &authToken{value: s, valid: true}
					} else {
						req(o).token = nil
					}
				default:
					return fmt.Errorf("AuthToken: an AuthToken was expected, not %s", t.ObjectType().Name)
				}
				return nil
			}},
	}
}

func responseProperties() []*interp.Property {
	resp := func(o interp.Object) *httpResponse { return o.(*httpResponse) }
	ro := func(names []string, f func(*httpResponse) interp.Value) *interp.Property {
		return &interp.Property{Names: names,
			Get: func(_ *interp.Thread, o interp.Object) (interp.Value, error) { return f(resp(o)), nil }}
	}
	return []*interp.Property{
		ro([]string{"CodeEtat", "StatusCode"}, func(r *httpResponse) interp.Value { return interp.Int(int64(r.status)) }),
		ro([]string{"DescriptionCodeEtat", "DescriptionStatusCode"}, func(r *httpResponse) interp.Value { return interp.Str(r.description) }),
		ro([]string{"Contenu", "Content"}, func(r *httpResponse) interp.Value { return interp.Buffer(r.content) }),
		ro([]string{"ContentType"}, func(r *httpResponse) interp.Value { return interp.Str(r.contentType) }),
		ro([]string{"Entête", "Header"}, func(r *httpResponse) interp.Value { return interp.AssocValue(r.header) }),
		ro([]string{"EntêteBrut", "RoughHeader"}, func(r *httpResponse) interp.Value { return interp.Str(r.rawHeader) }),
	}
}

// fillResponse copies an HTTP answer into a response value: its header as an associative
// array (canonical names such as "Content-Type", repeated fields joined by ", ") and as raw
// text (the status line, then the fields sorted by name, lines ended by CR LF).
func fillResponse(r *httpResponse, resp *http.Response, body []byte) {
	r.status = resp.StatusCode
	r.description = strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)))
	if r.description == "" {
		r.description = http.StatusText(resp.StatusCode)
	}
	r.content = body
	r.contentType = resp.Header.Get("Content-Type")
	names := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	var raw strings.Builder
	fmt.Fprintf(&raw, "%s %d %s\r\n", resp.Proto, resp.StatusCode, r.description)
	for _, k := range names {
		r.header.Set(k, interp.Str(strings.Join(resp.Header[k], ", ")))
		for _, v := range resp.Header[k] {
			fmt.Fprintf(&raw, "%s: %s\r\n", k, v)
		}
	}
	r.rawHeader = raw.String()
}
