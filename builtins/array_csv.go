package builtins

import (
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// TableauVersCSV / ArrayToCSV and CSVVersTableau / CSVToArray write an array as CSV text
// and read it back. A row is an element that is itself an array (a "tableau de tableaux"),
// or a row of a two-dimension array; an array of single values gives one value per line.
// Columns are separated by ";" unless another separator is given, lines by CR LF. A value
// holding the separator, a double quote or a line break is written between double quotes
// (a double quote inside doubled), and such values are read back.

func registerArrayCSV(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"TableauVersCSV", "ArrayToCSV"}, MinArgs: 1, MaxArgs: 3, Fn: arrayToCSV})
	r.fn(&interp.Builtin{Names: []string{"CSVVersTableau", "CSVToArray"}, MinArgs: 2, MaxArgs: 3, Fn: csvToArray})
}

// csvSeparator reads the column separator a[i] (";" by default); it must not be empty or
// hold a double quote or a line break.
func csvSeparator(fn string, a []interp.Value, i int) (string, error) {
	if i >= len(a) || a[i].IsNull() {
		return ";", nil
	}
	sep := a[i].String()
	if sep == "" || strings.ContainsAny(sep, "\"\r\n") {
		return "", fmt.Errorf("%s: the separator %q is empty or holds a double quote or a line break", fn, sep)
	}
	return sep, nil
}

// arrayToCSV is TableauVersCSV(t [, column separator [, line separator]]).
func arrayToCSV(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr, err := arrayArg("TableauVersCSV", a[0])
	if err != nil {
		return interp.Null, err
	}
	sep, err := csvSeparator("TableauVersCSV", a, 1)
	if err != nil {
		return interp.Null, err
	}
	eol := "\r\n"
	if len(a) > 2 && !a[2].IsNull() {
		eol = a[2].String()
	}
	var b strings.Builder
	writeRow := func(row []interp.Value) {
		for j, v := range row {
			if j > 0 {
				b.WriteString(sep)
			}
			writeCSVField(&b, v.String(), sep)
		}
	}
	items := arr.Items()
	switch dims := arr.Dims(); {
	case len(dims) == 2:
		for i := 0; i < dims[0]; i++ {
			if i > 0 {
				b.WriteString(eol)
			}
			writeRow(items[i*dims[1] : (i+1)*dims[1]])
		}
	case len(dims) > 2:
		return interp.Null, fmt.Errorf("TableauVersCSV: the array has %d dimensions; CSV holds one or two", len(dims))
	default:
		for i, v := range items {
			if i > 0 {
				b.WriteString(eol)
			}
			if row := v.Array(); row != nil {
				writeRow(row.Items())
			} else {
				writeCSVField(&b, v.String(), sep)
			}
		}
	}
	return interp.Str(b.String()), nil
}

// writeCSVField writes one value, quoted when it must be.
func writeCSVField(b *strings.Builder, s, sep string) {
	if !strings.Contains(s, sep) && !strings.ContainsAny(s, "\"\r\n") {
		b.WriteString(s)
		return
	}
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(s, `"`, `""`))
	b.WriteByte('"')
}

// csvToArray is CSVVersTableau(csv, t [, column separator]): t is emptied, then receives a
// row per line, as an array of strings when its elements are arrays (or variants), or the
// line itself as an element of an array of single values. An empty last line is ignored.
func csvToArray(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr := a[1].Array()
	if arr == nil {
		return interp.Null, fmt.Errorf("CSVVersTableau: the second parameter must be an array, not %s", kindName(a[1]))
	}
	if len(arr.Dims()) > 0 {
		return interp.Null, fmt.Errorf("CSVVersTableau: an array of several dimensions cannot receive the rows; use an array of arrays")
	}
	sep, err := csvSeparator("CSVVersTableau", a, 2)
	if err != nil {
		return interp.Null, err
	}
	rows, lines, err := parseCSV(a[0].String(), sep)
	if err != nil {
		return interp.Null, fmt.Errorf("CSVVersTableau: %v", err)
	}
	arr.Clear()
	elem := arr.ElemType()
	for i, fields := range rows {
		if elem != nil && elem.Kind != interp.KArray {
			arr.Append(interp.Str(lines[i]))
			continue
		}
		row := interp.NewArray(nil)
		if elem != nil {
			row = elem.Zero().Array()
		}
		for _, f := range fields {
			row.Append(interp.Str(f))
		}
		arr.Append(interp.ArrayValue(row))
	}
	return interp.Null, nil
}

// parseCSV cuts CSV text into rows of fields, and returns each row's text too. Lines end
// with CR LF or LF; a field between double quotes may hold the separator, line breaks and
// doubled double quotes.
func parseCSV(s, sep string) (rows [][]string, lines []string, err error) {
	i := 0
	for i < len(s) {
		start := i
		var fields []string
		for {
			var f string
			if i < len(s) && s[i] == '"' {
				var b strings.Builder
				i++
				for {
					j := strings.IndexByte(s[i:], '"')
					if j < 0 {
						return nil, nil, fmt.Errorf("line %d: a double quote is not closed", len(rows)+1)
					}
					b.WriteString(s[i : i+j])
					i += j + 1
					if i < len(s) && s[i] == '"' {
						b.WriteByte('"')
						i++
						continue
					}
					break
				}
				f = b.String()
				// Anything between the closing quote and the separator is kept as written.
				end := csvFieldEnd(s, i, sep)
				f += s[i:end]
				i = end
			} else {
				end := csvFieldEnd(s, i, sep)
				f, i = s[i:end], end
			}
			fields = append(fields, f)
			if strings.HasPrefix(s[i:], sep) {
				i += len(sep)
				continue
			}
			break
		}
		line := s[start:i]
		switch {
		case strings.HasPrefix(s[i:], "\r\n"):
			i += 2
		case strings.HasPrefix(s[i:], "\n"):
			i++
		}
		rows = append(rows, fields)
		lines = append(lines, line)
	}
	return rows, lines, nil
}

// csvFieldEnd is where the unquoted field starting at i ends: at the separator or at the
// end of the line (a lone CR is part of the value).
func csvFieldEnd(s string, i int, sep string) int {
	end := len(s)
	if j := strings.Index(s[i:], sep); j >= 0 {
		end = i + j
	}
	if j := strings.IndexByte(s[i:end], '\n'); j >= 0 {
		end = i + j
		if end > i && s[end-1] == '\r' {
			end--
		}
	}
	return end
}
