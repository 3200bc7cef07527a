#!/usr/bin/env bash
# npm-pack.sh: pack the npm packages from what scripts/dist.sh built: nodecoach (the
# launcher, npm/nodecoach) and one @nodecoach/<target> per binary in dist/ (from the
# templates in npm/platforms), all at one version, as tarballs in dist/npm/.
#
# VERSION (default: git describe) gives the version: v1.2.3 packs as 1.2.3, anything
# else as the prerelease 0.0.0-dev.<it>. Nothing is published.
set -euo pipefail

cd "$(dirname "$0")/.."
DIST=${DIST:-dist}
VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
if [[ $VERSION =~ ^v?([0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?)$ ]]; then
	npm_version=${BASH_REMATCH[1]}
else
	npm_version=0.0.0-dev.${VERSION//[^0-9A-Za-z-]/-}
fi
mkdir -p "$DIST"
out=$(cd "$DIST" && pwd)/npm
stage=$out/stage
rm -rf "$out"
mkdir -p "$stage"

# set_versions DIR: the package's version, and its optional dependencies', to npm_version.
set_versions() {
	node -e '
		const fs = require("fs"), file = process.argv[1] + "/package.json", v = process.argv[2];
		const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
		pkg.version = v;
		for (const dep of Object.keys(pkg.optionalDependencies || {})) pkg.optionalDependencies[dep] = v;
		fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
	' "$1" "$npm_version"
}

packed=0
for template in npm/platforms/*/; do
	target=$(basename "$template")
	exe=nodecoach
	[[ $target != win32-* ]] || exe=nodecoach.exe
	binary=$DIST/nodecoach-$target/$exe
	if [ ! -f "$binary" ]; then
		echo "npm-pack: no $binary, so no @nodecoach/$target" >&2
		continue
	fi
	cp -R "$template" "$stage/$target"
	mkdir -p "$stage/$target/bin"
	cp "$binary" "$stage/$target/bin/$exe"
	chmod 755 "$stage/$target/bin/$exe"
	set_versions "$stage/$target"
	(cd "$stage/$target" && npm pack --silent --pack-destination "$out" >/dev/null)
	packed=$((packed + 1))
done
if [ "$packed" -eq 0 ]; then
	echo "npm-pack: no binary in $DIST: run make dist first" >&2
	exit 1
fi
cp -R npm/nodecoach "$stage/nodecoach"
set_versions "$stage/nodecoach"
(cd "$stage/nodecoach" && npm pack --silent --pack-destination "$out" >/dev/null)
rm -rf "$stage"
echo "npm-pack: $npm_version" >&2
ls "$out"/*.tgz
