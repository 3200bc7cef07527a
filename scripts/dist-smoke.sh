#!/usr/bin/env bash
# dist-smoke.sh: run each binary scripts/dist.sh built where this machine can:
# linux-x64 natively, linux-arm64 under qemu-user, win32-x64 under wine (whose Z: drive
# is /). Each must print its stamped version, find in testdata/express-js what the
# native build finds, and hold one LSP session (Windows URIs for the Windows binary).
# Then, when scripts/npm-pack.sh packed them, the npm packages are installed from
# their tarballs into an empty project, with no registry, and run through npx.
#
# qemu-user-static and wine come from Debian (apt-get install qemu-user-static wine64
# wine); a missing runner fails the run, naming the package.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
DIST=${DIST:-dist}
BIN=${BIN:-bin/nodecoach}
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
CACHE=${NODECOACH_DIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodecoach-dist}
sample=testdata/express-js
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

need() { command -v "$1" >/dev/null || { echo "dist-smoke: $1 is missing (Debian: apt-get install $2)" >&2; exit 1; }; }

# findings FILE: one line per finding of a check --format json report: file (with
# forward slashes), line, column, rule. The same findings make the same lines.
findings() {
	node -e '
		const all = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const lines = all.map((f) => `${f.file.replace(/\\/g, "/")}:${f.line}:${f.column} ${f.rule}`).sort();
		if (lines.length === 0) { console.error("no findings"); process.exit(1); }
		console.log(lines.join("\n"));
	' "$1"
}

# expect_check WANT_CODE CMD...: run CMD check --format json . in the sample and
# compare its findings with the native build's.
expect_check() {
	local want=$1 code=0
	shift
	(cd "$sample" && "$@" check --format json .) >"$work/got.json" || code=$?
	[ "$code" -eq "$want" ] || { echo "dist-smoke: check exited $code, want $want" >&2; exit 1; }
	findings "$work/got.json" >"$work/got.txt"
	diff -u "$work/want.txt" "$work/got.txt" || { echo "dist-smoke: findings differ from the native build's" >&2; exit 1; }
}

# absolute PATH: PATH as seen from the repository, for commands run elsewhere.
absolute() { [[ $1 == /* ]] && echo "$1" || echo "$repo/$1"; }

[ -x "$BIN" ] || { echo "dist-smoke: no $BIN (make build)" >&2; exit 1; }
code=0
(cd "$sample" && "$(absolute "$BIN")" check --format json .) >"$work/want.json" || code=$?
findings "$work/want.json" >"$work/want.txt"
echo "dist-smoke: the native build finds $(wc -l <"$work/want.txt") findings in $sample (exit $code)"

case "$(uname -s)-$(uname -m)" in
Linux-x86_64) host=linux-x64 ;;
Linux-aarch64) host=linux-arm64 ;;
Darwin-x86_64) host=darwin-x64 ;;
Darwin-arm64) host=darwin-arm64 ;;
*) host=unknown ;;
esac

ran=0
for dir in "$DIST"/nodecoach-*/; do
	target=${dir%/}
	target=${target##*/nodecoach-}
	lsp=()
	case $target in
	"$host") run=() ;;
	linux-arm64) need qemu-aarch64-static qemu-user-static; run=(qemu-aarch64-static) ;;
	win32-x64)
		need wine "wine64 wine"
		export WINEDEBUG=-all WINEPREFIX=$CACHE/wine
		mkdir -p "$WINEPREFIX"
		run=(wine) lsp=(--windows) ;;
	*) echo "dist-smoke: $target cannot run here; skipped" >&2; continue ;;
	esac
	exe=$(absolute "$(ls "$dir"nodecoach*)")
	echo "== $target: $(file -b "$exe" | cut -d, -f1-2)"
	got=$(${run[@]+"${run[@]}"} "$exe" version | tr -d '\r')
	[[ $got == *"$VERSION"* ]] || { echo "dist-smoke: $target version says '$got', want $VERSION" >&2; exit 1; }
	echo "version: $got"
	expect_check "$code" ${run[@]+"${run[@]}"} "$exe"
	echo "check: the same $(wc -l <"$work/got.txt") findings as the native build, exit $code"
	node scripts/lsp-smoke.mjs ${lsp[@]+"${lsp[@]}"} "$sample/src/app.js" -- ${run[@]+"${run[@]}"} "$exe"
	ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "dist-smoke: nothing in $DIST (make dist)" >&2; exit 1; }

# The npm packages, as a user installs them: the launcher and this platform's binary.
shopt -s nullglob
launcher=("$DIST"/npm/nodecoach-[0-9]*.tgz)
platform=("$DIST"/npm/nodecoach-linux-x64-*.tgz)
if [ ${#launcher[@]} -eq 0 ] || [ ${#platform[@]} -eq 0 ]; then
	echo "dist-smoke: no npm tarballs in $DIST/npm (make npm-pack); npm not tested" >&2
	exit 0
fi
echo "== npm: $(basename "${launcher[0]}") $(basename "${platform[0]}")"
project=$work/project
mkdir -p "$project"
cp -R "$sample/src" "$project/" # the sources only: its package.json would want express from the registry
(cd "$project" && npm init -y >/dev/null &&
	npm install --no-audit --no-fund --omit=optional --offline "$(absolute "${launcher[0]}")" "$(absolute "${platform[0]}")" >/dev/null)
code=0
(cd "$project" && npx --no-install nodecoach check --format sarif .) >"$work/npm.sarif" || code=$?
[ "$code" -eq 1 ] || { echo "dist-smoke: npx nodecoach check exited $code, want 1 (warnings)" >&2; exit 1; }
node -e '
	const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	const results = log.runs[0].results;
	if (log.version !== "2.1.0" || results.length === 0) { console.error("not a SARIF log with results"); process.exit(1); }
	console.log(`npx nodecoach check --format sarif .: SARIF ${log.version}, ${results.length} results, exit 1`);
' "$work/npm.sarif"
code=0
(cd "$project" && npx --no-install nodecoach check --format nope .) 2>/dev/null || code=$?
[ "$code" -eq 2 ] || { echo "dist-smoke: a usage error through npx exited $code, want 2" >&2; exit 1; }
echo "npx nodecoach check --format nope: exit 2"
node scripts/lsp-smoke.mjs "$project/src/app.js" -- "$project/node_modules/.bin/nodecoach"
