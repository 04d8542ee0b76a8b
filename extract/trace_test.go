package extract

import (
	"fmt"
	"strings"
	"testing"
)

// TestAttemptTrace checks what a failed attempt reports of where it
// started and what its slots held by then.
func TestAttemptTrace(t *testing.T) {
	m := testMatcher(t)
	d, err := Read("test.txt", []byte("Tesla grew. The CAC opened a big national security inquiry into it."))
	if err != nil {
		t.Fatal(err)
	}
	r := m.Extract(d)
	var a Attempt
	for _, x := range m.Explain(r, 1) {
		if x.Rule == "review" {
			a = x
		}
	}
	got := fmt.Sprintf("started=%v start=%q element=%q subject=%v reason=%q", a.Started, d.TokenText(a.Start), a.Element, a.Subject, a.Reason)
	// The slot takes the article with the name, so the start is "The".
	want := `started=true start="The" element="review …" subject=[{cac CAC {16 19} false {0 0}}] reason="found \"big\""`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// A pattern whose first word is not in the sentence never started.
	for _, x := range m.Explain(r, 1) {
		if x.Rule == "did-so" && (x.Started || x.Reach() != -1) {
			t.Errorf("did-so: started %v, reach %v", x.Started, x.Reach())
		}
	}
}

// TestMatchesCounted checks that Extract counts each pattern's matches,
// one per fact and sentence, before evidence of other rules is preferred.
func TestMatchesCounted(t *testing.T) {
	m := testMatcher(t)
	d, err := Read("test.txt", []byte("The CAC opened a security review into Didi. The CAC opened a review into Didi and Alibaba."))
	if err != nil {
		t.Fatal(err)
	}
	r := m.Extract(d)
	for i, p := range m.Patterns() {
		want := 0
		if p.RuleID == "review" {
			want = 3
		}
		n := 0
		if r.Matches != nil {
			n = r.Matches[i]
		}
		if n != want {
			t.Errorf("pattern %d of %s: %d matches, want %d", p.Index, p.RuleID, n, want)
		}
	}
	for _, e := range r.Evidence {
		if e.Rule == "review" && e.Pattern != 0 {
			t.Errorf("evidence of review has pattern %d", e.Pattern)
		}
	}
}

// TestNearest checks the ranking of candidate sentences for a fact: a
// reference that found nothing still makes its sentence the nearest, and
// taking it for the object lets the rule match.
func TestNearest(t *testing.T) {
	m := testMatcher(t)
	d, err := Read("test.txt", []byte("Alibaba grew. Investors cheered. Analysts wrote. Markets moved. Then the CAC opened a review into the company. Alibaba shares fell."))
	if err != nil {
		t.Fatal(err)
	}
	r := m.Extract(d)
	near := m.Nearest(r, "cac", "reviewed", "alibaba")
	if len(near) == 0 {
		t.Fatal("no candidate")
	}
	n := near[0]
	got := fmt.Sprintf("sentence %d: subject %s, object %s «%s», matched %v, supposed %d", n.Sentence+1, n.Subject.How, n.Object.How, n.Object.Text, n.Best != nil && n.Best.Matched, len(n.Supposed))
	want := "sentence 5: subject by name, object by a reference that could stand for it «the company», matched true, supposed 1"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !strings.Contains(n.Object.Why, "beyond its window") {
		t.Errorf("why: %s", n.Object.Why)
	}
}

// TestNearestNamedReference checks that a reference that lists its
// entities may stand for one not named before it ("Mr. Ma" first).
func TestNearestNamedReference(t *testing.T) {
	m := testMatcher(t)
	d, err := Read("test.txt", []byte("Mr. Ma joined the National People's Congress in 2018. Jack Ma spoke."))
	if err != nil {
		t.Fatal(err)
	}
	near := m.Nearest(m.Extract(d), "jack-ma", "member_of", "npc")
	if len(near) == 0 || near[0].Sentence != 0 || near[0].Subject.How != Could || !strings.Contains(near[0].Subject.Why, "jack-ma is not named before it") {
		t.Errorf("got %+v", near)
	}
}
