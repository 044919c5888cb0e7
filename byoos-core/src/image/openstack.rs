//! OpenStack: a Glance image id (UUID) or image name.

use super::{all_bytes, names, Cx, Found, ImageKind};
use crate::codes::Code;
use crate::diagnostic::Finding;

/// `8-4-4-4-12` hexadecimal digits (either case).
pub(crate) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                *c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

pub(crate) fn check(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let whole = off..off + s.len();
    if is_uuid(s) {
        let lower = s.to_ascii_lowercase();
        return Found::new(ImageKind::OpenstackId)
            .norm(lower.clone())
            .part("id", lower);
    }
    if s.contains("://") {
        cx.push(
            Finding::new(
                Code::ImageNotAccepted,
                whole,
                "a URL: OpenStack takes a Glance image id or name",
            )
            .help("upload the image (`openstack image create --file …`) and give its id"),
        );
        return Found::unknown();
    }
    if s.len() == 32 && all_bytes(s, |b| b.is_ascii_hexdigit()) {
        let with_dashes = format!(
            "{}-{}-{}-{}-{}",
            &s[..8],
            &s[8..12],
            &s[12..16],
            &s[16..20],
            &s[20..]
        );
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                whole.clone(),
                "this looks like an image id without its dashes; it is used as a name",
            )
            .help(format!(
                "write the id as Glance shows it: `{}`",
                with_dashes.to_ascii_lowercase()
            ))
            .severity(crate::diagnostic::Severity::Warning),
        );
    }
    if s.len() > 255 {
        cx.push(
            Finding::new(
                Code::ImageNameTooLong,
                whole,
                format!(
                    "the image name has {} bytes; Glance names have at most 255",
                    s.len()
                ),
            )
            .help("give the image id instead"),
        );
        return Found::new(ImageKind::OpenstackName);
    }
    let mut found = Found::new(ImageKind::OpenstackName).norm(s).part("name", s);
    if let Some(d) = names::kib(s).or_else(|| names::palette_ova(s)) {
        d.into_parts(&mut found);
    }
    found
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid() {
        assert!(super::is_uuid("0F8E3A6C-1B2D-4C5E-8F90-A1B2C3D4E5F6"));
        assert!(!super::is_uuid("0f8e3a6c-1b2d-4c5e-8f90-a1b2c3d4e5f"));
    }
}
