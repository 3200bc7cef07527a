package rules

import "testing"

func TestPromMetricsNotAwaited(t *testing.T) {
	const head = "const client = require('prom-client');\nconst app = require('express')();\n"
	const v15 = `{"name":"a","dependencies":{"prom-client":"^15.1.0"}}`
	const v12 = `{"name":"a","dependencies":{"prom-client":"^12.0.0"}}`
	runCases(t, PromMetricsNotAwaited, []ruleCase{
		{name: "sent", pkg: v15, src: head + "app.get('/metrics', (req, res) => {\n  res.set('Content-Type', client.register.contentType);\n  res.end(client.register.metrics());\n});",
			want: []string{"error: client.register.metrics"}},
		{name: "unknown version is a warning", src: head + "app.get('/metrics', (req, res) => res.send(client.register.metrics()));", want: []string{"warning: client.register.metrics"}},
		{name: "stored", pkg: v15, src: "import { register } from 'prom-client';\napp.get('/m', (req, res) => {\n  const body = register.metrics();\n  res.end(body);\n});", want: []string{"error: register.metrics"}},
		{name: "concatenated registry", pkg: v15, file: "m.ts", src: "import { Registry } from 'prom-client';\nconst reg = new Registry();\nexport const dump = () => 'x' + reg.getMetricsAsJSON();", want: []string{"error: reg.getMetricsAsJSON"}},
		{name: "aggregator", pkg: v15, src: "const { AggregatorRegistry } = require('prom-client');\nconst agg = new AggregatorRegistry();\napp.get('/cluster_metrics', (req, res) => { res.send(agg.clusterMetrics()); });", want: []string{"error: agg.clusterMetrics"}},

		{name: "awaited", pkg: v15, src: head + "app.get('/metrics', async (req, res) => res.end(await client.register.metrics()));"},
		{name: "then", pkg: v15, src: head + "app.get('/metrics', (req, res) => { client.register.metrics().then((m) => res.end(m)); });"},
		{name: "returned", pkg: v15, src: head + "function collect() { return client.register.metrics(); }"},
		{name: "stored then awaited", pkg: v15, src: head + "async function f() { const p = client.register.metrics(); return await p; }"},
		{name: "prom-client 12 is synchronous", pkg: v12, src: head + "app.get('/metrics', (req, res) => res.end(client.register.metrics()));"},
		{name: "getMetricsAsArray is synchronous", pkg: v15, src: head + "const all = client.register.getMetricsAsArray();"},
		{name: "other metrics", pkg: v15, src: "const stats = require('./stats');\napp.get('/m', (req, res) => res.send(stats.metrics()));"},
	})
}

func TestPromMetricsNotAwaitedFixes(t *testing.T) {
	const head = "const client = require('prom-client');\nconst app = require('express')();\n"
	const v15 = `{"name":"a","dependencies":{"prom-client":"^15.1.0"}}`
	runFixes(t, PromMetricsNotAwaited, []fixCase{
		{name: "makes the handler async", pkg: v15, src: head + "app.get('/metrics', (req, res) => {\n  res.end(client.register.metrics());\n});\n",
			want: head + "app.get('/metrics', async (req, res) => {\n  res.end(await client.register.metrics());\n});\n"},
		{name: "already async", pkg: v15, src: head + "async function dump() { const text = client.register.metrics(); console.log(text); }\n",
			want: head + "async function dump() { const text = await client.register.metrics(); console.log(text); }\n"},
	})
}
