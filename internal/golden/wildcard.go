package golden

import "strings"

// Wildcard stands, in an expected line of stdout or stderr, for any text within the line.
const Wildcard = "[..]"

// maxAlign bounds the size of the table that aligns expected and actual lines (lines x
// lines); past it, lines are paired by position.
const maxAlign = 4_000_000

// normalizeWildcards pairs the lines of got with those of want, in order (a longest common
// subsequence where a line holding [..] matches any line it describes), and replaces each
// paired actual line by its expected pattern: the texts are then equal when every line
// matches, and a diff shows only the lines that do not.
func normalizeWildcards(want, got []byte) ([]byte, []byte, error) {
	if !strings.Contains(string(want), Wildcard) {
		return want, got, nil
	}
	w, g := lines(string(want)), lines(string(got))
	match := func(i, j int) bool { return w[i] == g[j] || matchLine(w[i], g[j]) }
	out := append([]string(nil), g...)
	if len(w)*len(g) > maxAlign {
		for i := 0; i < len(w) && i < len(g); i++ {
			if match(i, i) {
				out[i] = w[i]
			}
		}
		return want, []byte(strings.Join(out, "")), nil
	}
	// lcs[i][j] is the length of the longest common subsequence of w[i:] and g[j:].
	lcs := make([][]int32, len(w)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			switch {
			case match(i, j):
				lcs[i][j] = lcs[i+1][j+1] + 1
			case lcs[i+1][j] >= lcs[i][j+1]:
				lcs[i][j] = lcs[i+1][j]
			default:
				lcs[i][j] = lcs[i][j+1]
			}
		}
	}
	for i, j := 0, 0; i < len(w) && j < len(g); {
		switch {
		case match(i, j) && lcs[i][j] == lcs[i+1][j+1]+1:
			out[j] = w[i]
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	return want, []byte(strings.Join(out, "")), nil
}

// matchLine tells whether line matches pattern, where each [..] of pattern stands for any
// run of characters other than a line break.
func matchLine(pattern, line string) bool {
	parts := strings.Split(pattern, Wildcard)
	if len(parts) == 1 {
		return pattern == line
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(line, first) {
		return false
	}
	line = line[len(first):]
	for _, p := range parts[1 : len(parts)-1] {
		k := strings.Index(line, p)
		if k < 0 {
			return false
		}
		line = line[k+len(p):]
	}
	if !strings.HasSuffix(line, last) {
		return false
	}
	// What the last [..] covers must not hold a line break.
	return !strings.Contains(strings.TrimSuffix(line, last), "\n")
}
