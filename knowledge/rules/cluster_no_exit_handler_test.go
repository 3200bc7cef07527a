package rules

import "testing"

func TestClusterNoExitHandler(t *testing.T) {
	runCases(t, ClusterNoExitHandler, []ruleCase{
		{name: "seed snippet", src: `const cluster = require('cluster');
const os = require('os');
if (cluster.isMaster) {
  os.cpus().forEach(() => cluster.fork());
} else {
  require('./server');
}`, want: []string{"information: cluster.fork"}},
		{name: "ESM for loop, first fork only", file: "a.mjs", src: `import cluster from 'node:cluster';
if (cluster.isPrimary) { for (let i = 0; i < 4; i++) cluster.fork(); cluster.fork({ ROLE: 'cron' }); }`, want: []string{"information: cluster.fork"}},
		{name: "process exit does not count", src: `const cluster = require('cluster');
cluster.fork();
process.on('exit', () => console.log('bye'));`, want: []string{"information: cluster.fork"}},
		{name: "catalog negative", src: `const cluster = require('cluster');
for (let i = 0; i < 4; i++) cluster.fork();
cluster.on('exit', (w, code, sig) => { if (!w.exitedAfterDisconnect) cluster.fork(); });`},
		{name: "worker exit listener", src: `const cluster = require('cluster');
const w = cluster.fork();
w.once('exit', restart);`},
		{name: "disconnect listener", file: "a.ts", src: `import * as cluster from 'cluster';
cluster.fork();
cluster.on('disconnect', (w) => log(w.id));`},
		{name: "cluster handed to another module", src: `const cluster = require('cluster');
const supervise = require('./supervise');
cluster.fork();
supervise(cluster);`},
		{name: "no fork: PM2 or throng", src: `const throng = require('throng');
throng({ workers: 4, start: () => require('./server') });`},
		{name: "child_process fork is not cluster", src: `const { fork } = require('child_process');
fork('worker.js');`},
		{name: "local fork", src: `const cluster = { fork() {} }; cluster.fork();`},
	})
}

func TestClusterNoExitHandlerFixes(t *testing.T) {
	runFixes(t, ClusterNoExitHandler, []fixCase{
		{name: "after the forEach inside the primary branch", src: `const cluster = require('cluster');
const os = require('os');
if (cluster.isMaster) {
  os.cpus().forEach(() => {
    cluster.fork();
  });
} else {
  require('./server');
}
`, want: `const cluster = require('cluster');
const os = require('os');
if (cluster.isMaster) {
  os.cpus().forEach(() => {
    cluster.fork();
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!worker.exitedAfterDisconnect) cluster.fork();
  });
} else {
  require('./server');
}
`},
		{name: "after a top-level loop", file: "a.ts", src: `import cluster from 'node:cluster';
for (let i = 0; i < 4; i++) {
  cluster.fork();
}
`, want: `import cluster from 'node:cluster';
for (let i = 0; i < 4; i++) {
  cluster.fork();
}
cluster.on('exit', (worker, code, signal) => {
  if (!worker.exitedAfterDisconnect) cluster.fork();
});
`},
		{name: "single fork statement", src: `const c = require('cluster');
function start() {
  const w = c.fork();
  return w;
}
`, want: `const c = require('cluster');
function start() {
  const w = c.fork();
  c.on('exit', (worker, code, signal) => {
    if (!worker.exitedAfterDisconnect) c.fork();
  });
  return w;
}
`},
	})
}

// TestClusterNoExitHandlerGate: the rule runs only in files that import cluster and
// spell fork.
func TestClusterNoExitHandlerGate(t *testing.T) {
	runGates(t, ClusterNoExitHandler, []fileGate{
		{"a namespace import", "main.ts", "",
			"import * as c from 'node:cluster';\nif (c.isPrimary) { c['fork'](); } else { start(); }\n", true},
		{"cluster imported, nothing forked", "main.js", "",
			"const cluster = require('cluster');\nif (cluster.isWorker) start();\n", false},
		{"a child process forked, the word cluster in a comment", "main.js", "",
			"// one cluster of workers\nconst { fork } = require('child_process');\nfork('worker.js');\n", false},
	})
}
