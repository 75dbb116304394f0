// Package web serves a sandbox's messages to people and programs over HTTP: a page that
// lists the messages as they arrive and shows each one (its HTML rendered without scripts
// or remote content, its text, headers, source and attachments), and the REST API under
// /api/v1/ that the page and tests use (see README.md, "Web view and API").
//
// It reads the sandbox only through its exported API: listing and searching by subject and
// address use the store's index; a message file is read only to show, search the bodies of,
// or download that message.
package web

import (
	"crypto/subtle"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

//go:embed static
var static embed.FS

// Options configure a Handler.
type Options struct {
	// Auth is "USER:PASS" to require HTTP basic authentication for the page and the API;
	// empty serves anyone who can connect.
	Auth string
}

// Handler serves the web view and the REST API of a sandbox.
type Handler struct {
	srv        *sandbox.Server
	user, pass []byte
	mux        *http.ServeMux
	done       chan struct{}
	closeOnce  sync.Once
}

// NewHandler returns the handler of srv's web view and API.
func NewHandler(srv *sandbox.Server, opts Options) (*Handler, error) {
	h := &Handler{srv: srv, mux: http.NewServeMux(), done: make(chan struct{})}
	if opts.Auth != "" {
		u, p, ok := strings.Cut(opts.Auth, ":")
		if !ok || u == "" {
			return nil, errors.New("web: Auth wants USER:PASS")
		}
		h.user, h.pass = []byte(u), []byte(p)
	}
	files, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	h.route("/{$}", map[string]http.HandlerFunc{"GET": h.page})
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(files)))
	h.route("/api/v1/messages", map[string]http.HandlerFunc{"GET": h.list, "DELETE": h.deleteAll})
	h.route("/api/v1/messages/{id}", map[string]http.HandlerFunc{"GET": h.message, "DELETE": h.deleteMessage})
	h.route("/api/v1/messages/{id}/raw", map[string]http.HandlerFunc{"GET": h.raw})
	h.route("/api/v1/messages/{id}/html", map[string]http.HandlerFunc{"GET": h.html})
	h.route("/api/v1/messages/{id}/part/{n}", map[string]http.HandlerFunc{"GET": h.part})
	h.route("/api/v1/messages/{id}/attachments/{n}", map[string]http.HandlerFunc{"GET": h.attachment})
	h.route("/api/v1/mailboxes", map[string]http.HandlerFunc{"GET": h.mailboxes})
	h.route("/api/v1/events", map[string]http.HandlerFunc{"GET": h.events})
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such page: "+r.URL.Path)
	})
	return h, nil
}

// route serves pattern with a handler per method (GET serves HEAD too); another method is
// answered 405 with the allowed ones.
func (h *Handler) route(pattern string, methods map[string]http.HandlerFunc) {
	var allowed []string
	for _, m := range []string{"GET", "DELETE"} {
		if methods[m] != nil {
			allowed = append(allowed, m)
		}
	}
	h.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		method := r.Method
		if method == http.MethodHead {
			method = http.MethodGet
		}
		if f := methods[method]; f != nil {
			f(w, r)
			return
		}
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed here (allowed: %s)", r.Method, strings.Join(allowed, ", ")))
	})
}

// ServeHTTP checks the login, then serves the request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if h.user != nil {
		u, p, ok := r.BasicAuth()
		// Both comparisons run whatever the first one says.
		userOK := subtle.ConstantTimeCompare([]byte(u), h.user)
		passOK := subtle.ConstantTimeCompare([]byte(p), h.pass)
		if !ok || userOK&passOK != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="wl sandbox", charset="UTF-8"`)
			writeError(w, http.StatusUnauthorized, "authentication required")
			return
		}
	}
	h.mux.ServeHTTP(w, r)
}

// Close ends the event streams being served, so that an http.Server can shut down.
func (h *Handler) Close() {
	h.closeOnce.Do(func() { close(h.done) })
}

// pageCSP is the Content-Security-Policy of the page: its own files only.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	b, err := static.ReadFile("static/index.html")
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", pageCSP)
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b)
}

// apiError is the body of every error of the API.
type apiError struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, apiError{msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
