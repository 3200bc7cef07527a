#!/usr/bin/env bash
# dist-smoke.sh: run each binary scripts/dist.sh built where this machine can:
# linux-x64 natively, linux-arm64 under qemu-user, win32-x64 under wine 9 or later. Each
# must print its stamped version, find in testdata/express-js what the native build
# finds, and hold one LSP session. The Windows binary and the sample are copied onto the
# wine prefix's C: drive, so check runs in C:\nodecoach-smoke\express-js and the LSP
# session speaks file:///C:/... URIs, as a Windows editor does.
# Then, when scripts/npm-pack.sh packed them, the npm packages are installed from
# their tarballs into an empty project, with no registry, and run through npx.
#
# qemu-user-static and wine come from Debian (apt-get install qemu-user-static wine64
# wine); a missing runner fails the run, naming the package. Go 1.22 and later binaries
# need a wine of 9 or later (bcryptprimitives.dll): where the host's is older (Debian
# 12 has 8.0), scripts/wine-chroot.sh installs Debian trixie's wine 10 in a cached
# chroot (root needed) and the Windows binary runs there.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
DIST=${DIST:-dist}
BIN=${BIN:-bin/nodecoach}
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
CACHE=${NODECOACH_DIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodecoach-dist}
sample=testdata/express-js
work=$(mktemp -d)
wine_root= # the wine chroot, once /proc is mounted in it
cleanup() {
	if [ -n "$wine_root" ]; then
		chroot "$wine_root" /usr/lib/wine/wineserver -k 2>/dev/null || true
		umount "$wine_root/proc" 2>/dev/null || umount -l "$wine_root/proc" || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

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

# expect_check WANT_CODE CMD...: run CMD check --format json . in the sample (or its
# copy in $checkdir) and compare its findings with the native build's.
expect_check() {
	local want=$1 code=0
	shift
	(cd "${checkdir:-$sample}" && "$@" check --format json .) >"$work/got.json" || code=$?
	[ "$code" -eq "$want" ] || { echo "dist-smoke: check exited $code, want $want" >&2; exit 1; }
	findings "$work/got.json" >"$work/got.txt"
	diff -u "$work/want.txt" "$work/got.txt" || { echo "dist-smoke: findings differ from the native build's" >&2; exit 1; }
}

# absolute PATH: PATH as seen from the repository, for commands run elsewhere.
absolute() { [[ $1 == /* ]] && echo "$1" || echo "$repo/$1"; }

# host_wine_major: the major version of this machine's wine, 0 without one.
host_wine_major() {
	local v
	v=$(wine --version 2>/dev/null | sed -n 's/^wine-\([0-9]*\).*/\1/p' | head -1)
	echo "${v:-0}"
}

# wine_runner: sets run (the command that runs a Windows program) and drive_c (this
# machine's path of the prefix's C: drive): the host's wine when it is 9 or later, else
# wine 10 in the Debian trixie chroot, through a wrapper that enters the chroot in the
# same folder, with arguments under the chroot's root seen from inside it.
wine_runner() {
	export WINEDEBUG=-all
	if [ "$(host_wine_major)" -ge 9 ]; then
		export WINEPREFIX=$CACHE/wine
		mkdir -p "$WINEPREFIX"
		run=(wine) drive_c=$WINEPREFIX/drive_c wine_says="host $(wine --version)"
		return
	fi
	[ "$(id -u)" = 0 ] || { echo "dist-smoke: this machine's wine is older than 9 and the wine 10 chroot needs root" >&2; exit 1; }
	local root
	root=$(bash scripts/wine-chroot.sh)
	mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
	wine_root=$root
	cat >"$work/in-wine-chroot" <<'WRAP'
#!/usr/bin/env bash
root=$1
shift
args=()
for a in "$@"; do args+=("${a#"$root"}"); done
dir=/ # a folder outside the chroot has no counterpart inside
[[ $PWD != "$root"/* ]] || dir=${PWD#"$root"}
exec chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root WINEPREFIX=/root/.wine WINEDEBUG=-all \
	/bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$dir" /usr/lib/wine/wine64 "${args[@]}"
WRAP
	chmod +x "$work/in-wine-chroot"
	run=("$work/in-wine-chroot" "$root") drive_c=$root/root/.wine/drive_c
	wine_says="Debian trixie chroot, $(chroot "$root" /usr/lib/wine/wine64 --version)"
}

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
	lsp=() checkdir='' doc=$sample/src/app.js
	case $target in
	"$host") run=() ;;
	linux-arm64) need qemu-aarch64-static qemu-user-static; run=(qemu-aarch64-static) ;;
	win32-x64) wine_runner ;;
	*) echo "dist-smoke: $target cannot run here; skipped" >&2; continue ;;
	esac
	exe=$(absolute "$(ls "$dir"nodecoach*)")
	echo "== $target: $(file -b "$exe" | cut -d, -f1-2)"
	if [ "$target" = win32-x64 ]; then
		# The binary and the sample go onto the prefix's C: drive; wine fills in a new prefix.
		rm -rf "$drive_c/nodecoach-smoke"
		mkdir -p "$drive_c/nodecoach-smoke"
		cp -R "$sample" "$drive_c/nodecoach-smoke/"
		cp "$exe" "$drive_c/nodecoach-smoke/nodecoach.exe"
		exe=$drive_c/nodecoach-smoke/nodecoach.exe
		checkdir=$drive_c/nodecoach-smoke/${sample##*/}
		doc=$checkdir/src/app.js lsp=(--drive-c "$drive_c")
		echo "wine: $wine_says; check in C:\\nodecoach-smoke\\${sample##*/}"
	fi
	got=$(${run[@]+"${run[@]}"} "$exe" version | tr -d '\r')
	[[ $got == *"$VERSION"* ]] || { echo "dist-smoke: $target version says '$got', want $VERSION" >&2; exit 1; }
	echo "version: $got"
	expect_check "$code" ${run[@]+"${run[@]}"} "$exe"
	echo "check: the same $(wc -l <"$work/got.txt") findings as the native build, exit $code"
	node scripts/lsp-smoke.mjs ${lsp[@]+"${lsp[@]}"} "$doc" -- ${run[@]+"${run[@]}"} "$exe"
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
