package mixer

import (
	"bytes"
	"encoding/json"

	"gopkg.in/yaml.v3"
)

// field is one key of a flat insert or band object, in output order.
type field struct {
	key string
	val any
}

// fields lists an insert as the flat object of session files: "type",
// the parameters (booleans as true/false), then "bands" and "sidechain".
func (in Insert) fields() []field {
	f := []field{{"type", in.Type}}
	e := effectByName(in.Type)
	for _, k := range sortedKeys(in.Params) {
		v := any(in.Params[k])
		if e != nil {
			if p := e.param(k); p != nil && e.info(p).Unit == "bool" {
				v = in.Params[k] != 0
			}
		}
		f = append(f, field{k, v})
	}
	for _, k := range sortedKeys(in.Choices) {
		f = append(f, field{k, in.Choices[k]})
	}
	if len(in.Bands) > 0 {
		f = append(f, field{"bands", in.Bands})
	}
	if in.Sidechain != "" {
		f = append(f, field{"sidechain", in.Sidechain})
	}
	return f
}

func (b Band) fields() []field {
	var f []field
	if b.Type != "" {
		f = append(f, field{"type", b.Type})
	}
	for _, k := range sortedKeys(b.Params) {
		f = append(f, field{k, b.Params[k]})
	}
	return f
}

// MarshalJSON writes the insert as in session files:
// {"type": "compressor", "ratio": 4, …}.
func (in Insert) MarshalJSON() ([]byte, error) { return jsonObject(in.fields()) }

// MarshalYAML writes the insert as in session files.
func (in Insert) MarshalYAML() (any, error) { return yamlObject(in.fields()) }

// MarshalJSON writes the band as in session files: {"type": "peak", …}.
func (b Band) MarshalJSON() ([]byte, error) { return jsonObject(b.fields()) }

// MarshalYAML writes the band as in session files.
func (b Band) MarshalYAML() (any, error) { return yamlObject(b.fields()) }

func jsonObject(fs []field) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.val)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func yamlObject(fs []field) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fs {
		var k, v yaml.Node
		if err := k.Encode(f.key); err != nil {
			return nil, err
		}
		if err := v.Encode(f.val); err != nil {
			return nil, err
		}
		n.Content = append(n.Content, &k, &v)
	}
	return n, nil
}
