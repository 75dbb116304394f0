package mailrt

// parseAddressListFast reads an address list header field written in the plain form most
// mailers use, "a@b.c", "<a@b.c>", "Jean Dupont <a@b.c>", "\"Jean Dupont\" <a@b.c>", separated by commas, with the
// result go-message's mail.ParseAddressList (net/mail's parser with RFC 2047 decoding) gives
// it, without that parser's general path (a reader per address, encoded words looked for in
// each word). ok is false for anything else (quoted or encoded names, comments, groups,
// non-ASCII, escapes, odd spacing): the general parser reads those.
func parseAddressListFast(s string) (out []Address, ok bool) {
	i := skipSP(s, 0)
	for i < len(s) {
		var a Address
		if a, i, ok = addressFast(s, i); !ok {
			return nil, false
		}
		out = append(out, a)
		i = skipSP(s, i)
		if i == len(s) {
			break
		}
		if s[i] != ',' {
			return nil, false
		}
		if i = skipSP(s, i+1); i == len(s) {
			return nil, false // a trailing comma: the general parser decides
		}
	}
	return out, len(out) > 0
}

// addressFast reads one address at i: an addr-spec, or an optional name (plain words
// separated by single spaces, or one quoted string of printable ASCII without escapes)
// followed by an addr-spec in angle brackets.
func addressFast(s string, i int) (a Address, end int, ok bool) {
	// The address is local "@" dom, which is the run of s they span: taken as a substring,
	// without building it again.
	if _, j, ok := dotAtom(s, i); ok && at(s, j, '@') {
		if _, k, ok := dotAtom(s, j+1); ok && (k == len(s) || s[k] == ',' || s[k] == ' ') {
			return Address{Address: s[i:k]}, k, true
		}
		return Address{}, 0, false
	}
	nameStart, nameEnd := i, i
	if at(s, i, '"') {
		// A quoted name, as go-message writes every name: its text is taken as it is.
		j := i + 1
		for j < len(s) && s[j] >= ' ' && s[j] <= '~' && s[j] != '"' && s[j] != '\\' {
			j++
		}
		if j == i+1 || !at(s, j, '"') || !at(s, j+1, ' ') || !at(s, j+2, '<') {
			return Address{}, 0, false
		}
		nameStart, nameEnd, i = i+1, j, j+2
	}
	for i < len(s) && s[i] != '<' {
		w := i
		for i < len(s) && isNameChar(s[i]) {
			i++
		}
		if i == w || !at(s, i, ' ') {
			return Address{}, 0, false
		}
		nameEnd = i
		i++
	}
	if !at(s, i, '<') {
		return Address{}, 0, false
	}
	_, j, ok := dotAtom(s, i+1)
	if !ok || !at(s, j, '@') {
		return Address{}, 0, false
	}
	_, k, ok := dotAtom(s, j+1)
	if !ok || !at(s, k, '>') {
		return Address{}, 0, false
	}
	return Address{Name: s[nameStart:nameEnd], Address: s[i+1 : k]}, k + 1, true
}

// dotAtom reads a dot-atom of ASCII atext at i: atoms separated by single dots.
func dotAtom(s string, i int) (atom string, end int, ok bool) {
	start := i
	for {
		w := i
		for i < len(s) && isAtext(s[i]) {
			i++
		}
		if i == w {
			return "", start, false
		}
		if !at(s, i, '.') {
			return s[start:i], i, true
		}
		i++
	}
}

// isAtext reports whether c is an ASCII atext character of RFC 5322.
func isAtext(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~':
		return true
	}
	return false
}

// isNameChar is atext without '=' and '?', which could start or end an encoded word.
func isNameChar(c byte) bool { return isAtext(c) && c != '=' && c != '?' }

func skipSP(s string, i int) int {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	return i
}
