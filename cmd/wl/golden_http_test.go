package main

import (
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/wl-lang/wl/internal/golden"
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

// httpSection is the http.json section of the golden format (wl's own cases only): it
// starts the case's server, passes its URL as /http=URL, trusts its CA through the run's
// WL_CA_FILE when asked, and writes the URL as $HTTP and the host:port as $HTTP_HOST in
// the output compared.
func httpSection() *golden.Section {
	return &golden.Section{Name: "http.json", Private: true, Prepare: prepareHTTP}
}

func prepareHTTP(inv *golden.Invocation) error {
	var data []byte
	for _, f := range inv.Case.Archive.Files {
		if f.Name == "http.json" {
			data = f.Data
		}
	}
	var spec goldenHTTP
	if err := json.Unmarshal(data, &spec); err != nil {
		return fmt.Errorf("http.json: %w", err)
	}
	for _, r := range spec.Routes {
		if r.Delay != "" {
			if _, err := time.ParseDuration(r.Delay); err != nil {
				return fmt.Errorf("http.json: delay %q: %w", r.Delay, err)
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
	inv.Cleanup(srv.Close)
	if spec.Trust {
		ca := filepath.Join(inv.Out, "http-ca.pem")
		pemData := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
		if err := os.WriteFile(ca, pemData, 0o644); err != nil {
			return err
		}
		inv.Env = append(inv.Env, "WL_CA_FILE="+ca)
	}
	inv.Args = append(inv.Args, "/http="+srv.URL)
	host := srv.URL[strings.Index(srv.URL, "://")+3:]
	hide := strings.NewReplacer(srv.URL, "$HTTP", host, "$HTTP_HOST")
	inv.Stdout = &replacingWriter{w: inv.Stdout, r: hide}
	inv.Stderr = &replacingWriter{w: inv.Stderr, r: hide}
	return nil
}

// replacingWriter rewrites each write with r: the interpreter writes a line of output at
// once, so the server's URL never straddles two writes.
type replacingWriter struct {
	w io.Writer
	r *strings.Replacer
}

func (rw *replacingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(rw.w, rw.r.Replace(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
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
