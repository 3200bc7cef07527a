package analysis

// OpensStatement reports whether a literal's text (see LiteralText) opens a SQL
// statement with one of verbs (lower case), read as SQL grammar: each verb must be
// followed by what a statement has after it, which prose rarely has.
//
// The opening: blanks and SQL comments (/* … */, -- to the line's end) with at most
// one opening parenthesis among them, then the verb as a whole word in any ASCII
// case. A literal that ends right after its verb ('update') opens nothing: it names
// an event or an action far more often. Then, by verb:
//
//	DELETE FROM; INSERT INTO or INSERT IGNORE; REPLACE INTO; MERGE INTO;
//	UPDATE <name> SET, with at most three names, commas or AS between (an alias, a
//	  second table, ONLY);
//	CREATE, DROP, ALTER, TRUNCATE + an object: TABLE, INDEX, VIEW, SCHEMA, DATABASE,
//	  SEQUENCE, TYPE, FUNCTION, PROCEDURE, TRIGGER, EXTENSION, MATERIALIZED, UNIQUE,
//	  TEMP, TEMPORARY, IF, or OR REPLACE;
//	WITH RECURSIVE, or WITH <name> [( … )] AS;
//	SELECT … with FROM later in the literal, or SELECT alone (blanks and comments
//	  after it) before the literal ends;
//	GRANT, REVOKE … with ON or TO later in the literal;
//	CALL <name> (.
//
// Where the text stops before the grammar is done, it decides: a substitution (${),
// an escape, or the end of a part of a file may go on with anything, so the
// statement counts; the literal's end, where a concatenated part may go on, counts
// only where a name comes next (UPDATE ' + table + ' SET …) or after SELECT alone:
// a keyword is written in the literal, and WITH's name is too ('… with ' + name is
// prose). A verb the grammar does not know opens nothing.
func OpensStatement(l LiteralText, verbs []string) bool {
	r := sqlReader{l: l}
	if s := r.blanks(); s != literalGoes {
		return s == literalCut
	}
	if l.Raw[r.i] == '(' {
		r.i++
		if s := r.blanks(); s != literalGoes {
			return s == literalCut
		}
	}
	w := r.word()
	if len(w) == 0 {
		return false
	}
	s := l.stop(r.i)
	if s == literalCut {
		return true // the word, or the blanks before it, go on past what is shown
	}
	verb := ""
	for _, v := range verbs {
		if equalLower(w, v) {
			verb = v
			break
		}
	}
	switch {
	case verb == "" || s == literalEnds:
		return false
	case s == literalRunsOn:
		return true
	}
	switch verb {
	case "delete":
		return r.keyword("from")
	case "insert":
		return r.keyword("into", "ignore")
	case "replace", "merge":
		return r.keyword("into")
	case "create", "drop", "alter", "truncate":
		return r.object()
	case "update":
		return r.update()
	case "with":
		return r.with()
	case "select":
		return r.later(true, "from")
	case "grant", "revoke":
		return r.later(false, "on", "to")
	case "call":
		if s := r.blanks(); s != literalGoes || !r.name() {
			return runsOn(s)
		}
		s := r.blanks()
		return runsOn(s) || s == literalGoes && l.Raw[r.i] == '('
	}
	return false
}

// sqlObjects are the words after CREATE, DROP, ALTER or TRUNCATE that make them DDL.
var sqlObjects = []string{"table", "index", "view", "schema", "database", "sequence", "type", "function",
	"procedure", "trigger", "extension", "materialized", "unique", "temp", "temporary", "if"}

// sqlReader reads a literal's text as SQL tokens, from offset i.
type sqlReader struct {
	l LiteralText
	i int
}

// runsOn reports whether a stop leaves the text free to go on with anything.
func runsOn(s literalStop) bool { return s == literalRunsOn || s == literalCut }

// blanks skips blanks and SQL comments, and says where the text stops, if it does,
// before anything else (inside a comment included).
func (r *sqlReader) blanks() literalStop {
	for {
		if s := r.l.stop(r.i); s != literalGoes {
			return s
		}
		switch c := r.l.Raw[r.i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			r.i++
		case c == '/' && r.next('*'):
			for r.i += 2; r.l.stop(r.i) == literalGoes && !(r.l.Raw[r.i] == '*' && r.next('/')); r.i++ {
			}
			if r.l.stop(r.i) == literalGoes {
				r.i += 2
			}
		case c == '-' && r.next('-'):
			for r.i += 2; r.l.stop(r.i) == literalGoes && r.l.Raw[r.i] != '\n'; r.i++ {
			}
		case (c == '/' || c == '-') && r.l.stop(r.i+1) == literalCut:
			return literalCut // a part of a file stops where a comment may open
		default:
			return literalGoes
		}
	}
}

