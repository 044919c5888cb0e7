//! Resource budgets. Every one has a safe default and, when exceeded, a `limit/`
//! diagnostic instead of a crash, a hang or unbounded memory.

use serde::Deserialize;

/// Budgets applied while reading and resolving a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Limits {
    /// Largest accepted input, in bytes (default 16 MiB).
    pub max_input_bytes: usize,
    /// Deepest accepted nesting of mappings and sequences (default 256).
    pub max_depth: usize,
    /// Most YAML nodes in one input (default 200,000; a 10-pack profile has about 20,000).
    pub max_nodes: usize,
    /// Most nodes visited while expanding aliases (default 1,000,000); stops
    /// "billion laughs" documents.
    pub max_alias_expansion: usize,
    /// Longest chain of macro references resolved through other values (default 64).
    pub max_reference_depth: usize,
    /// Most macro and function evaluations in one render (default 100,000).
    pub max_expansions: usize,
    /// Largest rendered document, in bytes (default 32 MiB).
    pub max_output_bytes: usize,
    /// Largest single rendered value, in bytes (default 1 MiB); stops values that
    /// reference each other several times from doubling at each level.
    pub max_value_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 16 * 1024 * 1024,
            max_depth: 256,
            max_nodes: 200_000,
            max_alias_expansion: 1_000_000,
            max_reference_depth: 64,
            max_expansions: 100_000,
            max_output_bytes: 32 * 1024 * 1024,
            max_value_bytes: 1024 * 1024,
        }
    }
}
