package builtins

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/wl-lang/wl/interp"
)

// send sends a request and returns its response. A server that answers, whatever its
// status (404, 500...), is a success: the response carries the code. A request that gets
// no answer (invalid address, refused connection, untrusted certificate, timeout, refusal
// under --sandbox) sets ErreurDétectée with the reason and returns an empty response
// (CodeEtat 0).
func (st *httpState) send(th *interp.Thread, fn string, r *httpRequest, out *httpResponse) bool {
	resp, body, err := st.do(th, r)
	if err != nil {
		th.SetError(interp.ErrorInfo{Message: fn + ": " + err.Error()})
		return false
	}
	fillResponse(out, resp, body)
	return true
}

// do performs a request; the error is the message for ErreurInfo (it names the server, never
// the URL's query or credentials).
func (st *httpState) do(th *interp.Thread, r *httpRequest) (*http.Response, []byte, error) {
	u, err := url.Parse(strings.TrimSpace(r.url))
	switch {
	case r.url == "":
		return nil, nil, errors.New("the request has no URL")
	case err != nil:
		return nil, nil, fmt.Errorf("invalid URL %q", redactURL(r.url))
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, nil, fmt.Errorf("the URL %q does not start with http:// or https://", redactURL(r.url))
	case u.Host == "":
		return nil, nil, fmt.Errorf("the URL %q names no server", redactURL(r.url))
	}
	if st.rootsErr != nil {
		return nil, nil, st.rootsErr
	}
	if err := st.allowed(u); err != nil {
		return nil, nil, err
	}
	if r.token != nil && !r.token.valid {
		return nil, nil, errors.New("the request's AuthToken is not valid (the OAuth identification failed)")
	}
	method, ok := httpMethods[r.method]
	if !ok {
		return nil, nil, fmt.Errorf("%d is not an HTTP method", r.method)
	}
	timeout := r.timeout
	if timeout <= 0 {
		timeout = st.cfg.Timeout
	}
	ctx, cancel := context.WithTimeout(th.Context(), timeout)
	defer cancel()
	if r.connectTimeout > 0 {
		ctx = context.WithValue(ctx, connectTimeoutKey{}, r.connectTimeout)
	}
	var body io.Reader
	if len(r.content) > 0 {
		body = bytes.NewReader(r.content)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, nil, fmt.Errorf("invalid request to %s: %v", u.Host, err)
	}
	ua := r.userAgent
	if ua == "" {
		ua = "wl"
	}
	req.Header.Set("User-Agent", ua)
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if r.user != "" || r.password != "" {
		req.SetBasicAuth(r.user, r.password)
	}
	if r.token != nil {
		req.Header.Set("Authorization", tokenHeader(r.token))
	}
	for i, k := range r.header.Keys() {
		v := r.header.Values()[i].String()
		if strings.EqualFold(k, "Host") {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := st.client(r.ignoreError != 0).Do(req)
	if err != nil {
		return nil, nil, describeHTTPError(th.Context(), u.Host, timeout, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxHTTPBody+1))
	if err != nil {
		return nil, nil, describeHTTPError(th.Context(), u.Host, timeout, err)
	}
	if len(data) > maxHTTPBody {
		return nil, nil, fmt.Errorf("the answer of %s is larger than %d MiB", u.Host, maxHTTPBody>>20)
	}
	return resp, data, nil
}

// tokenHeader is the Authorization field of a request carrying an OAuth token: its type
// ("Bearer" unless the provider said otherwise) and the token, as the WINDEV runtime sends
// it.
func tokenHeader(t *authToken) string {
	typ := t.tokenType
	if typ == "" || strings.EqualFold(typ, "bearer") {
		typ = "Bearer"
	}
	return typ + " " + t.value
}

// describeHTTPError turns a failed request into a message naming the server and the cause.
func describeHTTPError(run context.Context, host string, timeout time.Duration, err error) error {
	var refused *refusedError
	if errors.As(err, &refused) {
		return refused
	}
	if run.Err() != nil {
		return fmt.Errorf("request to %s interrupted: %v", host, context.Cause(run))
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return fmt.Errorf("no answer from %s within %v", host, timeout)
	}
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostErr x509.HostnameError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &hostErr), errors.As(err, &verify):
		return fmt.Errorf("the certificate of %s is not trusted: %v", host, innermost(err))
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("cannot connect to %s: connection refused", host)
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Errorf("cannot find the server %s: %v", host, dns.Err)
	}
	return fmt.Errorf("request to %s failed: %v", host, innermost(err))
}

// innermost drops the URL that *url.Error adds (it may hold credentials or tokens).
func innermost(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// redactURL hides the password of a URL and its query (which may hold a token) for
// messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		if i := strings.IndexAny(s, "?@"); i >= 0 {
			return s[:i] + "..."
		}
		return s
	}
	if u.RawQuery != "" {
		u.RawQuery = "..."
	}
	return u.Redacted()
}
