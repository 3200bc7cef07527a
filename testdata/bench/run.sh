#!/usr/bin/env bash
# `make bench`: nodecoach beside ESLint and oxlint on the same real-code corpus, in one
# session, then nodecoach's Go benchmarks (engine, resolver, hover, LSP typing latency).
#
# Builds the corpus with the shared corpus script, installs the pinned linters of
# package.json (npm ci) into .bench/, runs each tool BENCH_RUNS times (default 3) and
# prints medians of wall time and peak RSS, and the ratios measured in this run.
# BENCH_GO=0 stops after the tools, before the Go benchmarks.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/.bench"
runs="${BENCH_RUNS:-3}"
corpus_script="${CORPUS_SCRIPT:-$root/../shared/bench/corpus.sh}"
mkdir -p "$work"

if [[ ! -f "$corpus_script" ]]; then
  echo "bench: the corpus script is missing ($corpus_script); set CORPUS_SCRIPT" >&2
  exit 2
fi
echo "== corpus"
bash "$corpus_script" "$work/corpus" | tail -n 3

echo "== linters (npm ci)"
# The ESLint config must sit above the files it lints, so tools and config live in
# .bench/ next to the corpus.
cp "$root/testdata/bench/package.json" "$root/testdata/bench/package-lock.json" \
   "$root/testdata/bench/eslint.config.mjs" "$root/testdata/bench/oxlintrc.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

echo "== nodecoach"
make -C "$root" --no-print-directory build >/dev/null
nodecoach="$root/bin/nodecoach"

# measure NAME CMD...: run CMD $runs times; print "NAME median_seconds median_max_rss_mb".
measure() {
  local name="$1"; shift
  local times=() rss=() out t m
  out=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || true
    read -r t m < <(tail -n 1 "$out")  # time reports a non-zero exit on the line before
    times+=("$t"); rss+=("$m")
  done
  rm -f "$out"
  printf '%s %s %s\n' "$name" \
    "$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")" \
    "$(printf '%s\n' "${rss[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p" | awk '{printf "%.0f", $1/1024}')"
}

cd "$work"
results=$(
  measure "nodecoach check (all rules, 2 cores)" "$nodecoach" check --format json corpus
  measure "nodecoach check --parse-only (floor)" "$nodecoach" check --parse-only corpus
  measure "oxlint (9 rules, 2 threads)" ./node_modules/.bin/oxlint -c oxlintrc.json corpus
  measure "eslint + n/promise/security (9 rules)" ./node_modules/.bin/eslint -c eslint.config.mjs --no-warn-ignored corpus
)
files=$(find corpus -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) | wc -l)
echo
echo "corpus: $files files; medians of $runs runs on $(nproc) cores"
printf '%-42s %10s %10s %14s %14s\n' tool "wall (s)" "RSS (MB)" "vs nodecoach" "vs floor"
nc=$(echo "$results" | awk 'NR==1{print $(NF-1)}')
floor=$(echo "$results" | awk 'NR==2{print $(NF-1)}')
echo "$results" | while read -r line; do
  rss=${line##* }; rest=${line% *}; t=${rest##* }; name=${rest% *}
  printf '%-42s %10s %10s %13.2fx %13.2fx\n' "$name" "$t" "$rss" "$(awk -v a="$t" -v b="$nc" 'BEGIN{print a/b}')" "$(awk -v a="$t" -v b="$floor" 'BEGIN{print a/b}')"
done

[[ "${BENCH_GO:-1}" == 0 ]] && exit 0
echo
echo "== Go benchmarks"
cd "$root"
NODECOACH_BENCH_FILE="$work/corpus/mongoose-9.12.1/lib/document.js" NODECOACH_BENCH_BINARY="$nodecoach" \
NODECOACH_BENCH_CORPUS="$work/corpus" \
  go test -run='^$' -bench=. -benchmem -benchtime="${BENCH_TIME:-1s}" ./knowledge/... ./server/... ./cmd/...
