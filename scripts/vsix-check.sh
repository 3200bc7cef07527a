#!/usr/bin/env bash
# vsix-check.sh VSIX...: fails unless each VS Code package holds what runs and nothing
# else: the manifest, package.json, the esbuild bundle, and exactly one nodecoach
# binary, in bin/<target>/ for the target its manifest names, built for that target's
# OS and CPU (read by file(1)); no node_modules, sources, tests or compiled-but-unbundled
# output.
set -euo pipefail

[ $# -gt 0 ] || { echo "vsix-check: no VSIX given" >&2; exit 2; }
command -v unzip >/dev/null || { echo "vsix-check: unzip is missing (Debian: apt-get install unzip)" >&2; exit 1; }
command -v file >/dev/null || { echo "vsix-check: file is missing (Debian: apt-get install file)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() { echo "vsix-check: $vsix: $*" >&2; exit 1; }

for vsix in "$@"; do
	[ -f "$vsix" ] || { echo "vsix-check: no $vsix" >&2; exit 1; }
	unzip -Z1 "$vsix" >"$work/files"
	target=$(unzip -p "$vsix" extension.vsixmanifest | sed -n 's/.*TargetPlatform="\([^"]*\)".*/\1/p' | head -1)
	[ -n "$target" ] || fail "its manifest names no target platform (vsce package --target)"
	case $target in
	win32-x64) exe=nodecoach.exe want='PE32\+ executable.*x86-64' ;;
	linux-x64) exe=nodecoach want='ELF 64-bit.*x86-64' ;;
	linux-arm64) exe=nodecoach want='ELF 64-bit.*aarch64' ;;
	darwin-x64) exe=nodecoach want='Mach-O 64-bit.*x86_64' ;;
	darwin-arm64) exe=nodecoach want='Mach-O 64-bit.*arm64' ;;
	*) fail "unknown target $target" ;;
	esac
	for need in extension.vsixmanifest extension/package.json extension/dist/extension.js "extension/bin/$target/$exe"; do
		grep -qx "$need" "$work/files" || fail "$need is missing"
	done
	binaries=$(grep '^extension/bin/.' "$work/files" | grep -vc '/$' || true)
	[ "$binaries" -eq 1 ] || fail "$binaries files under extension/bin/, want only bin/$target/$exe"
	if grep -E '(^|/)node_modules/|^extension/(src|test|out|scripts)/|\.ts$|\.map$|\.vsix$' "$work/files" >"$work/extra"; then
		fail "holds what does not run: $(head -3 "$work/extra" | tr '\n' ' ')"
	fi
	unzip -p "$vsix" "extension/bin/$target/$exe" >"$work/bin"
	kind=$(file -b "$work/bin")
	[[ $kind =~ $want ]] || fail "bin/$target/$exe is '$kind', not a $target binary"
	echo "vsix-check: $(basename "$vsix"): $target, $(wc -l <"$work/files") files, bin/$target/$exe ($(echo "$kind" | cut -d, -f1-2))"
done
