package export

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/fogleman/gg"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
)

// PNGScale is the size of a PNG picture: pixels per point of the layout
// (a point is 1/72 inch; Graphviz's own PNG has 96/72).
const PNGScale = 2

// pngPad is the blank margin around a PNG picture, in points, as
// Graphviz leaves around its own.
const pngPad = 4

// go-graphviz draws PNG pictures with a renderer of its own that fills
// edges and drops nodes, and Graphviz's own PNG depends on the fonts of
// the machine. Graphviz's JSON output, on the other hand, is
// written by Graphviz itself, like its SVG: the layout with every object's
// drawing operations (the xdot format), which renderPNG then draws with
// gg. Its text is Go's own font, bundled, so the same DOT gives the same
// PNG on every machine.

// xdotGraph is the part of Graphviz's JSON output that draws the picture.
type xdotGraph struct {
	BB          string       `json:"bb"` // "llx,lly,urx,ury", points, y up
	Draw        []xdotOp     `json:"_draw_"`
	LDraw       []xdotOp     `json:"_ldraw_"`
	SubgraphCnt int          `json:"_subgraph_cnt"`
	Objects     []xdotObject `json:"objects"` // subgraphs, then nodes
	Edges       []xdotObject `json:"edges"`
}

// xdotObject is a subgraph, a node or an edge: its drawing operations,
// for its shape, label, head and tail (arrows) and their labels.
type xdotObject struct {
	Draw   []xdotOp `json:"_draw_"`
	LDraw  []xdotOp `json:"_ldraw_"`
	HDraw  []xdotOp `json:"_hdraw_"`
	TDraw  []xdotOp `json:"_tdraw_"`
	HLDraw []xdotOp `json:"_hldraw_"`
	TLDraw []xdotOp `json:"_tldraw_"`
}

// xdotOp is one drawing operation (see Graphviz's "xdot" format).
type xdotOp struct {
	Op     string       `json:"op"`
	Points [][2]float64 `json:"points"` // polygons, polylines, béziers
	Rect   [4]float64   `json:"rect"`   // ellipses: centre x, y, radii x, y
	Pt     [2]float64   `json:"pt"`     // text: baseline point
	Align  string       `json:"align"`  // text: "l", "c" or "r"
	Text   string       `json:"text"`
	Size   float64      `json:"size"`  // font size, points
	Face   string       `json:"face"`  // font name
	Color  string       `json:"color"` // "#rrggbb" or "#rrggbbaa"
	Grad   string       `json:"grad"`  // "none", "linear" or "radial"
	Stops  []struct {
		Color string `json:"color"`
	} `json:"stops"`
	Style string `json:"style"`
}

// parseXdot reads Graphviz's JSON output.
func parseXdot(js []byte) (*xdotGraph, error) {
	var x xdotGraph
	if err := json.Unmarshal(js, &x); err != nil {
		return nil, fmt.Errorf("graphviz json: %v", err)
	}
	return &x, nil
}

// renderPNG draws the layout js (Graphviz's JSON output) as a PNG to w;
// doubled says that its texts have their backslashes doubled.
func renderPNG(js []byte, doubled bool, w io.Writer) error {
	x, err := parseXdot(js)
	if err != nil {
		return err
	}
	var bb [4]float64
	if _, err := fmt.Sscanf(x.BB, "%g,%g,%g,%g", &bb[0], &bb[1], &bb[2], &bb[3]); err != nil {
		return fmt.Errorf("graphviz json: bounding box %q: %v", x.BB, err)
	}
	width := int(math.Ceil((bb[2] - bb[0] + 2*pngPad) * PNGScale))
	height := int(math.Ceil((bb[3] - bb[1] + 2*pngPad) * PNGScale))
	if width <= 0 || height <= 0 || width*height > 100_000_000 {
		return fmt.Errorf("graphviz json: a picture of %d×%d pixels", width, height)
	}
	p := &painter{dc: gg.NewContext(width, height), x0: bb[0], top: bb[3], doubled: doubled}
	p.dc.SetColor(color.White)
	p.dc.Clear()

	// The graph, its clusters, then edges under nodes, as Graphviz's
	// outputorder=edgesfirst would.
	p.draw(x.Draw)
	p.draw(x.LDraw)
	n := min(x.SubgraphCnt, len(x.Objects))
	for _, o := range x.Objects[:n] {
		p.draw(o.Draw)
		p.draw(o.LDraw)
	}
	for _, e := range x.Edges {
		p.draw(e.Draw)
		p.draw(e.HDraw)
		p.draw(e.TDraw)
		p.draw(e.LDraw)
		p.draw(e.HLDraw)
		p.draw(e.TLDraw)
	}
	for _, o := range x.Objects[n:] {
		p.draw(o.Draw)
		p.draw(o.LDraw)
	}
	return p.dc.EncodePNG(w)
}

// painter draws xdot operations on a gg context.
type painter struct {
	dc      *gg.Context
	x0, top float64 // the layout's left and top, points
	doubled bool    // Graphviz's JSON doubles the backslashes of text

	pen, fill color.Color
	lineWidth float64
	dash      []float64
	fontSize  float64
	bold      bool
}

// xy maps a layout point (points, y up) to pixels (y down).
func (p *painter) xy(pt [2]float64) (float64, float64) {
	return (pt[0] - p.x0 + pngPad) * PNGScale, (p.top - pt[1] + pngPad) * PNGScale
}

