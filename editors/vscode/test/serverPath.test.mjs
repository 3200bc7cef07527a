// Unit tests of how the extension finds the nodecoach binary (out/serverPath.js, built by
// `npm run compile`). Run: node --test test/serverPath.test.mjs
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { resolveServer, expandPath, platformDir, bundledBinary, ServerNotFoundError } = require('../out/serverPath.js');

const dirs = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmp() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nodecoach-vscode-'));
  dirs.push(d);
  return d;
}

function exe(file, mode = 0o755) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, mode);
  return file;
}

function withPath(value, fn) {
  const saved = process.env.PATH;
  process.env.PATH = value;
  try {
    return fn();
  } finally {
    process.env.PATH = saved;
  }
}

test('the nodecoach.path setting wins over the bundled binary and PATH', () => {
  const dir = tmp();
  const configured = exe(path.join(dir, 'custom', 'nodecoach'));
  exe(path.join(dir, 'ext', 'bin', platformDir(), 'nodecoach'));
  const got = resolveServer({ setting: configured, extensionPath: path.join(dir, 'ext') });
  assert.deepEqual(got, { command: configured, source: 'setting' });
});

test('a relative nodecoach.path is resolved against the workspace folder', () => {
  const dir = tmp();
  const configured = exe(path.join(dir, 'tools', 'nodecoach'));
  const got = resolveServer({ setting: 'tools/nodecoach', extensionPath: path.join(dir, 'ext'), workspaceFolder: dir });
  assert.equal(got.command, configured);
  assert.equal(expandPath('~/x', undefined), path.join(os.homedir(), 'x'));
  assert.equal(expandPath('${workspaceFolder}/bin/nodecoach', dir), path.join(dir, 'bin', 'nodecoach'));
});

test('a nodecoach.path that is not executable is an error naming the setting, not a silent fallback', () => {
  const dir = tmp();
  exe(path.join(dir, 'ext', 'bin', platformDir(), 'nodecoach'));
  assert.throws(
    () => resolveServer({ setting: path.join(dir, 'missing'), extensionPath: path.join(dir, 'ext') }),
    (err) => err instanceof ServerNotFoundError && /nodecoach\.path is set to/.test(err.message),
  );
});

test('the bundled binary comes before PATH, and gets its executable bit back', () => {
  const dir = tmp();
  const bundled = exe(path.join(dir, 'ext', 'bin', platformDir(), 'nodecoach'), 0o644);
  const onPath = exe(path.join(dir, 'path', 'nodecoach'));
  const got = withPath(path.dirname(onPath), () => resolveServer({ setting: '', extensionPath: path.join(dir, 'ext') }));
  assert.deepEqual(got, { command: bundled, source: 'bundled' });
  assert.ok(fs.statSync(bundled).mode & 0o100);
});

test('PATH is the last resort', () => {
  const dir = tmp();
  const onPath = exe(path.join(dir, 'path', 'nodecoach'));
  const got = withPath(['', path.join(dir, 'nowhere'), path.dirname(onPath)].join(path.delimiter), () =>
    resolveServer({ setting: '  ', extensionPath: path.join(dir, 'ext') }),
  );
  assert.deepEqual(got, { command: onPath, source: 'PATH' });
});

test('with no binary anywhere the error says how to fix it', () => {
  const dir = tmp();
  assert.throws(
    () => withPath(path.join(dir, 'nowhere'), () => resolveServer({ setting: '', extensionPath: path.join(dir, 'ext') })),
    (err) => err instanceof ServerNotFoundError && /Set "nodecoach\.path"/.test(err.message) && /make build/.test(err.message),
  );
});

test('each per-platform VSIX layout is where the lookup looks: bin/<target>/nodecoach, .exe on win32', () => {
  // The targets `make vsix-all` packages (vsce --target names), plus the macOS ones the
  // release workflow builds.
  const cases = [
    ['linux', 'x64', 'linux-x64', 'nodecoach'],
    ['linux', 'arm64', 'linux-arm64', 'nodecoach'],
    ['win32', 'x64', 'win32-x64', 'nodecoach.exe'],
    ['darwin', 'x64', 'darwin-x64', 'nodecoach'],
    ['darwin', 'arm64', 'darwin-arm64', 'nodecoach'],
  ];
  for (const [platform, arch, target, exe] of cases) {
    assert.equal(bundledBinary(path.join('ext'), platform, arch), path.join('ext', 'bin', target, exe), `${platform}/${arch}`);
  }
  assert.equal(bundledBinary('ext'), path.join('ext', 'bin', platformDir(), process.platform === 'win32' ? 'nodecoach.exe' : 'nodecoach'));
});

test("another platform's bundled binary is not used: the lookup goes on to PATH", () => {
  const dir = tmp();
  const other = process.platform === 'win32' ? ['linux', 'x64'] : ['win32', process.arch];
  exe(bundledBinary(path.join(dir, 'ext'), ...other));
  exe(path.join(dir, 'ext', 'bin', `${process.platform}-${process.arch === 'x64' ? 'arm64' : 'x64'}`, 'nodecoach'));
  const onPath = exe(path.join(dir, 'path', 'nodecoach'));
  const got = withPath(path.dirname(onPath), () => resolveServer({ setting: '', extensionPath: path.join(dir, 'ext') }));
  assert.deepEqual(got, { command: onPath, source: 'PATH' });
});
