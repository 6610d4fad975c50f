package awsjson

import "unicode/utf8"

// The scanner half of the decoder: strict RFC 8259 syntax, the same that
// encoding/json accepts (FuzzDecode checks the two agree), without building
// any value.

func (d *decoder) syntax(i int) error {
	if i >= len(d.data) {
		return serializationf("The request body is not valid JSON: unexpected end of input")
	}
	return serializationf("The request body is not valid JSON: unexpected character at offset %d", i)
}

func (d *decoder) trailing(end int) error {
	if i := d.ws(end); i != len(d.data) {
		return d.syntax(i)
	}
	return nil
}

func (d *decoder) ws(i int) int {
	for i < len(d.data) {
		switch d.data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// skip checks the syntax of the JSON value at i and returns where it ends.
func (d *decoder) skip(i, depth int) (int, error) {
	data := d.data
	if i >= len(data) {
		return 0, d.syntax(i)
	}
	switch c := data[i]; {
	case c == '{' || c == '[':
		if depth >= maxDepth {
			return 0, serializationf("The request body is nested more than %d levels deep", maxDepth)
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = d.ws(i + 1)
		if i < len(data) && data[i] == closer {
			return i + 1, nil
		}
		for {
			var err error
			if c == '{' {
				if i >= len(data) || data[i] != '"' {
					return 0, d.syntax(i)
				}
				if i, _, err = d.skipString(i); err != nil {
					return 0, err
				}
				if i = d.ws(i); i >= len(data) || data[i] != ':' {
					return 0, d.syntax(i)
				}
				i = d.ws(i + 1)
			}
			if i, err = d.skip(i, depth+1); err != nil {
				return 0, err
			}
			if i = d.ws(i); i >= len(data) {
				return 0, d.syntax(i)
			}
			if data[i] == closer {
				return i + 1, nil
			}
			if data[i] != ',' {
				return 0, d.syntax(i)
			}
			i = d.ws(i + 1)
		}
	case c == '"':
		end, _, err := d.skipString(i)
		return end, err
	case c == 't':
		return d.literal(i, "true")
	case c == 'f':
		return d.literal(i, "false")
	case c == 'n':
		return d.literal(i, "null")
	case c == '-' || '0' <= c && c <= '9':
		return d.skipNumber(i)
	}
	return 0, d.syntax(i)
}

func (d *decoder) literal(i int, lit string) (int, error) {
	if len(d.data)-i < len(lit) || string(d.data[i:i+len(lit)]) != lit {
		return 0, d.syntax(i)
	}
	return i + len(lit), nil
}

// skipString checks the string at i and returns where it ends and whether
// its raw bytes are already its value (no escapes, valid UTF-8).
func (d *decoder) skipString(i int) (end int, simple bool, err error) {
	data := d.data
	simple, ascii := true, true
	for j := i + 1; j < len(data); {
		c := data[j]
		switch {
		case c == '"':
			if simple && !ascii && !utf8.Valid(data[i+1:j]) {
				simple = false
			}
			return j + 1, simple, nil
		case c == '\\':
			simple = false
			if j+1 >= len(data) {
				return 0, false, d.syntax(len(data))
			}
			switch data[j+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				j += 2
			case 'u':
				if j+6 > len(data) || !isHex(data[j+2:j+6]) {
					return 0, false, d.syntax(j)
				}
				j += 6
			default:
				return 0, false, d.syntax(j)
			}
		case c < 0x20:
			return 0, false, d.syntax(j)
		default:
			if c >= utf8.RuneSelf {
				ascii = false
			}
			j++
		}
	}
	return 0, false, d.syntax(len(data))
}

func (d *decoder) skipNumber(i int) (int, error) {
	data := d.data
	j := i
	if data[j] == '-' {
		j++
	}
	digits := func() bool {
		start := j
		for j < len(data) && '0' <= data[j] && data[j] <= '9' {
			j++
		}
		return j > start
	}
	switch {
	case j < len(data) && data[j] == '0':
		j++
	case !digits():
		return 0, d.syntax(j)
	}
	if j < len(data) && data[j] == '.' {
		j++
		if !digits() {
			return 0, d.syntax(j)
		}
	}
	if j < len(data) && (data[j] == 'e' || data[j] == 'E') {
		j++
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		if !digits() {
			return 0, d.syntax(j)
		}
	}
	return j, nil
}
