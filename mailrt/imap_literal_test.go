package mailrt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"
)

// fakeLiteral is a literal read ahead whole (buffered) or to be read (not buffered), as
// imapclient's reader hands them on.
type fakeLiteral struct {
	b        []byte
	off      int
	buffered bool
}

func (l *fakeLiteral) Size() int64 { return int64(len(l.b)) }

func (l *fakeLiteral) Read(p []byte) (int, error) {
	if l.off == len(l.b) {
		return 0, io.EOF
	}
	n := copy(p, l.b[l.off:])
	l.off += n
	return n, nil
}

func (l *fakeLiteral) Buffered() ([]byte, bool) {
	if !l.buffered || l.off != 0 {
		return nil, false
	}
	l.off = len(l.b)
	return l.b, true
}

// TestReadLiteralProgressBuffered checks that a literal read ahead and reported to a
// Progress is taken without a copy, with the reports and the stop of reading it: for sizes
// around progressStep, with a ProgressFunc that stops at its k-th report or never.
func TestReadLiteralProgressBuffered(t *testing.T) {
	type report struct{ done, total int64 }
	stopErr := errors.New("stop")
	for _, size := range []int{0, 10, progressStep - 1, progressStep, 2*progressStep + 5} {
		for _, stopAt := range []int{0, 1, 2} {
			t.Run(fmt.Sprintf("size %d stop at %d", size, stopAt), func(t *testing.T) {
				data := bytes.Repeat([]byte("x"), size)
				run := func(buffered bool) ([]byte, []report, error) {
					var got []report
					p := func(done, total int64) error {
						got = append(got, report{done, total})
						if len(got) == stopAt {
							return stopErr
						}
						return nil
					}
					src := &fakeLiteral{b: data, buffered: buffered}
					pl := &progressLiteral{progressReader{r: src, p: p, total: src.Size()}, src.Size()}
					raw, err := readLiteral(pl, nil)
					if err == nil && pl.stop != nil {
						err = pl.stop
					}
					return raw, got, err
				}
				wantRaw, want, wantErr := run(false)
				raw, got, err := run(true)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("reports %v, read through: %v", got, want)
				}
				if !errors.Is(err, stopErr) != !errors.Is(wantErr, stopErr) || stopped(err) != stopped(wantErr) {
					t.Errorf("error %v, read through: %v", err, wantErr)
				}
				if wantErr == nil && !bytes.Equal(raw, wantRaw) {
					t.Errorf("got %d bytes, read through %d", len(raw), len(wantRaw))
				}
				if err == nil && size > 0 && &raw[0] != &data[0] {
					t.Error("the buffered literal was copied")
				}
			})
		}
	}
}

// TestReadReserved reads a literal of implausible size as it comes: reserve is asked for
// every byte its buffer grows by, before it grows, and its refusal stops the read.
func TestReadReserved(t *testing.T) {
	src := bytes.Repeat([]byte("0123456789"), 3000)
	var asked int64
	got, err := readReserved(bytes.NewReader(src), func(n int64) error {
		asked += n
		return nil
	})
	if err != nil || !bytes.Equal(got, src) {
		t.Fatalf("read %d bytes, %v", len(got), err)
	}
	if asked < int64(cap(got)) {
		t.Errorf("%d bytes reserved for a buffer of %d", asked, cap(got))
	}
	full := errors.New("full")
	calls := 0
	got, err = readReserved(bytes.NewReader(src), func(n int64) error {
		if calls++; calls > 1 {
			return full
		}
		return nil
	})
	if !stopped(err) || !errors.Is(err, full) || got != nil {
		t.Errorf("refused: %d bytes, %v", len(got), err)
	}
}
