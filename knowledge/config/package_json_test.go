package config

import "testing"

// The "nodecoach" key of a package.json is found however it is written, escapes
// included; a manifest that does not spell it is not decoded, and answers as decoding
// it would.
func TestNodecoachKeyOfManifests(t *testing.T) {
	cases := []struct {
		manifest string
		present  bool
		data     string
	}{
		{`{"name":"a","dependencies":{"express":"4"}}`, false, ""},
		{`{"name":"a","nodecoach":{"rules":{}}}`, true, `{"rules":{}}`},
		{`{"name":"a","nodecoac\u0068":{"rules":{}}}`, true, `{"rules":{}}`},
		{`{"name":"a","description":"say \"hi\"","nodecoach":null}`, false, ""},
		{`{"name":"a","nodecoach":`, false, ""}, // broken JSON: the package knowledge reports it
		{`not json at all`, false, ""},
		{`{"scripts":{"lint":"nodecoach check"}}`, false, ""},
	}
	for _, c := range cases {
		data, present, err := nodecoachKey([]byte(c.manifest))
		if err != nil || present != c.present || string(data) != c.data {
			t.Errorf("nodecoachKey(%s) = %q, %v, %v; want %q, %v", c.manifest, data, present, err, c.data, c.present)
		}
	}
}
