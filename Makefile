# metrex — every command sets up what it needs (rustup target, wasm-bindgen-cli,
# npm packages, Chromium) so that `make serve` and `make test` work on a fresh machine.

SHELL := /bin/bash
PORT ?= 8080
CARGO ?= cargo
# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3}' Cargo.lock)
CARGO_BIN := $(HOME)/.cargo/bin
export PATH := $(CARGO_BIN):$(CURDIR)/node_modules/.bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMIUM ?= /usr/bin/chromium
WASM_TARGET := wasm32-unknown-unknown
WASM_OUT := target/$(WASM_TARGET)/wasm/metrex.wasm
WASM_FAST_OUT := target/$(WASM_TARGET)/wasm-fast/metrex.wasm
PKG := web/pkg
PKG_FAST := web/pkg-fast

.PHONY: all build serve test test-rust test-corpus test-wasm test-e2e lint bench bench-page fuzz setup-fuzz setup-wasm setup-npm setup-chromium clean

all: build

## ---- set-up -------------------------------------------------------------

setup-wasm:
	@rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (takes a few minutes)"; \
	  $(CARGO) install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

setup-npm: node_modules/.stamp

setup-chromium:
	@if [ ! -x "$(CHROMIUM)" ] || [ ! -x "$(CHROMEDRIVER)" ]; then \
	  echo "installing Debian's chromium and chromium-driver"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

## ---- build ----------------------------------------------------------------

# The static site: the sources in web/ built into www/ (deployable as is; see
# scripts/build-web.mjs), and the single file dist/metrex.html. Two engines, the same
# crate and JS API: web/pkg, small (opt-level z, wasm-opt -Oz), which the first visit
# loads, and web/pkg-fast (the `fast` feature: the regex crate's literal optimisations;
# opt-level 3, wasm-opt -O3), bigger and about 1.6x faster, for big logs. Each engine
# keeps its own metrex.js: the glue of one does not fit the other's wasm.
# wasm-opt (npm's binaryen; Debian's is too old) gets exactly the WebAssembly features
# rustc emits for wasm32 (its target_features section) plus SIMD (.cargo/config.toml):
# every current browser and Node 20 run them.
WASM_FEATURES := --enable-mutable-globals --enable-sign-ext --enable-nontrapping-float-to-int \
  --enable-bulk-memory --enable-bulk-memory-opt --enable-reference-types --enable-multivalue \
  --enable-call-indirect-overlong --enable-simd
build: setup-wasm setup-npm
	$(CARGO) build --lib --target $(WASM_TARGET) --no-default-features --profile wasm
	wasm-bindgen --target web --out-dir $(PKG) $(WASM_OUT)
	wasm-opt -Oz --converge $(WASM_FEATURES) --strip-producers --strip-target-features \
	  $(PKG)/metrex_bg.wasm -o $(PKG)/metrex_bg.wasm
	$(CARGO) build --lib --target $(WASM_TARGET) --no-default-features --features fast --profile wasm-fast
	wasm-bindgen --target web --out-dir $(PKG_FAST) $(WASM_FAST_OUT)
	wasm-opt -O3 $(WASM_FEATURES) --strip-producers --strip-target-features \
	  $(PKG_FAST)/metrex_bg.wasm -o $(PKG_FAST)/metrex_bg.wasm
	node scripts/build-web.mjs
	node scripts/size.mjs

# Sets up what is missing, builds, and serves the built www/ on 127.0.0.1 (PORT to change).
serve: build
	node scripts/serve.mjs --port $(PORT)

## ---- tests ----------------------------------------------------------------

test: lint test-rust test-corpus test-wasm test-e2e

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

test-rust:
	@if $(CARGO) nextest --version >/dev/null 2>&1; then \
	  $(CARGO) nextest run --no-fail-fast && $(CARGO) test --doc; \
	else \
	  $(CARGO) test --no-fail-fast; \
	fi

# The corpus's expected values, and the group spans of tests/groups/, checked by a
# second implementation of the rules in Python's `re` (bench/reference.py),
# independent of the Rust engine.
test-corpus:
	python3 bench/check_corpus.py
	python3 bench/check_groups.py

# The JS API as WebAssembly, twice: in Node, then in headless Chromium (chromedriver).
test-wasm: setup-wasm setup-chromium
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(CARGO) test --target $(WASM_TARGET) --no-default-features --test wasm
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner WASM_BINDGEN_USE_BROWSER=1 \
	  $(CARGO) test --target $(WASM_TARGET) --no-default-features --test wasm
	# The fast engine's own API (a big file's part handed between workers), in Node.
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(CARGO) test --target $(WASM_TARGET) --no-default-features --features fast --test wasm

# The page in Debian's Chromium, driven by playwright-core (tests/e2e/*.test.mjs).
test-e2e: build setup-chromium
	node --test --test-concurrency=1 tests/e2e/

## ---- fuzzing ---------------------------------------------------------------

# cargo-fuzz (libFuzzer) on nightly; fuzz/ is a crate of its own, so the
# stable build never sees it. Every target runs FUZZ_SECONDS, one at a time
# and niced (the machine is shared). New inputs go to fuzz/target/work/, not to
# the committed seeds in fuzz/corpus/; a crash lands in fuzz/artifacts/<target>/.
# No sanitizer: metrex has no unsafe code, and AddressSanitizer would cost about
# three times the executions; overflow checks and debug assertions stay on (-a).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := reader_json reader_aws reader_python detect compile_eval differential escape explain_why

setup-fuzz:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@cargo fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz

fuzz: setup-fuzz
	cd fuzz && nice -n 10 cargo +nightly fuzz build -s none -a
	@failed=""; for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz/target/work/$$t; \
	  echo "== $$t: $(FUZZ_SECONDS) s (log in fuzz/target/work/$$t.log)"; \
	  if (cd fuzz && nice -n 10 cargo +nightly fuzz run -s none -a $$t target/work/$$t corpus/$$t -- \
	      -max_total_time=$(FUZZ_SECONDS) -timeout=60 -rss_limit_mb=2048 -print_final_stats=1) \
	      > fuzz/target/work/$$t.log 2>&1; then \
	    grep -E '^(Done|stat::number_of_executed_units)' fuzz/target/work/$$t.log; \
	  else \
	    tail -n 40 fuzz/target/work/$$t.log; failed="$$failed $$t"; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "fuzzing found a bug in:$$failed (inputs in fuzz/artifacts/)"; exit 1; fi

## ---- benchmark --------------------------------------------------------------

# The native engines against Python's re (bench/bench.py), then the browser engine
# (wasm, in Node) against JavaScript's RegExp and the native CLI on one thread
# (bench/wasm_bench.mjs), each side by side in the same run.
bench: build
	$(CARGO) build --release
	python3 bench/bench.py
	node bench/wasm_bench.mjs

# The built page in headless Chromium (bench/page_bench.mjs): keystroke → updated card
# on a 10 MB log with 41 definitions, the longest main-thread task while typing, and a
# 1 GB file opened with Open file… (MB/s, the browser's peak memory), beside the goals.
# Options: make bench-page BENCH_PAGE_ARGS="--file-mb 256 --edits 30 --bursts 3".
BENCH_PAGE_ARGS ?=
bench-page: build setup-chromium
	node bench/page_bench.mjs $(BENCH_PAGE_ARGS)

clean:
	$(CARGO) clean
	rm -rf $(PKG) $(PKG_FAST) www dist node_modules
