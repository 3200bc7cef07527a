package rules

import "testing"

func TestBullProcessorNotAwaited(t *testing.T) {
	const bull = "const Queue = require('bull');\nconst emailQueue = new Queue('email');\n"
	runCases(t, BullProcessorNotAwaited, []ruleCase{
		{name: "seed processor", src: bull + "emailQueue.process(job => {\n  sendEmail(job.data.email);\n});", want: []string{"warning: sendEmail(job.data.email)"}},
		{name: "named processor with concurrency", src: bull + "emailQueue.process('welcome', 5, function (job) {\n  console.log('sending');\n  mailer.send(job.data);\n});", want: []string{"warning: mailer.send(job.data)"}},
		{name: "async fire and forget", src: bull + "async function sendEmail(to) {}\nemailQueue.process(async (job) => {\n  sendEmail(job.data.to);\n  await job.progress(100);\n});", want: []string{"warning: sendEmail(job.data.to)"}},
		{name: "then chain", src: bull + "emailQueue.process(async (job) => {\n  mailer.send(job.data).then(() => log('ok'));\n});", want: []string{"warning: mailer.send(job.data).then(() => log('ok'))"}},
		{name: "bullmq worker in TS", file: "worker.ts", src: "import { Worker } from 'bullmq';\nnew Worker('email', (job) => {\n  sendEmail(job.data);\n}, { connection });", want: []string{"warning: sendEmail(job.data)"}},
		{name: "bee-queue", src: "const Queue = require('bee-queue');\nconst q = new Queue('x');\nq.process((job) => { work(job.data); });", want: []string{"warning: work(job.data)"}},
		{name: "same-file processor function", src: bull + "function handle(job) { resize(job.data.path); }\nemailQueue.process(handle);", want: []string{"warning: resize(job.data.path)"}},

		{name: "callback style", src: bull + "emailQueue.process((job, done) => { sendEmail(job.data).then(() => done(), done); });"},
		{name: "awaited", src: bull + "emailQueue.process(async (job) => { await sendEmail(job.data); });"},
		{name: "concise body", src: bull + "emailQueue.process(job => sendEmail(job.data));"},
		{name: "returns the promise", src: bull + "emailQueue.process(job => { return sendEmail(job.data); });"},
		{name: "only logging", src: bull + "emailQueue.process(job => { console.log(job.id); });"},
		{name: "async calling an unknown function", src: bull + "emailQueue.process(async (job) => { notify(job.id); await save(job); });"},
		{name: "not a queue", src: "const proc = require('child_process');\nprocess.on('exit', (code) => { cleanup(); });\nworker.process(job => { run(job); });"},
	})
}

func TestBullProcessorNotAwaitedFixes(t *testing.T) {
	const bull = "const Queue = require('bull');\nconst q = new Queue('email');\n"
	runFixes(t, BullProcessorNotAwaited, []fixCase{
		{name: "return the last call", src: bull + "q.process(job => {\n  sendEmail(job.data.email);\n});\n",
			want: bull + "q.process(job => {\n  return sendEmail(job.data.email);\n});\n"},
		{name: "async and await", src: bull + "q.process(function (job) {\n  resize(job.data);\n  upload(job.data);\n  console.log('done');\n});\n",
			want: bull + "q.process(async function (job) {\n  await resize(job.data);\n  await upload(job.data);\n  console.log('done');\n});\n"},
		{name: "await the floating promise", src: bull + "async function send() {}\nq.process(async (job) => {\n  send(job.data);\n});\n",
			want: bull + "async function send() {}\nq.process(async (job) => {\n  await send(job.data);\n});\n"},
	})
}

// TestBullProcessorNotAwaitedGate: BullProcessorNotAwaited runs only in files that
// import a queue module it knows: a renamed bullmq Worker and a default-imported Bull
// queue in TypeScript are still read; a queue library's own Worker, imported by path,
// is not.
func TestBullProcessorNotAwaitedGate(t *testing.T) {
	checkGates(t, BullProcessorNotAwaited, []gateCase{
		{name: "a renamed bullmq Worker", reported: `const { Worker: W } = require('bullmq');
new W('mail', (job) => { send(job.data); });
`, skipped: `// A bullmq-style worker of this library.
const { Worker } = require('./worker');
new Worker('mail', (job) => { send(job.data); });
`},
		{name: "a Bull queue in TypeScript", file: "jobs.ts", reported: `import Queue from "bull";
const q = new Queue('mail');
q.process((job) => { send(job.data); });
`, skipped: `import { Queue } from './bull-like';
const q = new Queue('mail');
q.process((job) => { send(job.data); });
`},
	})
}
