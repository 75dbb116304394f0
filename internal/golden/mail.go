package golden

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// normalizeMail compares mail.json files as sets of messages: asynchronous sending delivers
// messages in any order, so the actual messages are put in the order of the expected ones
// they equal (as JSON values: spacing and key order do not count), and those that equal none
// fill the places of the expected ones that were not found, in their own order. Both sides
// are then written in one layout.
func normalizeMail(want, got []byte) ([]byte, []byte, error) {
	var w, g []json.RawMessage
	if err := json.Unmarshal(want, &w); err != nil {
		return nil, nil, fmt.Errorf("the expected mail.json is not a JSON array: %v", err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		return nil, nil, fmt.Errorf("the captured mail is not a JSON array: %v", err)
	}
	wk, err := keys(w)
	if err != nil {
		return nil, nil, fmt.Errorf("the expected mail.json: %v", err)
	}
	gk, err := keys(g)
	if err != nil {
		return nil, nil, fmt.Errorf("the captured mail: %v", err)
	}
	// Pair each expected message with an equal actual one, first come first served; a
	// paired message is written as the expected one is, so that key order does not count.
	placed := make([]json.RawMessage, len(w))
	used := make([]bool, len(g))
	for i := range w {
		for j := range g {
			if !used[j] && gk[j] == wk[i] {
				placed[i], used[j] = w[i], true
				break
			}
		}
	}
	var rest []json.RawMessage
	for j := range g {
		if !used[j] {
			rest = append(rest, g[j])
		}
	}
	var ordered []json.RawMessage
	for i := range placed {
		switch {
		case placed[i] != nil:
			ordered = append(ordered, placed[i])
		case len(rest) > 0:
			ordered = append(ordered, rest[0])
			rest = rest[1:]
		}
	}
	ordered = append(ordered, rest...)
	wl, err := layout(w)
	if err != nil {
		return nil, nil, err
	}
	gl, err := layout(ordered)
	return wl, gl, err
}

// keys gives each message its canonical JSON (keys sorted, no spacing).
func keys(msgs []json.RawMessage) ([]string, error) {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		var v any
		if err := json.Unmarshal(m, &v); err != nil {
			return nil, err
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		out[i] = string(b)
	}
	return out, nil
}

// layout writes messages as `wl run --sandbox-json` does: an indented array, the keys of
// each message in their own order.
func layout(msgs []json.RawMessage) ([]byte, error) {
	if len(msgs) == 0 {
		return []byte("[]\n"), nil
	}
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, m := range msgs {
		b.WriteString("  ")
		if err := json.Indent(&b, bytes.TrimSpace(m), "  ", "  "); err != nil {
			return nil, err
		}
		if i < len(msgs)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}
