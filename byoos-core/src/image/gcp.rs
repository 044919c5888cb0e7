//! GCP: `projects/<p>/global/images/<name>`, `…/images/family/<family>`, the Compute API
//! URLs of both, and bare or `global/…` relative names.

use super::{all_bytes, show, Cx, Found, ImageKind};
use crate::codes::Code;
use crate::diagnostic::Finding;

const URL_PREFIXES: [&str; 2] = [
    "https://www.googleapis.com/compute/",
    "https://compute.googleapis.com/compute/",
];

/// Forms only GCP uses.
pub(crate) fn is_strong(s: &str) -> bool {
    URL_PREFIXES.iter().any(|p| super::starts_with_ci(s, p))
        || (s.starts_with("projects/") && s.contains("/global/images/"))
}

/// RFC 1035 name, 1–63 characters: `^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$`.
fn is_name(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=63).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && b[b.len() - 1] != b'-'
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// A project id, `^[a-z][a-z0-9-]{4,28}[a-z0-9]$`, or the legacy `domain.com:project`.
fn is_project(s: &str) -> bool {
    let plain = |p: &str| {
        let b = p.as_bytes();
        (6..=30).contains(&b.len())
            && b[0].is_ascii_lowercase()
            && b[b.len() - 1] != b'-'
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    };
    match s.split_once(':') {
        Some((domain, p)) => {
            domain.contains('.')
                && all_bytes(domain, |b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'
                })
                && plain(p)
        }
        None => plain(s),
    }
}

pub(crate) fn check(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let whole = off..off + s.len();
    let Some((path, path_at, mut ok)) = api_path(cx, s, off) else {
        return Found::unknown();
    };
    let segs: Vec<&str> = path.split('/').collect();
    let seg_at = |i: usize| path_at + segs[..i].iter().map(|x| x.len() + 1).sum::<usize>();
    let (project, rest_i) = match segs.as_slice() {
        ["projects", p, "global", "images", ..] => (Some(*p), 4),
        ["global", "images", ..] => (None, 2),
        [_] => (None, 0),
        _ => {
            cx.push(Finding::new(Code::ImageUnrecognized, whole, "not a Compute Engine image reference").help("give `projects/<project>/global/images/<image>` or `projects/<project>/global/images/family/<family>`"));
            return Found::unknown();
        }
    };
    let (kind, name, name_i) = match &segs[rest_i..] {
        ["family", f] => (ImageKind::GcpFamily, *f, rest_i + 1),
        [n] => (ImageKind::GcpImage, *n, rest_i),
        _ => {
            cx.push(
                Finding::new(
                    Code::ImageInvalidReference,
                    whole,
                    "an image reference ends in `images/<image>` or `images/family/<family>`",
                )
                .help("check the path"),
            );
            return Found::unknown();
        }
    };
    let mut found = Found::new(kind);
    if let Some(p) = project {
        if is_project(p) {
            found.set("project", p);
        } else {
            ok = false;
            cx.push(Finding::new(Code::ImageInvalidReference, seg_at(1)..seg_at(1) + p.len(), format!("`{}` is not a project id: 6 to 30 lowercase letters, digits and `-`, starting with a letter", show(p))).help("copy the project id from `gcloud projects list`"));
        }
    }
    let n_range = seg_at(name_i)..seg_at(name_i) + name.len();
    ok &= check_name(cx, kind, name, n_range.clone(), &mut found);
    if ok {
        let name = Name {
            kind,
            name,
            range: n_range,
        };
        finish(cx, whole, path, project, &name, &mut found);
    }
    found
}

