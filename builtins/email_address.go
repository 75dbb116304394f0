package builtins

import (
	"context"
	"fmt"
	"net"
	"sort"
	"strings"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// Levels of EmailVérifieAdresse: the syntax alone (the default, no network), the domain's
// mail exchangers in the DNS as well, or the domain's mail server asked whether it accepts
// the address.
const (
	emailValidateSyntax  = 0
	emailValidateDomain  = 1
	emailValidateAddress = 2
)

func registerAddressLevels(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(emailValidateSyntax, "emailValideSyntaxe", "emailValidateSyntax")
	c(emailValidateDomain, "emailValideDomaine", "emailValidateDomain", "emailVérifieDomaine", "emailCheckDomain")
	c(emailValidateAddress, "emailValideAdresse", "emailValidateAddress")
}

// checkAddressFunc is EmailVérifieAdresse / EmailCheckAddress(<address> [, <level>]):
//
//   - emailValideSyntaxe (the default): the syntax only, without the network:
//     emailAdresseValide or emailAdresseSyntaxeIncorrecte;
//   - emailValideDomaine (old name emailVérifieDomaine): also the DNS: a domain with
//     neither a mail exchanger (MX) nor an address gives emailAdresseRefusée, a DNS
//     failure emailAdresseErreur;
//   - emailValideAdresse: also the domain's mail server, asked on port 25 whether it
//     accepts the address (MAIL FROM:<> and RCPT TO, then RSET: nothing is sent). A
//     refusal gives emailAdresseRefusée with the server's reply in ErreurInfo; a server
//     that cannot be reached, emailAdresseErreur.
func (b *emailBinding) checkAddressFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	st := b.state(th)
	addr := strings.TrimSpace(args[0].String())
	level := optionArg(args, 1)
	if level < emailValidateSyntax || level > emailValidateAddress {
		return interp.Null, fmt.Errorf("EmailVérifieAdresse: %s is not a level (emailValideSyntaxe, emailValideDomaine, emailValideAdresse)", args[1].String())
	}
	if !mailrt.ValidAddress(addr) {
		return interp.Int(emailAddressIncorrectSyntax), nil
	}
	if level == emailValidateSyntax {
		return interp.Int(emailAddressValid), nil
	}
	a, _ := mailrt.ParseAddress(addr)
	domain := a.Address[strings.LastIndexByte(a.Address, '@')+1:]
	ctx, cancel := context.WithTimeout(th.Context(), st.timeout)
	defer cancel()
	lookup := st.cfg.LookupMX
	if lookup == nil {
		lookup = new(net.Resolver).LookupMX
	}
	mx, err := lookup(ctx, domain)
	if dnsErr, ok := err.(*net.DNSError); err != nil && !(ok && dnsErr.IsNotFound) {
		fail(th, &mailrt.Error{Op: "DNS " + domain, Kind: mailrt.KindDNS, Err: err})
		return interp.Int(emailAddressError), nil
	}
	hosts := make([]string, 0, len(mx))
	sort.SliceStable(mx, func(i, j int) bool { return mx[i].Pref < mx[j].Pref })
	for _, m := range mx {
		if h := strings.TrimSuffix(m.Host, "."); h != "" {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 {
		// No MX: mail goes to the domain's own address (RFC 5321, section 5.1).
		if st.cfg.LookupMX == nil {
			if ips, err := new(net.Resolver).LookupHost(ctx, domain); err != nil || len(ips) == 0 {
				return interp.Int(emailAddressRefused), nil
			}
		}
		hosts = []string{domain}
	}
	if level == emailValidateDomain {
		return interp.Int(emailAddressValid), nil
	}
	return interp.Int(st.askServer(th, ctx, hosts, a.Address)), nil
}

// askServer asks the first mail exchanger that answers whether it accepts addr.
func (st *mailState) askServer(th *interp.Thread, ctx context.Context, hosts []string, addr string) int64 {
	var last error
	for _, h := range hosts {
		s := st.settingsFor(h, 25, "", "", emailOptionDefault, nil, false)
		s.Progress, s.Reserve = nil, nil
		c, err := mailrt.DialSMTP(ctx, s)
		if err != nil {
			last = err
			continue
		}
		err = c.VerifyRecipient(ctx, addr)
		c.Close()
		switch {
		case err == nil:
			return emailAddressValid
		case mailrt.KindOf(err) == mailrt.KindRecipient:
			fail(th, err)
			return emailAddressRefused
		}
		last = err
	}
	fail(th, last)
	return emailAddressError
}
