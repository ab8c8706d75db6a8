package officialcheck

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hcpartner/partner-sdk-go/internal/spec"
)

// knownMissing are the official fields this SDK leaves out on purpose,
// with the reason (also written in the spec).
var knownMissing = map[string]string{
	"AutoRenewalResources request period_type": "sent by the official SDK but documented on no AutoRenewalResources page available to the project (see the note of AutoRenewalResourcesRequest in internal/spec/resource.json)",
}

var (
	marshalerType   = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	unmarshalerType = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
)

// officialMembers adds the JSON member paths of struct type t (dotted for
// nested objects, through pointers and slices) under prefix.
func officialMembers(t reflect.Type, prefix string, out map[string]bool, depth int) {
	if depth > 8 {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := jsonName(f)
		if name == "" {
			continue
		}
		p := prefix + name
		out[p] = true
		if st := structOf(f.Type); st != nil {
			officialMembers(st, p+".", out, depth+1)
		}
	}
}

// structOf returns the struct type behind pointers and slices, nil for
// scalars and for types with their own JSON encoding (the official enums).
func structOf(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(unmarshalerType) || t.Implements(marshalerType) {
		return nil
	}
	return t
}

// ourMembers adds the member paths of one of our models.
func ourMembers(models map[string]*spec.Model, name, prefix string, out map[string]bool, depth int) {
	m := models[name]
	if m == nil || depth > 8 {
		return
	}
	for _, f := range m.Fields {
		p := prefix + f.Name
		out[p] = true
		if i := strings.Index(f.Type, "object:"); i >= 0 {
			ourMembers(models, f.Type[i+len("object:"):], p+".", out, depth+1)
		}
	}
}

func TestOfficialFieldsExist(t *testing.T) {
	ours := ourOperations(t)
	total, present := 0, 0
	var missing []string
	for _, op := range officialOperations(t) {
		o, ok := ours[op.name]
		if !ok {
			t.Errorf("%s: not in this SDK's spec", op.name)
			continue
		}
		for _, side := range []struct {
			what     string
			official reflect.Type
			ourModel string
		}{{"request", op.request, o.op.Request}, {"response", op.response, o.op.Response}} {
			off := map[string]bool{}
			officialMembers(side.official, "", off, 0)
			if side.what == "request" && off["body"] {
				// The official request wraps the JSON body in "body"; ours
				// lists body members beside the path and query parameters.
				delete(off, "body")
				for k := range off {
					if rest, ok := strings.CutPrefix(k, "body."); ok {
						delete(off, k)
						off[rest] = true
					}
				}
			}
			our := map[string]bool{}
			ourMembers(o.model, side.ourModel, "", our, 0)
			for k := range off {
				total++
				if our[k] {
					present++
					continue
				}
				key := op.name + " " + side.what + " " + k
				if _, ok := knownMissing[key]; ok {
					continue
				}
				missing = append(missing, key)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("official field missing here: %s", m)
	}
	if present+len(knownMissing) != total && len(missing) == 0 {
		t.Errorf("a known missing field is no longer missing or no longer official: %d present + %d known of %d", present, len(knownMissing), total)
	}
	t.Logf("official bss/v2 request and response fields present in this SDK's models: %d of %d (known missing: %d)", present, total, len(knownMissing))
}