// next reports whether the byte after the current one is c, within the text.
func (r *sqlReader) next(c byte) bool {
	return r.l.stop(r.i+1) == literalGoes && r.l.Raw[r.i+1] == c
}

// word reads a run of ASCII letters, digits and underscores.
func (r *sqlReader) word() []byte {
	start := r.i
	for r.l.stop(r.i) == literalGoes && isWordByte(r.l.Raw[r.i]) {
		r.i++
	}
	return r.l.Raw[start:r.i]
}

// name reads a name: words joined by dots, $ allowed, parts quoted with ", ` or
// [ ] (public."Users", [dbo].[t]); false when none is there. A quoted part that the
// text stops inside counts as read.
func (r *sqlReader) name() bool {
	start := r.i
	for r.l.stop(r.i) == literalGoes {
		switch c := r.l.Raw[r.i]; {
		case isWordByte(c) || c == '$' || c == '.':
			r.i++
		case c == '"' || c == '`' || c == '[':
			closing := c
			if c == '[' {
				closing = ']'
			}
			for r.i++; r.l.stop(r.i) == literalGoes && r.l.Raw[r.i] != closing; r.i++ {
			}
			if r.l.stop(r.i) == literalGoes {
				r.i++
			}
		default:
			return r.i > start
		}
	}
	return r.i > start
}

// keyword reports whether one of words comes next; a stop before it counts when
// the text runs on.
func (r *sqlReader) keyword(words ...string) bool {
	if s := r.blanks(); s != literalGoes {
		return runsOn(s)
	}
	w := r.word()
	if len(w) == 0 {
		return false
	}
	if r.l.stop(r.i) == literalCut {
		return true // a part of a file stops in the word
	}
	for _, k := range words {
		if equalLower(w, k) {
			return true
		}
	}
	return false
}

// object reads DDL's object after CREATE, DROP, ALTER or TRUNCATE.
func (r *sqlReader) object() bool {
	if s := r.blanks(); s != literalGoes {
		return runsOn(s)
	}
	w := r.word()
	if len(w) > 0 && r.l.stop(r.i) == literalCut {
		return true
	}
	if equalLower(w, "or") {
		return r.keyword("replace")
	}
	for _, k := range sqlObjects {
		if equalLower(w, k) {
			return true
		}
	}
	return false
}

// update reads UPDATE's names up to SET: the literal's end before the first name
// counts, a name being what a concatenation most often puts there.
func (r *sqlReader) update() bool {
	for tokens := 0; tokens <= 3; tokens++ {
		s := r.blanks()
		if s != literalGoes {
			return runsOn(s) || s == literalEnds && tokens == 0
		}
		start := r.i
		if r.l.Raw[r.i] == ',' {
			r.i++
			continue
		}
		if !r.name() {
			return false
		}
		if s := r.l.stop(r.i); runsOn(s) {
			return true
		}
		if tokens > 0 && equalLower(r.l.Raw[start:r.i], "set") {
			return true
		}
	}
	return false
}

// with reads WITH RECURSIVE, or WITH's name, its column list and AS.
func (r *sqlReader) with() bool {
	if s := r.blanks(); s != literalGoes {
		return runsOn(s)
	}
	start := r.i
	if !r.name() {
		return false
	}
	if s := r.l.stop(r.i); runsOn(s) || equalLower(r.l.Raw[start:r.i], "recursive") {
		return true
	}
	s := r.blanks()
	if s == literalGoes && r.l.Raw[r.i] == '(' {
		for ; s == literalGoes && r.l.Raw[r.i] != ')'; s = r.l.stop(r.i) {
			r.i++
		}
		if s == literalGoes {
			r.i++
			s = r.blanks()
		}
	}
	if s != literalGoes {
		return runsOn(s)
	}
	return r.keyword("as")
}

// later reports whether one of words comes later in the literal as a whole word;
// a stop before it counts when the text runs on, and the literal's end when alone
// and nothing but blanks and comments came before it.
func (r *sqlReader) later(alone bool, words ...string) bool {
	for seen := false; ; seen = true {
		if s := r.blanks(); s != literalGoes {
			return runsOn(s) || alone && !seen && s == literalEnds
		}
		w := r.word()
		if len(w) == 0 {
			r.i++
			continue
		}
		if runsOn(r.l.stop(r.i)) {
			return true
		}
		for _, k := range words {
			if equalLower(w, k) {
				return true
			}
		}
	}
}
