package builtins

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/http/httpproxy"

	"github.com/wl-lang/wl/interp"
)

// HTTPKey is the interp.Options.Extensions key of the *HTTPConfig of a run.
type HTTPKey struct{}

// HTTPConfig is how the HTTP functions of a run (HTTPEnvoie, RESTEnvoie, HTTPRequête,
// AuthIdentifie and AuthRenouvelleToken's token requests) reach servers. The zero value
// uses the network through the proxy the environment names (HTTP_PROXY, HTTPS_PROXY,
// NO_PROXY, read when the run starts), verifies certificates with the system's roots plus
// the PEM file named by WL_CA_FILE, and waits at most DefaultHTTPTimeout for an answer.
type HTTPConfig struct {
	// RootCAs verifies servers' certificates; nil means the system's roots and WL_CA_FILE.
	RootCAs *x509.CertPool
	// LoopbackOnly refuses every request to a host that is not this machine (localhost or
	// a loopback address), as `wl run --sandbox` does unless --allow-http is given. The
	// refusal is a failure of the function, with a message saying why.
	LoopbackOnly bool
	// Timeout is the longest wait for a request whose DuréeNonRéponse is not set; zero is
	// DefaultHTTPTimeout. The run's context ends every request earlier when it is
	// cancelled or reaches its deadline.
	Timeout time.Duration
	// SignInWait bounds how long AuthIdentifie waits for the user to sign in; zero is
	// DefaultSignInWait.
	SignInWait time.Duration
}

// DefaultHTTPTimeout is how long a request waits for its answer when neither the script
// (DuréeNonRéponse) nor the host (HTTPConfig.Timeout) says otherwise. WINDEV's own default
// is not documented in the pages wl follows; one minute keeps a script from hanging on a
// server that never answers.
const DefaultHTTPTimeout = time.Minute

// maxHTTPBody bounds the body of a response kept in memory.
const maxHTTPBody = 256 << 20

type httpStateKey struct{}

// httpState is the HTTP side of a run: its clients (one verifying certificates, one for
// requests whose IgnoreErreur is set), and the result of the last HTTPRequête.
type httpState struct {
	cfg      HTTPConfig
	roots    *x509.CertPool
	rootsErr error
	proxy    func(*url.URL) (*url.URL, error)
	secure   *http.Client
	insecure *http.Client
	last     *httpResult
}

// httpResult is what HTTPDonneRésultat returns after HTTPRequête.
type httpResult struct {
	body   []byte
	header string
}

func httpOf(th *interp.Thread) *httpState {
	return th.State(httpStateKey{}, func() any {
		st := &httpState{}
		if c, ok := th.Extension(HTTPKey{}).(*HTTPConfig); ok && c != nil {
			st.cfg = *c
		}
		if st.cfg.Timeout <= 0 {
			st.cfg.Timeout = DefaultHTTPTimeout
		}
		if st.cfg.SignInWait <= 0 {
			st.cfg.SignInWait = DefaultSignInWait
		}
		st.roots = st.cfg.RootCAs
		if st.roots == nil {
			st.roots, st.rootsErr = systemRoots(getenv(th, "WL_CA_FILE"))
		}
		// The run's environment, not the process's: runs side by side each see their own.
		env := func(upper, lower string) string {
			if v := getenv(th, upper); v != "" {
				return v
			}
			return getenv(th, lower)
		}
		st.proxy = (&httpproxy.Config{
			HTTPProxy:  env("HTTP_PROXY", "http_proxy"),
			HTTPSProxy: env("HTTPS_PROXY", "https_proxy"),
			NoProxy:    env("NO_PROXY", "no_proxy"),
			CGI:        getenv(th, "REQUEST_METHOD") != "",
		}).ProxyFunc()
		th.AtExit(func() {
			for _, c := range []*http.Client{st.secure, st.insecure} {
				if c != nil {
					c.CloseIdleConnections()
				}
			}
		})
		return st
	}).(*httpState)
}

type connectTimeoutKey struct{}

// client returns the run's client, verifying certificates unless insecure.
func (st *httpState) client(insecure bool) *http.Client {
	c := &st.secure
	if insecure {
		c = &st.insecure
	}
	if *c == nil {
		dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
		tr := &http.Transport{
			Proxy: func(r *http.Request) (*url.URL, error) { return st.proxy(r.URL) },
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				if d, ok := ctx.Value(connectTimeoutKey{}).(time.Duration); ok && d > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, d)
					defer cancel()
				}
				conn, err := dialer.DialContext(ctx, network, addr)
				if err == nil && st.cfg.LoopbackOnly {
					// The name was checked before the request; check where it led, so that a
					// name resolving elsewhere does not leave the machine either.
					if a, ok := conn.RemoteAddr().(*net.TCPAddr); ok && !a.IP.IsLoopback() {
						conn.Close()
						return nil, &refusedError{host: addr}
					}
				}
				return conn, err
			},
			TLSClientConfig:       &tls.Config{RootCAs: st.roots, InsecureSkipVerify: insecure, MinVersion: tls.VersionTLS12},
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          16,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   30 * time.Second,
			ExpectContinueTimeout: time.Second,
		}
		*c = &http.Client{
			Transport: tr,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 10 {
					return errors.New("stopped after 10 redirections")
				}
				return st.allowed(req.URL)
			},
		}
	}
	return *c
}

// refusedError is the refusal of a request by LoopbackOnly.
type refusedError struct{ host string }

func (e *refusedError) Error() string {
	return fmt.Sprintf("HTTP to %s refused under --sandbox; use --allow-http", e.host)
}

// allowed checks a request's address against the run's policy.
func (st *httpState) allowed(u *url.URL) error {
	if !st.cfg.LoopbackOnly {
		return nil
	}
	host := u.Hostname()
	if isLoopbackHost(host) {
		return nil
	}
	return &refusedError{host: host}
}

// isLoopbackHost tells whether a host name or address is this machine.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
