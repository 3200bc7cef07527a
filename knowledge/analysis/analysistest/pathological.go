package analysistest

import (
	"fmt"
	"strings"
)

// RateLimitedRoutes is an Express app with n routes, each behind its own rateLimit():
// the shape that made rate-limit-trust-proxy rescan the file for every limiter.
func RateLimitedRoutes(n int) []byte {
	var b strings.Builder
	b.WriteString("const express = require('express');\nconst rateLimit = require('express-rate-limit');\nconst app = express();\n")
	for i := range n {
		fmt.Fprintf(&b, "app.get('/r%[1]d', rateLimit({ windowMs: 60000, max: %[1]d }), (req, res) => res.send('ok %[1]d'));\n", i)
	}
	b.WriteString("app.listen(3000);\n")
	return []byte(b.String())
}

// WrappedRoutes is n groups of realistic Express routes (requires, awaits, blocking
// reads, try/catch, transactions, tokens) inside one exported function, the shape of a
// routes module: every handler's enclosing function is the same large one.
func WrappedRoutes(n int) []byte {
	var b strings.Builder
	b.WriteString("const fs = require('fs');\nconst jwt = require('jsonwebtoken');\nconst mongoose = require('mongoose');\n")
	b.WriteString("module.exports = function routes(app) {\n")
	for i := range n {
		fmt.Fprintf(&b, `  const svc%[1]d = require('./services/svc%[1]d');
  app.get('/items/%[1]d/:id', async (req, res, next) => {
    const item = await svc%[1]d.find(req.params.id);
    const tpl = fs.readFileSync('./views/%[1]d.html', 'utf8');
    const token = jwt.sign({ id: item.id }, process.env.SECRET, { algorithm: 'HS256' });
    const claims = jwt.verify(req.headers.authorization, process.env.SECRET);
    const session = await mongoose.startSession();
    await session.withTransaction(async () => { await Item.updateOne({ a: %[1]d }, { b: 2 }); });
    res.json({ item, tpl, token, claims });
  });
  app.post('/items/%[1]d', async (req, res, next) => {
    try {
      res.status(201).json(await svc%[1]d.create(req.body));
    } catch (err) {
      next(err);
    }
  });
`, i)
	}
	b.WriteString("};\n")
	return []byte(b.String())
}

// OpenTemplate is code of about size bytes behind an unterminated template
// substitution (“ f(`${ “): tree-sitter's error recovery has to decide what all of
// it belongs to.
func OpenTemplate(size int) []byte {
	var b strings.Builder
	b.WriteString("f(`${")
	for b.Len() < size {
		b.WriteString("app.get('/x', async (req, res) => { res.send(await load(req.query.id)); });\n")
	}
	return []byte(b.String())
}
