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
		{"db.query(\"( select 1 from dual\")", true},
		{"const q = 'Update t SET a = 1'; db.query(q)", true},
		{"db.query('\\n  SELECT 1')", false}, // the rule reads the escape as written
		{"db.query(sql) // select it", false},
		{"db.query(`selection`)", false},
		{"const select = 1; db.query(select)", false},
		{"db.query(`x`); 'delete from '", true},
		{"db.query(`x ${y}`); 'delete'", false},    // the word alone
		{"db.query(`(select`)", false},             // the word alone after a parenthesis
		{"db.query(`select${cols} FROM t`)", true}, // a substitution goes on
		{"db.query(\"update\" + ' t')", false},
		{"db.query('update\\' t')", true}, // an escape goes on
		{"db.query(x) // 'select\" from is no quote of its own", true},
		{"log.info(`Create new client: ${id}`); db.query(q)", false},
		{"throw new Error('Delete all sessions'); db.query(q)", false},
		{"db.query(q); text = 'Hi ' + user + ' with ' + appName", false},
		{"db.query(q); log('Update operation schema')", false},
	}
	verbs := []string{"select", "update", "delete", "with", "create"}
	for _, tc := range cases {
		q := NewQuick([]byte(tc.src), nil)
		if got := q.OpensLiteral(verbs...); got != tc.want {
			t.Errorf("OpensLiteral in %q = %v, want %v", tc.src, got, tc.want)
		}
		if got := Mentions("query").AndLiteralOpens(verbs...).Match(q); got != tc.want {
			t.Errorf("AndLiteralOpens matches %q: %v, want %v", tc.src, got, tc.want)
		}
	}
	if Mentions("insert").AndLiteralOpens("select").Match(NewQuick([]byte("'select * from t'"), nil)) {
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
	was := "db.query(`" + blanks + "hello * from t${x}`)"
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
// it calls query, over a text of many short strings, prose that opens with SQL verbs
// included, and none that opens a statement.
func BenchmarkOpensLiteral(b *testing.B) {
	src := []byte(strings.Repeat("log.info('updated', { op: 'create', user: \"u\" }); db.query(sql);\n"+
		"throw new Error(`Delete all sessions of ${user}`); log('Select a file ' + name);\n", 1000))
	verbs := []string{"select", "insert", "update", "delete", "with", "create"}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if quotedOpening(src, verbs, false) {
			b.Fatal("prose opens no statement")
		}
	}
}

// TestOpensStatement reads literals as SQL grammar: prose that opens with a SQL verb
// opens no statement, and SQL opens one however it is spelled: any case, over lines,
// after comments, continued by a substitution or by a concatenation where a name
// comes next.
func TestOpensStatement(t *testing.T) {
	verbs := []string{"select", "insert", "update", "delete", "with", "replace", "create", "drop", "alter",
		"truncate", "merge", "grant", "revoke", "call"}
	cases := []struct {
		literal string // as written, quotes included
		want    bool
	}{
		// Prose.
		{"`Create new client: ${id}`", false},
		{"'Delete all sessions'", false},
		{"' with '", false},
		{"'Update operation schema'", false},
		{"'update'", false},
		{"`Select a file`", false},
		{"'Select all ' ", false},
		{"\"Insert coin\"", false},
		{"'Drop it like it is hot'", false},
		{"'With regards, the team'", false},
		{"'Grant access'", false},
		{"'Call me later'", false},
		{"'Replace the filter'", false},
		{"'Truncate long text'", false},
		{"'Delete '", false}, // FROM is a keyword: it is written in the literal
		{"`${verb} FROM t`", false},
		{"'((SELECT 1 FROM t))'", false},
		// SQL.
		{"'SELECT * FROM users WHERE id = '", true},
		{"'select id from t'", true},
		{"`\n    SELECT id,\n      name\n    FROM users`", true},
		{"`/* hint */ SELECT * FROM t`", true},
		{"'-- list\nselect 1 from dual'", true},
		{"'( select a from b)'", true},
		{"'SELECT '", true}, // SELECT alone: the list is concatenated
		{"`SELECT ${cols} FROM t`", true},
		{"`select${distinct ? ' distinct' : ''} * from t`", true},
		{"'UPDATE '", true}, // 'UPDATE ' + table + ' SET …'
		{"`UPDATE ${t} SET a = 1`", true},
		{"'update public.\"Users\" u set a = 1'", true},
		{"'UPDATE t AS x SET a = 1'", true},
		{"`DELETE FROM ${t}`", true},
		{"'delete from '", true},
		{"'INSERT INTO t VALUES ('", true},
		{"'insert ignore into t'", true},
		{"'REPLACE INTO t'", true},
		{"'MERGE INTO t USING s'", true},
		{"`CREATE TABLE IF NOT EXISTS ${t} (id int)`", true},
		{"'create or replace view v as select 1'", true},
		{"'DROP INDEX i'", true},
		{"'ALTER TABLE '", true},
		{"'TRUNCATE TABLE t'", true},
		{"'CREATE UNIQUE INDEX i ON t (a)'", true},
		{"'WITH r AS (SELECT 1) SELECT * FROM r'", true},
		{"'with recursive t(n) as (select 1)'", true},
		{"'WITH r (a, b) AS (SELECT 1, 2)'", true},
		{"`WITH ${cte} AS (SELECT 1)`", true},
		{"'GRANT SELECT ON t TO u'", true},
		{"'REVOKE ALL ON t FROM u'", true},
		{"'CALL add_user(?)'", true},
		{"'SELECT a \\n FROM t'", true}, // an escape, not read, may be anything
	}
	for _, tc := range cases {
		l := LiteralText{Raw: []byte(tc.literal[1:]), Quote: tc.literal[0]}
		if got := OpensStatement(l, verbs); got != tc.want {
			t.Errorf("OpensStatement(%s) = %v, want %v", tc.literal, got, tc.want)
		}
		// The gate reads the same literal among code, and a part of a file cut inside
		// it lets it through.
		src := "f(" + tc.literal + ");"
		if got := NewQuick([]byte(src), nil).OpensLiteral(verbs...); tc.want && !got {
			t.Errorf("OpensLiteral(%s) = false, the literal opens a statement", src)
		}
		for cut := 1; cut < len(tc.literal); cut++ {
			part := LiteralText{Raw: []byte(tc.literal[1:cut]), Quote: tc.literal[0], Cut: true}
			if tc.want && !OpensStatement(part, verbs) {
				t.Errorf("OpensStatement(%s cut after %d bytes) = false", tc.literal, cut)
			}
		}
	}
}
