# Pinned tool versions, shared by scripts/setup.sh and scripts/build-wasm.sh.
# WASM_BINDGEN_VERSION must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
# (the wasm-bindgen CLI refuses modules built with another version of the crate).
WASM_BINDGEN_VERSION=0.2.130
# Python tools are pinned in scripts/requirements-dev.txt; npm tools in
# byoos-wasm/package-lock.json.
MATURIN_VERSION=1.16.0
