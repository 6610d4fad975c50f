package policy

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// azContextTypes maps IAM's ContextKeyType names, compared without regard
// to case, to their canonical spelling.
var azContextTypes = map[string]string{
	"string": "string", "stringlist": "stringList",
	"numeric": "numeric", "numericlist": "numericList",
	"boolean": "boolean", "booleanlist": "booleanList",
	"ip": "ip", "iplist": "ipList",
	"binary": "binary", "binarylist": "binaryList",
	"date": "date", "datelist": "dateList",
}

// ParseContextEntry reads one request-context entry in the command-line
// form KEY=TYPE:VALUE, such as aws:SourceIp=ip:203.0.113.7 or
// aws:TagKeys=stringList:team,cost-center.
//
// KEY runs to the first '=' that is followed by a type name and a ':' (tag
// keys may themselves hold '=', as in aws:ResourceTag/a=b=string:x). TYPE
// is one of IAM's ContextKeyType names (string, stringList, numeric,
// numericList, boolean, booleanList, ip, ipList, binary, binaryList, date,
// dateList; any case).
// A scalar type takes VALUE verbatim, commas and backslashes included. A
// list type splits VALUE at commas: write "\," for a comma inside a value
// and "\\" for a backslash; any other backslash is an error. An empty VALUE
// gives a list with no values (the empty set). Values are checked against
// the type: numbers, true/false, IP addresses or CIDR blocks, base64,
// ISO 8601 dates or epoch seconds.
func ParseContextEntry(s string) (key string, v ContextValue, err error) {
	eq := strings.IndexByte(s, '=')
	if eq < 0 || strings.TrimSpace(s[:eq]) == "" {
		return "", ContextValue{}, fmt.Errorf("context entry %q: write KEY=TYPE:VALUE, such as aws:SourceIp=ip:203.0.113.7", s)
	}
	var canon, val string
	for i := eq; i >= 0; {
		if typ, rest, ok := strings.Cut(s[i+1:], ":"); ok {
			if c, known := azContextTypes[strings.ToLower(strings.TrimSpace(typ))]; known {
				key, canon, val = strings.TrimSpace(s[:i]), c, rest
				break
			}
		}
		j := strings.IndexByte(s[i+1:], '=')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	if canon == "" {
		typ, _, _ := strings.Cut(s[eq+1:], ":")
		return "", ContextValue{}, fmt.Errorf("context entry %q: the type %q is not one of string, stringList, numeric, numericList, boolean, booleanList, ip, ipList, binary, binaryList, date, dateList (write KEY=TYPE:VALUE)", s, typ)
	}
	if msg := azCheckKey(key); msg != "" {
		return "", ContextValue{}, fmt.Errorf("context entry %q: %s", s, msg)
	}
	v.Type = canon
	if !strings.HasSuffix(canon, "List") {
		v.Values = []string{val}
	} else if val != "" {
		if v.Values, err = azSplitList(val); err != nil {
			return "", ContextValue{}, fmt.Errorf("context entry %q: %v", s, err)
		}
	} else {
		v.Values = []string{}
	}
	base := strings.TrimSuffix(canon, "List")
	for i, x := range v.Values {
		if msg := azCheckContextValue(base, x); msg != "" {
			return "", ContextValue{}, fmt.Errorf("context entry %q: %s", s, msg)
		}
		if base == "boolean" {
			v.Values[i] = strings.ToLower(x)
		}
	}
	return key, v, nil
}

func azSplitList(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) || (s[i+1] != ',' && s[i+1] != '\\') {
				return nil, fmt.Errorf(`a backslash in a list value must escape a comma or a backslash ("\," or "\\")`)
			}
			i++
			cur.WriteByte(s[i])
		case ',':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(out, cur.String()), nil
}

func azCheckContextValue(typ, x string) string {
	switch typ {
	case "numeric":
		if _, ok := azParseNumber(x); !ok {
			return fmt.Sprintf("%q is not a number", x)
		}
	case "boolean":
		if !strings.EqualFold(x, "true") && !strings.EqualFold(x, "false") {
			return fmt.Sprintf("%q is not true or false", x)
		}
	case "ip":
		if _, ok := azParsePrefix(x); !ok {
			return fmt.Sprintf("%q is not an IP address or CIDR block", x)
		}
	case "binary":
		if _, err := base64.StdEncoding.DecodeString(x); err != nil {
			return fmt.Sprintf("%q is not base64", azClip(x))
		}
	case "date":
		if _, ok := azParseDate(x); !ok {
			return fmt.Sprintf("%q is not a date: use ISO 8601, such as 2026-01-31T12:00:00Z, or epoch seconds", x)
		}
	}
	return ""
}
