//! Terraform (HCL) for the spectrocloud provider: the registry and pack data sources
//! and a cluster-profile `pack {}` block carrying the values as a heredoc.

use crate::pack::PackKind;

/// A quoted HCL string: `"`, `\` and control characters escaped, and the template
/// markers `${` / `%{` doubled so HCL takes them literally.
#[must_use]
fn hcl_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    out.push_str(&escape_markers(&s.chars().fold(
        String::new(),
        |mut acc, c| {
            match c {
                '"' => acc.push_str("\\\""),
                '\\' => acc.push_str("\\\\"),
                '\n' => acc.push_str("\\n"),
                '\r' => acc.push_str("\\r"),
                '\t' => acc.push_str("\\t"),
                c if c.is_control() => acc.push_str(&format!("\\u{:04x}", u32::from(c))),
                c => acc.push(c),
            }
            acc
        },
    )));
    out.push('"');
    out
}

/// Double `${` and `%{` (HCL template sequences), in quoted strings and heredocs alike.
#[must_use]
fn escape_markers(s: &str) -> String {
    s.replace("${", "$${").replace("%{", "%%{")
}

/// A heredoc delimiter that no line of `text` equals (after trimming).
fn delimiter(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let mut d = String::from("EOT");
    let mut n = 1;
    while lines.contains(&d.as_str()) {
        d = format!("EOT{n}");
        n += 1;
    }
    d
}

/// The HCL for one BYOOS pack version `version` from registry `registry`, with `values` (the YAML text, kept byte for byte apart
/// from HCL's own escapes).
#[must_use]
pub(crate) fn to_terraform_text(
    kind: PackKind,
    values: &str,
    version: &str,
    registry: &str,
) -> String {
    let body = escape_markers(values);
    let delim = delimiter(&body);
    let mut heredoc = String::new();
    for line in body.lines() {
        heredoc.push_str(line);
        heredoc.push('\n');
    }
    format!(
        r#"data "spectrocloud_registry" "public_registry" {{
  name = {registry}
}}

data "spectrocloud_pack_simple" "byoos" {{
  name         = {name}
  version      = {version}
  type         = "helm"
  registry_uid = data.spectrocloud_registry.public_registry.id
}}

# Add this block to the `spectrocloud_cluster_profile` resource, as its OS layer.
pack {{
  name   = data.spectrocloud_pack_simple.byoos.name
  tag    = data.spectrocloud_pack_simple.byoos.version
  uid    = data.spectrocloud_pack_simple.byoos.id
  values = <<{delim}
{heredoc}{delim}
}}
"#,
        registry = hcl_string(registry),
        name = hcl_string(kind.as_str()),
        version = hcl_string(version),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(hcl_string("a\"b\\${x}%{y}"), r#""a\"b\\$${x}%%{y}""#);
        assert_eq!(delimiter("a\nEOT\n EOT1 \n"), "EOT2");
    }
}
