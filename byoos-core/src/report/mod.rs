//! Renderers: diagnostics as text (rustc-style excerpts), JSON and SARIF. They only read
//! diagnostics; nothing here decides what is wrong.

mod sarif;
mod terraform;
mod text;

pub use sarif::{render_sarif, SarifFile};
pub(crate) use terraform::to_terraform_text;
pub use text::{render_text, TextStyle};

use crate::diagnostic::Diagnostic;
use crate::source::{Encoding, LineIndex};

/// Diagnostics as a JSON array in the contract's shape, offsets in `encoding` units.
#[must_use]
pub fn diagnostics_json(
    source: &str,
    diags: &[Diagnostic],
    encoding: Encoding,
) -> serde_json::Value {
    let index = LineIndex::new(source);
    serde_json::Value::Array(
        diags
            .iter()
            .map(|d| d.to_json(source, &index, encoding))
            .collect(),
    )
}
