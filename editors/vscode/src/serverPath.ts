// Finding the nodecoach executable: the nodecoach.path setting, else the binary bundled
// in the extension (bin/<platform>-<arch>/), else nodecoach on PATH.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'PATH';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

/** Thrown when no usable executable is found; the message says how to fix it. */
export class ServerNotFoundError extends Error {}

function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'nodecoach.exe' : 'nodecoach';
}

const exe = exeName(process.platform);

/** The folder name a platform-specific VSIX uses for its binary, e.g. linux-x64. */
export function platformDir(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

/**
 * Where the VSIX for a platform holds its binary: bin/<platform>-<arch>/nodecoach, with
 * .exe on Windows (the layout `vsce package --target` is given by the build).
 */
export function bundledBinary(
  extensionPath: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  return path.join(extensionPath, 'bin', platformDir(platform, arch), exeName(platform));
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Expands ~ and makes a relative path absolute against the first workspace folder. */
export function expandPath(p: string, workspaceFolder: string | undefined): string {
  let out = p.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (workspaceFolder) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (!path.isAbsolute(out)) {
    out = path.resolve(workspaceFolder ?? process.cwd(), out);
  }
  return out;
}

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') {
      continue;
    }
    const candidate = path.join(dir, exe);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

export interface ResolveOptions {
  /** The nodecoach.path setting, possibly empty. */
  setting: string;
  /** The extension's install folder. */
  extensionPath: string;
  workspaceFolder?: string;
}

export function resolveServer(opts: ResolveOptions): ResolvedServer {
  if (opts.setting.trim() !== '') {
    const file = expandPath(opts.setting, opts.workspaceFolder);
    if (!isExecutable(file)) {
      throw new ServerNotFoundError(
        `nodecoach.path is set to "${opts.setting}", but ${file} is not an executable file. ` +
          'Fix the setting, or clear it to use the bundled binary or nodecoach from PATH.',
      );
    }
    return { command: file, source: 'setting' };
  }

  const bundled = bundledBinary(opts.extensionPath);
  if (fs.existsSync(bundled)) {
    if (!isExecutable(bundled) && process.platform !== 'win32') {
      // A VSIX unpacked by a tool that drops file modes: restore the executable bit.
      try {
        fs.chmodSync(bundled, 0o755);
      } catch {
        // fall through to PATH
      }
    }
    if (isExecutable(bundled)) {
      return { command: bundled, source: 'bundled' };
    }
  }

  const fromPath = onPath();
  if (fromPath) {
    return { command: fromPath, source: 'PATH' };
  }

  throw new ServerNotFoundError(
    `The nodecoach language server was not found: this extension has no bundled binary for ${platformDir()} ` +
      'and there is no nodecoach on PATH. Set "nodecoach.path" to the nodecoach executable, ' +
      'or install nodecoach on PATH (in the nodecoach repository, `make build` builds bin/nodecoach), ' +
      'or install the VSIX built by `make vsix`, which bundles it.',
  );
}
