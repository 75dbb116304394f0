package builtins

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// VérifieExpressionRégulière / MatchRegularExpression(s, expression [, variables...])
// tells whether the whole of s matches the regular expression, and gives the part matched
// by each parenthesised group to the variables that follow, in order ("" for a group that
// took no part in the match, for a variable beyond the last group, and for all of them when
// s does not match). An array given as the only third parameter receives the groups
// instead.
//
// The expression is read with Go's RE2 syntax, which has what PC SOFT documents for this
// function (character classes, [[:alpha:]], quantifiers {n,m}, alternatives, groups, the
// escaped special characters) and guarantees a time linear in the size of s. It has no
// back-references (\1), no look-ahead or look-behind ((?=, (?!, (?<=, (?<!), no atomic
// groups or possessive quantifiers and no conditions ((?(1)...)): an expression using them
// is a fatal error that says so. \w, \d and \b are ASCII-only in RE2; use \pL or [[:alpha:]]
// with accented letters ([[:alpha:]] is ASCII-only too: \pL is not).
func registerRegex(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"VérifieExpressionRégulière", "MatchRegularExpression"},
		MinArgs: 2, MaxArgs: -1, OutFrom: 3, Fn: matchRegex})
}

// regexCache keeps a thread's compiled expressions; it is emptied when it holds
// maxCachedRegexps, which only a script building expressions on the fly reaches.
type regexCache struct {
	res  map[string]*regexp.Regexp
	last string
	lre  *regexp.Regexp
}

const maxCachedRegexps = 64

type regexCacheKey struct{}

// compiledRegex compiles expr anchored at both ends, once per thread.
func compiledRegex(th *interp.Thread, fn, expr string) (*regexp.Regexp, error) {
	c := th.State(regexCacheKey{}, func() any { return &regexCache{res: map[string]*regexp.Regexp{}} }).(*regexCache)
	if c.lre != nil && c.last == expr {
		return c.lre, nil
	}
	re, ok := c.res[expr]
	if !ok {
		var err error
		if re, err = regexp.Compile(`\A(?:` + expr + `)\z`); err != nil {
			return nil, regexError(fn, expr, err)
		}
		if len(c.res) >= maxCachedRegexps {
			clear(c.res)
		}
		expr = strings.Clone(expr)
		c.res[expr] = re
	}
	c.last, c.lre = expr, re
	return re, nil
}

// regexError explains why an expression was refused, naming the constructs RE2 lacks.
func regexError(fn, expr string, err error) error {
	msg := err.Error()
	var e *syntax.Error
	if errors.As(err, &e) {
		msg = string(e.Code)
		if e.Expr != "" {
			msg += ": " + e.Expr
		}
	}
	hint := ""
	switch {
	case strings.Contains(expr, "(?=") || strings.Contains(expr, "(?!") || strings.Contains(expr, "(?<=") || strings.Contains(expr, "(?<!"):
		hint = " (look-ahead and look-behind are not supported)"
	case regexp.MustCompile(`\\[1-9]`).MatchString(expr):
		hint = " (back-references such as \\1 are not supported)"
	case strings.Contains(expr, "(?>") || strings.Contains(expr, "*+") || strings.Contains(expr, "++") || strings.Contains(expr, "?+"):
		hint = " (atomic groups and possessive quantifiers are not supported)"
	case strings.Contains(expr, "(?("):
		hint = " (conditions are not supported)"
	}
	return fmt.Errorf("%s: invalid regular expression %q: %s%s", fn, expr, msg, hint)
}

func matchRegex(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	re, err := compiledRegex(th, "VérifieExpressionRégulière", a[1].String())
	if err != nil {
		return interp.Null, err
	}
	groups := re.FindStringSubmatch(a[0].String())
	if len(a) == 3 {
		if arr := a[2].Array(); arr != nil {
			arr.Clear()
			for _, g := range groups[min(1, len(groups)):] {
				arr.Append(interp.Str(g))
			}
			return interp.Bool(groups != nil), nil
		}
	}
	for i := 2; i < len(a); i++ {
		g := ""
		if i-1 < len(groups) {
			g = groups[i-1]
		}
		a[i] = interp.Str(g)
	}
	return interp.Bool(groups != nil), nil
}
