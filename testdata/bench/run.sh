#!/usr/bin/env bash
# `make bench`: nodecoach beside ESLint and oxlint on the same real-code corpus, in one
# session, then nodecoach's Go benchmarks (engine, resolver, hover, LSP typing latency).
#
# Builds the corpus with the shared corpus script and a monorepo-sized tree from it (the
# corpus copied 8 times), installs the pinned linters of package.json (npm ci) into
# .bench/, and runs the tools on both in BENCH_RUNS rounds (default 5), each round every
# tool once, so that a slow spell of a shared machine weighs on every tool alike; it
# prints medians of wall time and peak RSS, and the ratios measured in this run: check
# without a cache, with a cold and a warm cache, and the language server's workspace
# index with its cache off, cold and warm (from starting the server to the end of its
# indexing progress), and fails unless check's findings on each tree are the same without
# a cache, with a cold and with a warm one. BENCH_BIG=0 skips the big tree, BENCH_CORPUS=0 the corpus;
# BENCH_GO=0 stops after the tools, before the Go benchmarks. ESLint runs after the
# rounds, at most three times on the corpus (about ten seconds a run) and once on the big
# tree (BENCH_ESLINT_BIG_RUNS), about a minute, where more runs add nothing to a ratio of
# fifty.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/.bench"
runs="${BENCH_RUNS:-5}"
corpus_script="${CORPUS_SCRIPT:-$root/../shared/bench/corpus.sh}"
mkdir -p "$work"

if [[ ! -f "$corpus_script" ]]; then
  echo "bench: the corpus script is missing ($corpus_script); set CORPUS_SCRIPT" >&2
  exit 2
fi
echo "== corpus"
bash "$corpus_script" "$work/corpus" | tail -n 3

if [[ "${BENCH_BIG:-1}" != 0 ]]; then
  echo "== big tree (the corpus 8 times)"
  rm -rf "$work/big" && mkdir -p "$work/big"
  for i in 1 2 3 4 5 6 7 8; do cp -r "$work/corpus" "$work/big/copy$i"; done
fi

echo "== linters (npm ci)"
# The ESLint config must sit above the files it lints, so tools and config live in
# .bench/ next to the corpus.
cp "$root/testdata/bench/package.json" "$root/testdata/bench/package-lock.json" \
   "$root/testdata/bench/eslint.config.mjs" "$root/testdata/bench/oxlintrc.json" "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
# oxlint's walk honours the .gitignore of the repository around it, which ignores
# .bench/: it linted no file at all. An empty .git makes .bench/ a root of its own.
mkdir -p "$work/.git"

echo "== nodecoach"
make -C "$root" --no-print-directory build >/dev/null
nodecoach="$root/bin/nodecoach"

# once NAME CMD...: run CMD once; print "NAME<tab>seconds<tab>max_rss_mb".
once() {
  local name="$1" out t m; shift
  out=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$out" "$@" >/dev/null 2>&1 || true
  read -r t m < <(tail -n 1 "$out")  # time reports a non-zero exit on the line before
  rm -f "$out"
  printf '%s\t%s\t%s\n' "$name" "$t" "$(awk -v m="$m" 'BEGIN{printf "%.0f", m/1024}')"
}

# index_once NAME TREE CACHE_DIR: the server's index of TREE once, with its cache under
# CACHE_DIR (emptied first when NAME says cold; turned off when it says "cache off");
# prints like once.
index_once() {
  local name="$1" tree="$2" cache="$3" t m off=()
  [[ "$name" == *"cache off"* ]] && off=(--no-cache)
  [[ "$name" == *cold* ]] && rm -rf "$cache"
  mkdir -p "$cache"
  read -r t m _ < <(XDG_CACHE_HOME="$cache" node "$root/testdata/bench/index-time.mjs" "$tree" "${off[@]}" -- "$nodecoach" 2>/dev/null)
  printf '%s\t%s\t%s\n' "$name" "$t" "$m"
}

# medians: the lines once printed, as "NAME median_seconds median_rss_mb", one a tool in
# the order first seen.
medians() {
  local all name rows k
  all=$(cat)
  while IFS= read -r name; do
    rows=$(awk -F'\t' -v n="$name" '$1 == n' <<<"$all")
    k=$(wc -l <<<"$rows")
    printf '%s %s %s\n' "$name" \
      "$(cut -f2 <<<"$rows" | sort -g | sed -n "$(( (k + 1) / 2 ))p")" \
      "$(cut -f3 <<<"$rows" | sort -g | sed -n "$(( (k + 1) / 2 ))p")"
  done < <(cut -f1 <<<"$all" | awk '!seen[$0]++')
}

