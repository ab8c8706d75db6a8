package spec

import (
	"strings"
	"testing"
)

// TestEveryOperationHasSites: every operation except the IAM ones records
// the sites that document it, each with a page address of that site (or a
// note saying none was found), so that a new operation cannot be added
// without deciding where it exists.
func TestEveryOperationHasSites(t *testing.T) {
	files, err := Load(".")
	if err != nil {
		t.Fatal(err)
	}
	prefix := map[string]string{
		"cn":   "https://support.huaweicloud.com/api-",
		"intl": "https://support.huaweicloud.com/intl/en-us/api-",
		"eu":   "https://support.huaweicloud.com/eu/api-",
	}
	perSite := map[string]int{}
	for _, f := range files {
		for _, op := range f.Operations {
			if f.Group == "iam" {
				if len(op.Sites) != 0 {
					t.Errorf("%s: IAM operations are not site-checked", op.Name)
				}
				continue
			}
			if len(op.SiteList()) == 0 {
				t.Errorf("%s/%s: no sites in %s", f.Group, op.Name, SitesFileName)
			}
			for _, s := range op.SiteList() {
				perSite[s]++
				p := op.Sites[s]
				switch {
				case p.DocURL == "" && p.Note == "":
					t.Errorf("%s (%s): neither a page nor a note", op.Name, s)
				case p.DocURL != "" && !strings.HasPrefix(p.DocURL, prefix[s]):
					t.Errorf("%s (%s): page %q is not on the site (%s...)", op.Name, s, p.DocURL, prefix[s])
				}
				switch p.Source {
				case "docs", "sdk", "mirror", "catalog":
				default:
					t.Errorf("%s (%s): unknown source %q", op.Name, s, p.Source)
				}
			}
		}
	}
	t.Logf("operations per site: %v", perSite)
}

func TestMergeSitesRejects(t *testing.T) {
	base := func() []*File {
		return []*File{{Package: "p", Operations: []*Operation{{Name: "Op", Request: "Req"}},
			Models: map[string]*Model{"Req": {Fields: []*Field{{Name: "a", Type: "string"}}}}}}
	}
	cases := map[string]*SitesFile{
		"unknown operation": {Operations: map[string]*SiteOp{"Nope": {Sites: map[string]*SitePage{"cn": {}}}}},
		"unknown site":      {Operations: map[string]*SiteOp{"Op": {Sites: map[string]*SitePage{"mars": {}}}}},
		"rule for unknown field": {Operations: map[string]*SiteOp{"Op": {Sites: map[string]*SitePage{
			"cn": {Rules: []*SiteRule{{Field: "b", Absent: true}}}}}}},
		"field without sites": {Operations: map[string]*SiteOp{"Op": {Sites: map[string]*SitePage{"cn": {}},
			Fields: []*Field{{Name: "b", Type: "string"}}}}},
	}
	for name, sf := range cases {
		if err := MergeSites(sf, base()); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	files := base()
	ok := &SitesFile{Operations: map[string]*SiteOp{"Op": {
		Sites:  map[string]*SitePage{"intl": {Rules: []*SiteRule{{Field: "a", Absent: true}}}, "cn": {}},
		Fields: []*Field{{Name: "b", Type: "string", Sites: []string{"intl"}}},
	}}}
	if err := MergeSites(ok, files); err != nil {
		t.Fatal(err)
	}
	op := files[0].Operations[0]
	if got := strings.Join(op.SiteList(), ","); got != "cn,intl" {
		t.Errorf("sites %q", got)
	}
	if !op.HasSiteShape() || len(files[0].Models["Req"].Fields) != 2 {
		t.Errorf("site shape not merged")
	}
	b := files[0].Models["Req"].Fields[1]
	if b.OnSite("cn") || !b.OnSite("intl") {
		t.Errorf("field b sites %v", b.Sites)
	}
	req := true
	op.Sites["cn"].Rules = []*SiteRule{{Field: "a", Required: &req}}
	a := files[0].Models["Req"].Fields[0]
	if !op.SiteRequired(a, "cn") || op.SiteRequired(a, "intl") || op.RequiredEverywhere(a) {
		t.Errorf("SiteRequired")
	}
}
