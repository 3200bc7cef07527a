package rules

import "testing"

func TestSQLTemplateInjection(t *testing.T) {
	const pg = "const { Pool } = require('pg');\nconst pool = new Pool();\n"
	const pgPkg = `{"name":"a","dependencies":{"pg":"^8.11.0","express":"^4.21.2"}}`
	runCases(t, SQLTemplateInjection, []ruleCase{
		{name: "catalog positive", src: pg + "app.post('/login', async (req, res) => {\n  const r = await pool.query(`SELECT * FROM users WHERE email = '${req.body.email}'`);\n});",
			want: []string{"error: `SELECT * FROM users WHERE email = '${req.body.email}'`"}},
		{name: "not from the request is a warning", src: pg + "async function byId(id) { return pool.query(`SELECT * FROM users WHERE id = ${id}`); }",
			want: []string{"warning: `SELECT * FROM users WHERE id = ${id}`"}},
		{name: "destructured from req.params", src: pg + "app.get('/u/:id', async (req, res) => {\n  const { id } = req.params;\n  await pool.query('SELECT * FROM users WHERE id = ' + id);\n});",
			want: []string{"error: 'SELECT * FROM users WHERE id = ' + id"}},
		{name: "query in a const", src: pg + "app.get('/u', async (req, res) => {\n  const sql = `DELETE FROM t WHERE name = '${req.query.name}'`;\n  await pool.query(sql);\n});",
			want: []string{"error: sql"}},
		{name: "mysql2 promise pool", file: "db.ts", src: "import mysql from 'mysql2/promise';\nconst db = mysql.createPool({});\nexport const find = (name: string) => db.execute(`SELECT * FROM p WHERE name = '${name}'`);",
			want: []string{"warning: `SELECT * FROM p WHERE name = '${name}'`"}},
		{name: "sequelize, knex, prisma, sqlite", src: "const { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize(url);\nconst knex = require('knex')({});\nconst { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\nconst Database = require('better-sqlite3');\nconst db = new Database('a.db');\nfunction f(x) {\n  sequelize.query(`SELECT ${x}`);\n  knex.raw(`SELECT ${x}`);\n  prisma.$queryRawUnsafe(`SELECT ${x}`);\n  db.prepare(`SELECT ${x}`);\n}",
			want: []string{"warning: `SELECT ${x}`", "warning: `SELECT ${x}`", "warning: `SELECT ${x}`", "warning: `SELECT ${x}`"}},
		{name: "imported db in a pg project", pkg: pgPkg, src: "const db = require('../db');\nexports.search = async (req, res) => {\n  const rows = await db.query(`SELECT * FROM items WHERE title LIKE '%${req.query.q}%'`);\n  res.json(rows);\n};",
			want: []string{"error: `SELECT * FROM items WHERE title LIKE '%${req.query.q}%'`"}},
		{name: "a helper that does not quote is still flagged", src: pg + "async function make(schema) {\n  const name = normalize(schema);\n  await pool.query(`CREATE SCHEMA ${name}`);\n}", want: []string{"warning: `CREATE SCHEMA ${name}`"}},
		{name: "params present but request value interpolated", src: pg + "app.get('/x', (req, res) => pool.query(`SELECT * FROM t WHERE a = $1 ORDER BY ${req.query.sort}`, [1]));",
			want: []string{"error: `SELECT * FROM t WHERE a = $1 ORDER BY ${req.query.sort}`"}},

		{name: "catalog negative", src: pg + "app.post('/login', (req, res) => pool.query('SELECT * FROM users WHERE email = $1', [req.body.email]));"},
		{name: "tagged template", file: "a.mjs", src: "import postgres from 'postgres';\nconst sql = postgres();\nexport const f = (id) => sql`SELECT * FROM users WHERE id = ${id}`;"},
		{name: "prisma $queryRaw tagged", src: "const { PrismaClient } = require('@prisma/client');\nconst prisma = new PrismaClient();\nconst f = (id) => prisma.$queryRaw`SELECT * FROM u WHERE id = ${id}`;"},
		{name: "const table name", src: pg + "const TABLE = 'users';\nconst f = () => pool.query(`SELECT * FROM ${TABLE} WHERE id = $1`, [1]);"},
		{name: "numeric coercion", src: pg + "const f = (n) => pool.query(`SELECT * FROM t LIMIT ${Number(n)}`);"},
		{name: "placeholder list", src: pg + "function f(ids) {\n  const placeholders = ids.map((_, i) => `$${i + 1}`).join(', ');\n  return pool.query(`SELECT * FROM t WHERE id IN (${placeholders})`, ids);\n}"},
		{name: "table picked by a same-file function", src: pg + "function viewFor(role) {\n  switch (role) {\n    case 'admin': return 'v_admin';\n    default: return 'v_user';\n  }\n}\nasync function list(role) {\n  const view = viewFor(role);\n  return pool.query(`SELECT * FROM ${view}`);\n}"},
		{name: "params with a structural value", src: pg + "const f = (col, v) => pool.query(`SELECT * FROM t WHERE ${col} = $1`, [v]);"},
		{name: "corpus: quoted schema name in DDL", pkg: pgPkg, src: "function quoteSchemaName(schema) {\n  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(schema)) throw new Error('bad schema');\n  return `\"${schema}\"`;\n}\nasync function runMigrations(client, schema) {\n  const quotedSchema = quoteSchemaName(schema);\n  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quotedSchema}`);\n}"},
		{name: "driver identifier quoting", src: pg + "const f = (client, t) => pool.query(`SELECT * FROM ${client.escapeIdentifier(t)}`);"},
		{name: "not SQL on an unknown receiver", pkg: pgPkg, src: "const api = require('./api');\napi.query(`users/${id}`);"},
		{name: "no SQL driver", src: "const db = require('./db');\ndb.query(`SELECT * FROM t WHERE id = ${id}`);"},
		{name: "graphql query", pkg: pgPkg, src: "const { graphql } = require('graphql');\nclient.query(`{ user(id: ${id}) { name } }`);"},
	})
}

