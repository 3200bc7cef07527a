# nodecoach: `make run` checks the bundled sample apps, `make test` runs every test.
GO      ?= go
BIN     := bin/nodecoach
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
SAMPLES := testdata/express-js testdata/express-ts

.PHONY: build run test bench lint fuzz clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/nodecoach

# check exits 1 when it finds warnings, which is what the samples are for.
run: build
	./$(BIN) check $(SAMPLES); status=$$?; test $$status -le 1

test: lint
	$(GO) test -count=1 ./...

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./knowledge/... ./server/...

lint:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzApply -fuzztime=60s ./knowledge/source

clean:
	rm -rf bin
