package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/builtins"
)

// goldenHTTP is the http.json section of a golden case: a web server the test starts for
// the case. Its address is given to the script as the argument /http=URL (read it with
// LigneCommande("http")), so the run takes the same path as `wl run script.wl /http=URL`.
// In the output compared, the server's URL reads $HTTP and its host:port $HTTP_HOST (the
// port changes from run to run).
type goldenHTTP struct {
	// TLS serves HTTPS with a certificate of httptest's own CA.
	TLS bool `json:"tls"`
	// Trust makes the run trust that CA (as WL_CA_FILE or a host's RootCAs would).
	Trust bool `json:"trust"`
	// Routes are tried in order; the first that matches answers. No match is a 404.
	Routes []goldenRoute `json:"routes"`
}

// goldenRoute is one answer of the server.
type goldenRoute struct {
	Method string `json:"method"` // empty matches any method
	Path   string `json:"path"`
	// Form, when set, must be in the request's form (URL query or urlencoded body) for
	// the route to match: a token endpoint that checks grant_type and refresh_token.
	Form map[string]string `json:"form"`
	// Header, when set, must be in the request's header.
	Header  map[string]string `json:"header"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	// Delay holds the answer back (a Go duration); the server gives up when the client
	// does.
	Delay string `json:"delay"`
	// Echo answers with the request as JSON: method, path, query, header fields (sorted,
	// Accept-Encoding and Content-Length left out) and body.
	Echo bool `json:"echo"`
}

// startGoldenHTTP starts the server of a case's http.json; it returns its URL ("" without
// http.json) and the HTTP settings of the run (nil unless the CA is trusted).
func startGoldenHTTP(t *testing.T, gc *goldenCase) (serverURL string, cfg *builtins.HTTPConfig) {
	data, ok := gc.files["http.json"]
	if !ok {
		return "", nil
	}
	var spec goldenHTTP
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatalf("%s: http.json: %v", gc.path, err)
	}
	for _, r := range spec.Routes {
		if r.Delay != "" {
			if _, err := time.ParseDuration(r.Delay); err != nil {
				t.Fatalf("%s: http.json: delay %q: %v", gc.path, r.Delay, err)
			}
		}
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) { spec.serve(w, req) })
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes a case refuses on purpose
	if spec.TLS {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	t.Cleanup(srv.Close)
	if spec.Trust {
		cfg = &builtins.HTTPConfig{RootCAs: srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}
	}
	return srv.URL, cfg
}

// hideServer writes the server's URL and address as $HTTP and $HTTP_HOST.
func hideServer(s, serverURL string) string {
	if serverURL == "" {
		return s
	}
	s = strings.ReplaceAll(s, serverURL, "$HTTP")
	host := serverURL[strings.Index(serverURL, "://")+3:]
	return strings.ReplaceAll(s, host, "$HTTP_HOST")
}

func (spec *goldenHTTP) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	req.Body = io.NopCloser(strings.NewReader(string(body)))
	req.ParseForm()
	for _, r := range spec.Routes {
		if !r.matches(req) {
			continue
		}
		if r.Delay != "" {
			d, _ := time.ParseDuration(r.Delay)
			select {
			case <-time.After(d):
			case <-req.Context().Done():
				return
			}
		}
		for k, v := range r.Headers {
			w.Header().Set(k, v)
		}
		status := r.Status
		if status == 0 {
			status = http.StatusOK
		}
		if r.Echo {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			w.Write(echoRequest(req, body))
			return
		}
		w.WriteHeader(status)
		io.WriteString(w, r.Body)
		return
	}
	http.Error(w, fmt.Sprintf("no route for %s %s", req.Method, req.URL.Path), http.StatusNotFound)
}

func (r *goldenRoute) matches(req *http.Request) bool {
	if r.Method != "" && r.Method != req.Method || r.Path != req.URL.Path {
		return false
	}
	for k, v := range r.Form {
		if req.Form.Get(k) != v {
			return false
		}
	}
	for k, v := range r.Header {
		if req.Header.Get(k) != v {
			return false
		}
	}
	return true
}

func echoRequest(req *http.Request, body []byte) []byte {
	header := map[string]string{}
	var names []string
	for k := range req.Header {
		if k != "Accept-Encoding" && k != "Content-Length" {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		header[k] = strings.Join(req.Header[k], ", ")
	}
	b, _ := json.Marshal(map[string]any{
		"method": req.Method, "path": req.URL.Path, "query": req.URL.RawQuery,
		"header": header, "body": string(body),
	})
	return b
}