func TestSQLTemplateInjectionDataFlow(t *testing.T) {
	const pg = "const { Pool } = require('pg');\nconst pool = new Pool();\n"
	const pgTS = "import { Pool } from 'pg';\nconst pool = new Pool();\n"
	const pgPkg = `{"name":"a","dependencies":{"pg":"^8.11.0","express":"^4.21.2"}}`
	runCases(t, SQLTemplateInjection, []ruleCase{
		// Trusted: constants, imported included.
		{name: "imported enum member (TS)", file: "a.ts", src: pgTS + "import { Table } from './tables';\nexport const f = () => pool.query(`SELECT * FROM ${Table.Users}`);"},
		{name: "imported UPPER_CASE constant (JS)", src: pg + "const { USERS_TABLE } = require('./tables');\nconst f = () => pool.query(`SELECT * FROM ${USERS_TABLE}`);"},
		{name: "same-file enum (TS)", file: "a.ts", src: pgTS + "enum T { Users = 'users' }\nexport const f = () => pool.query(`SELECT * FROM ${T.Users}`);"},
		{name: "same-file table map (JS)", src: pg + "const T = { USERS: 'users', ROLES: 'roles' };\nconst f = () => pool.query(`SELECT * FROM ${T.USERS}`);"},
		{name: "literal ternary (JS)", src: pg + "function up(isMySQL) {\n  const ine = isMySQL ? '' : 'IF NOT EXISTS';\n  return pool.query(`CREATE TABLE ${ine} t (id int)`);\n}"},
		{name: "literal ternary (TS)", file: "a.ts", src: pgTS + "export async function up(isMySQL: boolean) {\n  const ine = isMySQL ? '' : 'IF NOT EXISTS';\n  await pool.query(`CREATE TABLE ${ine} t (id int)`);\n}"},
		{name: "array of literals joined (TS)", file: "a.ts", src: pgTS + "const cols = ['id', 'name'];\nexport const f = () => pool.query(`SELECT ${cols.join(', ')} FROM t`);"},
		{name: "regex allowlist before the query (JS)", src: pg + "function count(table) {\n  if (!/^[a-zA-Z0-9_]+$/.test(table)) throw new Error('bad table');\n  return pool.query(`SELECT count(*) FROM ${table}`);\n}"},
		{name: "regex allowlist around the query (TS)", file: "a.ts", src: pgTS + "export function count(table: string) {\n  if (/^\\w+$/.test(table)) {\n    return pool.query(`SELECT count(*) FROM ${table}`);\n  }\n}"},
		{name: "includes allowlist (TS)", file: "a.ts", src: pgTS + "const SORTS = ['name', 'created_at'];\nexport function list(sort: string) {\n  if (!SORTS.includes(sort)) return;\n  return pool.query(`SELECT * FROM t ORDER BY ${sort}`);\n}"},
		{name: "operator configuration (JS)", src: pg + "const appConfig = require('./config');\nconst create = (database = appConfig.postgresDatabase) => pool.query(`CREATE DATABASE ${database}`);\nconst drop = () => pool.query(`DROP SCHEMA ${process.env.DB_SCHEMA}`);"},
		{name: "ORM table name (TS)", file: "a.ts", src: pgTS + "export async function clear(entities: { tableName: string }[]) {\n  for (const entity of entities) await pool.query(`TRUNCATE ${entity.tableName} CASCADE`);\n}"},

		// Still flagged.
		{name: "regex that is not an allowlist (JS)", src: pg + "function count(table) {\n  if (!/^.+$/.test(table)) throw new Error('bad');\n  return pool.query(`SELECT count(*) FROM ${table}`);\n}",
			want: []string{"warning: `SELECT count(*) FROM ${table}`"}},
		{name: "allowlist on another name (TS)", file: "a.ts", src: pgTS + "export function count(table: string, col: string) {\n  if (!/^\\w+$/.test(table)) throw new Error('bad');\n  return pool.query(`SELECT ${col} FROM ${table}`);\n}",
			want: []string{"warning: `SELECT ${col} FROM ${table}`"}},
		{name: "ternary with a runtime branch (JS)", src: pg + "function f(name) {\n  const where = name ? `WHERE name = '${name}'` : '';\n  return pool.query(`SELECT * FROM t ${where}`);\n}",
			want: []string{"warning: `SELECT * FROM t ${where}`"}},
		{name: "imported lower-case value (TS)", file: "a.ts", src: pgTS + "import { tableFor } from './tables';\nexport const f = () => pool.query(`SELECT * FROM ${tableFor}`);",
			want: []string{"warning: `SELECT * FROM ${tableFor}`"}},
		{name: "request value in a const table map lookup (JS)", src: pg + "const T = { USERS: 'users' };\napp.get('/t', (req, res) => pool.query(`SELECT * FROM ${T.USERS} WHERE n = '${req.query.n}'`));",
			want: []string{"error: `SELECT * FROM ${T.USERS} WHERE n = '${req.query.n}'`"}},
		{name: "request data through a let and += (JS)", pkg: pgPkg, src: "const db = require('./db');\napp.post('/s', async (req, res) => {\n  let q = 'SELECT * FROM t WHERE 1 = 1';\n  for (let i = 0; i < req.body.names.length; i++) {\n    q += ` OR name = '${req.body.names[i]}'`;\n  }\n  res.json(await db.query(q));\n});",
			want: []string{"error: q"}},
		{name: "request data through a let and += (TS)", file: "a.ts", src: pgTS + "import { Request, Response } from 'express';\nexport async function search(req: Request, res: Response) {\n  let q = `SELECT * FROM t`;\n  q += ` WHERE name = '${req.body.name}'`;\n  res.json(await pool.query(q));\n}",
			want: []string{"error: q"}},
		{name: "const query string from the request (TS)", file: "a.ts", src: pgTS + "import { Request } from 'express';\nexport async function find(req: Request) {\n  const q = `SELECT * FROM users WHERE name = '${req.body.name}'`;\n  return pool.query(q);\n}",
			want: []string{"error: q"}},
		{name: "imported constant array mapped to quoted values (TS)", file: "a.ts", pkg: pgPkg, src: "import { ROLE_TYPES } from './constants';\nexport class Store {\n  constructor(private db: any) {}\n  roots() {\n    return this.db.raw(`SELECT * FROM roles WHERE type IN (${ROLE_TYPES.map((type) => `'${type}'`).join(',')})`);\n  }\n}"},
		{name: "same-file constant array mapped in a block body (JS)", src: pg + "const KINDS = ['a', 'b'];\nconst f = () => pool.query(`SELECT * FROM t WHERE k IN (${KINDS.filter(Boolean).map(function (k) { return `'${k}'`; }).join(',')})`);"},
		{name: "request array mapped to quoted values (JS)", src: pg + "app.get('/t', (req, res) => pool.query(`SELECT * FROM t WHERE k IN (${req.query.kinds.map((k) => `'${k}'`).join(',')})`));",
			want: []string{"error: `SELECT * FROM t WHERE k IN (${req.query.kinds.map((k) => `'${k}'`).join(',')})`"}},
		{name: "constant array mapped to untrusted text (TS)", file: "a.ts", src: pgTS + "import { ROLE_TYPES } from './constants';\nexport const f = (name: string) => pool.query(`SELECT * FROM t WHERE k IN (${ROLE_TYPES.map((type) => `'${type}${name}'`).join(',')})`);",
			want: []string{"warning: `SELECT * FROM t WHERE k IN (${ROLE_TYPES.map((type) => `'${type}${name}'`).join(',')})`"}},
		{name: "element parameter reassigned (JS)", src: pg + "const KINDS = ['a'];\nconst f = (x) => pool.query(`SELECT ${KINDS.map((k) => { k = x; return k; }).join(',')}`);",
			want: []string{"warning: `SELECT ${KINDS.map((k) => { k = x; return k; }).join(',')}`"}},

		// A receiver the file never binds: a fragment kept as data, not the app's client.
		{name: "unbound receiver in a code sample (TS)", file: "sample.ts", pkg: `{"name":"a","dependencies":{"sequelize":"^6.0.0","express":"^4.21.2"}}`,
			src: "export function search () {\n  return (req: Request, res: Response) => {\n    models.sequelize.query(`SELECT * FROM Products WHERE name LIKE '%${req.query.q}%'`).then(([p]: any) => res.json(p))\n  }\n}"},
		{name: "the same query on an imported receiver (TS)", file: "search.ts", pkg: `{"name":"a","dependencies":{"sequelize":"^6.0.0","express":"^4.21.2"}}`,
			src:  "import { type Request, type Response } from 'express'\nimport * as models from '../models/index'\nexport function search () {\n  return (req: Request, res: Response) => {\n    models.sequelize.query(`SELECT * FROM Products WHERE name LIKE '%${req.query.q}%'`).then(([p]: any) => res.json(p))\n  }\n}",
			want: []string{"error: `SELECT * FROM Products WHERE name LIKE '%${req.query.q}%'`"}},
		{name: "unbound receiver (JS)", pkg: pgPkg, src: "app.get('/s', (req, res) => db.query(`SELECT * FROM t WHERE n = '${req.query.n}'`));"},
		{name: "a parameter receiver (JS)", pkg: pgPkg, src: "module.exports = (db) => app.get('/s', (req, res) => db.query(`SELECT * FROM t WHERE n = '${req.query.n}'`));",
			want: []string{"error: `SELECT * FROM t WHERE n = '${req.query.n}'`"}},
		{name: "a let rebuilt from constants only (JS)", src: pg + "async function f(all) {\n  let q = 'SELECT * FROM t';\n  if (all) q += ' WHERE 1 = 1';\n  return pool.query(q);\n}"},
	})
}