// draw runs one list of operations. Every list starts with a fresh pen:
// Graphviz states the style, colours and font each list needs.
func (p *painter) draw(ops []xdotOp) {
	p.pen, p.fill = color.Black, color.Black
	p.lineWidth, p.dash = 1, nil
	p.fontSize, p.bold = 14, false
	for _, op := range ops {
		switch op.Op {
		case "c":
			p.pen = parseColor(op)
		case "C":
			p.fill = parseColor(op)
		case "S":
			p.style(op.Style)
		case "F":
			p.fontSize = op.Size
			p.bold = strings.Contains(strings.ToLower(op.Face), "bold")
		case "E", "e":
			x, y := p.xy([2]float64{op.Rect[0], op.Rect[1]})
			p.dc.DrawEllipse(x, y, op.Rect[2]*PNGScale, op.Rect[3]*PNGScale)
			p.paint(op.Op == "E")
		case "P", "p", "L":
			if len(op.Points) == 0 {
				continue
			}
			for i, pt := range op.Points {
				x, y := p.xy(pt)
				if i == 0 {
					p.dc.MoveTo(x, y)
				} else {
					p.dc.LineTo(x, y)
				}
			}
			if op.Op != "L" {
				p.dc.ClosePath()
			}
			p.paint(op.Op == "P")
		case "B", "b":
			if len(op.Points) < 4 {
				continue
			}
			p.dc.MoveTo(p.xy(op.Points[0]))
			for i := 1; i+2 < len(op.Points); i += 3 {
				x1, y1 := p.xy(op.Points[i])
				x2, y2 := p.xy(op.Points[i+1])
				x3, y3 := p.xy(op.Points[i+2])
				p.dc.CubicTo(x1, y1, x2, y2, x3, y3)
			}
			// Graphviz's JSON writes a filled curve (a rounded box) "B"
			// and an open one (an edge) "b", the other way round from the
			// xdot documentation; TestRenderPNG checks both.
			if op.Op == "B" {
				p.dc.ClosePath()
			}
			p.paint(op.Op == "B")
		case "T":
			p.text(op)
		}
	}
}

// paint fills the current path (when filled) and strokes it with the pen.
func (p *painter) paint(filled bool) {
	if filled && !transparent(p.fill) {
		p.dc.SetColor(p.fill)
		p.dc.FillPreserve()
	}
	if !transparent(p.pen) {
		p.dc.SetColor(p.pen)
		p.dc.SetLineWidth(p.lineWidth * PNGScale)
		if p.dash != nil {
			p.dc.SetDash(p.dash...)
		} else {
			p.dc.SetDash()
		}
		p.dc.StrokePreserve()
	}
	p.dc.ClearPath()
}

// style applies an "S" operation: a line style or width.
func (p *painter) style(s string) {
	switch {
	case s == "dashed":
		p.dash = []float64{5 * PNGScale, 2 * PNGScale}
	case s == "dotted":
		p.dash = []float64{1 * PNGScale, 5 * PNGScale}
	case s == "solid":
		p.dash = nil
	case s == "bold":
		p.lineWidth = 2
	case strings.HasPrefix(s, "setlinewidth(") && strings.HasSuffix(s, ")"):
		if w, err := strconv.ParseFloat(s[len("setlinewidth("):len(s)-1], 64); err == nil && w >= 0 {
			p.lineWidth = w
		}
	}
}

// text draws a "T" operation in Go's font, aligned on its own width.
func (p *painter) text(op xdotOp) {
	s := op.Text
	if p.doubled {
		s = strings.ReplaceAll(s, `\\`, `\`)
	}
	if s == "" || transparent(p.pen) {
		return
	}
	p.dc.SetFontFace(fontFace(p.fontSize*PNGScale, p.bold))
	p.dc.SetColor(p.pen)
	x, y := p.xy(op.Pt)
	w, _ := p.dc.MeasureString(s)
	switch op.Align {
	case "c":
		x -= w / 2
	case "r":
		x -= w
	}
	p.dc.DrawString(s, x, y)
}

// parseColor reads a colour operation: "#rrggbb" or "#rrggbbaa"; a
// gradient gives its first colour. Anything else is black.
func parseColor(op xdotOp) color.Color {
	c := op.Color
	if op.Grad != "" && op.Grad != "none" && len(op.Stops) > 0 {
		c = op.Stops[0].Color
	}
	if len(c) != 7 && len(c) != 9 || c[0] != '#' {
		return color.Black
	}
	v, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return color.Black
	}
	if len(c) == 7 {
		v = v<<8 | 0xff
	}
	return color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}
}

func transparent(c color.Color) bool {
	_, _, _, a := c.RGBA()
	return a == 0
}

// Go's fonts, parsed once; faces by size and weight.
var (
	fontsOnce           sync.Once
	regularFont, boldFt *opentype.Font
	faceMu              sync.Mutex
	faces               = map[[2]float64]font.Face{}
)

// fontFace returns Go Regular (or Go Bold) at size pixels.
func fontFace(size float64, bold bool) font.Face {
	fontsOnce.Do(func() {
		regularFont, _ = opentype.Parse(goregular.TTF)
		boldFt, _ = opentype.Parse(gobold.TTF)
	})
	k := [2]float64{size, 0}
	f := regularFont
	if bold {
		k[1], f = 1, boldFt
	}
	faceMu.Lock()
	defer faceMu.Unlock()
	if face, ok := faces[k]; ok {
		return face
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		face = nil
	}
	faces[k] = face
	return face
}
