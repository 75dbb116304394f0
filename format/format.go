// Package format lays WLanguage source out in one canonical way and can translate its
// keywords, library names, declared types and the members of library types to French or
// English (wl fmt), and finds the folds an editor offers (Folds, for wl lsp).
//
// The layout works on the lexer's tokens, never on the syntax tree, so that it cannot change
// what a script does: every token is kept, in order, with its text (keyword case aside), and
// the result is checked by lexing it again. What it normalises:
//
//   - block indentation with one tab a level, as WINDEV's editor writes it: the body of SI,
//     SINON, POUR, TANTQUE, BOUCLE, SELON (CAS lines one level in, their code two), QUAND
//     EXCEPTION, UTILISER, PROCÉDURE INTERNE, CONSTANTE blocks, `est une Structure` /
//     `est une Classe` (its PUBLIC/PRIVÉ/PROTÉGÉ/GLOBAL section lines at the level of the
//     class line) and CAS ERREUR: / CAS EXCEPTION: sections. The code of a top-level
//     PROCÉDURE (methods `PROCÉDURE C::M()` included) is not indented (each has its own window in WINDEV). A line continued with
//     "..." or inside open brackets is indented one level more than its statement;
//   - reserved words in capitals (SI, ALORS, FIN, PROCÉDURE with its accent when it was
//     written with one), except est/sont/is/are which WINDEV prints in lower case;
//     contextual words (À, DE, TOUT, ÉLÉMENT...) and names keep their spelling;
//   - one space around binary operators and after commas, none inside brackets, before a
//     comma or around "."; "<-", "[[", "::" and member colons (o:m) keep their adjacency,
//     which the parser reads;
//   - trailing blanks removed.
//
// Comments, strings (multi-line ones and [% %] parts included), blank lines, "..."
// continuations and the line-break style (CRLF or LF) are kept as they are.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// Lang is the language keywords and library names are written in.
type Lang int

// Languages for Options.Lang.
const (
	Keep    Lang = iota // names stay in the language they are written in
	French              // every keyword and library name in French
	English             // every keyword and library name in English
)

// ParseLang reads "keep", "fr" or "en".
func ParseLang(s string) (Lang, error) {
	switch s {
	case "keep", "":
		return Keep, nil
	case "fr", "french":
		return French, nil
	case "en", "english":
		return English, nil
	}
	return Keep, fmt.Errorf("unknown language %q (fr, en or keep)", s)
}

// Encoding is the encoding of the result.
type Encoding int

// Encodings for Options.Encoding.
const (
	KeepEncoding Encoding = iota // the source's: UTF-8 stays UTF-8, Windows-1252 stays so
	UTF8                         // UTF-8 whatever the source's
	Windows1252                  // Windows-1252 whatever the source's
)

// ParseEncoding reads "keep", "utf8" or "windows-1252".
func ParseEncoding(s string) (Encoding, error) {
	switch s {
	case "keep", "":
		return KeepEncoding, nil
	case "utf8", "utf-8":
		return UTF8, nil
	case "windows-1252", "cp1252", "ansi":
		return Windows1252, nil
	}
	return KeepEncoding, fmt.Errorf("unknown encoding %q (utf8, windows-1252 or keep)", s)
}

// Options tune Source.
type Options struct {
	// Filename names the source in error messages.
	Filename string
	// Lang translates keywords, library names, types and members (Keep leaves them).
	Lang Lang
	// Encoding is the encoding of the result. A UTF-8 byte-order mark is kept.
	Encoding Encoding
	// Library is the table translation takes its names from; nil means builtins.New().
	Library *interp.Library
	// Declarations holds what the files the script includes declare (wl fmt -I, EXTERN):
	// their names are the script's, which translation leaves as they are.
	Declarations *Declarations
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// Source formats src, a whole source file as read from disk, and returns the new file.
// Errors are lexical errors of the source (file:line:col: message); a source that lexes
// always formats.
func Source(src []byte, opts Options) ([]byte, error) {
	hasBOM := bytes.HasPrefix(src, bom)
	body := bytes.TrimPrefix(src, bom)
	was1252 := !utf8.Valid(body)
	text := lexer.Decode(src)
	out, err := layout(opts.Filename, text, opts)
	if err != nil {
		return nil, err
	}
	enc := opts.Encoding
	if enc == KeepEncoding {
		enc = UTF8
		if was1252 {
			enc = Windows1252
		}
	}
	var res []byte
	if hasBOM && enc == UTF8 {
		res = append(res, bom...)
	}
	if enc == Windows1252 {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(out))
		if err != nil {
			return nil, errors.New(opts.Filename + ": the result holds characters Windows-1252 cannot encode; use UTF-8")
		}
		return append(res, b...), nil
	}
	return append(res, out...), nil
}
