package web

import (
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// partCSP is the Content-Security-Policy of every part, raw message and attachment served:
// opened in the browser, none of them runs a script or loads anything, and each is kept in
// an origin of its own.
const partCSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"

// contentDisposition is a Content-Disposition header value; a name that is not ASCII is
// given as RFC 2231 says.
func contentDisposition(kind, name string) string {
	if name == "" {
		return kind
	}
	if v := mime.FormatMediaType(kind, map[string]string{"filename": name}); v != "" {
		return v
	}
	return kind
}

// loadPart returns the parts of a message and the index of the one the request names: its
// {n}th part, or with attachments its {n}th attachment. It answers the errors.
func (h *Handler) loadPart(w http.ResponseWriter, r *http.Request, attachments bool) (sandbox.Stored, []sandbox.Part, int, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		writeError(w, http.StatusBadRequest, "a part number is a whole number from 0, not "+strconv.Quote(r.PathValue("n")))
		return sandbox.Stored{}, nil, 0, false
	}
	st, raw, ok := h.load(w, r)
	if !ok {
		return st, nil, 0, false
	}
	parts := sandbox.Parts(raw)
	if !attachments {
		if n >= len(parts) {
			writeError(w, http.StatusNotFound, "message "+st.ID+" has "+strconv.Itoa(len(parts))+" part(s), numbered from 0")
			return st, nil, 0, false
		}
		return st, parts, n, true
	}
	count := 0
	for i, p := range parts {
		if p.Role != sandbox.RoleAttachment {
			continue
		}
		if count == n {
			return st, parts, i, true
		}
		count++
	}
	writeError(w, http.StatusNotFound, "message "+st.ID+" has "+strconv.Itoa(count)+" attachment(s), numbered from 0")
	return st, nil, 0, false
}

func (h *Handler) part(w http.ResponseWriter, r *http.Request) {
	if _, parts, i, ok := h.loadPart(w, r, false); ok {
		servePart(w, parts[i], i)
	}
}

func (h *Handler) attachment(w http.ResponseWriter, r *http.Request) {
	if _, parts, i, ok := h.loadPart(w, r, true); ok {
		servePart(w, parts[i], i)
	}
}

// servePart sends a part with its content type and file name: the text bodies inline, the
// attachments as downloads.
func servePart(w http.ResponseWriter, p sandbox.Part, i int) {
	ct := p.ContentType
	switch {
	case ct == "" && p.Role == sandbox.RoleAttachment:
		ct = "application/octet-stream"
	case ct == "":
		ct = "text/plain; charset=utf-8"
	case strings.HasPrefix(ct, "text/"):
		// The reader of the message converted it to UTF-8.
		ct += "; charset=utf-8"
	}
	name := p.Name
	if name == "" {
		name = "part-" + strconv.Itoa(i) + extension(p.ContentType)
	}
	kind := "attachment"
	if p.Role != sandbox.RoleAttachment {
		kind = "inline"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", contentDisposition(kind, name))
	w.Header().Set("Content-Security-Policy", partCSP)
	w.Header().Set("Content-Length", strconv.Itoa(len(p.Body)))
	w.Write(p.Body)
}

// The regular expressions of the web view are compiled on first use: every run of the wl
// command links this package, few serve the web view.
var (
	// cidRef is a cid: URL (RFC 2392) in an HTML body.
	cidRef = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)\bcid:([^"'\s)>]+)`) })
	// remoteImage is a reference to an image on a server, in an attribute or a style.
	remoteImage = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)(?:\b(?:src|background|srcset|poster)\s*=\s*["']?|url\(\s*["']?)\s*(?:https?:)?//`)
	})
	// baseAfter is where a <base> element goes in an HTML document: after the start tag of
	// its head, or of the document, or its doctype.
	baseAfter = sync.OnceValue(func() []*regexp.Regexp {
		return []*regexp.Regexp{
			regexp.MustCompile(`(?i)<head(?:\s[^>]*)?>`),
			regexp.MustCompile(`(?i)<html(?:\s[^>]*)?>`),
			regexp.MustCompile(`(?i)^\s*<!doctype[^>]*>`),
		}
	})
)

// htmlCSP is the Content-Security-Policy of the rendered HTML body: no script, no request
// but for images given as data: URLs, the cid: parts of the message listed in imgs and, with
// remote, any image on the web. Links open in a new tab.
func htmlCSP(imgs []string, remote bool) string {
	src := append([]string{"data:"}, imgs...)
	if remote {
		src = append(src, "http:", "https:")
	}
	return "default-src 'none'; img-src " + strings.Join(src, " ") +
		"; style-src 'unsafe-inline'; form-action 'none'; sandbox allow-popups allow-popups-to-escape-sandbox"
}

// html serves the HTML body of a message for the page's sandboxed iframe: cid: images point
// to their parts, links open in a new tab, and the Content-Security-Policy allows the images
// of its parts only (any image with ?remote=1).
func (h *Handler) html(w http.ResponseWriter, r *http.Request) {
	st, raw, ok := h.load(w, r)
	if !ok {
		return
	}
	parts := sandbox.Parts(raw)
	body := ""
	cids := map[string]int{}
	for i, p := range parts {
		if p.Role == sandbox.RoleHTML {
			body = string(p.Body)
		}
		if p.ContentID != "" {
			cids[p.ContentID] = i
		}
	}
	if body == "" {
		writeError(w, http.StatusNotFound, "message "+st.ID+" has no HTML body")
		return
	}
	scheme := "http://"
	if r.TLS != nil {
		scheme = "https://"
	}
	var imgs []string
	body = cidRef().ReplaceAllStringFunc(body, func(ref string) string {
		id := ref[len("cid:"):]
		if dec, err := url.PathUnescape(id); err == nil {
			id = dec
		}
		i, ok := cids[id]
		if !ok {
			return ref
		}
		u := partURL(st.ID, i)
		imgs = append(imgs, scheme+r.Host+u)
		return u
	})
	body = withBase(body)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", htmlCSP(imgs, r.URL.Query().Get("remote") == "1"))
	w.Header().Set("X-DNS-Prefetch-Control", "off")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(body))
}

// withBase adds <base target="_blank"> to an HTML document, so that its links open in a new
// tab instead of inside the frame.
func withBase(doc string) string {
	const base = `<base target="_blank">`
	for _, re := range baseAfter() {
		if loc := re.FindStringIndex(doc); loc != nil {
			return doc[:loc[1]] + base + doc[loc[1]:]
		}
	}
	return base + doc
}

// extension is the usual file name extension of a media type, for a part without a name.
func extension(mediaType string) string {
	switch mediaType {
	case "text/plain", "":
		return ".txt"
	case "text/html":
		return ".html"
	}
	if exts, _ := mime.ExtensionsByType(mediaType); len(exts) > 0 {
		return exts[0]
	}
	return ""
}
