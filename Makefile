# Tasks for the byoos workspace. `make help` lists them; CI runs `make setup && make test`.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

# rustup's cargo (and cargo-installed tools) must win over Debian's /usr/bin/cargo,
# which only scripts/build-wasm.sh uses, by absolute path.
export PATH := $(if $(CARGO_HOME),$(CARGO_HOME)/bin:)$(HOME)/.cargo/bin:$(PATH)

VENV := .venv
WHEELS := target/wheels
FUZZ_SECONDS ?= 60
BENCH_DIR := target/bench
BENCH_ARGS ?=

.PHONY: help setup build check doc test test-rs test-py test-py-fresh test-js test-packaging lint fmt build-py build-wasm bless fuzz bench bench-compare hostile oracle clean distclean

help: ## Show this list
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install toolchains and tools (Debian 12; idempotent): scripts/setup.sh
	scripts/setup.sh

build: ## Build the Rust workspace (debug), including the `byoos` CLI
	cargo build --workspace --locked

test: export REQUIRE_BROWSER := 1
test: export BYOOS_REQUIRE_ORACLE := 1
test: lint doc test-rs test-py test-js test-packaging ## Lint and the API docs, then every suite: Rust (with the Go oracle), Python (wheel), JavaScript (Node + Chromium), packaging

test-rs: ## Rust tests of the whole workspace
	cargo test --workspace --locked --no-fail-fast

lint: ## rustfmt check, clippy with warnings as errors, the layer check of byoos-core, declared versions true
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	python3 scripts/check-layers.py
	python3 scripts/check-versions.py

check: ## The fast loop: rustfmt check, clippy with warnings as errors, unit tests (`--lib`)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo test --workspace --lib --locked

doc: ## API docs of the workspace with rustdoc warnings as errors (target/doc)
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

fmt: ## Format the Rust code
	cargo fmt --all

# manylinux2014 (glibc 2.17: RHEL 8, Amazon Linux 2, Ubuntu 20.04): zig (the `ziglang`
# package in .venv) links against glibc 2.17's symbols, whatever glibc this machine has.
build-py: ## Build the Python wheel (release, abi3, manylinux2014 via zig) into target/wheels
	rm -f $(WHEELS)/byoos-*.whl
	PATH=$(abspath $(VENV))/bin:$$PATH VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin build --release --locked \
	  -m byoos-py/Cargo.toml --out $(WHEELS) --zig --compatibility manylinux2014

test-py: build-py ## auditwheel shows the manylinux2014 tag; install the wheel into .venv, then pytest, mypy and stubtest
	$(VENV)/bin/auditwheel show $(WHEELS)/byoos-*.whl | tee $(WHEELS)/auditwheel.txt
	tr -s ' \n' '  ' < $(WHEELS)/auditwheel.txt | grep -q 'platform tag: "manylinux_2_17_x86_64"'
	$(VENV)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps $(WHEELS)/byoos-*.whl
	cd byoos-py && ../$(VENV)/bin/mypy
	$(VENV)/bin/python -m mypy.stubtest byoos --allowlist byoos-py/stubtest-allowlist.txt
	$(VENV)/bin/pytest byoos-py/tests
	$(VENV)/bin/pytest benches/peers/python
	$(MAKE) test-py-fresh

