package store

import "slices"

// bans are what a spur search must avoid: nodes, and arcs (a step from one
// node to the next, in the direction the path is walked).
type bans[K comparable] struct {
	nodes map[K]bool
	arcs  map[[2]K]bool
}

// yen returns up to k simple paths to a target, best first, by Yen's
// algorithm; first is the best one. Each next path leaves an earlier one
// at a spur node and takes the best way to the target that avoids the
// nodes before the spur and the arcs earlier paths took from it. spur
// finds that way (nil if there is none) within the hops left of maxHops,
// key identifies a node and less orders paths. The walk by hops and the
// ranking by cost share it.
func yen[N any, K comparable](first []N, k, maxHops int, key func(N) K,
	spur func(from N, maxHops int, b bans[K]) ([]N, error), less func(x, y []N) bool) ([][]N, error) {
	if first == nil {
		return nil, nil
	}
	same := func(x, y []N) bool {
		return slices.EqualFunc(x, y, func(a, b N) bool { return key(a) == key(b) })
	}
	found := [][]N{first}
	var cands [][]N
	for len(found) < k {
		prev := found[len(found)-1]
		for i := 0; i < len(prev)-1; i++ {
			root := prev[:i+1]
			b := bans[K]{nodes: map[K]bool{}, arcs: map[[2]K]bool{}}
			for _, n := range root[:i] {
				b.nodes[key(n)] = true
			}
			for _, q := range found {
				if len(q) > i+1 && same(q[:i+1], root) {
					b.arcs[[2]K{key(q[i]), key(q[i+1])}] = true
				}
			}
			p, err := spur(prev[i], maxHops-i, b)
			if err != nil {
				return nil, err
			}
			if p == nil {
				continue
			}
			c := append(slices.Clone(root[:i]), p...)
			if !slices.ContainsFunc(found, func(q []N) bool { return same(q, c) }) &&
				!slices.ContainsFunc(cands, func(q []N) bool { return same(q, c) }) {
				cands = append(cands, c)
			}
		}
		if len(cands) == 0 {
			break
		}
		best := 0
		for i := range cands[1:] {
			if less(cands[i+1], cands[best]) {
				best = i + 1
			}
		}
		found = append(found, cands[best])
		cands = slices.Delete(cands, best, best+1)
	}
	return found, nil
}
