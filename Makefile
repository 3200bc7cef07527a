# nodecoach: `make run` checks the bundled sample apps, `make test` runs every test.
GO      ?= go
BIN     := bin/nodecoach
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
SAMPLES := testdata/express-js testdata/express-ts

.PHONY: build run test bench lint fuzz clean ecosystem docs test-race

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/nodecoach

# check exits 1 when it finds warnings, which is what the samples are for.
run: build
	./$(BIN) check $(SAMPLES); status=$$?; test $$status -le 1

# test ends with the packages whose goroutines share state (the server's workers,
# background index and cancellation; the resolver read by several features at once;
# the workspace driver's parallel run and cache) under the race detector: on two cores
# it took 53 s against 17 s without it (157 s against 37 s when the cores were busy),
# plus the race build of the dependencies once (tree-sitter's grammars included) on a
# cold build cache.
RACE_PKGS := ./server ./knowledge/resolve ./knowledge/project

test: lint
	$(GO) test -count=1 ./...
	$(GO) test -race -count=1 -timeout 30m $(RACE_PKGS)

# bench: nodecoach beside ESLint and oxlint on the real-code corpus, then the Go
# benchmarks; BENCH_RUNS (default 5) rounds of every tool, medians (see BENCHMARKS.md).
bench:
	bash testdata/bench/run.sh

# docs: the rules reference, generated from each rule's Doc and knowledge entry; a test
# in cmd/nodecoach fails when the checked-in file differs.
docs:
	$(GO) run ./cmd/nodecoach rules --format markdown > docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md

