# Pinned tool versions, shared by scripts/setup.sh and the Makefile.
# WASM_BINDGEN_VERSION must equal the `wasm-bindgen = "=…"` pin in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130
MATURIN_VERSION=1.16.0
