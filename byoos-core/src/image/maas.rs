//! MAAS: boot resources `<os>/<series>` (`ubuntu/jammy`) and `custom/<name>`.

use super::{all_bytes, names, show, Cx, Found, ImageKind};
use crate::codes::Code;
use crate::diagnostic::Finding;
use crate::diagnostic::Severity;

const UBUNTU: [(&str, &str); 6] = [
    ("18.04", "bionic"),
    ("20.04", "focal"),
    ("22.04", "jammy"),
    ("24.04", "noble"),
    ("24.10", "oracular"),
    ("25.04", "plucky"),
];
const FILE_SUFFIXES: [&str; 6] = [".tar.gz", ".tgz", ".qcow2", ".img", ".ddgz", ".iso"];

pub(crate) fn check(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let whole = off..off + s.len();
    let segs: Vec<&str> = s.split('/').collect();
    if let Some(found) = not_a_name(cx, s, whole.clone(), &segs) {
        return found;
    }
    let word = |x: &str| {
        all_bytes(x, |b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
        })
    };
    match segs.as_slice() {
        [name] if word(name) => {
            let mut found = Found::new(ImageKind::MaasImage).norm(s).part("name", *name);
            if let Some(d) = names::palette_ova(name) {
                d.into_parts(&mut found);
            }
            cx.push(Finding::new(Code::ImageRelativePath, whole, "a bare name: MAAS lists uploaded images as `custom/<name>` and its own as `<os>/<series>`").help(format!("write `custom/{}` if it is an uploaded image", show(name))));
            found
        }
        [os, series] if word(os) && word(series) && os.as_bytes()[0].is_ascii_alphabetic() => {
            os_series(cx, s, off, os, series)
        }
        [_, _, arch]
            if ["amd64", "arm64", "generic"]
                .iter()
                .any(|a| arch.starts_with(a)) =>
        {
            cx.push(
                Finding::new(
                    Code::ImageInvalidReference,
                    whole,
                    "the architecture is not part of a MAAS image name",
                )
                .help(format!("write `{}`", show(&segs[..2].join("/")))),
            );
            Found::new(ImageKind::MaasImage)
        }
        _ => {
            cx.push(
                Finding::new(
                    Code::ImageUnrecognized,
                    whole,
                    "not a MAAS boot resource name",
                )
                .help(format!("MAAS needs {}", super::Provider::Maas.wants())),
            );
            Found::unknown()
        }
    }
}

/// An image file or a URL: what a boot resource is imported from.
fn not_a_name(
    cx: &mut Cx<'_>,
    s: &str,
    whole: std::ops::Range<usize>,
    segs: &[&str],
) -> Option<Found> {
    if let Some(suffix) = FILE_SUFFIXES
        .iter()
        .find(|x| names::strip_suffix_ci(segs[segs.len() - 1], x).is_some())
    {
        let last = segs[segs.len() - 1];
        let stem = &last[..last.len() - suffix.len()];
        cx.push(Finding::new(Code::ImageNotAccepted, whole, "an image file: MAAS deploys boot resources imported from it").help(format!(
                "import it (`maas <profile> boot-resources create name=custom/{0} architecture=amd64/generic content@={1}`) and give `custom/{0}`",
                show(stem),
                show(last)
            )));
        return Some(Found::unknown().part("file", last));
    }
    if s.contains("://") {
        cx.push(
            Finding::new(
                Code::ImageNotAccepted,
                whole,
                "a URL: MAAS takes a boot resource name",
            )
            .help("give `<os>/<series>` (e.g. `ubuntu/jammy`) or `custom/<name>`"),
        );
        return Some(Found::unknown());
    }
    None
}

/// `<os>/<series>` (`custom/<name>`); Ubuntu by its codename.
fn os_series(cx: &mut Cx<'_>, s: &str, off: usize, os: &str, series: &str) -> Found {
    let mut found = Found::new(ImageKind::MaasImage).norm(s).part("osystem", os);
    if os == "custom" {
        found.set("name", series);
        if let Some(d) = names::palette_ova(series).or_else(|| names::kib(series)) {
            d.into_parts(&mut found);
        }
    } else {
        found.set("series", series);
    }
    if os == "ubuntu" {
        let dotted = if series.len() == 4 && all_bytes(series, |b| b.is_ascii_digit()) {
            format!("{}.{}", &series[..2], &series[2..])
        } else {
            series.to_owned()
        };
        if let Some((_, code)) = UBUNTU.iter().find(|(v, _)| *v == dotted) {
            cx.push(
                Finding::new(
                    Code::ImageInvalidReference,
                    off + os.len() + 1..off + s.len(),
                    format!(
                        "MAAS names Ubuntu images by release codename, not `{}`",
                        show(series)
                    ),
                )
                .help(format!("write `ubuntu/{code}`"))
                .severity(Severity::Warning),
            );
        }
    }
    found
}
