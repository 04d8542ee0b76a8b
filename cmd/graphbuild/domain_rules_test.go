package main

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/graphbuild/graphbuild/extract"
)

// TestDomainWordings runs the shipped graph.yaml over sentences written for
// this test in the way news reports word the domain's relations (none is
// taken from an article), and checks the facts each must give and, where a
// wording is a known trap, a fact it must not give.
func TestDomainWordings(t *testing.T) {
	f, ok := loadRules("../../graph.yaml", io.Discard)
	if !ok {
		t.Fatal("the shipped rules do not load")
	}
	m := extract.Compile(f)
	for _, tt := range []struct {
		text     string
		want     []string
		dontWant []string
	}{
		{"SAMR fined Meituan 3.4 billion yuan.", []string{"samr fined meituan"}, nil},
		{"Alibaba, the e-commerce giant, was fined a record sum by the State Administration for Market Regulation.", []string{"samr fined alibaba"}, nil},
		{"The MIIT ordered Tencent to fix its apps.", []string{"miit ordered tencent"}, nil},
		{"The Cyberspace Administration of China summoned Didi's executives and criticised the company.", []string{"cac summoned didi", "cac criticised didi"}, nil},
		{"China's internet watchdog suspended Weibo's hot search list for a week.", []string{"cac suspended weibo"}, nil},
		{"The CSRC opened an investigation into Kuaishou.", []string{"csrc investigated kuaishou"}, nil},
		{"The Commerce Department added Huawei to the Entity List.", []string{"us-commerce blacklisted huawei", "huawei added_to entity-list"}, nil},
		{"SMIC was added to the Entity List in December.", []string{"smic added_to entity-list"}, nil},
		{"The US imposed sanctions on ZTE.", []string{"united-states sanctioned zte"}, nil},
		{"India banned TikTok over security worries.", []string{"india banned tiktok"}, nil},
		{"The CAC removed Didi from app stores on Sunday.", []string{"cac removed_app_of didi"}, nil},
		{"The CSRC halted Ant Group's listing in Shanghai.", []string{"csrc halted_listing_of ant-group"}, nil},
		{"Tencent, which owns WeChat, said nothing.", []string{"tencent owns wechat"}, nil},
		{"WeBank is a subsidiary of Tencent.", []string{"tencent owns webank"}, nil},
		{"Jack Ma, who founded Alibaba, stepped back.", []string{"jack-ma founded alibaba"}, nil},
		{"Alibaba's chief executive, Daniel Zhang, resigned.", []string{"daniel-zhang leads alibaba"}, nil},
		{"Xiaomi is headquartered in Beijing.", []string{"xiaomi located_in beijing"}, nil},
		{"Tencent-backed Kuaishou rose on its debut.", []string{"tencent invested_in kuaishou"}, nil},
		{"The licences allowed Qualcomm to sell processors to Huawei.", []string{"qualcomm supplies huawei"}, nil},
		{"Didi violated the Cybersecurity Law and the Data Security Law.", []string{"didi violated cybersecurity-law", "didi violated data-security-law"}, nil},
		{"Reuters reported that the CAC summoned Didi.", []string{"reuters reported cac", "cac summoned didi"}, nil},
		{"Baidu launched Ernie Bot in March.", []string{"baidu developed ernie-bot"}, nil},
		{"The CAC did not fine Didi.", []string{"cac not_fined didi"}, []string{"cac fined didi"}},
		{"The SAMR may fine Alibaba.", []string{"samr maybe_fined alibaba"}, []string{"samr fined alibaba"}},
		{"Didi is accused of violating the Data Security Law.", []string{"didi maybe_violated data-security-law"}, nil},
		{"Nvidia, a US chipmaker, sells chips to Alibaba.", []string{"nvidia located_in united-states", "nvidia supplies alibaba"}, nil},
		{"Huawei's founder, Ren Zhengfei, spoke.", []string{"ren-zhengfei founded huawei"}, nil},
		{"Pony Ma, Tencent's chairman, spoke.", []string{"pony-ma leads tencent"}, nil},
		// An agency that adds a firm to a list is not itself added.
		{"The Treasury Department has added DJI to an investment blacklist.", []string{"us-treasury blacklisted dji", "dji added_to ns-cmic-list"}, []string{"us-treasury added_to ns-cmic-list"}},
		// A list after a colon, one item a line: up to four items.
		{"The following firms were added on Monday to the Commerce Department's Entity List:\n\n• Megvii Technology Limited\n\n• Netposa\n\n• Yitu Limited\n\n• Hikvision\n\n• Dahua",
			[]string{"megvii added_to entity-list", "netposa added_to entity-list", "yitu added_to entity-list", "hikvision added_to entity-list", "us-commerce blacklisted yitu"},
			[]string{"dahua added_to entity-list"}},
		{"Alibaba, the parent company of Taobao, said so.", []string{"alibaba owns taobao"}, nil},
		{"Alibaba's 30% stake in Weibo rose.", []string{"alibaba invested_in weibo"}, nil},
		{"Baidu and Geely announced a partnership.", []string{"baidu partnered_with geely"}, nil},
		{"India banned the use of TikTok on government devices.", []string{"india banned tiktok"}, nil},
		// A numbered plural stands for the last N companies.
		{"Megvii grew. Yitu grew. Netposa grew. The three companies placed on the Treasury's investment blacklist had earlier been added to the entity list.",
			[]string{"megvii added_to entity-list", "yitu added_to entity-list", "netposa added_to entity-list", "netposa added_to ns-cmic-list", "us-treasury blacklisted yitu"}, nil},
		// An owner epithet inside a list names one owner and one thing owned.
		{"Tech giants including Alibaba, TikTok-owner ByteDance, and Tencent shared data.", []string{"bytedance owns tiktok"}, []string{"tencent owns tiktok", "bytedance owns alibaba"}},
		// A technology named as a modifier is not what was launched.
		{"Baidu launched an AI chatbot in March.", nil, []string{"baidu developed artificial-intelligence"}},
		// A hedge keeps the fact from being asserted.
		{"The UK is considering whether it should ban Huawei from its network.", nil, []string{"united-kingdom banned huawei"}},
	} {
		d, err := extract.Read("test.txt", []byte(tt.text+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range m.Extract(d).Evidence {
			got = append(got, e.Fact.Subject+" "+e.Fact.Relation()+" "+e.Fact.Object)
		}
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: no %q; got %s", tt.text, w, strings.Join(got, "; "))
			}
		}
		for _, w := range tt.dontWant {
			if slices.Contains(got, w) {
				t.Errorf("%q: gives %q", tt.text, w)
			}
		}
	}
}
