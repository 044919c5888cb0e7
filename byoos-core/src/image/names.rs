//! Image names that carry information: Palette's own OVA/MAAS names
//! (`u-2204-0-k-12713-0`), Kubernetes Image Builder names (`rhel-8-kube-v1.27.11`,
//! `capa-ami-ubuntu-22.04-v1.29.3-1700000000`), and KIB `build_name`s (`ubuntu-2204`).

use super::Found;

/// What a name says about the image.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub(crate) os: Option<String>,
    pub(crate) os_version: Option<String>,
    pub(crate) kubernetes: Option<String>,
    pub(crate) flavor: Option<&'static str>,
    pub(crate) build_timestamp: Option<String>,
}

impl Decoded {
    /// Copy the decoded pieces into `found.parts`.
    pub(crate) fn into_parts(self, found: &mut Found) {
        if let Some(v) = self.os {
            found.set("os", v);
        }
        if let Some(v) = self.os_version {
            found.set("os_version", v);
        }
        if let Some(v) = self.kubernetes {
            found.set("kubernetes", v);
        }
        if let Some(v) = self.flavor {
            found.set("flavor", v);
        }
        if let Some(v) = self.build_timestamp {
            found.set("build_timestamp", v);
        }
    }
}

fn digits(s: &str) -> bool {
    super::all_bytes(s, |b| b.is_ascii_digit())
}

/// `1243` → `1.24.3`, `12713` → `1.27.13` (Kubernetes 1.10–1.39; a heuristic: the dots
/// are dropped in Palette's names).
pub(crate) fn k8s_from_digits(d: &str) -> Option<String> {
    if !digits(d) || !(3..=5).contains(&d.len()) || !d.starts_with('1') {
        return None;
    }
    let minor = &d[1..3];
    let patch = &d[3..];
    let m: u32 = minor.parse().ok()?;
    if !(10..=39).contains(&m) || patch.is_empty() || (patch.len() > 1 && patch.starts_with('0')) {
        return None;
    }
    Some(format!("1.{m}.{patch}"))
}

/// `2204` → `22.04` (Ubuntu versions written without the dot).
fn ubuntu_version(v: &str) -> String {
    if v.len() == 4 && digits(v) {
        format!("{}.{}", &v[..2], &v[2..])
    } else {
        v.to_owned()
    }
}

/// Whether a template/image name is a Palette OVA name without the `r_` prefix
/// (`u-2204-0-k-12713-0`), as `^u-[0-9]{4}-0-k-`.
pub(crate) fn is_unprefixed_palette_ova(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 11
        && name.starts_with("u-")
        && b[2..6].iter().all(u8::is_ascii_digit)
        && name[6..].starts_with("-0-k-")
}

/// Decode a Palette OVA/MAAS name, with or without `r_` and `.ova`/`.tar.gz`:
/// `^(r_)?u-(?P<os>[0-9]{4})-0-k-(?P<k8s>[0-9]{3,6})-(?P<flavor>0|fips)(?P<suffix>[A-Za-z0-9._-]*)$`.
pub(crate) fn palette_ova(name: &str) -> Option<Decoded> {
    let n = name.strip_prefix("r_").unwrap_or(name);
    let n = strip_suffix_ci(n, ".ova")
        .or_else(|| strip_suffix_ci(n, ".tar.gz"))
        .unwrap_or(n);
    if !is_unprefixed_palette_ova(n) {
        return None;
    }
    let os = &n[2..6];
    let rest = &n[11..];
    let dash = rest.find('-')?;
    let k8s = &rest[..dash];
    if !digits(k8s) || !(3..=6).contains(&k8s.len()) {
        return None;
    }
    let after = &rest[dash + 1..];
    let (flavor, suffix) = if let Some(s) = after.strip_prefix("fips") {
        ("fips", s)
    } else if let Some(s) = after.strip_prefix('0') {
        ("standard", s)
    } else {
        return None;
    };
    if !suffix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return None;
    }
    Some(Decoded {
        os: Some("ubuntu".into()),
        os_version: Some(ubuntu_version(os)),
        kubernetes: k8s_from_digits(k8s),
        flavor: Some(flavor),
        build_timestamp: None,
    })
}

pub(crate) fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let n = s.len().checked_sub(suffix.len())?;
    (s.is_char_boundary(n) && s[n..].eq_ignore_ascii_case(suffix)).then(|| &s[..n])
}

/// A semantic Kubernetes version `v1.27.11` / `1.27.11` → `1.27.11`.
fn semver(s: &str) -> Option<&str> {
    let v = s.strip_prefix('v').unwrap_or(s);
    let nums: Vec<&str> = v.split('.').collect();
    (nums.len() == 3 && nums.iter().all(|n| digits(n))).then_some(v)
}

