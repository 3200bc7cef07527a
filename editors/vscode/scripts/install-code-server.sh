#!/usr/bin/env bash
# Installs code-server (a real VS Code 1.100.3 build) and playwright-core into
# editors/vscode/.vscode-test/code-server-$VERSION. A plain `npm install code-server` fails
# here, so its install scripts are skipped and the native modules rebuilt by hand. Reuses
# the install when its marker file is there. Needs Node 20, npm, and Debian's chromium,
# ripgrep and native build tools (installed here when run as root).
set -euo pipefail

VERSION=4.100.3
PLAYWRIGHT_CORE=1.65.1
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="${CODE_SERVER_DIR:-$here/.vscode-test/code-server-$VERSION}"
marker="$dest/.installed"

if [ -f "$marker" ]; then
  echo "code-server $VERSION already installed in $dest"
  exit 0
fi

# Debian packages: chromium to drive the UI, ripgrep for VS Code's search, and the
# headers that VS Code's native modules (node-pty, kerberos, native-keymap…) build against.
apt_pkgs=(chromium ripgrep build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get install -y ${apt_pkgs[*]}" >&2
    exit 2
  fi
fi

start=$SECONDS
rm -rf "$dest"
mkdir -p "$dest"
cd "$dest"
echo '{"name":"nodecoach-vscode-test-host","private":true}' > package.json

# A plain `npm install code-server` runs its postinstall, which fails here: install the
# packed tarball without scripts, then build only what is needed.
npm pack --silent "code-server@$VERSION" >/dev/null
npm install --silent --no-audit --no-fund --ignore-scripts "./code-server-$VERSION.tgz" "playwright-core@$PLAYWRIGHT_CORE"
npm_config_yes=true npm rebuild --silent argon2
rm -f "code-server-$VERSION.tgz"

cd node_modules/code-server/lib/vscode
npm install --silent --no-audit --no-fund --omit=dev --ignore-scripts
mkdir -p node_modules/@vscode/ripgrep/bin
cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild --silent
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --silent --no-audit --no-fund --omit=dev)

touch "$marker"
echo "code-server $VERSION installed in $dest in $((SECONDS - start)) s"
