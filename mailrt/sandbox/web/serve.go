package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wl-lang/wl/mailrt/sandbox"
)

// DefaultAddr is where wl sandbox serves the web view unless told otherwise: loopback only.
const DefaultAddr = "127.0.0.1:8025"

// Server is a running web view.
type Server struct {
	h    *Handler
	hs   *http.Server
	l    net.Listener
	done chan error

	closeOnce sync.Once
	closeErr  error
}

// Listen serves srv's web view and API on addr until Close.
func Listen(srv *sandbox.Server, addr string, opts Options) (*Server, error) {
	h, err := NewHandler(srv, opts)
	if err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{h: h, l: l, done: make(chan error, 1),
		hs: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}}
	go func() { s.done <- s.hs.Serve(l) }()
	return s, nil
}

// Addr is the address the web view listens on.
func (s *Server) Addr() string { return s.l.Addr().String() }

// URL is the address of the page, http://host:port/.
func (s *Server) URL() string { return "http://" + s.Addr() + "/" }

// Close ends the event streams, lets the requests being served finish (5 s at most) and
// stops listening.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.h.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := s.hs.Shutdown(ctx)
		if err != nil {
			err = errors.Join(err, s.hs.Close())
		}
		if serr := <-s.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		s.closeErr = err
	})
	return s.closeErr
}