/// A KIB `build_name` (`ubuntu-2204`, `rhel-8`, `ubuntu-22.04`, `flatcar`) → OS and version.
pub(crate) fn build_name(b: &str) -> Option<(String, Option<String>)> {
    let mut segs = b.split('-');
    let os = segs.next()?;
    if !os.bytes().next().is_some_and(|c| c.is_ascii_alphabetic())
        || !super::all_bytes(os, |c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    let os = os.to_ascii_lowercase();
    let version = segs.next().filter(|v| v.split('.').all(digits)).map(|v| {
        if os == "ubuntu" {
            ubuntu_version(v)
        } else {
            v.to_owned()
        }
    });
    Some((os, version))
}

/// A KIB template/image name `<build_name>-kube-v<semver>` (`rhel-8-kube-v1.27.11`).
pub(crate) fn kib(name: &str) -> Option<Decoded> {
    let (build, k8s) = name.rsplit_once("-kube-")?;
    let k8s = semver(k8s)?;
    let (os, os_version) = build_name(build)?;
    Some(Decoded {
        os: Some(os),
        os_version,
        kubernetes: Some(k8s.to_owned()),
        flavor: None,
        build_timestamp: None,
    })
}

/// A KIB AMI name `capa-ami-<build_name>-<semver>-<timestamp>`.
pub(crate) fn capa_ami(name: &str) -> Option<Decoded> {
    let rest = name.strip_prefix("capa-ami-")?;
    let (rest, ts) = rest.rsplit_once('-')?;
    if !digits(ts) {
        return None;
    }
    let (build, k8s) = rest.rsplit_once('-')?;
    let k8s = semver(k8s)?;
    let (os, os_version) = build_name(build)?;
    Some(Decoded {
        os: Some(os),
        os_version,
        kubernetes: Some(k8s.to_owned()),
        flavor: None,
        build_timestamp: Some(ts.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubernetes_digits() {
        assert_eq!(k8s_from_digits("1243").as_deref(), Some("1.24.3"));
        assert_eq!(k8s_from_digits("12713").as_deref(), Some("1.27.13"));
        assert_eq!(k8s_from_digits("12212").as_deref(), Some("1.22.12"));
        assert_eq!(k8s_from_digits("1309").as_deref(), Some("1.30.9"));
        assert_eq!(k8s_from_digits("12510").as_deref(), Some("1.25.10"));
        assert_eq!(k8s_from_digits("12501"), None);
        assert_eq!(k8s_from_digits("2243"), None);
        assert_eq!(k8s_from_digits("10"), None);
    }

    #[test]
    fn palette_names() {
        let d = palette_ova("r_u-2004-0-k-1243-0-new.ova").expect("test input is valid");
        assert_eq!(d.os_version.as_deref(), Some("20.04"));
        assert_eq!(d.kubernetes.as_deref(), Some("1.24.3"));
        assert_eq!(d.flavor, Some("standard"));
        let d = palette_ova("u-2004-0-k-1259-fips.ova").expect("test input is valid");
        assert_eq!(d.flavor, Some("fips"));
        assert!(palette_ova("u-2204-0-k-1264-0.tar.gz").is_some());
        assert!(palette_ova("r_u-22-0-k-1264-0").is_none());
        assert!(is_unprefixed_palette_ova("u-2204-0-k-12713-0"));
        assert!(!is_unprefixed_palette_ova("r_u-2204-0-k-12713-0"));
        assert!(!is_unprefixed_palette_ova("u-2204-0-k-"));
    }

    #[test]
    fn kib_names() {
        let d = kib("rhel-8-kube-v1.27.11").expect("test input is valid");
        assert_eq!(
            (
                d.os.as_deref(),
                d.os_version.as_deref(),
                d.kubernetes.as_deref()
            ),
            (Some("rhel"), Some("8"), Some("1.27.11"))
        );
        let d = kib("ubuntu-2204-kube-v1.30.1").expect("test input is valid");
        assert_eq!(d.os_version.as_deref(), Some("22.04"));
        assert!(kib("flatcar-kube-v1.30.1")
            .expect("test input is valid")
            .os_version
            .is_none());
        assert!(kib("konvoy-rhel-88-1.27.6-20240229212552").is_none());
        let d = capa_ami("capa-ami-ubuntu-22.04-v1.29.3-1700000000").expect("test input is valid");
        assert_eq!(
            (d.os_version.as_deref(), d.kubernetes.as_deref()),
            (Some("22.04"), Some("1.29.3"))
        );
        assert_eq!(d.build_timestamp.as_deref(), Some("1700000000"));
    }
}
