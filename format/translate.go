package format

import "errors"

func translate(p *printer, opts Options) error { return errors.New("todo") }
