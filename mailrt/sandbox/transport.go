package sandbox

import (
	"context"
	"net"

	"github.com/wl-lang/wl/mailrt"
)

// Transport returns a mailrt.Transport that routes every connection, whatever host and port
// it is for, to this server: SMTP, POP3 or IMAP by protocol, the implicit-TLS listener when
// the session asks for TLS from the first byte. The address asked for is recorded as the
// server of the messages sent on the connection.
func (s *Server) Transport() mailrt.Transport { return transport{s} }

type transport struct{ s *Server }

func (t transport) Dial(ctx context.Context, proto mailrt.Protocol, sec mailrt.Security, addr string) (net.Conn, error) {
	svc := SMTP
	switch proto {
	case mailrt.POP3:
		svc = POP3
	case mailrt.IMAP:
		svc = IMAP
	}
	if sec == mailrt.SecurityImplicitTLS {
		svc++ // SMTPS, POP3S, IMAPS follow their plain service
	}
	return t.s.Dial(ctx, svc, addr)
}

// LookupMX answers a DNS MX query as if every domain received its mail at the sandbox: one
// exchanger, the domain itself, which Transport routes here. A client that checks a
// recipient's domain and asks its mail server (EmailVérifieAdresse) then talks to the
// sandbox, whose RejectRecipients fault refuses addresses.
func (s *Server) LookupMX(_ context.Context, domain string) ([]*net.MX, error) {
	return []*net.MX{{Host: domain + ".", Pref: 10}}, nil
}
