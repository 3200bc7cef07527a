#!/usr/bin/env node
// The nodecoach command: it runs the native binary of this platform, which npm
// installed from the matching optional dependency (@nodecoach/<platform>-<arch>),
// with the same arguments, standard streams and exit code.
'use strict';

const { spawnSync } = require('node:child_process');

const target = `${process.platform}-${process.arch}`;
const exe = process.platform === 'win32' ? 'nodecoach.exe' : 'nodecoach';

function binary() {
  try {
    return require.resolve(`@nodecoach/${target}/bin/${exe}`);
  } catch {
    process.stderr.write(
      `nodecoach: no binary for ${target}: the package @nodecoach/${target} is not installed.\n` +
        'nodecoach ships for darwin-arm64, darwin-x64, linux-arm64, linux-x64 and win32-x64. ' +
        'If yours is one of them, reinstall without --omit=optional or --no-optional.\n',
    );
    process.exit(2);
  }
}

// stdio is inherited, not piped: the language server speaks LSP on these very
// streams, and check's output keeps its colours on a terminal.
const run = spawnSync(binary(), process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (run.error) {
  process.stderr.write(`nodecoach: cannot run the binary: ${run.error.message}\n`);
  process.exit(2);
}
if (run.signal) {
  process.kill(process.pid, run.signal); // end as the binary did
}
process.exit(run.status ?? 2);
