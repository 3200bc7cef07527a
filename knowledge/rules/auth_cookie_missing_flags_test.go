package rules

import "testing"

func TestAuthCookieMissingFlags(t *testing.T) {
	const head = "const app = require('express')();\n"
	const pkg = `{"name":"api","dependencies":{"express":"^4.21.2"}}`
	runCases(t, AuthCookieMissingFlags, []ruleCase{
		{name: "no options", src: head + "app.post('/login', (req, res) => { res.cookie('token', token); res.end(); });", want: []string{"warning: res.cookie"}},
		{name: "partial options", src: head + "app.post('/login', (req, res) => { res.cookie('refresh_token', t, { httpOnly: true, maxAge: 864e5 }); });", want: []string{"warning: { httpOnly: true, maxAge: 864e5 }"}},
		{name: "secure false counts as missing", src: head + "app.post('/l', (req, res) => { res.cookie('connect.sid', sid, { httpOnly: true, secure: false, sameSite: 'strict' }); });", want: []string{"warning: { httpOnly: true, secure: false, sameSite: 'strict' }"}},
		{name: "value from jwt.sign", src: "const jwt = require('jsonwebtoken');\n" + head + "app.post('/l', (req, res) => { const t = jwt.sign({ id }, k, { expiresIn: '1h' }); res.cookie('u', t, { httpOnly: true }); });", want: []string{"warning: { httpOnly: true }"}},
		{name: "options const", src: head + "const cookieOptions = { httpOnly: true, secure: true };\napp.post('/l', (req, res) => res.cookie('jwt', t, cookieOptions));", want: []string{"warning: cookieOptions"}},
		{name: "helper with res in an express project", pkg: pkg, src: "exports.sendToken = (user, statusCode, res) => {\n  res.status(statusCode).cookie('token', user.token, { expires: soon });\n};", want: []string{"warning: { expires: soon }"}},
		{name: "TS typed response", file: "auth.ts", src: "import { Response } from 'express';\nexport function setSession(res: Response, id: string) { res.cookie('sessionId', id); }", want: []string{"warning: res.cookie"}},

		{name: "all flags", src: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, secure: true, sameSite: 'lax' }));"},
		{name: "env-dependent secure counts as set", src: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, secure: process.env.NODE_ENV === 'production', sameSite: 'strict' }));"},
		{name: "non-auth cookie", src: head + "app.get('/l', (req, res) => res.cookie('locale', 'fr'));"},
		{name: "csrf cookie", src: head + "app.get('/l', (req, res) => res.cookie('XSRF-TOKEN', req.csrfToken()));"},
		{name: "sidebar is not a sid", src: head + "app.get('/l', (req, res) => res.cookie('sidebar', 'open'));"},
		{name: "options not a literal", src: head + "app.post('/l', (req, res) => res.cookie('token', t, opts()));"},
		{name: "options spread", src: head + "app.post('/l', (req, res) => res.cookie('token', t, { ...cookieDefaults }));"},
		{name: "clearing with empty value", src: head + "app.post('/logout', (req, res) => res.cookie('token', '', { expires: new Date(0) }));"},
		{name: "clearing with maxAge 0", src: head + "app.post('/logout', (req, res) => res.cookie('token', 'x', { maxAge: 0 }));"},
		{name: "corpus: literal value in a test stub", file: "setup.ts", src: `import express from 'express';
export const createTestApp = () => {
  const app = express();
  app.post('/api/v1/auth/login', (req, res) => {
    res.status(200).cookie('auth', 'mock-token', { httpOnly: true }).json({ success: true });
  });
  return app;
};`},
		{name: "res without express dependency or handler", src: "function f(res) { res.cookie('token', t); }"},
		{name: "browser cookie library", src: "import Cookies from 'js-cookie';\nCookies.set('token', t);"},
	})
}

func TestAuthCookieMissingFlagsFixes(t *testing.T) {
	const head = "const app = require('express')();\n"
	runFixes(t, AuthCookieMissingFlags, []fixCase{
		{name: "adds options", src: head + "app.post('/l', (req, res) => res.cookie('token', t));\n",
			want: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, secure: true, sameSite: 'lax' }));\n"},
		{name: "merges missing keys", src: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, maxAge: 1000 }));\n",
			want: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, maxAge: 1000, secure: true, sameSite: 'lax' }));\n"},
		{name: "turns secure on", src: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, secure: false, sameSite: 'none' }));\n",
			want: head + "app.post('/l', (req, res) => res.cookie('token', t, { httpOnly: true, secure: true, sameSite: 'none' }));\n"},
	})
}
