package rules

import "testing"

func TestNextTickRecursion(t *testing.T) {
	runCases(t, NextTickRecursion, []ruleCase{
		{name: "catalog positive", src: `function drain() {
  const job = queue.shift();
  if (job) run(job);
  process.nextTick(drain);
}`, want: []string{"warning: process.nextTick"}},
		{name: "conditional is information", src: `function drain() {
  run(queue.shift());
  if (queue.length) process.nextTick(drain);
}`, want: []string{"information: process.nextTick"}},
		{name: "inline callback calling itself", src: `const pump = () => { step(); process.nextTick(() => pump()); };`, want: []string{"warning: process.nextTick"}},
		{name: "queueMicrotask", src: `function loop() { work(); queueMicrotask(loop); }`, want: []string{"warning: queueMicrotask"}},
		{name: "imported nextTick", file: "a.mjs", src: `import { nextTick } from 'node:process';
function tick() { poll(); nextTick(tick); }`, want: []string{"warning: nextTick"}},
		{name: "method via this", file: "a.ts", src: `class Pump {
  flush(): void { this.write(); process.nextTick(() => this.flush()); }
}`, want: []string{"warning: process.nextTick"}},
		{name: "class field arrow and bind", src: `class Q { run = () => { step(); process.nextTick(this.run.bind(this)); } }
function again() { step(); process.nextTick(again.bind(null)); }`, want: []string{"warning: process.nextTick", "warning: process.nextTick"}},
		{name: "short-circuit is information", src: `function spin() { busy() && process.nextTick(spin); }`, want: []string{"information: process.nextTick"}},
		{name: "named callback in a top-level call", src: `const started = Date.now();
queue.on('job', function handle() { work(); process.nextTick(handle); });
log(started);`, want: []string{"warning: process.nextTick"}},
		{name: "catalog negative setImmediate", src: `function drain() { run(queue.shift()); if (queue.length) setImmediate(drain); }`},
		{name: "one-shot deferral", src: `function get(key, cb) { const v = cache.get(key); if (v) return process.nextTick(() => cb(null, v)); db.get(key, cb); }
class S extends EventEmitter { constructor() { super(); process.nextTick(() => this.emit('ready')); } }`},
		{name: "schedules a different function", src: `function a() { process.nextTick(b); }
function b() { process.nextTick(a); }`},
		{name: "recursion only in a nested callback", src: `function poll() { process.nextTick(() => fetchNext(() => poll())); }`},
		{name: "shadowed process", src: `function drain(process) { process.nextTick(drain); }`},
		{name: "local queueMicrotask", src: `const queueMicrotask = (f) => f; function loop() { queueMicrotask(loop); }`},
		{name: "same name in another scope", src: `function drain() { const drain = () => 1; process.nextTick(drain); }`},
		{name: "async function awaiting each round", src: `async function poll() { const jobs = await db.fetch(); jobs.forEach(run); process.nextTick(poll); }`},
		{name: "async function without await still recurses", src: `async function spin() { step(); process.nextTick(spin); }`, want: []string{"warning: process.nextTick"}},
		{name: "this.emit in a method named emit of another class", src: `class A { start() { process.nextTick(() => this.emit('x')); } }`},
	})
}

func TestNextTickRecursionFixes(t *testing.T) {
	runFixes(t, NextTickRecursion, []fixCase{
		{name: "nextTick becomes setImmediate", src: "function drain() {\n  run(queue.shift());\n  process.nextTick(drain);\n}\n",
			want: "function drain() {\n  run(queue.shift());\n  setImmediate(drain);\n}\n"},
		{name: "queueMicrotask too", src: "const loop = () => { work(); queueMicrotask(() => loop()); };\n",
			want: "const loop = () => { work(); setImmediate(() => loop()); };\n"},
	})
}
