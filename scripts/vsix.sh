#!/usr/bin/env bash
# vsix.sh: one VS Code extension package per target, each holding only that target's
# binary (bin/<target>/nodecoach, nodecoach.exe on win32), from the builds of
# scripts/dist.sh, into $DIST/vscode/nodecoach-<target>-<version>.vsix. A target whose
# build is missing is built first. The extension itself is bundled by esbuild (the
# package's vscode:prepublish script), so the VSIX holds no node_modules.
#
#   scripts/vsix.sh [TARGET...]   # default: linux-x64 linux-arm64 win32-x64
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
DIST=${DIST:-dist}
case $DIST in /*) ;; *) DIST=$repo/$DIST ;; esac
ext=editors/vscode
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux-x64 linux-arm64 win32-x64)
version=$(node -p 'require("./'$ext'/package.json").version')

[ -f "$ext/node_modules/.package-lock.json" ] || (cd "$ext" && npm ci --no-audit --no-fund)
mkdir -p "$DIST/vscode"
for target in "${targets[@]}"; do
	case $target in
	win32-*) exe=nodecoach.exe ;;
	linux-* | darwin-*) exe=nodecoach ;;
	*) echo "vsix: unknown target $target" >&2; exit 2 ;;
	esac
	built=$DIST/nodecoach-$target/$exe
	[ -f "$built" ] || DIST=$DIST bash scripts/dist.sh "$target"
	# bin/ holds this target's binary alone: a leftover of another target would ship too.
	rm -rf "${ext:?}/bin"
	mkdir -p "$ext/bin/$target"
	cp "$built" "$ext/bin/$target/$exe"
	chmod 755 "$ext/bin/$target/$exe"
	out=$DIST/vscode/nodecoach-$target-$version.vsix
	echo "vsix: $target -> $out" >&2
	(cd "$ext" && npx vsce package --no-dependencies --target "$target" --skip-license --allow-missing-repository --out "$out")
done
rm -rf "${ext:?}/bin"
