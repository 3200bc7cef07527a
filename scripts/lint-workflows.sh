#!/usr/bin/env bash
# lint-workflows.sh: actionlint (pinned) over .github/workflows, with shellcheck on their
# run: scripts when shellcheck is installed (Debian: apt-get install shellcheck).
# actionlint is built with `go install` into the cache on first use, which needs the Go
# module proxy once; later runs work offline.
set -euo pipefail

cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=v1.7.12
CACHE=${NODECOACH_DIST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nodecoach-dist}
bin=$CACHE/actionlint-$ACTIONLINT_VERSION
if [ ! -x "$bin/actionlint" ]; then
	echo "lint-workflows: building actionlint $ACTIONLINT_VERSION into $bin" >&2
	GOBIN=$bin go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
fi
command -v shellcheck >/dev/null || echo "lint-workflows: shellcheck is missing, run: scripts are not checked" >&2
"$bin/actionlint" .github/workflows/*.yml
echo "lint-workflows: the workflows are clean (actionlint $ACTIONLINT_VERSION)"
