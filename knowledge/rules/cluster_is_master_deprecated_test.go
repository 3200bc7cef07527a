package rules

import "testing"

func TestClusterIsMasterDeprecated(t *testing.T) {
	runCases(t, ClusterIsMasterDeprecated, []ruleCase{
		{name: "catalog positive", src: `const cluster = require('cluster');
if (cluster.isMaster) { for (let i = 0; i < 4; i++) cluster.fork(); }`, want: []string{"hint: isMaster"}},
		{name: "setupMaster and node: prefix", file: "a.mjs", src: `import cluster from 'node:cluster';
cluster.setupMaster({ exec: 'worker.js' });`, want: []string{"hint: setupMaster"}},
		{name: "named imports", file: "a.ts", src: `import { isMaster, setupMaster as sm } from 'cluster';
if (isMaster) sm({});`, want: []string{"hint: isMaster", "hint: setupMaster"}},
		{name: "destructured require", src: `const { isMaster, setupMaster: setup } = require('node:cluster');`, want: []string{"hint: isMaster", "hint: setupMaster"}},
		{name: "inline require and optional chain", src: `if (require('cluster').isMaster || cluster?.isMaster) {}
const cluster = require('cluster');`, want: []string{"hint: isMaster", "hint: isMaster"}},
		{name: "catalog negative isPrimary", src: `const cluster = require('cluster'); if (cluster.isPrimary) { cluster.setupPrimary({}); }`},
		{name: "mongodb isMaster command", src: `const { MongoClient } = require('mongodb');
const r = await client.db('admin').command({ isMaster: 1 }); if (r.isMaster) {}`},
		{name: "socket.io sticky setupMaster", src: `const { setupMaster } = require('@socket.io/sticky');
setupMaster(httpServer, { loadBalancingMethod: 'least-connection' });`},
		{name: "custom config object", src: `const config = { isMaster: true }; if (config.isMaster) {}`},
		{name: "shadowed cluster", src: `const cluster = require('cluster'); function f(cluster) { return cluster.isMaster; }`},
		{name: "string and comment", src: `const cluster = require('cluster'); // cluster.isMaster
log('cluster.isMaster');`},
	})
}

func TestClusterIsMasterDeprecatedTag(t *testing.T) {
	findings, _ := check(t, ClusterIsMasterDeprecated, "", "", "const cluster = require('cluster'); cluster.isMaster;")
	if len(findings) != 1 || !findings[0].Deprecated {
		t.Fatalf("want one finding tagged Deprecated, got %+v", findings)
	}
}

func TestClusterIsMasterDeprecatedFixes(t *testing.T) {
	runFixes(t, ClusterIsMasterDeprecated, []fixCase{
		{name: "member renamed", src: "const cluster = require('cluster');\nif (cluster.isMaster) cluster.fork();\n",
			want: "const cluster = require('cluster');\nif (cluster.isPrimary) cluster.fork();\n"},
		{name: "setupMaster renamed on new engines", pkg: `{"engines":{"node":">=18"}}`, src: "const cluster = require('cluster');\ncluster.setupMaster({ exec: 'w.js' });\n",
			want: "const cluster = require('cluster');\ncluster.setupPrimary({ exec: 'w.js' });\n"},
		{name: "old engines keep a fallback", pkg: `{"engines":{"node":">=14.17"}}`, src: "const cluster = require('cluster');\nif (cluster.isMaster) cluster.fork();\n",
			want: "const cluster = require('cluster');\nif ((cluster.isPrimary ?? cluster.isMaster)) cluster.fork();\n"},
		{name: "very old engines use ||", pkg: `{"engines":{"node":">=12"}}`, src: "const c = require('cluster');\nconst primary = c.isMaster;\n",
			want: "const c = require('cluster');\nconst primary = (c.isPrimary || c.isMaster);\n"},
		{name: "import keeps its local name", file: "a.mjs", src: "import { isMaster } from 'node:cluster';\nif (isMaster) start();\n",
			want: "import { isPrimary as isMaster } from 'node:cluster';\nif (isMaster) start();\n"},
		{name: "aliased import", file: "a.ts", src: "import { setupMaster as sm } from 'cluster';\nsm({});\n",
			want: "import { setupPrimary as sm } from 'cluster';\nsm({});\n"},
		{name: "destructuring keeps its local name", src: "const { isMaster } = require('cluster');\nif (isMaster) start();\n",
			want: "const { isPrimary: isMaster } = require('cluster');\nif (isMaster) start();\n"},
	})
}

func TestClusterIsMasterDeprecatedNoFixOnOldEngines(t *testing.T) {
	findings, _ := check(t, ClusterIsMasterDeprecated, "", `{"engines":{"node":">=14"}}`, "const cluster = require('cluster');\ncluster.setupMaster({});\nconst { isMaster } = require('cluster');\n")
	if len(findings) != 2 || findings[0].Fix != nil || findings[1].Fix != nil {
		t.Fatalf("want two findings without fixes, got %+v", findings)
	}
}

// TestClusterIsMasterGate: the rule runs only in files that import cluster and spell
// isMaster or setupMaster.
func TestClusterIsMasterGate(t *testing.T) {
	runGates(t, ClusterIsMasterDeprecated, []fileGate{
		{"a renamed import specifier", "main.ts", "",
			"import { isMaster as primary } from 'node:cluster';\nif (primary) start();\n", true},
		{"a key destructured from a template literal require", "main.js", "",
			"const { setupMaster: setup } = require(`cluster`);\nsetup({ exec: 'worker.js' });\n", true},
		{"cluster imported, the new names", "main.js", "",
			"const cluster = require('cluster');\nif (cluster.isPrimary) cluster.setupPrimary({ exec: 'worker.js' });\n", false},
		{"isMaster of a database, no cluster import", "db.js", "",
			"// each member of the cluster answers isMaster\nmodule.exports = (admin) => admin.command({ isMaster: 1 });\n", false},
	})
}
