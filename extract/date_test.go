package extract

import "testing"

// TestDateAt reads the date at the start of each text, in documents of a
// known and of an unknown date.
func TestDateAt(t *testing.T) {
	tests := []struct {
		docDate, text string
		want          string // "words=value/kind", "words=" when unresolved, "" for no date
	}{
		{"", "2017 was", "2017=2017/gYear"},
		{"", "2017-18 was", "2017=2017/gYear"},
		{"", "2021-09-01 was", "2021-09-01=2021-09-01/date"},
		{"", "2021-09-31 was", "2021=2021/gYear"},
		{"", "2021 - 09 - 01 was", "2021=2021/gYear"},
		{"", "Oct. 24, 2016 was", "Oct. 24, 2016=2016-10-24/date"},
		{"", "Sept 1, 2021 was", "Sept 1, 2021=2021-09-01/date"},
		{"", "March 2018 was", "March 2018=2018-03/gYearMonth"},
		{"", "10 April 2021 was", "10 April 2021=2021-04-10/date"},
		{"", "12 May 2022, the", "12 May 2022=2022-05-12/date"},
		{"", "Sept. 1 was", "Sept. 1="},
		{"2021-05-10", "Sept. 1 was", "Sept. 1=2021-09-01/date"},
		{"2021", "Sept. 1 was", "Sept. 1=2021-09-01/date"},
		{"2021", "12 May.", "12 May=2021-05-12/date"},
		{"2021", "Feb. 30 was", "Feb. 30="},
		{"2021-05-10", "May was", "May=2021-05/gYearMonth"},
		{"", "may was", ""},
		{"2021-05-10", "Friday the", "Friday=2021-05-07/date"},
		{"2021-05-07", "Friday the", "Friday=2021-05-07/date"},
		{"2021-05-10", "Monday the", "Monday=2021-05-10/date"},
		{"2021-05", "Friday the", "Friday="},
		{"2021-05-10", "friday the", ""},
		{"2021-01-10", "last month the", "last month=2020-12/gYearMonth"},
		{"2021-12-10", "next month the", "next month=2022-01/gYearMonth"},
		{"2021", "last month the", "last month="},
		{"", "last month the", "last month="},
		{"2021-05-10", "earlier this year the", "earlier this year=2021/gYear"},
		{"2021", "last year the", "last year=2020/gYear"},
		{"", "earlier this year the", "earlier this year="},
		{"2021-05-10", "this week the", ""},
		{"", "the first half of 2021 the", "the first half of 2021=2021/gYear"},
		{"", "the fourth quarter of 2020 the", "the fourth quarter of 2020=2020/gYear"},
		{"", "the first half of the year", ""},
		{"", "mid-2021 the", "mid-2021=2021/gYear"},
		{"2021", "early March the", "early March=2021-03/gYearMonth"},
		{"", "12 monkeys", ""},
	}
	for _, tt := range tests {
		d, err := Read("doc.txt", []byte(tt.text))
		if err != nil {
			t.Fatal(err)
		}
		d.Date = tt.docDate
		end, dt := d.dateAt(0, len(d.Tokens))
		got := ""
		if end >= 0 {
			got = dt.Text + "="
			if dt.Value != "" {
				got += dt.Value + "/" + string(dt.Kind)
			}
		}
		if got != tt.want {
			t.Errorf("%q in a document of %q: got %q, want %q", tt.text, tt.docDate, got, tt.want)
		}
	}
}

// TestHeader reads the Source and Date lines of a file's header.
func TestHeader(t *testing.T) {
	tests := []struct {
		name, text                 string
		title, date, source, first string
	}{
		{"x-2020.txt", "Source: https://example.com/a\nDate: 2021-05-10\n\nHeadline here\n\nBody text.", "Headline here", "2021-05-10", "https://example.com/a", "Headline here"},
		{"x-2020.txt", "Source: https://example.com/a\nDate: unknown\n\nHeadline\n\nBody.", "Headline", "", "https://example.com/a", "Headline"},
		{"x-2020.txt", "Headline\n\nDate: 2021-05-10\n", "Headline", "2020", "", "Headline"},
		{"x.txt", "Source: our reporters in Beijing\n\nBody.", "Source: our reporters in Beijing", "", "", "Source: our reporters in Beijing"},
	}
	for _, tt := range tests {
		d, err := Read(tt.name, []byte(tt.text))
		if err != nil {
			t.Fatal(err)
		}
		if d.Title != tt.title || d.Date != tt.date || d.Source != tt.source || d.SentenceText(0) != tt.first {
			t.Errorf("%q: title %q, date %q, source %q, first sentence %q; want %q, %q, %q, %q",
				tt.text, d.Title, d.Date, d.Source, d.SentenceText(0), tt.title, tt.date, tt.source, tt.first)
		}
	}
}
