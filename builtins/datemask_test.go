package builtins

import (
	"testing"
	"time"
)

// TestMasks checks every token of the date and time masks, for each kind of value.
func TestMasks(t *testing.T) {
	wed := time.Date(2026, 8, 5, 7, 4, 3, 120_000_000, time.UTC)      // Mercredi 5 Août, morning
	tue := time.Date(2026, 11, 24, 13, 45, 30, 250_000_000, time.UTC) // Mardi 24 Novembre, afternoon
	may := time.Date(2031, 5, 1, 0, 9, 0, 0, time.UTC)                // Jeudi 1 Mai, just after midnight
	jul := time.Date(2005, 7, 14, 12, 0, 0, 0, time.UTC)              // Jeudi 14 Juillet, noon
	tests := []struct {
		mode       maskMode
		t          time.Time
		mask, want string
	}{
		// Years, days, months as numbers; date letters in either case, one-letter tokens in
		// capitals only.
		{maskDate, wed, "JJ/MM/AAAA", "05/08/2026"},
		{maskDate, wed, "DD/MM/YYYY", "05/08/2026"},
		{maskDate, wed, "jj/mm/aaaa", "05/08/2026"},
		{maskDate, wed, "AAAA-MM-JJ", "2026-08-05"},
		{maskDate, wed, "J/M/AA", "5/8/26"},
		{maskDate, wed, "D/M/YY", "5/8/26"},
		{maskDate, wed, "j/m/aa", "j/m/26"},
		{maskDate, jul, "AAAAMMJJ", "20050714"},
		{maskDate, wed, "AAA", "26A"},
		// Names: as written by the runtime, capitalised (Jjjj), in capitals (JJJj).
		{maskDate, wed, "JJJJ JJ MMMM AAAA", "Mercredi 05 Août 2026"},
		{maskDate, wed, "DDDD D MMMM YYYY", "Mercredi 5 Août 2026"},
		{maskDate, wed, "jjjj mmmm", "Mercredi Août"},
		{maskDate, wed, "Jjjj Mmmm", "Mercredi Août"},
		{maskDate, wed, "JJJj MMMm", "MERCREDI AOÛT"},
		{maskDate, wed, "DDDd", "MERCREDI"},
		{maskDate, wed, "JJJJJ", "Mercredi5"},
		// Abbreviations: three letters and a period, four for juin and juillet.
		{maskDate, wed, "JJJ J MMM", "Mer. 5 Aoû."},
		{maskDate, wed, "Jjj Mmm", "Mer. Aoû."},
		{maskDate, wed, "JJj MMm", "MER. AOÛ."},
		{maskDate, tue, "DDD JJ MMM", "Mar. 24 Nov."},
		{maskDate, may, "JJJ MMM", "Jeu. Mai"},
		{maskDate, jul, "MMM", "Juil."},
		{maskDate, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "JJJ MMM", "Lun. Juin"},
		// L is the first letter of the day; lowercase letters that start no token are copied.
		{maskDate, wed, "L", "M"},
		{maskDate, wed, "le JJ", "le 05"},
		{maskDate, tue, "Le numéro du jour JJ du mois n° MM de l'année AAAA", "Me numéro du jour 24 du mois n° 11 de l'année 2026"},
		// A date mask has no time tokens.
		{maskDate, wed, "HH:SS CC", "HH:SS CC"},
		// Times: MM and mm are minutes, H alone the hour without a zero, a lone h a letter.
		{maskTime, wed, "HH:MM:SS:CC", "07:04:03:12"},
		{maskTime, wed, "HH:mm:ss", "07:04:03"},
		{maskTime, wed, "hh:mm", "07:04"},
		{maskTime, wed, "HH:MM:SS.CCC", "07:04:03.120"},
		{maskTime, tue, "HHhMM", "13h45"},
		{maskTime, wed, "H:M", "7:4"},
		{maskTime, wed, "MM:SS", "04:03"},
		{maskTime, wed, "JJ/MM", "JJ/04"},
		// AP: AM or PM, hours 1 to 12.
		{maskTime, tue, "HH:MM AP", "01:45 PM"},
		{maskTime, wed, "H:MM ap", "7:04 AM"},
		{maskTime, may, "HH:MM AP", "12:09 AM"},
		{maskTime, jul, "HH:MM AP", "12:00 PM"},
		// Dates and times: MM is the month, mm the minutes, MM also the minutes right after
		// an hour or before seconds.
		{maskDateTime, wed, "JJ/MM/AAAA HH:mm:SS:CC", "05/08/2026 07:04:03:12"},
		{maskDateTime, tue, "MM-JJ-AAAA HH:mm", "11-24-2026 13:45"},
		{maskDateTime, wed, "JJ/MM/AAAA HH:MM", "05/08/2026 07:04"},
		{maskDateTime, wed, "AAAAMMJJHHMMSS", "20260805070403"},
		{maskDateTime, wed, "AAAAMMJJHHMMSSCCC", "20260805070403120"},
		{maskDateTime, wed, "MM:SS", "04:03"},
		{maskDateTime, wed, "HH:MM le JJ/MM", "07:04 le 05/08"},
		{maskDateTime, tue, "Jjjj JJ Mmmm AAAA HH:mm", "Mardi 24 Novembre 2026 13:45"},
		{maskDateTime, tue, "JJ/MM/AAAA HH:mm AP", "24/11/2026 01:45 PM"},
		{maskDateTime, tue, "AAAA", "2026"},
		{maskDate, wed, "", ""},
	}
	for _, tt := range tests {
		m := compileMask(tt.mask, tt.mode)
		if got := string(m.format(nil, partsOf(tt.t))); got != tt.want {
			t.Errorf("mask %q (mode %d) on %s = %q, want %q", tt.mask, tt.mode, tt.t.Format(time.DateTime), got, tt.want)
		}
	}
}

// TestAppendPadded checks the digits written for numbers of any size.
func TestAppendPadded(t *testing.T) {
	tests := []struct {
		n, width int
		want     string
	}{{0, 1, "0"}, {0, 2, "00"}, {7, 2, "07"}, {2026, 4, "2026"}, {12345, 4, "12345"}, {-5, 2, "-05"}, {5, 0, "5"}}
	for _, tt := range tests {
		if got := string(appendPadded(nil, tt.n, tt.width)); got != tt.want {
			t.Errorf("appendPadded(%d, %d) = %q, want %q", tt.n, tt.width, got, tt.want)
		}
	}
}
