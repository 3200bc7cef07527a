package analysis

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

func TestOpeningWordEnd(t *testing.T) {
	words := []string{"select", "exec"}
	cases := []struct {
		text string
		want int
	}{
		{"SELECT * FROM t", 6},
		{"select", 6},
		{"\n    SeLeCt id", 11},
		{" \t( \r\f select 1)", 13},
		{"(select", 7},
		{"exec;", 4},
		{"selecté", 6}, // a word ends at a byte that is not ASCII
		{"((select", -1},
		{"selection", -1},
		{"select_all", -1},
		{"select1", -1},
		{"execute", -1},
		{`\n  SELECT`, -1}, // an escape as written is no blank
		{"\v select", -1},
		{"- select", -1},
		{"", -1},
		{"   ", -1},
	}
	for _, tc := range cases {
		if got := OpeningWordEnd(tc.text, words); got != tc.want {
			t.Errorf("OpeningWordEnd(%q) = %d, want %d", tc.text, got, tc.want)
		}
	}
}

func TestOpensLiteral(t *testing.T) {
	cases := []struct {
		src  string
		want bool
	}{
		{"db.query(`\n    SELECT * FROM t WHERE id = ${id}`)", true},
		{"db.query(\"( select 1\")", true},
		{"const q = 'Update t SET a = 1'; db.query(q)", true},
		{"db.query('\\n  SELECT 1')", false}, // the rule reads the escape as written
		{"db.query(sql) // select it", false},
		{"db.query(`selection`)", false},
		{"const select = 1; db.query(select)", false},
		{"db.query(`x`); 'exec '", true},
		{"db.query(`x ${y}`); 'exec'", false},      // the word alone
		{"db.query(`(select`)", false},             // the word alone after a parenthesis
		{"db.query(`select${cols} FROM t`)", true}, // a substitution goes on
		{"db.query(\"update\" + ' t')", false},
		{"db.query('update\\' t')", true},
		{"db.query(x) // 'select\" is no quote of its own", true},
	}
	for _, tc := range cases {
		q := NewQuick([]byte(tc.src), nil)
		if got := q.OpensLiteral("select", "update", "exec"); got != tc.want {
			t.Errorf("OpensLiteral in %q = %v, want %v", tc.src, got, tc.want)
		}
		if got := Mentions("query").AndLiteralOpens("select", "update", "exec").Match(q); got != tc.want {
			t.Errorf("AndLiteralOpens matches %q: %v, want %v", tc.src, got, tc.want)
		}
	}
	if Mentions("insert").AndLiteralOpens("select").Match(NewQuick([]byte("'select'"), nil)) {
		t.Error("AndLiteralOpens let through a file without the needles it narrows")
	}
	if !(Needles{}).AndLiteralOpens("select").Declared() {
		t.Error("AndLiteralOpens alone declares nothing")
	}
}

// A part of a file (an edited statement) may start inside a literal whose quote lies
// more than a margin before it: the part's look counts its start as after a quote.
func TestOpensLiteralInPart(t *testing.T) {
	blanks := strings.Repeat(" ", 2*quickMargin)
	was := "db.query(`" + blanks + "hello ${x}`)"
	now := strings.Replace(was, "hello", "SELECT", 1)
	at := uint(strings.Index(now, "SELECT"))
	part := quickPart([]byte(now), resolve.Span{Start: at, End: at + uint(len("SELECT"))}, NewQuick([]byte(was), nil))
	if !part.OpensLiteral("select") {
		t.Error("a part that opens a literal's SQL is not seen to")
	}
	if NewQuick([]byte(was), nil).OpensLiteral("select") {
		t.Error("the text before the edit is seen to open with select")
	}
}

// BenchmarkOpensLiteral: the scan a file in a package with a SQL driver pays when
// it calls query, over a text of many short strings and none that opens like SQL.
func BenchmarkOpensLiteral(b *testing.B) {
	src := []byte(strings.Repeat("log.info('updated', { op: 'create', user: \"u\" }); db.query(sql);\n", 2000))
	words := []string{"select", "insert", "update", "delete", "with", "create"}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if quotedOpening(src, words, false) {
			b.Fatal("a literal that is a word alone opens nothing")
		}
	}
}
