package extract

import (
	"fmt"
	"reflect"
	"testing"
)

// TestSentences lists each sentence as its paragraph index and its text.
func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{
			name: "Mr.",
			in:   "Mr. Xi, for his part, has displayed a diminishing tolerance. Mr. Ma cited Mr. Xi’s words.",
			want: []string{
				"0 Mr. Xi, for his part, has displayed a diminishing tolerance.",
				"0 Mr. Ma cited Mr. Xi's words.",
			},
		},
		{
			name: "Ms without a stop",
			in:   "It is chaotic. Ms Wu argues that the social credit system is very chaotic. She says so.",
			want: []string{
				"0 It is chaotic.",
				"0 Ms Wu argues that the social credit system is very chaotic.",
				"0 She says so.",
			},
		},
		{
			name: "U.S.",
			in:   "It delivers more than the U.S. Postal Service on its busiest day in history. In 2014, 86 percent of all shopping was through Alibaba.",
			want: []string{
				"0 It delivers more than the U.S. Postal Service on its busiest day in history.",
				"0 In 2014, 86 percent of all shopping was through Alibaba.",
			},
		},
		{
			name: "Oct.",
			in:   "In a speech on Oct. 24, days before the giant was set to go public, Mr. Ma spoke. No. 1 was Jan. 5, not Sept. 3.",
			want: []string{
				"0 In a speech on Oct. 24, days before the giant was set to go public, Mr. Ma spoke.",
				"0 No. 1 was Jan. 5, not Sept. 3.",
			},
		},
		{
			name: "Co. at the end of a paragraph",
			in:   "It would be managed by the state-owned company Guizhou-Cloud Big Data Industry Co.\nApple said in a statement.",
			want: []string{
				"0 It would be managed by the state-owned company Guizhou-Cloud Big Data Industry Co.",
				"1 Apple said in a statement.",
			},
		},
		{
			// The price of "Mr. Xi": an abbreviation or an initial that
			// really ends a sentence does not split it.
			name: "Inc. and U.S. ending a sentence",
			in:   "They sued Facebook Inc. The company said it was based in the U.S. The court agreed.",
			want: []string{"0 They sued Facebook Inc. The company said it was based in the U.S. The court agreed."},
		},
		{
			name: "missing space",
			in:   "Robin Li is a member, along with other tech CEOs.More concrete measures, like a 2016 restriction, show it. It was 2016.The end.",
			want: []string{
				"0 Robin Li is a member, along with other tech CEOs.",
				"0 More concrete measures, like a 2016 restriction, show it.",
				"0 It was 2016.",
				"0 The end.",
			},
		},
		{
			name: "no split inside URLs, acronyms, numbers and names",
			in:   "Subscribe at http://cht.hm/2iztRyb. U.S.-Sino tensions rose. It was worth $1.3 trillion. Visit Alibaba.com today. Compare e.g.This one.",
			want: []string{
				"0 Subscribe at http://cht.hm/2iztRyb.",
				"0 U.S.-Sino tensions rose.",
				"0 It was worth $1.3 trillion.",
				"0 Visit Alibaba.com today.",
				"0 Compare e.g.This one.",
			},
		},
		{
			name: "initials",
			in:   "By Eugene K. Chow\nEugene K. Chow writes on foreign policy. He has been published in The Week.",
			want: []string{
				"0 By Eugene K. Chow",
				"1 Eugene K. Chow writes on foreign policy.",
				"1 He has been published in The Week.",
			},
		},
		{
			name: "dotted acronyms",
			in:   "Compare e.g. apples. Then i.e. pears. She has a Ph.D. in law. Then she left.",
			want: []string{
				"0 Compare e.g. apples.",
				"0 Then i.e. pears.",
				"0 She has a Ph.D. in law.",
				"0 Then she left.",
			},
		},
		{
			name: "quote ending a sentence",
			in:   "Alibaba’s Jack Ma famously stated at the 2015 Davos meeting, “be in love with them, but don’t marry them.” Sogou’s CEO Wang Xiaochuan is said to have declared in March 2018 “We’re entering an era.",
			want: []string{
				`0 Alibaba's Jack Ma famously stated at the 2015 Davos meeting, "be in love with them, but don't marry them."`,
				`0 Sogou's CEO Wang Xiaochuan is said to have declared in March 2018 "We're entering an era.`,
			},
		},
		{
			name: "quote opening a sentence",
			in:   "“The private companies are hostages to it,” an executive said. “Arguments ensue.” Sometimes, U.S. officials would learn about it.",
			want: []string{
				`0 "The private companies are hostages to it," an executive said.`,
				`0 "Arguments ensue."`,
				`0 Sometimes, U.S. officials would learn about it.`,
			},
		},
		{
			name: "quote before the stop",
			in:   "He said that “whoever controls data has the upper hand”. A year later he spoke again.",
			want: []string{
				`0 He said that "whoever controls data has the upper hand".`,
				`0 A year later he spoke again.`,
			},
		},
		{
			name: "brackets",
			in:   "It was (see above.) Next one. (It rained.) Then (loyal) hands.",
			want: []string{
				"0 It was (see above.)",
				"0 Next one.",
				"0 (It rained.)",
				"0 Then (loyal) hands.",
			},
		},
		{
			name: "question and exclamation marks",
			in:   "Is the Russian state alone in a position to use it? Yes! Really?! it is. \"Why?\" he asked. Is it 2.0? No.",
			want: []string{
				"0 Is the Russian state alone in a position to use it?",
				"0 Yes!",
				"0 Really?! it is.",
				`0 "Why?" he asked.`,
				"0 Is it 2.0?",
				"0 No.",
			},
		},
		{
			name: "headings",
			in:   "Authoritarian backfire?\n\nWith its potential, will big data strengthen authoritarian rule? I argue that it may.\nHit on corporates\nIn order to bend such troves of data to its will, Beijing has adopted a strategy.\n--\n",
			want: []string{
				"0 Authoritarian backfire?",
				"1 With its potential, will big data strengthen authoritarian rule?",
				"1 I argue that it may.",
				"2 Hit on corporates",
				"3 In order to bend such troves of data to its will, Beijing has adopted a strategy.",
				"4 --",
			},
		},
		{
			name: "blank lines",
			in:   "\n\n  \n\u00A0\n\u200B\nOne.\r\n\r\n\r\nTwo.  \n \n",
			want: []string{"0 One.", "1 Two."},
		},
		{
			name: "date line",
			in:   "International Affairs Blog\n5 min readNov 11, 2016\n",
			want: []string{"0 International Affairs Blog", "1 5 min readNov 11, 2016"},
		},
		{
			name: "FT ellipsis",
			in:   "Kennedy added: “That is artificial intelligence and dataโ.โ.โ.โYou make sure you have asymmetrically more information than everyone else.”",
			want: []string{
				`0 Kennedy added: "That is artificial intelligence and data…`,
				`0 You make sure you have asymmetrically more information than everyone else."`,
			},
		},
		{
			name: "ellipsis",
			in:   "Investigating Alibaba … for suspected activities. Wait… Then go. Wait... Then go. We'll be fused together. (…) You can receive massive support.",
			want: []string{
				"0 Investigating Alibaba … for suspected activities.",
				"0 Wait…",
				"0 Then go.",
				"0 Wait...",
				"0 Then go.",
				"0 We'll be fused together.",
				"0 (…) You can receive massive support.",
			},
		},
		{
			name: "digits and lower case",
			in:   "It grew in 2016. 86 percent did. it is. and so on.",
			want: []string{"0 It grew in 2016.", "0 86 percent did. it is. and so on."},
		},
		{
			name: "other scripts",
			in:   "It is called 禁书. 禁书 are banned books. Über alles. Émile left.",
			want: []string{"0 It is called 禁书.", "0 禁书 are banned books.", "0 Über alles.", "0 Émile left."},
		},
		{
			name: "dash mojibake",
			in:   "Several countries โ both democratic and authoritarian โ have started.",
			want: []string{"0 Several countries - both democratic and authoritarian - have started."},
		},
		{name: "no text", in: "\n \n", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Read("x.txt", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for i, s := range d.Sentences {
				got = append(got, fmt.Sprintf("%d %s", s.Paragraph, d.SentenceText(i)))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sentences of %q:\n%q\nwant:\n%q", tt.in, got, tt.want)
			}
			checkDocument(t, d)
		})
	}
}