FRESH := target/py-fresh
test-py-fresh: ## A fresh venv gets the release wheel, then the wheel pip builds from the sdist; both checked there
	rm -rf $(FRESH) && mkdir -p $(FRESH)/sdist
	$(VENV)/bin/maturin sdist -m byoos-py/Cargo.toml --out $(FRESH)/sdist
	PATH=$(abspath $(VENV))/bin:$$PATH CARGO_TARGET_DIR=$(abspath target/sdist-build) $(VENV)/bin/pip wheel -q --disable-pip-version-check \
	  --no-deps --no-build-isolation $(FRESH)/sdist/byoos-*.tar.gz -w $(FRESH)/sdist
	$(VENV)/bin/python -m venv $(FRESH)/venv
	$(FRESH)/venv/bin/pip install -q --disable-pip-version-check --no-index --no-deps $(WHEELS)/byoos-*.whl
	$(FRESH)/venv/bin/python -I byoos-py/tests/installed.py
	$(FRESH)/venv/bin/python -I -c "import byoos; print(byoos.check_image('aws', 'ami-0f4804aff4cf9c5a2').ok)"
	$(FRESH)/venv/bin/pip install -q --disable-pip-version-check --no-index --no-deps --force-reinstall $(FRESH)/sdist/byoos-*.whl
	$(FRESH)/venv/bin/python -I byoos-py/tests/installed.py

test-packaging: build-py ## Licence in every archive, wheel tag, rust-version, setup.sh off Debian 12, the pre-commit hook
	$(VENV)/bin/pytest -rP tests/packaging

build-wasm: ## Build the npm package's WebAssembly into byoos-wasm/pkg/{node,web}
	scripts/build-wasm.sh

test-js: build-wasm ## Type-check the declarations, then Node and Chromium tests
	byoos-wasm/node_modules/.bin/tsc -p byoos-wasm/tests/tsconfig.json
	node --test byoos-wasm/tests/ benches/peers/js/

bless: ## Rewrite the conformance expectations and the generated docs (docs/diagnostics.md, docs/macros.md's function table) from the Rust output
	BYOOS_BLESS=1 cargo test -p byoos-core --test conformance

ORACLE_CASES ?= 1000000
oracle: ## Differential run against the Go engines: ORACLE_CASES (default 1,000,000) cases, 5,000,000 float digits, a fresh seed (docs/fidelity.md)
	BYOOS_REQUIRE_ORACLE=1 BYOOS_ORACLE_CASES=$(ORACLE_CASES) BYOOS_ORACLE_SEED=$${ORACLE_SEED:-$$(date +%s)} BYOOS_ORACLE_SHOW=20 \
	  BYOOS_FLOATS_CASES=$${FLOATS_CASES:-5000000} BYOOS_FLOATS_DECIMAL_EVERY=$${FLOATS_DECIMAL_EVERY:-5} \
	  cargo test --release --locked -p byoos-core --test oracle

fuzz: ## Run every fuzz target for FUZZ_SECONDS (default 60), then refresh fuzz/replay/ (replayed by make test)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh
	scripts/fuzz-replay.sh

bench: ## Criterion benchmarks of the core vs the floor (a few minutes; BENCH_ARGS=filter); not in `make test`
	cargo bench --locked -p byoos-benches --bench byoos -- $(BENCH_ARGS)

bench-compare: build-py build-wasm ## One run, one table: byoos (Rust, Python, wasm in Node) vs the floor and the peers
	$(VENV)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps $(WHEELS)/byoos-*.whl
	cargo build --release --locked -p byoos-benches --bins
	target/release/gen-inputs $(BENCH_DIR)/inputs
	$(VENV)/bin/python benches/compare/run.py $(BENCH_DIR)/inputs target/release/compare $(VENV)/bin/python node

hostile: build-py build-wasm ## The hostile inputs of docs/robustness.md in Rust, Python and Node: time, peak RSS, answer
	$(VENV)/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps $(WHEELS)/byoos-*.whl
	cargo build --release --locked -p byoos-core --example hostile
	target/release/examples/hostile --dump target/hostile
	$(VENV)/bin/python scripts/hostile-hosts.py target/hostile --rust target/release/examples/hostile

clean: ## Remove build outputs (target/, byoos-wasm/pkg/, caches)
	cargo clean
	rm -rf byoos-wasm/pkg byoos-py/python/byoos/*.so .pytest_cache byoos-py/.pytest_cache byoos-py/.mypy_cache .mypy_cache

distclean: clean ## Also remove what `make setup` installed in the tree (.venv, node_modules)
	rm -rf $(VENV) byoos-wasm/node_modules
