//! Renderers: diagnostics as text (rustc-style excerpts), JSON, SARIF, GitHub workflow
//! commands and JUnit XML. They only read
//! diagnostics; nothing here decides what is wrong.

mod github;
mod junit;
mod sarif;
mod terraform;
mod text;

pub use github::render_github;
pub use junit::render_junit;
pub use sarif::{render_sarif, render_sarif_rooted, SarifFile};
pub(crate) use terraform::to_terraform_text;
pub use text::{render_text, TextStyle};

use crate::diagnostic::Diagnostic;
use crate::host::Projection;
use crate::source::Encoding;

/// Diagnostics as a JSON array in the contract's shape, offsets in `encoding` units: the
/// [`crate::host::HostDiagnostic`]s the bindings show.
#[must_use]
pub fn diagnostics_json(
    source: &str,
    diags: &[Diagnostic],
    encoding: Encoding,
) -> serde_json::Value {
    let mut projection = Projection::new(source, encoding);
    serde_json::Value::Array(
        diags
            .iter()
            .map(|d| {
                serde_json::to_value(projection.diagnostic(d)).unwrap_or(serde_json::Value::Null)
            })
            .collect(),
    )
}
