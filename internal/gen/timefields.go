package main

// timeLayouts maps the spec's documented time formats to Go layouts.
var timeLayouts = map[string]struct{ layout, what string }{
	"utc-datetime": {"2006-01-02T15:04:05Z", "UTC timestamp"},
	"yyyy-MM-dd":   {"2006-01-02", "date"},
	"yyyy-MM":      {"2006-01", "month"},
}

// emitTimeAccessors writes, for every string field of a response model with
// a documented time format, a Parse<Field> method returning time.Time, so
// that callers do not parse the wire format by hand.
func (c *pkgCtx) emitTimeAccessors(w *writer, pm *pkgModel) {
	for _, fl := range pm.m.Fields {
		lay, ok := timeLayouts[fl.Format]
		if !ok || fl.Type != "string" {
			continue
		}
		gn := c.fieldGoName(fl)
		c.imports["time"] = true
		w.comment("", "Parse"+gn+" parses "+gn+" (a "+lay.what+" in the layout \""+lay.layout+"\") as a time.Time in UTC. It returns the zero time and an error when the field is empty or malformed.")
		w.p("func (r *%s) Parse%s() (time.Time, error) {", pm.goName, gn)
		w.p("\treturn time.Parse(%q, r.%s)", lay.layout, gn)
		w.p("}")
		w.p("")
	}
}
