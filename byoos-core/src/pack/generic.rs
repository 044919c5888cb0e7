//! Rules of `generic-byoi` beyond its shape.

use super::shape::Checker;
use crate::codes::Code;
use crate::diagnostic::{Diagnostic, Path, Severity};
use crate::yaml::NodeRef;

impl Checker {
    pub(super) fn check_generic(&self, root: NodeRef<'_, '_>, diags: &mut Vec<Diagnostic>) {
        let Some(pack) = root.get("pack").filter(NodeRef::is_mapping) else {
            return;
        };
        let ppath = Path::root().join("pack");
        if let Some(v) = pack.get("osName") {
            if let Some(s) = v.as_str().filter(|s| !s.contains("{{")) {
                if s.chars().any(char::is_whitespace) {
                    diags.push(
                        v.diag(Code::PackInvalidValue, &ppath.join("osName"), format!("`{s}` has spaces; an OS name is one word such as `ubuntu` or `rhel`")).with_severity(Severity::Warning)
                            .with_help("use the distribution's short name"),
                    );
                }
            }
        }
    }
}