func TestSQLTemplateInjectionFixes(t *testing.T) {
	const pg = "const { Pool } = require('pg');\nconst pool = new Pool();\n"
	const mysql = "const mysql = require('mysql');\nconst conn = mysql.createConnection({});\n"
	runFixes(t, SQLTemplateInjection, []fixCase{
		{name: "pg quoted value", src: pg + "app.post('/l', (req, res) => pool.query(`SELECT * FROM users WHERE email = '${req.body.email}' AND active = ${req.body.active}`));\n",
			want: pg + "app.post('/l', (req, res) => pool.query(`SELECT * FROM users WHERE email = $1 AND active = $2`, [req.body.email, req.body.active]));\n"},
		{name: "mysql before the callback", src: mysql + "conn.query(`SELECT * FROM t WHERE id = ${id}`, (err, rows) => done(rows));\n",
			want: mysql + "conn.query(`SELECT * FROM t WHERE id = ?`, [id], (err, rows) => done(rows));\n"},
		{name: "insert values", src: pg + "pool.query(`INSERT INTO t (a, b) VALUES (${a}, '${b}')`);\n",
			want: pg + "pool.query(`INSERT INTO t (a, b) VALUES ($1, $2)`, [a, b]);\n"},
	})
}

func TestSQLTemplateInjectionNoUnsafeFix(t *testing.T) {
	const pg = "const { Pool } = require('pg');\nconst pool = new Pool();\n"
	for _, src := range []string{
		pg + "pool.query(`SELECT * FROM ${table}`);",
		pg + "pool.query(`SELECT * FROM t WHERE name LIKE '%${q}%'`);",
		pg + "pool.query(`SELECT * FROM t WHERE id IN (${ids})`);",
		pg + "pool.query('SELECT * FROM t WHERE id = ' + id);",
	} {
		findings, _ := check(t, SQLTemplateInjection, "", "", src)
		if len(findings) != 1 || findings[0].Fix != nil {
			t.Errorf("want one finding without a fix for %q, got %+v", src, findings)
		}
	}
}

