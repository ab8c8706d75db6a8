package sandbox

import (
	"net/url"
	"strings"
)

// router finds the operation of a request from its method and path.
type router struct {
	routes []route
}

type route struct {
	op       *opSpec
	segments []string // literal segments, or "{name}" for parameters
	literals int
}

func newRouter(ops []opSpec) *router {
	r := &router{}
	for i := range ops {
		op := &ops[i]
		segs := strings.Split(strings.Trim(op.Path, "/"), "/")
		n := 0
		for _, s := range segs {
			if !isParam(s) {
				n++
			}
		}
		r.routes = append(r.routes, route{op: op, segments: segs, literals: n})
	}
	return r
}

func isParam(seg string) bool {
	return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}")
}

// match returns the operation for method and the escaped path, with the
// decoded path parameters. pathKnown reports whether some operation has
// that path under another method.
func (r *router) match(method, escapedPath string) (op *opSpec, params map[string]string, pathKnown bool) {
	raw := strings.Split(strings.Trim(escapedPath, "/"), "/")
	segs := make([]string, len(raw))
	for i, s := range raw {
		u, err := url.PathUnescape(s)
		if err != nil {
			return nil, nil, false
		}
		segs[i] = u
	}
	best := -1
	for i := range r.routes {
		rt := &r.routes[i]
		if len(rt.segments) != len(segs) {
			continue
		}
		ok := true
		for j, s := range rt.segments {
			if isParam(s) {
				if segs[j] == "" {
					ok = false
					break
				}
				continue
			}
			if s != segs[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		pathKnown = true
		if rt.op.Method != method {
			continue
		}
		if best < 0 || rt.literals > r.routes[best].literals {
			best = i
		}
	}
	if best < 0 {
		return nil, nil, pathKnown
	}
	rt := &r.routes[best]
	params = map[string]string{}
	for j, s := range rt.segments {
		if isParam(s) {
			params[s[1:len(s)-1]] = segs[j]
		}
	}
	return rt.op, params, true
}
