package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/graphbuild/graphbuild/extract"
	"github.com/graphbuild/graphbuild/schema"
	"github.com/graphbuild/graphbuild/store"
)

// keyFact is one line of an answer key, or one fact of the graph: a
// relation (predicate with not_ or maybe_ when negated or hedged) between
// two entity ids in one document.
type keyFact struct {
	Subject  string `json:"subject"`
	Relation string `json:"relation"`
	Object   string `json:"object"`
	Doc      string `json:"document"`
}

// scored is a fact with the sentence behind it: the key's, or the graph's
// first evidence.
type scored struct {
	keyFact
	Sentence string `json:"sentence"`
	Rule     string `json:"rule,omitempty"`
	// Date is the key's date column (a decision's or law's date), or the
	// graph evidence's date.
	Date string `json:"date,omitempty"`
}

// score is precision, recall and F1 for a set of facts.
type score struct {
	Relation  string  `json:"relation,omitempty"`
	Key       int     `json:"key"`
	Graph     int     `json:"graph"`
	Right     int     `json:"right"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

type evaluation struct {
	Overall   score      `json:"overall"`
	Relations []score    `json:"relations"`
	Dates     *dateScore `json:"dates,omitempty"`
	Missed    []scored   `json:"missed"`
	Extra     []scored   `json:"extra"`
	Unknown   []string   `json:"unknown_entities"`
	Documents []string   `json:"documents"`
	KeyPath   string     `json:"key"`
	GraphPath string     `json:"graph"`
}

func runEval(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("eval", "[-rules graph.yaml] [-out out | -db URL] [-json] KEY.tsv | DIR=KEY.tsv ...", stderr)
	rules := fs.String("rules", "graph.yaml", "the rule file, to read entity names and aliases in the key")
	out := fs.String("out", "out", "the directory the graph was built in")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the scores as JSON")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	pairs, several := corpusKeys(fs.Args())
	if fs.NArg() != 1 && !several {
		fs.Usage()
		return 2
	}
	f, ok := loadRules(*rules, stderr)
	if !ok {
		return 1
	}
	if several {
		return evalCorpora(f, pairs, *asJSON, stdout, stderr)
	}
	key, unknown, err := readKey(fs.Arg(0), f)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	graphPath, source := filepath.Join(*out, "graph.nq"), ""
	if where := graphDB(fs, *db, *out); store.IsPostgres(where) {
		graphPath, source = store.Location(where), where
	}
	evs, err := readEvidence(cmp.Or(source, graphPath))
	if err != nil {
		fmt.Fprintf(stderr, "graphbuild: %v\n", err)
		return 1
	}
	ev := evaluate(key, evs)
	ev.Unknown, ev.KeyPath, ev.GraphPath = unknown, fs.Arg(0), graphPath
	if *asJSON {
		writeJSON(stdout, ev)
		return 0
	}
	ev.print(stdout)
	return 0
}

// readKey reads an answer key: a tab-separated file with the header
// "subject predicate object document sentence". Subjects and objects may be
// entity ids, names or aliases, in any case; those the rule file does not
// know are kept as written and returned, sorted, as unknown.
func readKey(path string, f *schema.File) ([]scored, []string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("graphbuild: %v", err)
	}
	defer file.Close()
	names := entityNames(f)
	unknownSet := make(map[string]bool)
	resolve := func(s string) (string, error) {
		if e, ok := f.Entity(strings.TrimSpace(s)); ok {
			return e.ID, nil // an id names one entity, whatever aliases say
		}
		ids := names[strings.ToLower(schema.Plain(strings.TrimSpace(s)))]
		switch {
		case len(ids) == 0 && isoDate.MatchString(strings.TrimSpace(s)):
			return strings.TrimSpace(s), nil // a date-valued object
		case len(ids) == 0:
			unknownSet[s] = true
			return s, nil
		case len(ids) == 1:
			return ids[0], nil
		}
		return "", fmt.Errorf("%q names %d entities: %s", s, len(ids), strings.Join(ids, ", "))
	}
	var (
		key  []scored
		errs []string
		ncol int
	)
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if line == 1 {
			if ncol = keyColumns(fields); ncol == 0 {
				return nil, nil, fmt.Errorf("%s:1: want the header \"subject\\tpredicate\\tobject\\tdocument\\t(sentence|locator)[\\tdate]\"", path)
			}
			continue
		}
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		if len(fields) != ncol {
			errs = append(errs, fmt.Sprintf("%s:%d: %d fields, want %d", path, line, len(fields), ncol))
			continue
		}
		s, err1 := resolve(fields[0])
		o, err2 := resolve(fields[2])
		if err := cmpErr(err1, err2); err != nil {
			errs = append(errs, fmt.Sprintf("%s:%d: %v", path, line, err))
			continue
		}
		k := scored{keyFact: keyFact{s, strings.TrimSpace(fields[1]), o, strings.TrimSpace(fields[3])}, Sentence: fields[4]}
		if ncol == 6 {
			k.Date = strings.TrimSpace(fields[5])
		}
		key = append(key, k)
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	unknown := make([]string, 0, len(unknownSet))
	for s := range unknownSet {
		unknown = append(unknown, s)
	}
	sort.Strings(unknown)
	return key, unknown, nil
}

func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// entityNames maps every id, name and alias, in lower case, to the ids it names.
func entityNames(f *schema.File) map[string][]string {
	names := make(map[string][]string)
	for _, e := range f.Entities {
		seen := make(map[string]bool)
		for _, n := range append([]string{e.ID, e.Name}, e.Aliases...) {
			k := strings.ToLower(schema.Plain(n))
			if !seen[k] {
				seen[k] = true
				names[k] = append(names[k], e.ID)
			}
		}
	}
	return names
}

// evaluate compares the key with the graph's facts in the documents the
// key covers, so a key of a few articles can score a graph of many.
func evaluate(key []scored, evs []extract.Evidence) evaluation {
	docs := make(map[string]bool)
	keySet := make(map[keyFact]bool)
	for _, k := range key {
		docs[k.Doc] = true
		keySet[k.keyFact] = true
	}
	graph := make(map[keyFact]scored)
	dates := make(map[keyFact]map[string]bool)
	var graphOrder []keyFact
	for _, e := range evs {
		k := keyFact{e.Fact.Subject, e.Fact.Relation(), e.Fact.Object, e.Doc}
		if docs[e.Doc] {
			if dates[k] == nil {
				dates[k] = make(map[string]bool)
			}
			// The key gives ISO dates: compare the value the words were
			// resolved to ("in April" → 2021-04), or the words themselves.
			date := e.Date
			if e.DateValue != "" {
				date = e.DateValue
			}
			dates[k][date] = true
		}
		if _, seen := graph[k]; !seen && docs[e.Doc] {
			graph[k] = scored{keyFact: k, Sentence: e.Sentence, Rule: e.Rule}
			graphOrder = append(graphOrder, k)
		}
	}
	var ev evaluation
	per := make(map[string]*score)
	get := func(rel string) *score {
		if per[rel] == nil {
			per[rel] = &score{Relation: rel}
		}
		return per[rel]
	}
	for _, k := range key {
		s := get(k.Relation)
		s.Key++
		if _, ok := graph[k.keyFact]; ok {
			s.Right++
		} else {
			ev.Missed = append(ev.Missed, k)
		}
	}
	for _, k := range graphOrder {
		get(k.Relation).Graph++
		if !keySet[k] {
			ev.Extra = append(ev.Extra, graph[k])
		}
	}
	for _, s := range per {
		ev.Overall.Key += s.Key
		ev.Overall.Graph += s.Graph
		ev.Overall.Right += s.Right
		s.rates()
		ev.Relations = append(ev.Relations, *s)
	}
	ev.Overall.rates()
	if d := scoreDates(key, dates); d.Key > 0 {
		ev.Dates = &d
	}
	sort.Slice(ev.Relations, func(i, j int) bool { return ev.Relations[i].Relation < ev.Relations[j].Relation })
	for _, list := range [][]scored{ev.Missed, ev.Extra} {
		sort.SliceStable(list, func(i, j int) bool { return list[i].less(list[j].keyFact) })
	}
	for d := range docs {
		ev.Documents = append(ev.Documents, d)
	}
	sort.Strings(ev.Documents)
	return ev
}

func (a keyFact) less(b keyFact) bool {
	if a.Relation != b.Relation {
		return a.Relation < b.Relation
	}
	if a.Doc != b.Doc {
		return a.Doc < b.Doc
	}
	if a.Subject != b.Subject {
		return a.Subject < b.Subject
	}
	return a.Object < b.Object
}

// rates fills in precision, recall and F1 (0 where undefined).
func (s *score) rates() {
	if s.Graph > 0 {
		s.Precision = float64(s.Right) / float64(s.Graph)
	}
	if s.Key > 0 {
		s.Recall = float64(s.Right) / float64(s.Key)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

func (ev evaluation) print(w io.Writer) {
	fmt.Fprintf(w, "key %s: %d facts in %d documents; graph %s: %d facts in those documents\n\n",
		ev.KeyPath, ev.Overall.Key, len(ev.Documents), ev.GraphPath, ev.Overall.Graph)
	fmt.Fprintf(w, "%-28s %5s %5s %5s %9s %7s %7s\n", "relation", "key", "graph", "right", "precision", "recall", "F1")
	row := func(s score, name string) {
		fmt.Fprintf(w, "%-28s %5d %5d %5d %8.1f%% %6.1f%% %6.1f%%\n", name, s.Key, s.Graph, s.Right, 100*s.Precision, 100*s.Recall, 100*s.F1)
	}
	for _, s := range ev.Relations {
		row(s, s.Relation)
	}
	row(ev.Overall, "all")
	if d := ev.Dates; d != nil {
		fmt.Fprintf(w, "\ndated key facts: %d; found: %d; with the key's date on an evidence: %d\n", d.Key, d.Found, d.Right)
	}
	list := func(title string, facts []scored) {
		if len(facts) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s:\n", title)
		for _, f := range facts {
			rule := ""
			if f.Rule != "" {
				rule = "  rule " + f.Rule
			}
			fmt.Fprintf(w, "  %s %s %s  [%s]%s\n      %s\n", f.Subject, f.Relation, f.Object, f.Doc, rule, f.Sentence)
		}
	}
	list("missed (in the key, not in the graph)", ev.Missed)
	list("extra (in the graph, not in the key)", ev.Extra)
	if len(ev.Unknown) > 0 {
		fmt.Fprintf(w, "\nnot in the rule file (%d): %s\n", len(ev.Unknown), strings.Join(ev.Unknown, ", "))
	}
}
