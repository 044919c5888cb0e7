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
    /// Most diagnostics reported for one file (default 1,000); past it the report ends
    /// with one `limit/diagnostics` note.
    pub max_diagnostics: usize,
    /// Most bytes of messages, hints and paths in one report (default 4 MiB); bounds
    /// every rendering of it (text, JSON, SARIF) like `max_diagnostics`.
    pub max_report_bytes: usize,
    /// Most work in one operation (default 256 Mi units, about a quarter of a second):
    /// a unit is a byte read or written by a macro lookup or function, or one byte of a
    /// profile variable's value times one byte of its regex. Past it, `limit/work`.
    pub max_work: usize,
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
            max_diagnostics: 1_000,
            max_report_bytes: 4 * 1024 * 1024,
            max_work: 256 * 1024 * 1024,
        }
    }
}
