package adm

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits bound what ParseAXML accepts, so that a hostile document is
// refused quickly and with bounded memory.
type Limits struct {
	MaxBytes    int64 // document size
	MaxDepth    int   // element nesting
	MaxElements int   // elements in all
	MaxText     int   // bytes of one attribute value or one element's text
}

// DefaultLimits suit real masters: a 256 MiB axml (the largest chunk the
// encoders package reads), 64 levels, 8 million elements, 64 KiB strings.
var DefaultLimits = Limits{MaxBytes: 256 << 20, MaxDepth: 64, MaxElements: 8 << 20, MaxText: 64 << 10}

// ErrLimit is wrapped by errors for documents beyond the Limits.
var ErrLimit = errors.New("document exceeds a limit")

// node is one XML element: local name, attributes, text, children.
type node struct {
	name     string
	attrs    []xml.Attr
	text     string
	children []*node
	line     int
	// blocks holds the audioBlockFormats of an audioChannelFormat,
	// converted as soon as they close.
	blocks []*BlockFormat
}

func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// readTree tokenises doc into a tree below the first audioFormatExtended
// (or the root), enforcing lim. onBlock converts audioBlockFormat elements
// of audioChannelFormats as they close, so their subtrees are not kept.
func readTree(doc []byte, lim Limits, onBlock func(parent, blk *node) error) (*node, error) {
	if int64(len(doc)) > lim.MaxBytes {
		return nil, fmt.Errorf("%w: the axml is %d bytes; at most %d are read", ErrLimit, len(doc), lim.MaxBytes)
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = true
	dec.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return r, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported; save the XML as UTF-8", label)
	}
	var stack []*node
	var root *node
	elements := 0
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			return nil, fmt.Errorf("XML line %d: %w", line, err)
		}
		line, _ := dec.InputPos()
		switch t := tok.(type) {
		case xml.Directive:
			return nil, fmt.Errorf("%w: XML line %d: DOCTYPE/ENTITY declarations are not allowed in ADM", ErrLimit, line)
		case xml.StartElement:
			elements++
			if elements > lim.MaxElements {
				return nil, fmt.Errorf("%w: more than %d elements", ErrLimit, lim.MaxElements)
			}
			if len(stack) >= lim.MaxDepth {
				return nil, fmt.Errorf("%w: XML line %d: elements nested deeper than %d", ErrLimit, line, lim.MaxDepth)
			}
			for _, a := range t.Attr {
				if len(a.Value) > lim.MaxText {
					return nil, fmt.Errorf("%w: XML line %d: attribute %s of <%s> is %d bytes long (limit %d)", ErrLimit, line, a.Name.Local, t.Name.Local, len(a.Value), lim.MaxText)
				}
			}
			n := &node{name: t.Name.Local, attrs: t.Attr, line: line}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			} else {
				return nil, fmt.Errorf("XML line %d: more than one root element", line)
			}
			stack = append(stack, n)
			text.Reset()
		case xml.CharData:
			if len(stack) > 0 {
				if text.Len()+len(t) > lim.MaxText {
					return nil, fmt.Errorf("%w: XML line %d: text of <%s> over %d bytes", ErrLimit, line, stack[len(stack)-1].name, lim.MaxText)
				}
				text.Write(t)
			}
		case xml.EndElement:
			n := stack[len(stack)-1]
			if len(n.children) == 0 {
				n.text = strings.TrimSpace(text.String())
			}
			text.Reset()
			stack = stack[:len(stack)-1]
			if n.name == "audioBlockFormat" && len(stack) > 0 && stack[len(stack)-1].name == "audioChannelFormat" {
				p := stack[len(stack)-1]
				if err := onBlock(p, n); err != nil {
					return nil, err
				}
				p.children = p.children[:len(p.children)-1]
			}
		}
	}
	if root == nil {
		return nil, fmt.Errorf("the axml has no XML element")
	}
	if afe := findAFE(root, 0); afe != nil {
		return afe, nil
	}
	return nil, fmt.Errorf("the axml has no audioFormatExtended element (root is <%s>)", root.name)
}

// findAFE finds the audioFormatExtended element (breadth-first).
func findAFE(n *node, depth int) *node {
	if n.name == "audioFormatExtended" {
		return n
	}
	for _, c := range n.children {
		if f := findAFE(c, depth+1); f != nil {
			return f
		}
	}
	return nil
}