// TestSQLTemplateInjectionGate: SQLTemplateInjection runs only in files that import a
// client it knows, or that call query, execute or raw in a package that depends on a
// SQL driver and have a literal whose text starts like SQL: a client renamed and
// called by a quoted method, or a receiver of unknown kind in such a package with a
// query that opens after blanks and a parenthesis or whose verb a substitution
// follows, is still checked; the same call outside such a package, a comment that says
// SQL, a query that opens with an escape or a substitution, or a literal that is a
// verb alone or prose that opens with one ('Delete all sessions'), is not: the
// literals are read as SQL grammar (analysis.OpensStatement).
func TestSQLTemplateInjectionGate(t *testing.T) {
	checkGates(t, SQLTemplateInjection, []gateCase{
		{name: "a renamed pg Pool called by a quoted method", reported: `const { Pool: P } = require('pg');
const db = new P();
const app = require('express')();
app.get('/u', (req, res) => db['query'](` + "`SELECT * FROM users WHERE id = ${req.query.id}`" + `));
`, skipped: `// Builds SQL-like search strings, as mysql would.
const search = require('./search');
const app = require('express')();
app.get('/s', (req, res) => search.query(` + "`SELECT * FROM docs WHERE q = ${req.query.q}`" + `));
`},
		{name: "an unknown receiver in a package that depends on a driver", pkg: `{"dependencies":{"pg-promise":"11.5.0"}}`, reported: `const db = require('./db');
async function find(id) { return db.query('SELECT * FROM t WHERE id = ' + id); }
module.exports = find;
`, skipped: `const db = require('./db');
async function find(id) { return db.one('SELECT * FROM t WHERE id = ' + id); }
module.exports = find;
`},
		{name: "a query passed by name, opening in a multi-line template after a parenthesis", pkg: `{"dependencies":{"pg-promise":"11.5.0"}}`, reported: `const db = require('./db');
async function find(id) {
  let sql = ` + "`\n    (SELECT * FROM t WHERE id = ${id})`" + `;
  sql += ' LIMIT 1';
  return db.query(sql);
}
module.exports = find;
`, skipped: `const db = require('./db');
async function find(id) {
  const sql = '\n    SELECT * FROM t WHERE id = ' + id; // the escape, as written, is no blank
  return db.query(sql + ' -- select');
}
module.exports = find;
`},
		{name: "an unknown receiver in TypeScript, a CTE in lower case", file: "stats.ts", pkg: `{"dependencies":{"mysql2":"3.9.0"}}`, reported: `import { db } from './db';
export const recent = (id: string) => db.execute(` + "`with r as (select * from t) select * from r where id = ${id}`" + `);
`, skipped: `import { db } from './db';
export const recent = (select: string, id: string) => db.execute(` + "`${select} FROM t WHERE id = ${id}`" + `);
`},
		{name: "a verb alone names an action, a verb before a substitution opens a statement", pkg: `{"dependencies":{"pg":"8.11.0"}}`, reported: `const db = require('./db');
exports.list = (distinct, id) => db.query(` + "`select${distinct ? ' distinct' : ''} * from t where id = ${id}`" + `);
`, skipped: `const db = require('./db');
exports.mark = (id) => db.query('update' + ' t SET seen = 1 WHERE id = ' + id);
`},
		{name: "a template opening with CRLF, a tab and a spaced parenthesis; two parentheses open no statement", pkg: `{"dependencies":{"pg":"8.11.0"}}`,
			reported: "const db = require('./db');\r\nexports.find = (id) => db.query(`\r\n\t(  SELECT * FROM t WHERE id = ${id})`);\r\n",
			skipped:  "const db = require('./db');\r\nexports.find = (id) => db.query(`\r\n\t((SELECT * FROM t WHERE id = ${id}))`);\r\n"},
		{name: "SQL read as grammar: a concatenated UPDATE's table, prose that opens with a verb is no statement", pkg: `{"dependencies":{"pg":"8.11.0"}}`, reported: `const db = require('./db');
exports.mark = (table, id) => db.query('UPDATE ' + table + ' SET seen = 1 WHERE id = ' + id);
`, skipped: `const api = require('./api');
exports.log = (id, name) => {
  api.query(` + "`Create new client: ${id}`" + `);
  api.query('Delete all sessions of ' + name);
  api.query('Update operation schema ' + id);
  api.execute('Delete ' + name);
};
`},
		{name: "SQL read as grammar in TypeScript: lower case over lines after a comment, prose joined by with", file: "find.ts", pkg: `{"dependencies":{"mysql2":"3.9.0"}}`, reported: `import { db } from './db';
export const find = (id: string) => db.execute(` + "`\n  /* by id */ select *\n  from t where id = ${id}`" + `);
`, skipped: `import { api } from './api';
export const mail = (user: string, app: string) => api.query('Hi ' + user + ' with ' + app);
export const pick = (name: string) => api.query('Select a file: ' + name);
`},
		{name: "SQL read as grammar: DELETE FROM a substitution after a line comment, a CTE in TypeScript", file: "purge.ts", pkg: `{"dependencies":{"pg":"8.11.0"}}`, reported: `import { db } from './db';
export const purge = (t: string) => db.query(` + "`-- purge\nDELETE FROM ${t}`" + `);
export const recent = (id: string) => db.query(` + "`WITH r AS (SELECT * FROM t) SELECT * FROM r WHERE id = ${id}`" + `);
`, skipped: `import { api } from './api';
export const purge = (t: string) => api.query(` + "`Delete everything in ${t}`" + `);
export const grant = (u: string) => api.query('Grant ' + u);
`},
		{name: "knex in TypeScript", file: "users.ts", reported: `import knex from 'knex';
const db = knex({ client: 'pg' });
export const byName = (name: string) => db.raw(` + "`select * from users where name = '${name}'`" + `);
`, skipped: `import { Client } from '@elastic/elasticsearch';
const es = new Client({});
export const byUser = (u: string) => es.sql.query({ query: ` + "`SELECT * FROM logs WHERE user = '${u}'`" + ` });
`},
	})
}
