package rules

import (
	"strconv"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// InsecureRandomToken flags Math.random() used to make secrets (see docs/rules.md#insecure-random-token).
var InsecureRandomToken = &analysis.Rule{
	Name:  "insecure-random-token",
	Entry: "brute-force-login",
	Doc: `Flags Math.random() in a value named like a secret (token, OTP, password, nonce, API key, reset code...).

Math.random() is not a cryptographic generator: V8's xorshift128+ state can be
recovered from a few outputs, after which every "random" reset link or one-time
code can be predicted. The value counts as a secret when the variable, property or
function returning it is named like one (a result variable returned by such a
function included). Jitter, backoff, sampling and ids used only for logging
(requestId, traceId) are not flagged, nor is the nonce of a signed request
(SignatureNonce): it must be unique, and the signature's key is what makes the
request unforgeable.
Use instead: crypto.randomBytes(16).toString('hex'), crypto.randomInt(100000, 1000000)
for numeric codes, or crypto.randomUUID().`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Needles:  mentions("math.random"),
	Methods:  []string{"random"},
	Run:      runInsecureRandomToken,
	Local:    true,
}

func runInsecureRandomToken(pass *analysis.Pass, call *sitter.Node) {
	fn := syntax.Field(call, syntax.FieldFunction)
	if fn == nil || syntax.Kind(fn) != syntax.MemberExpression || pass.Text(fn) != "Math.random" || pass.Resolver.Bound("Math", call.StartByte()) {
		return
	}
	name, value, augmented := randomDestination(pass, call)
	if name == "" {
		return
	}
	if !secretName(name) {
		// `let result = ''; ... result += chars[...]; return result;` in generateToken()
		fn := returnedBySecretFunction(pass, call, name)
		if !augmented || fn == "" {
			return
		}
		name = fn
	}
	pass.ReportNode(call, 0, "Math.random() is predictable; use the crypto module for "+describeSecret(name), randomFix(pass, call, value, augmented))
}

// randomDestination follows the expression around Math.random() up to where its
// value goes: the variable, property, or function (for returns) it is stored under.
// value is the expression stored; augmented is set for `x += ...`.
func randomDestination(pass *analysis.Pass, call *sitter.Node) (name string, value *sitter.Node, augmented bool) {
	n := call
	for p := syntax.Parent(n); p != nil; n, p = p, syntax.Parent(p) {
		switch syntax.Kind(p) {
		case syntax.BinaryExpression, syntax.CallExpression, syntax.Arguments, syntax.MemberExpression, syntax.SubscriptExpression,
			syntax.TemplateString, syntax.TemplateSubstitution, syntax.ParenthesizedExpression, syntax.UnaryExpression,
			syntax.TernaryExpression, syntax.Array, syntax.SpreadElement, syntax.AsExpression, syntax.NonNullExpression, syntax.AwaitExpression:
			continue
		case syntax.VariableDeclarator:
			if id := syntax.Field(p, syntax.FieldName); id != nil && syntax.Kind(id) == syntax.Identifier {
				return pass.Text(id), n, false
			}
		case syntax.AssignmentExpression, syntax.AugmentedAssignmentExpression:
			if r := syntax.Field(p, syntax.FieldRight); r != nil && r.Id() == n.Id() {
				return assignedName(pass, syntax.Field(p, syntax.FieldLeft)), n, syntax.Kind(p) == syntax.AugmentedAssignmentExpression
			}
		case syntax.Pair:
			if v := syntax.Field(p, syntax.FieldValue); v != nil && v.Id() == n.Id() {
				return objectKey(pass, p), n, false
			}
		case syntax.PublicFieldDefinition, syntax.FieldDefinition:
			for _, f := range []string{"name", "property"} {
				if id := syntax.Field(p, f); id != nil {
					return pass.Text(id), n, false
				}
			}
		case syntax.ReturnStatement:
			if fn := syntax.EnclosingFunction(p); fn != nil {
				return syntax.FunctionName(fn, pass.File.Src), n, false
			}
		case syntax.ArrowFunction:
			if body := syntax.Field(p, syntax.FieldBody); body != nil && body.Id() == n.Id() {
				return syntax.FunctionName(p, pass.File.Src), n, false
			}
		}
		return "", nil, false
	}
	return "", nil, false
}

func assignedName(pass *analysis.Pass, left *sitter.Node) string {
	left = syntax.Unwrap(left)
	switch syntax.Kind(left) {
	case syntax.Identifier:
		return pass.Text(left)
	case syntax.MemberExpression:
		return pass.Text(syntax.Field(left, syntax.FieldProperty))
	case syntax.SubscriptExpression:
		s, _ := syntax.StringValue(syntax.Field(left, syntax.FieldIndex), pass.File.Src)
		return s
	}
	return ""
}

// secretWords name values that must be unguessable.
var secretWords = map[string]bool{
	"token": true, "tokens": true, "secret": true, "secrets": true, "otp": true, "password": true,
	"passwd": true, "nonce": true, "salt": true, "reset": true, "csrf": true, "xsrf": true,
	"idempotency": true, "apikey": true, "sessionid": true,
}

// notSecretWords mark timing values: jitter and backoff use Math.random() on purpose.
var notSecretWords = map[string]bool{
	"delay": true, "timeout": true, "interval": true, "jitter": true, "backoff": true, "retry": true,
	"wait": true, "ttl": true, "ms": true, "sleep": true, "duration": true, "expiry": true, "expires": true,
}

// codeQualifiers make a "code" a one-time secret: verificationCode, smsCode, pinCode.
var codeQualifiers = map[string]bool{
	"verification": true, "verify": true, "certification": true, "confirm": true, "confirmation": true,
	"auth": true, "sms": true, "login": true, "security": true, "activation": true, "invite": true,
	"recovery": true, "pin": true, "access": true, "mfa": true, "twofa": true, "2fa": true, "email": true, "phone": true,
}

// secretName reports whether an identifier names a secret, word by word
// (`resetPasswordToken`, `api_key`, `sessionId`, `verificationCode`, `smsCode`).
func secretName(name string) bool {
	words := secNameWords(name)
	found := false
	for i, w := range words {
		if notSecretWords[w] {
			return false
		}
		if w == "nonce" && i > 0 && (words[i-1] == "signature" || words[i-1] == "sign") {
			// signatureNonce: a value inside a message signed with a secret key only
			// has to be unique (no replay); the key, not the nonce, keeps it unforgeable
			continue
		}
		if secretWords[w] || strings.HasPrefix(w, "verif") {
			found = true
		}
		if w == "code" && i > 0 && codeQualifiers[words[i-1]] {
			found = true
		}
		if i > 0 && ((words[i-1] == "api" && w == "key") || (words[i-1] == "session" && w == "id")) {
			found = true
		}
	}
	return found
}

func describeSecret(name string) string {
	if name == "" {
		return "secrets"
	}
	return name
}

// returnedBySecretFunction returns the name of the function around call when it is
// named like a secret and returns the variable name; "" otherwise.
func returnedBySecretFunction(pass *analysis.Pass, call *sitter.Node, name string) string {
	fn := syntax.EnclosingFunction(call)
	if fn == nil {
		return ""
	}
	fnName := syntax.FunctionName(fn, pass.File.Src)
	if !secretName(fnName) {
		return ""
	}
	if !containsNode(syntax.Field(fn, syntax.FieldBody), true, func(n *sitter.Node) bool {
		if syntax.Kind(n) != syntax.ReturnStatement {
			return false
		}
		return containsNode(n, true, func(id *sitter.Node) bool { return syntax.Kind(id) == syntax.Identifier && pass.Text(id) == name })
	}) {
		return ""
	}
	return fnName
}

// randomFix picks the replacement by shape: randomBytes for the base-36 string idiom,
// randomInt for Math.floor(A + Math.random() * B), randomUUID for the rest.
func randomFix(pass *analysis.Pass, call, value *sitter.Node, augmented bool) *analysis.Fix {
	if outer := base36Idiom(pass, call); outer != nil {
		return cryptoReplacement(pass, outer, "randomBytes", "(16).toString('hex')", "Use crypto.randomBytes(16).toString('hex')")
	}
	if floor, lo, hi, ok := floorIdiom(pass, call); ok {
		args := "(" + hi + ")"
		if lo != "" {
			args = "(" + lo + ", " + hi + ")"
		}
		return cryptoReplacement(pass, floor, "randomInt", args, "Use crypto.randomInt"+args)
	}
	if augmented || value == nil {
		return nil
	}
	return cryptoReplacement(pass, value, "randomUUID", "()", "Use crypto.randomUUID()")
}

func cryptoReplacement(pass *analysis.Pass, n *sitter.Node, member, rest, title string) *analysis.Fix {
	ref, edits, ok := secCryptoRef(pass, member, n.StartByte())
	if !ok {
		return nil
	}
	edits = append(edits, analysis.Edit{Start: n.StartByte(), End: n.EndByte(), NewText: ref + rest})
	return &analysis.Fix{Title: title, Edits: edits}
}

// base36Idiom returns the whole `Math.random().toString(36).slice(2…)` call (also
// substring and substr), nil when call is not its start.
func base36Idiom(pass *analysis.Pass, call *sitter.Node) *sitter.Node {
	toStr := methodCallOn(pass, call, "toString")
	if toStr == nil {
		return nil
	}
	if args := secArgs(toStr); len(args) != 1 || pass.Text(args[0]) != "36" {
		return nil
	}
	for _, m := range []string{"slice", "substring", "substr"} {
		if c := methodCallOn(pass, toStr, m); c != nil {
			return c
		}
	}
	return nil
}

// methodCallOn returns the call `recv.m(...)` when recv is the object of one.
func methodCallOn(pass *analysis.Pass, recv *sitter.Node, m string) *sitter.Node {
	mem := syntax.Parent(recv)
	if mem == nil || syntax.Kind(mem) != syntax.MemberExpression || pass.Text(syntax.Field(mem, syntax.FieldProperty)) != m {
		return nil
	}
	c := syntax.Parent(mem)
	if c == nil || syntax.Kind(c) != syntax.CallExpression {
		return nil
	}
	return c
}

// floorIdiom matches Math.floor(A + Math.random() * B) and Math.floor(Math.random() * B)
// with integer literals, returning the floor call and randomInt's bounds.
func floorIdiom(pass *analysis.Pass, call *sitter.Node) (floor *sitter.Node, lo, hi string, ok bool) {
	mul := syntax.Parent(call)
	if mul == nil || syntax.Kind(mul) != syntax.BinaryExpression || pass.Text(syntax.Field(mul, syntax.FieldOperator)) != "*" {
		return nil, "", "", false
	}
	b, okB := intLiteral(pass, otherOperand(mul, call))
	if !okB || b <= 0 {
		return nil, "", "", false
	}
	inner := mul
	a := int64(0)
	hasA := false
	if p := syntax.Parent(mul); p != nil && syntax.Kind(p) == syntax.BinaryExpression && pass.Text(syntax.Field(p, syntax.FieldOperator)) == "+" {
		if a, hasA = intLiteral(pass, otherOperand(p, mul)); !hasA {
			return nil, "", "", false
		}
		inner = p
	}
	args := syntax.Parent(inner)
	if args == nil || syntax.Kind(args) != syntax.Arguments || args.NamedChildCount() != 1 {
		return nil, "", "", false
	}
	floor = syntax.Parent(args)
	if floor == nil || pass.Text(syntax.Field(floor, syntax.FieldFunction)) != "Math.floor" {
		return nil, "", "", false
	}
	if hasA {
		return floor, strconv.FormatInt(a, 10), strconv.FormatInt(a+b, 10), true
	}
	return floor, "", strconv.FormatInt(b, 10), true
}

func otherOperand(bin, one *sitter.Node) *sitter.Node {
	if l := syntax.Field(bin, syntax.FieldLeft); l != nil && l.Id() != one.Id() {
		return l
	}
	return syntax.Field(bin, syntax.FieldRight)
}

func intLiteral(pass *analysis.Pass, n *sitter.Node) (int64, bool) {
	n = syntax.Unwrap(n)
	if n == nil || syntax.Kind(n) != syntax.Number {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(pass.Text(n), "_", ""), 10, 64)
	return v, err == nil
}