# table TREE: every tool on TREE, then the rows with their ratios to check and to oxlint.
table() {
  local tree="$1" cache="$work/cache-$1"
  local results files nc ox eslint_runs=$(( runs < 3 ? runs : 3 ))
  [[ "$tree" == big ]] && eslint_runs="${BENCH_ESLINT_BIG_RUNS:-1}"
  # Rounds: each round runs every tool once, so that a slow spell of a shared machine
  # weighs on every tool's median alike, not on the one tool it fell on.
  results=$(
    {
    for _ in $(seq "$runs"); do
      once "nodecoach check (all rules, 2 cores)" "$nodecoach" check --format json "$tree"
      once "nodecoach check --parse-only (floor)" "$nodecoach" check --parse-only "$tree"
      # shellcheck disable=SC2016 # the inner shell expands its own arguments
      once "nodecoach check --cache, cold" sh -c 'rm -f "$1"; exec "$2" check --cache --cache-location "$1" --format json "$3"' _ "$cache.file" "$nodecoach" "$tree"
      once "nodecoach check --cache, warm" "$nodecoach" check --cache --cache-location "$cache.file" --format json "$tree"
      index_once "nodecoach serve: index, cache off" "$tree" "$cache.index"
      index_once "nodecoach serve: index, cold cache" "$tree" "$cache.index"
      index_once "nodecoach serve: index, warm cache" "$tree" "$cache.index"
      once "oxlint (9 rules, 2 threads)" ./node_modules/.bin/oxlint -c oxlintrc.json "$tree"
    done
    for _ in $(seq "$eslint_runs"); do
      once "eslint + n/promise/security (9 rules)" ./node_modules/.bin/eslint -c eslint.config.mjs --no-warn-ignored "$tree"
    done
    } | medians
  )
  files=$(find "$tree" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.jsx' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.tsx' \) | wc -l)
  echo
  echo "$tree: $files files; medians of $runs runs on $(nproc) cores (ESLint: $eslint_runs)"
  printf '%-42s %10s %10s %14s %14s\n' tool "wall (s)" "RSS (MB)" "vs check" "vs oxlint"
  nc=$(echo "$results" | awk 'NR==1{print $(NF-1)}')
  ox=$(echo "$results" | awk '/^oxlint/{print $(NF-1)}')
  echo "$results" | while read -r line; do
    mb=${line##* }; rest=${line% *}; t=${rest##* }; name=${rest% *}
    printf '%-42s %10s %10s %13.2fx %13.2fx\n' "$name" "$t" "$mb" "$(awk -v a="$t" -v b="$nc" 'BEGIN{print a/b}')" "$(awk -v a="$t" -v b="$ox" 'BEGIN{print a/b}')"
  done
  # What check parsed (check --stats): the other files are read and skipped, since no
  # enabled rule can fire in them.
  echo "check $("$nodecoach" check --stats --format json "$tree" 2>&1 >/dev/null | grep '^parsed ') (the tree holds $(du -sm --apparent-size "$tree" | cut -f1) MB)"
  same_findings "$tree" "$cache"
}

# same_findings TREE CACHE: check's findings on TREE without a cache, with a cold cache
# and with the warm cache that run left must be byte for byte the same, or the bench
# fails: a cache that changes what check says is a bug, whatever it saves.
same_findings() {
  local tree="$1" eq="$2.same" dir status
  dir=$(mktemp -d)
  rm -f "$eq"
  for run in none cold warm; do
    local cache_args=()
    [[ "$run" != none ]] && cache_args=(--cache --cache-location "$eq")
    status=0
    "$nodecoach" check "${cache_args[@]}" --format json "$tree" >"$dir/$run.json" 2>/dev/null || status=$?
    if (( status > 1 )); then
      echo "bench: check ($run) on $tree exited with $status" >&2
      exit 1
    fi
  done
  rm -f "$eq"
  if ! cmp -s "$dir/none.json" "$dir/cold.json" || ! cmp -s "$dir/cold.json" "$dir/warm.json"; then
    echo "bench: check's findings on $tree differ between no cache, a cold and a warm cache (kept in $dir)" >&2
    exit 1
  fi
  echo "findings: the same without a cache, with a cold and with a warm one ($(grep -c '"rule":' "$dir/none.json") on $tree)"
  rm -rf "$dir"
}

cd "$work"
[[ "${BENCH_CORPUS:-1}" != 0 ]] && table corpus
[[ "${BENCH_BIG:-1}" != 0 ]] && table big

[[ "${BENCH_GO:-1}" == 0 ]] && exit 0
echo
echo "== Go benchmarks"
cd "$root"
NODECOACH_BENCH_FILE="$work/corpus/mongoose-9.12.1/lib/document.js" NODECOACH_BENCH_BINARY="$nodecoach" \
NODECOACH_BENCH_CORPUS="$work/corpus" \
  go test -run='^$' -bench=. -benchmem -benchtime="${BENCH_TIME:-1s}" ./knowledge/... ./server/... ./cmd/...