/// The reference without a Compute API URL's prefix, where it starts, and whether the
/// URL's API version is right; `None` after an error (not an image reference).
fn api_path<'s>(cx: &mut Cx<'_>, s: &'s str, off: usize) -> Option<(&'s str, usize, bool)> {
    let whole = off..off + s.len();
    let l = s.to_ascii_lowercase();
    if let Some(p) = URL_PREFIXES.iter().find(|p| l.starts_with(*p)) {
        let rest = &s[p.len()..];
        let Some((version, tail)) = rest.split_once('/') else {
            cx.push(
                Finding::new(
                    Code::ImageInvalidReference,
                    whole,
                    "a Compute API URL without a path",
                )
                .help("give `projects/<project>/global/images/<image>`"),
            );
            return None;
        };
        let ok = matches!(version, "v1" | "beta" | "alpha");
        if !ok {
            cx.push(
                Finding::new(
                    Code::ImageInvalidReference,
                    whole,
                    format!("`{}` is not a Compute API version", show(version)),
                )
                .help("use the `v1` URL or `projects/<project>/global/images/<image>`"),
            );
        }
        return Some((tail, off + p.len() + version.len() + 1, ok));
    }
    if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("gs://") {
        cx.push(Finding::new(Code::ImageNotAccepted, whole, "a URL that is not a Compute Engine image: an image file must be imported first").help("create the image (`gcloud compute images create <name> --source-uri gs://…`) and give `projects/<project>/global/images/<name>`"));
        return None;
    }
    Some((s, off, true))
}

fn what(kind: ImageKind) -> &'static str {
    if kind == ImageKind::GcpFamily {
        "image family"
    } else {
        "image name"
    }
}

/// The image or family name (at `n_range`); whether it is valid.
fn check_name(
    cx: &mut Cx<'_>,
    kind: ImageKind,
    name: &str,
    n_range: std::ops::Range<usize>,
    found: &mut Found,
) -> bool {
    if is_name(name) {
        found.set(
            if kind == ImageKind::GcpFamily {
                "family"
            } else {
                "name"
            },
            name,
        );
        return true;
    }
    let lower = name.to_ascii_lowercase();
    let (code, help) = if name.len() > 63 {
        (
            Code::ImageNameTooLong,
            "Compute Engine names have at most 63 characters".to_owned(),
        )
    } else if is_name(&lower) {
        (
            Code::ImageInvalidReference,
            format!("Compute Engine names are lowercase: `{lower}`"),
        )
    } else {
        (Code::ImageInvalidReference, "a name starts with a lowercase letter, then lowercase letters, digits and `-`, and does not end in `-`".to_owned())
    };
    cx.push(
        Finding::new(
            code,
            n_range,
            format!("`{}` is not a valid {}", show(name), what(kind)),
        )
        .help(help),
    );
    false
}

/// The image or family a reference names, and where.
struct Name<'s> {
    kind: ImageKind,
    name: &'s str,
    range: std::ops::Range<usize>,
}

/// A valid reference: its normalised form, and the warnings on a reference without its
/// project or to a family.
fn finish(
    cx: &mut Cx<'_>,
    whole: std::ops::Range<usize>,
    path: &str,
    project: Option<&str>,
    name: &Name<'_>,
    found: &mut Found,
) {
    let Name {
        kind,
        name,
        range: n_range,
    } = name;
    let (kind, name) = (*kind, *name);
    let what = what(kind);
    let tail_text = if kind == ImageKind::GcpFamily {
        format!("family/{name}")
    } else {
        name.to_owned()
    };
    match project {
        Some(p) => found.normalized = Some(format!("projects/{p}/global/images/{tail_text}")),
        None => {
            found.normalized = Some(path.to_owned());
            cx.push(
                Finding::new(
                    Code::ImageRelativePath,
                    whole,
                    format!(
                    "an {what} without its project: it is looked up in the cluster's project only"
                ),
                )
                .help(format!(
                    "give the full reference `projects/<project>/global/images/{tail_text}`"
                )),
            );
        }
    }
    if kind == ImageKind::GcpFamily {
        cx.push(Finding::new(Code::ImageUnpinned, n_range.clone(), "an image family resolves to its newest image each time a node is created, so nodes may differ").help("pin one image: `projects/<project>/global/images/<image>` (`gcloud compute images describe-from-family`)"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grammar() {
        assert!(is_name("ubuntu-2204-jammy-v20240319"));
        assert!(!is_name("Ubuntu"));
        assert!(!is_name("1abc"));
        assert!(!is_name("abc-"));
        assert!(is_project("ubuntu-os-cloud"));
        assert!(is_project("example.com:my-project"));
        assert!(!is_project("abc"));
        assert!(!is_project("My-Project"));
    }
}