# test-race: every test under the race detector, not only RACE_PKGS as in `make test`.
# The detector slows the tests several times over (the whole tree, one package after
# the other on two cores: 3 minutes, 9 when they were busy); the timeout leaves room.
test-race:
	$(GO) test -race -count=1 -timeout 30m ./...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Each fuzz target for FUZZTIME (minimizing a new input for 10 s at most, not the
# default 60); what a target finds lands in its package's testdata/fuzz/<Target>/,
# which `make test` then replays.
FUZZTIME ?= 30s
FUZZ_TARGETS := FuzzApply:./knowledge/source FuzzCheck:./knowledge/rules \
	FuzzDidChange:./server FuzzMessageReader:./server FuzzCancelInterleavings:./server

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "== $${t%%:*} ($(FUZZTIME))"; \
		$(GO) test -run='^$$' -fuzz="^$${t%%:*}$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=10s $${t#*:}; \
	done

# ecosystem: check the pinned real Express apps of testdata/ecosystem/apps and score the
# findings against the hand-read labels (per rule TP/FP/FN, precision, recall, and the diff).
# Not part of `make test`: it needs the apps' checkouts (see README, "The ecosystem check").
# ECOSYSTEM_FLAGS passes flags and app names, e.g. ECOSYSTEM_FLAGS="--format json".
ECOSYSTEM_FLAGS ?=

ecosystem: build
	$(GO) run ./cmd/ecosystem $(ECOSYSTEM_FLAGS)

clean:
	rm -rf bin

# VS Code extension (editors/vscode), bundled by esbuild: `make vsix` packages it with
# this machine's nodecoach binary in bin/<platform>-<arch>/; `make vsix-all` packages one
# VSIX per target of VSCODE_TARGETS (default linux-x64 linux-arm64 win32-x64) from the
# `make dist` builds (building a missing one) into dist/vscode/; both then run
# scripts/vsix-check.sh, which fails unless each VSIX holds its target's binary alone and
# no node_modules or sources. `make vsix-check` checks what is already built.
# `make test-vscode` installs code-server 4.100.3 (VS Code 1.100.3) into
# editors/vscode/.vscode-test once, then drives the VSIX in it with Chromium.
VSCODE_DIR     := editors/vscode
VSCODE_TARGET  ?= $(shell $(GO) env GOOS GOARCH | paste -sd- - | sed -e 's/^windows/win32/' -e 's/amd64$$/x64/')
VSCODE_TARGETS ?= linux-x64 linux-arm64 win32-x64
VSCODE_EXE     := nodecoach$(if $(filter win32-%,$(VSCODE_TARGET)),.exe)

.PHONY: vsix vsix-all vsix-check test-vscode

$(VSCODE_DIR)/node_modules/.package-lock.json: $(VSCODE_DIR)/package.json $(VSCODE_DIR)/package-lock.json
	cd $(VSCODE_DIR) && npm ci --no-audit --no-fund

vsix: build $(VSCODE_DIR)/node_modules/.package-lock.json
	rm -rf $(VSCODE_DIR)/bin $(VSCODE_DIR)/out $(VSCODE_DIR)/dist $(VSCODE_DIR)/nodecoach-*.vsix
	mkdir -p $(VSCODE_DIR)/bin/$(VSCODE_TARGET)
	cp $(BIN) $(VSCODE_DIR)/bin/$(VSCODE_TARGET)/$(VSCODE_EXE)
	cd $(VSCODE_DIR) && npx vsce package --no-dependencies --target $(VSCODE_TARGET) --skip-license --allow-missing-repository
	bash scripts/vsix-check.sh $(VSCODE_DIR)/nodecoach-*.vsix

vsix-all: $(VSCODE_DIR)/node_modules/.package-lock.json
	rm -f dist/vscode/nodecoach-*.vsix
	VERSION=$(VERSION) bash scripts/vsix.sh $(VSCODE_TARGETS)
	bash scripts/vsix-check.sh dist/vscode/nodecoach-*.vsix

vsix-check:
	bash scripts/vsix-check.sh $(wildcard $(VSCODE_DIR)/nodecoach-*.vsix dist/vscode/nodecoach-*.vsix)

test-vscode: vsix
	cd $(VSCODE_DIR) && npm run --silent test:unit
	bash $(VSCODE_DIR)/scripts/install-code-server.sh
	node $(VSCODE_DIR)/test/e2e.mjs

# test-neovim: the Neovim plugin test on Neovim 0.7 (the system's package), 0.10 (Debian
# trixie) and 0.12 (Debian sid), failing if one is missing. The last two run in chroots
# that editors/neovim/scripts/chroots.sh builds with debootstrap (root needed) and caches in
# $XDG_CACHE_HOME/nodecoach-neovim: a cold run takes about 4 minutes (the two chroots, about
# 260 MB each), a warm one under a minute. `make test` runs the same test on whichever of
# these editors are present.
.PHONY: test-neovim

test-neovim:
	@set -e; cache=$$(bash editors/neovim/scripts/chroots.sh); \
	NODECOACH_NEOVIM_CACHE="$$cache" NODECOACH_NEOVIM_VERSIONS="0.7 0.10 0.12" \
		$(GO) test -count=1 -v -run '^TestNeovim$$' ./editors/neovim

# dist: nodecoach for linux-x64, linux-arm64 (static, musl) and win32-x64 in
# dist/nodecoach-<target>/, version stamped, cross-built with Zig 0.11, which the
# script installs from npm into ~/.cache/nodecoach-dist on first use. macOS builds
# come from the release workflow (.github/workflows/release.yml) on macOS runners.
# DIST_TARGETS picks some (e.g. DIST_TARGETS=win32-x64).
# dist-smoke: runs each under qemu-user or wine (check on the samples, one LSP
# session), then the npm packages through npx. npm-pack: the npm tarballs in dist/npm.
# None of these is part of `make test`: a cold `make dist` takes minutes.
DIST_TARGETS ?=

.PHONY: dist dist-smoke npm-pack

dist:
	VERSION=$(VERSION) bash scripts/dist.sh $(DIST_TARGETS)

npm-pack:
	VERSION=$(VERSION) bash scripts/npm-pack.sh

dist-smoke: build
	VERSION=$(VERSION) bash scripts/dist-smoke.sh

# lint-workflows: actionlint (pinned; built with `go install` into the cache the first
# time, which needs the Go module proxy) over .github/workflows, with shellcheck on the
# run: scripts when it is installed. Not part of `make test`, for that first fetch.
.PHONY: lint-workflows

lint-workflows:
	bash scripts/lint-workflows.sh
