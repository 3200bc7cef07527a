package rules

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// AuthCookieMissingFlags flags auth cookies set without httpOnly, secure or sameSite
// (see docs/rules.md#auth-cookie-missing-flags).
var AuthCookieMissingFlags = &analysis.Rule{
	Name:  "auth-cookie-missing-flags",
	Entry: "jwt-authentication",
	Doc: `Flags res.cookie() for a session or token cookie that lacks httpOnly: true, a truthy secure, or sameSite.

Without httpOnly any injected script can read the token; without secure it travels
over plain HTTP; without sameSite the browser attaches it to cross-site requests,
which is what CSRF needs. A cookie counts as an auth cookie when its name says so
(token, jwt, session, sid, auth, refresh; CSRF cookies excepted) or its value comes
from jwt.sign. Options the rule cannot see are not flagged; a non-literal value such
as secure: process.env.NODE_ENV === 'production' counts as set. Cookies being cleared
(empty value, maxAge: 0) and cookies with a fixed literal value (a test stub) are ignored.
Use instead: res.cookie('token', token, { httpOnly: true, secure: true, sameSite: 'lax' }).`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  expressHandlers("cookie"),
	Methods:  []string{"cookie"},
	Run:      runAuthCookieMissingFlags,
}

// cookieFlags are the flags the rule wants, in message order, with the value the fix writes.
var cookieFlags = []struct{ key, value string }{
	{"httpOnly", "true"},
	{"secure", "true"},
	{"sameSite", "'lax'"},
}

func runAuthCookieMissingFlags(pass *analysis.Pass, call *sitter.Node) {
	if !isExpressCookie(pass, call) {
		return
	}
	args := secArgs(call)
	if len(args) < 2 || !isAuthCookie(pass, args[0], args[1]) {
		return
	}
	if _, ok := syntax.StringValue(args[1], pass.File.Src); ok {
		return // a fixed value is no one's credential: clearing the cookie (''), a test stub ('mock-token')
	}
	var opts *sitter.Node
	props := map[string]secProp{}
	if len(args) > 2 {
		if opts = secObject(pass, args[2]); opts == nil {
			return
		}
		var unknown bool
		if props, unknown = secProps(pass, opts); unknown || clearsCookie(pass, props) {
			return
		}
	}
	var missing []string
	var edits []analysis.Edit
	var added []string
	for _, f := range cookieFlags {
		p, ok := props[f.key]
		switch {
		case !ok:
			missing = append(missing, f.key)
			added = append(added, f.key+": "+f.value)
		case syntax.Kind(p.node) == syntax.Pair && secIsFalsy(pass, p.value):
			missing = append(missing, f.key)
			edits = append(edits, analysis.Edit{Start: p.value.StartByte(), End: p.value.EndByte(), NewText: f.value})
		}
	}
	if len(missing) == 0 {
		return
	}
	if len(added) > 0 {
		if opts != nil {
			edits = append(edits, secInsertProp(pass, opts, strings.Join(added, ", ")))
		} else {
			edits = append(edits, secAppendArg(call, args, "{ "+strings.Join(added, ", ")+" }"))
		}
	}
	at := syntax.Field(call, syntax.FieldFunction)
	if len(args) > 2 {
		at = args[2]
	}
	pass.ReportNode(at, 0, "auth cookie without "+strings.Join(missing, ", ")+": set httpOnly, secure and sameSite", &analysis.Fix{
		Title: "Set " + strings.Join(missing, ", ") + " on the cookie",
		Edits: edits,
	})
}

// isExpressCookie reports whether call is Express's res.cookie: resolved as such, or
// `res.cookie` / `response.cookie` on a local in a package that depends on express
// (helpers such as sendToken(user, res) are not handlers themselves).
func isExpressCookie(pass *analysis.Pass, call *sitter.Node) bool {
	if pass.Resolver.Callee(call).Is("express.response.cookie") {
		return true
	}
	m, recv := secMethod(pass, call)
	if m != "cookie" {
		return false
	}
	// res.status(200).cookie(...): Express's response methods return res.
	recv = syntax.Unwrap(recv)
	for recv != nil && syntax.Kind(recv) == syntax.CallExpression {
		inner, obj := secMethod(pass, recv)
		if !chainableResponse[inner] {
			return false
		}
		recv = syntax.Unwrap(obj)
	}
	if recv == nil || syntax.Kind(recv) != syntax.Identifier {
		return false
	}
	if v := pass.Resolver.Value(recv); v.Kind == resolve.Instance && v.Type == "response" && v.Path == "" && v.Module == "express" {
		return true
	}
	if !pass.DependsOn("express") {
		return false
	}
	if name := pass.Text(recv); name != "res" && name != "response" {
		return false
	}
	v := pass.Resolver.Value(recv)
	return v.Kind == resolve.Local || (v.Kind == resolve.Instance && v.Type == "response" && v.Path == "")
}

// chainableResponse are the Express response methods that return the response.
var chainableResponse = map[string]bool{
	"status": true, "set": true, "header": true, "type": true, "cookie": true, "clearCookie": true,
	"append": true, "location": true, "vary": true, "links": true, "attachment": true, "contentType": true,
}

// isAuthCookie: the name says it carries a session or token, or the value is a JWT.
func isAuthCookie(pass *analysis.Pass, name, value *sitter.Node) bool {
	if s, ok := syntax.StringValue(name, pass.File.Src); ok && authCookieName(s) {
		return true
	}
	value = syntax.Unwrap(value)
	if syntax.Kind(value) == syntax.Identifier {
		value = secInit(pass, value)
	}
	return value != nil && syntax.Kind(value) == syntax.CallExpression && secJWT(pass, value) == "sign"
}

// authCookieName matches token, jwt, session, sid, auth and refresh as words of the
// name (`connect.sid`, `refresh_token`, `authToken`), but not CSRF cookies, which
// the page's own script must read.
func authCookieName(name string) bool {
	lower := strings.ToLower(name)
	if strings.Contains(lower, "csrf") || strings.Contains(lower, "xsrf") {
		return false
	}
	if strings.Contains(lower, "token") || strings.Contains(lower, "jwt") || strings.Contains(lower, "session") {
		return true
	}
	for _, w := range secNameWords(name) {
		switch w {
		case "sid", "ssid", "sess", "auth", "authorization", "authentication", "refresh":
			return true
		}
	}
	return false
}

// clearsCookie: maxAge: 0 or expires: new Date(0) set a cookie only to delete it.
func clearsCookie(pass *analysis.Pass, props map[string]secProp) bool {
	if p, ok := props["maxAge"]; ok && pass.Text(syntax.Unwrap(p.value)) == "0" {
		return true
	}
	if p, ok := props["expires"]; ok {
		v := syntax.Unwrap(p.value)
		if syntax.Kind(v) == syntax.NewExpression && pass.Text(syntax.Field(v, syntax.FieldConstructor)) == "Date" {
			if a := secArgs(v); len(a) == 1 && pass.Text(a[0]) == "0" {
				return true
			}
		}
	}
	return false
}
