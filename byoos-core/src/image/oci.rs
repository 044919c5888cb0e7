//! Edge provider images: OCI (Docker) references after `distribution/reference`
//! (`ParseNormalizedNamed` + `ParseDockerRef`), written by hand with ASCII-only rules, and
//! CanvOS provider-image tags `DIST-K8S-PEVERSION[-TAG]`.
//!
//! One deliberate difference from the Go package: when Docker's heuristic picks a first
//! component as the registry host (it has a `.` or `:`, or uppercase letters), the host must
//! follow the domain grammar. Go then falls back to reading the whole name as a path
//! (`foo_bar.com/baz` is accepted with no domain); byoos reports the host, since Palette
//! would pull from it.

use super::{cat, find_byte, show, Cx, Found, ImageKind};
use crate::codes::Code;
use crate::diagnostic::{Finding, Severity};
use std::borrow::Cow;
use std::ops::Range;

/// The Kubernetes distributions CanvOS builds (`system.k8sDistribution`), which Edge
/// image tags name; the pack rules check the option against the same list.
pub(crate) const K8S_DISTRIBUTIONS: [&str; 6] = [
    "k3s",
    "rke2",
    "kubeadm",
    "kubeadm-fips",
    "nodeadm",
    "canonical",
];

/// The longest repository path (`RepositoryNameTotalLengthMax`, path only since v0.6.0).
const MAX_PATH: usize = 255;
const MAX_TAG: usize = 128;

/// A parsed, normalized reference (pieces of the text it was read from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OciRef<'s> {
    /// The registry (`docker.io` when implied).
    pub(crate) domain: &'s str,
    /// The repository path (with `library/` added for Docker Hub official images).
    pub(crate) path: Cow<'s, str>,
    /// The tag as written, if any.
    pub(crate) tag: Option<&'s str>,
    /// Byte range of the tag in the input.
    pub(crate) tag_range: Option<Range<usize>>,
    /// The digest as written, if any.
    pub(crate) digest: Option<&'s str>,
    /// Whether the input named its registry.
    pub(crate) explicit_domain: bool,
}

impl OciRef<'_> {
    /// `ParseDockerRef`: the digest wins over the tag; `latest` when there is neither.
    pub(crate) fn normalized(&self) -> String {
        let (sep, last) = match (self.digest, self.tag) {
            (Some(d), _) => ("@", d),
            (None, Some(t)) => (":", t),
            (None, None) => (":", "latest"),
        };
        cat(&[self.domain, "/", &self.path, sep, last])
    }
}

fn issue(
    code: Code,
    range: Range<usize>,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Finding {
    Finding::new(code, range, message).help(help)
}

/// A finding in the name (registry and repository): the reference cannot be read.
fn name_issue(range: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Finding {
    issue(Code::ImageInvalidReference, range, message, help)
}

/// Byte range of the character at byte `i` of `s`.
fn char_at(s: &str, i: usize) -> Range<usize> {
    let len = s[i..].chars().next().map_or(0, char::len_utf8);
    i..i + len
}

fn describe_char(s: &str, i: usize) -> String {
    s[i..].chars().next().map_or_else(String::new, |c| match c {
        ' ' => "a space".to_owned(),
        c if c.is_control() || c.is_whitespace() => format!("`{}`", c.escape_unicode()),
        c => format!("`{c}`"),
    })
}

/// Which part of a reference an error is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Broken {
    /// The name (registry and repository): the text is not read as a reference at all.
    Name,
    /// The tag or the digest: the text is a reference with a bad tag or digest.
    TagOrDigest,
}

/// Parse `s` as Docker does, with its findings (errors, and warnings that do not stop it).
pub(crate) fn parse(s: &str) -> (Result<OciRef<'_>, Broken>, Vec<Finding>) {
    let mut issues = Vec::new();
    if let Some(issue) = not_a_reference(s) {
        issues.push(issue);
        return (Err(Broken::Name), issues);
    }
    // splitDockerDomain
    let (domain, explicit, rem_at) = match memchr::memchr(b'/', s.as_bytes()) {
        Some(i) => {
            let first = &s[..i];
            let is_domain = find_byte(first, b".:").is_some()
                || first == "localhost"
                || first.bytes().any(|b| b.is_ascii_uppercase());
            if is_domain {
                (first, true, i + 1)
            } else {
                ("docker.io", false, 0)
            }
        }
        None => ("docker.io", false, 0),
    };
    let remainder = &s[rem_at..];
    let domain = if domain == "index.docker.io" {
        "docker.io"
    } else {
        domain
    };
    if explicit {
        check_domain(s, domain, &mut issues);
    }
    // name [":" tag] ["@" digest]
    let (before, digest, digest_at) = match memchr::memchr(b'@', remainder.as_bytes()) {
        Some(i) => (&remainder[..i], Some(&remainder[i + 1..]), rem_at + i + 1),
        None => (remainder, None, 0),
    };
    let (path, tag, tag_at) = match memchr::memchr(b':', before.as_bytes()) {
        Some(i) => (&before[..i], Some(&before[i + 1..]), rem_at + i + 1),
        None => (before, None, 0),
    };
    let full_path = check_repository(s, domain, path, rem_at, &mut issues);
    // Every error so far is in the name.
    if issues.iter().any(Finding::is_error) {
        return (Err(Broken::Name), issues);
    }
    if let Some(t) = tag {
        check_tag(s, t, tag_at, &mut issues);
    }
    if let Some(d) = digest {
        check_digest(s, d, digest_at, &mut issues);
    }
    if issues.iter().any(Finding::is_error) {
        return (Err(Broken::TagOrDigest), issues);
    }
    let r = OciRef {
        domain,
        path: full_path,
        tag,
        tag_range: tag.map(|t| tag_at..tag_at + t.len()),
        digest,
        explicit_domain: explicit,
    };
    (Ok(r), issues)
}

/// An empty text, an image id or a registry alone: no reference at all.
fn not_a_reference(s: &str) -> Option<Finding> {
    let whole = 0..s.len();
    if s.is_empty() {
        return Some(name_issue(
            whole,
            "repository name must have at least one component",
            "give `registry/repository:tag`",
        ));
    }
    if s.len() == 64 && s.bytes().all(super::is_lower_hex) {
        return Some(name_issue(
            whole,
            "a bare 64-digit hexadecimal string is an image id, not a reference",
            "give the repository and tag (or `repository@sha256:…`)",
        ));
    }
    if s.starts_with('[') && !s.contains('/') {
        return Some(name_issue(
            whole,
            "a registry address alone is not an image reference",
            "add the repository: `[2001:db8::1]:5000/repository:tag`",
        ));
    }
    None
}

/// The repository path (at `rem_at`): lowercase, valid components, not too long with
/// its registry. The full path (`library/` added on Docker Hub).
fn check_repository<'s>(
    s: &str,
    domain: &str,
    path: &'s str,
    rem_at: usize,
    issues: &mut Vec<Finding>,
) -> Cow<'s, str> {
    let path_range = rem_at..rem_at + path.len();
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        issues.push(name_issue(
            path_range.clone(),
            format!("repository names are lowercase: `{}`", show(path)),
            format!(
                "write `{}` (tags may have uppercase letters, repository names may not)",
                show(&path.to_ascii_lowercase())
            ),
        ));
    } else {
        check_path(s, path, rem_at, issues);
    }
    let full_path = if domain == "docker.io" && memchr::memchr(b'/', path.as_bytes()).is_none() {
        Cow::Owned(cat(&["library/", path]))
    } else {
        Cow::Borrowed(path)
    };
    // Only the name has been checked so far: no finding means a well-formed name.
    if issues.is_empty() {
        if full_path.len() > MAX_PATH {
            issues.push(issue(
                Code::ImageNameTooLong,
                path_range,
                format!(
                    "the repository path has {} characters; at most {MAX_PATH} are allowed",
                    full_path.len()
                ),
                "use a shorter repository name",
            ));
        } else if domain.len() + 1 + full_path.len() > MAX_PATH {
            issues.push(
                issue(
                    Code::ImageNameTooLong,
                    0..path_range.end,
                    format!("registry and repository together have {} characters; many clients limit that to {MAX_PATH}", domain.len() + 1 + full_path.len()),
                    "use a shorter repository name if older tools must pull it",
                )
                .severity(Severity::Warning),
            );
        }
    }
    full_path
}

/// `host [":" port]`; host a domain name, IPv4 address or `[IPv6]`.
fn check_domain(s: &str, domain: &str, issues: &mut Vec<Finding>) {
    let range = 0..domain.len();
    if let Some(inner) = domain.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            issues.push(name_issue(
                range,
                "an IPv6 address without its closing `]`",
                "write `[address]:port/repository`",
            ));
            return;
        };
        let addr = &inner[..close];
        let after = &inner[close + 1..];
        if addr.contains('%') {
            issues.push(name_issue(
                range,
                "IPv6 zone ids (`%…`) are not allowed in a registry host",
                "remove the zone id",
            ));
        } else if addr.is_empty() || !addr.bytes().all(|b| b.is_ascii_hexdigit() || b == b':') {
            issues.push(name_issue(
                range,
                format!("`[{}]` is not an IPv6 address", show(addr)),
                "an IPv6 registry is written `[2001:db8::1]:5000`",
            ));
        }
        check_port(after, close + 2, issues);
        return;
    }
    let (host, port) = match memchr::memchr(b':', domain.as_bytes()) {
        Some(i) => (&domain[..i], Some(i)),
        None => (domain, None),
    };
    let colons = |t: &str| t.bytes().filter(|&b| b == b':').count();
    if colons(host) + colons(domain) >= 2
        && domain
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    {
        issues.push(name_issue(
            range,
            "an IPv6 registry address must be in brackets",
            "write it as `[address]:port`, e.g. `[fc00::1]:5000/debian`",
        ));
        return;
    }
    let mut at = 0;
    for comp in host.split('.') {
        let b = comp.as_bytes();
        if comp.is_empty() {
            issues.push(name_issue(
                range.clone(),
                format!(
                    "`{}` is not a valid registry host: an empty label",
                    show(host)
                ),
                "remove the extra `.`",
            ));
            return;
        }
        if let Some(i) = comp
            .bytes()
            .position(|c| !(c.is_ascii_alphanumeric() || c == b'-'))
        {
            let what = describe_char(comp, i);
            let help = if b[i] == b'_' {
                "DNS names have no `_`: use the registry's DNS name or IP address"
            } else {
                "a registry host has letters, digits, `-` and `.` only"
            };
            issues.push(name_issue(
                char_at(s, at + i),
                format!(
                    "{what} cannot be part of the registry host `{}`",
                    show(host)
                ),
                help,
            ));
            return;
        }
        if b[0] == b'-' || b[b.len() - 1] == b'-' {
            issues.push(name_issue(
                at..at + comp.len(),
                format!(
                    "`{}`: a host label does not start or end with `-`",
                    show(comp)
                ),
                "check the registry host",
            ));
            return;
        }
        at += comp.len() + 1;
    }
    if let Some(i) = port {
        check_port(&domain[i..], i, issues);
    }
}

/// `after` is empty or `:digits`; `at` is its offset.
fn check_port(after: &str, at: usize, issues: &mut Vec<Finding>) {
    if after.is_empty() {
        return;
    }
    match after.strip_prefix(':') {
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {}
        _ => issues.push(name_issue(
            at..at + after.len(),
            format!("`{}` is not a port", show(after)),
            "a registry port is `:` and digits, e.g. `:5000`",
        )),
    }
}

/// `path-component ['/' path-component]*`, `path-component := [a-z0-9]+ (separator [a-z0-9]+)*`,
/// `separator := [_.] | __ | [-]+`.
fn check_path(s: &str, path: &str, at: usize, issues: &mut Vec<Finding>) {
    let mut c_at = at;
    for comp in path.split('/') {
        if let Some((i, j, msg)) = component_error(comp) {
            let range = if i == j {
                c_at + i..c_at + i
            } else if j == usize::MAX {
                char_at(s, c_at + i)
            } else {
                c_at + i..c_at + j
            };
            let range = if range.is_empty() {
                c_at.saturating_sub(1).max(at)..(c_at + 1).min(s.len()).max(c_at)
            } else {
                range
            };
            issues.push(name_issue(range, msg, "repository names have lowercase letters and digits, separated by one `.`, one or two `_`, or `-`"));
            return;
        }
        c_at += comp.len() + 1;
    }
}

/// The first error of a path component: (start, end or `usize::MAX` for one character, message).
fn component_error(c: &str) -> Option<(usize, usize, String)> {
    let b = c.as_bytes();
    let alnum = |x: u8| x.is_ascii_lowercase() || x.is_ascii_digit();
    if b.is_empty() {
        return Some((
            0,
            0,
            "an empty repository path component (`//`, or `/` at an end)".to_owned(),
        ));
    }
    if !alnum(b[0]) {
        return Some((
            0,
            usize::MAX,
            format!(
                "{} cannot start a repository path component",
                describe_char(c, 0)
            ),
        ));
    }
    let mut i = 0;
    while i < b.len() && alnum(b[i]) {
        i += 1;
    }
    while i < b.len() {
        let sep = i;
        match b[i] {
            b'.' => i += 1,
            b'_' => {
                i += 1;
                if i < b.len() && b[i] == b'_' {
                    i += 1;
                }
            }
            b'-' => {
                while i < b.len() && b[i] == b'-' {
                    i += 1;
                }
            }
            _ => {
                return Some((
                    i,
                    usize::MAX,
                    format!(
                        "{} cannot be part of a repository name",
                        describe_char(c, i)
                    ),
                ))
            }
        }
        if i == b.len() || !alnum(b[i]) {
            let end = if i < b.len() && matches!(b[i], b'.' | b'_' | b'-') {
                i + 1
            } else {
                i
            };
            return Some((
                sep,
                end,
                format!(
                    "`{}` must sit between letters or digits",
                    show(&c[sep..end])
                ),
            ));
        }
        while i < b.len() && alnum(b[i]) {
            i += 1;
        }
    }
    None
}

/// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
fn check_tag(s: &str, t: &str, at: usize, issues: &mut Vec<Finding>) {
    let tag_range = at..at + t.len();
    if t.is_empty() {
        issues.push(issue(
            Code::ImageInvalidTag,
            at.saturating_sub(1)..at,
            "an empty tag after `:`",
            "remove the `:` or give the tag",
        ));
        return;
    }
    let ok = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    if let Some(i) = t.bytes().position(|b| !(ok(b) || b == b'.' || b == b'-')) {
        let (message, help) = match t.as_bytes()[i] {
            b'+' => (
                "`+` cannot be part of an image tag".to_owned(),
                "write the Kubernetes version without its `+k3s1`/`+rke2r1` suffix, as CanvOS does (e.g. `1.28.2`)".to_owned(),
            ),
            b'/' | b':' => (
                format!("{} cannot be part of an image tag", describe_char(t, i)),
                "a reference is `registry[:port]/repository:tag`: the tag comes last".to_owned(),
            ),
            _ => (format!("{} cannot be part of an image tag", describe_char(t, i)), "tags have letters, digits, `_`, `.` and `-`".to_owned()),
        };
        issues.push(issue(
            Code::ImageInvalidTag,
            char_at(s, at + i),
            message,
            help,
        ));
        return;
    }
    if !ok(t.as_bytes()[0]) {
        issues.push(issue(
            Code::ImageInvalidTag,
            at..at + 1,
            format!("a tag cannot start with `{}`", &t[..1]),
            "start the tag with a letter, digit or `_`",
        ));
        return;
    }
    if t.len() > MAX_TAG {
        issues.push(issue(
            Code::ImageInvalidTag,
            tag_range,
            format!(
                "the tag has {} characters; at most {MAX_TAG} are allowed",
                t.len()
            ),
            "use a shorter tag",
        ));
    }
}

/// `algorithm ":" encoded`, then go-digest: a registered algorithm and exact lowercase hex.
fn check_digest(s: &str, d: &str, at: usize, issues: &mut Vec<Finding>) {
    let range = at.saturating_sub(1)..at + d.len();
    let Some((alg, enc)) = d.split_once(':') else {
        issues.push(issue(
            Code::ImageInvalidDigest,
            range,
            "a digest is `algorithm:hex`",
            "write `@sha256:` followed by 64 hexadecimal digits",
        ));
        return;
    };
    let alg_ok = alg
        .as_bytes()
        .split(|b| matches!(b, b'-' | b'_' | b'+' | b'.'))
        .all(|b| {
            !b.is_empty() && b[0].is_ascii_alphabetic() && b.iter().all(u8::is_ascii_alphanumeric)
        });
    let alg_range = at..at + alg.len();
    let len = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            let lower = alg.to_ascii_lowercase();
            let help = if matches!(lower.as_str(), "sha256" | "sha384" | "sha512") {
                format!("algorithm names are lowercase: `{lower}`")
            } else {
                "use `sha256` (or `sha384`, `sha512`)".to_owned()
            };
            let what = if alg_ok {
                "unsupported digest algorithm"
            } else {
                "not a digest algorithm"
            };
            issues.push(issue(
                Code::ImageInvalidDigest,
                alg_range,
                format!("{what} `{}`", show(alg)),
                help,
            ));
            return;
        }
    };
    let enc_at = at + alg.len() + 1;
    if let Some(i) = enc.bytes().position(|b| !b.is_ascii_hexdigit()) {
        issues.push(issue(
            Code::ImageInvalidDigest,
            char_at(s, enc_at + i),
            format!("{} is not a hexadecimal digit", describe_char(enc, i)),
            format!("a {alg} digest is {len} lowercase hexadecimal digits"),
        ));
        return;
    }
    if enc.len() != len {
        issues.push(issue(
            Code::ImageInvalidDigest,
            enc_at..enc_at + enc.len(),
            format!(
                "a {alg} digest has {len} hexadecimal digits; this one has {}",
                enc.len()
            ),
            "copy the digest again (`docker buildx imagetools inspect …`)",
        ));
        return;
    }
    if enc.bytes().any(|b| b.is_ascii_uppercase()) {
        issues.push(issue(
            Code::ImageInvalidDigest,
            enc_at..enc_at + enc.len(),
            "digests are lowercase hexadecimal",
            format!("write `{alg}:{}`", enc.to_ascii_lowercase()),
        ));
    }
}

/// A valid reference that names a registry host (`.`/`:`/`localhost`) and a tag or digest.
pub(crate) fn looks_like_registry_image(s: &str) -> bool {
    match parse(s) {
        (Ok(r), _) => {
            r.explicit_domain
                && (r.domain.contains(['.', ':']) || r.domain == "localhost")
                && (r.tag.is_some() || r.digest.is_some())
        }
        _ => false,
    }
}

/// The Edge provider: `container://` stripped, the OCI grammar, CanvOS tags.
pub(crate) fn check_edge(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let Some((s, off)) = edge_scheme(cx, s, off) else {
        return Found::unknown();
    };
    let (parsed, issues) = parse(s);
    for i in issues {
        let at = off + i.at.start..off + i.at.end;
        cx.push(Finding { at, ..i });
    }
    let mut r = match parsed {
        Ok(r) => r,
        Err(Broken::Name) => return Found::unknown(),
        Err(Broken::TagOrDigest) => return Found::new(ImageKind::Oci),
    };
    // The repository moves into the parts (the tag's check reads neither it nor the
    // registry).
    let normalized = r.normalized();
    let mut found = Found::new(ImageKind::Oci)
        .norm(normalized)
        .part("registry", r.domain)
        .part("repository", std::mem::take(&mut r.path).into_owned());
    if let Some(d) = r.digest {
        found.set("digest", d);
    }
    edge_tag(cx, s, off, &r, &mut found);
    found
}

/// The reference without its optional `container://` (and where it starts); `None`
/// after an error (another scheme, nothing after the scheme, `na` for `NA`).
fn edge_scheme<'s>(cx: &mut Cx<'_>, s: &'s str, off: usize) -> Option<(&'s str, usize)> {
    let (s, off) = match s.get(..12) {
        Some(p) if p.eq_ignore_ascii_case("container://") => {
            if p != "container://" {
                cx.push(
                    Finding::new(
                        Code::ImageInvalidReference,
                        off..off + 12,
                        format!("the scheme `{}` is read in lower case only", show(p)),
                    )
                    .help("write `container://`"),
                );
            }
            (&s[12..], off + 12)
        }
        _ => (s, off),
    };
    if let Some(i) = s.find("://") {
        let scheme = &s[..i];
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off..off + i + 3,
                format!("an image reference has no `{}://` scheme", show(scheme)),
            )
            // Every URL password stands after the first `://`: masked, the text before
            // it is the same.
            .help(format!(
                "write `{}` (only `container://` is accepted, and optional)",
                show(&crate::secrets::mask_url_passwords(s)[i + 3..])
            )),
        );
        return None;
    }
    if s.is_empty() {
        cx.push(
            Finding::new(
                Code::ImageEmpty,
                off.saturating_sub(12)..off,
                "`container://` is not followed by an image",
            )
            .help("give `container://registry/repository:tag`"),
        );
        return None;
    }
    if s.eq_ignore_ascii_case("na") {
        cx.push(Finding::new(Code::ImageInvalidReference, off..off + s.len(), format!("`{s}` is read as an image name; the sentinel for no provider image is `NA`, in capitals")).help("write `NA`"));
        return None;
    }
    Some((s, off))
}

/// The tag of an Edge provider image: pinned or not, with a digest or not, and the
/// parts of a CanvOS tag.
fn edge_tag(cx: &mut Cx<'_>, s: &str, off: usize, r: &OciRef<'_>, found: &mut Found) {
    match (r.tag, r.digest) {
        (Some(t), digest) => {
            found.set("tag", t);
            let tr = r.tag_range.clone().unwrap_or(0..0);
            let tag_range = off + tr.start..off + tr.end;
            if digest.is_some() {
                cx.push(
                    Finding::new(
                        Code::ImageTagAndDigest,
                        tag_range.clone(),
                        "both a tag and a digest: the digest is pulled and the tag is ignored",
                    )
                    .help("keep only one of them"),
                );
            }
            if t == "latest" && digest.is_none() {
                cx.push(
                    Finding::new(
                        Code::ImageUnpinned,
                        tag_range.clone(),
                        "`latest` moves: nodes may run different images",
                    )
                    .help("pin the tag CanvOS printed for the build (or a digest)")
                    .severity(Severity::Info),
                );
            }
            canvos(cx, t, tag_range.start, found);
        }
        (None, None) => {
            found.set("tag", "latest");
            cx.push(
                Finding::new(
                    Code::ImageUnpinned,
                    off + s.len()..off + s.len(),
                    "no tag: `latest` is pulled, and it moves",
                )
                .help("pin the tag CanvOS printed for the build (or a digest)")
                .severity(Severity::Info),
            );
        }
        (None, Some(_)) => {}
    }
}

/// `x.y.z` (digits).
fn is_xyz(v: &str) -> bool {
    // Three runs of digits, each ended by a `.` but the last.
    let (mut dots, mut run) = (0, 0);
    for b in v.bytes() {
        match b {
            b'.' if run > 0 => (dots, run) = (dots + 1, 0),
            b'0'..=b'9' => run += 1,
            _ => return false,
        }
    }
    dots == 2 && run > 0
}

/// Parse a CanvOS tag `DIST-K8S-PEVERSION[-CUSTOMTAG]` into parts; warn when it looks like
/// one but is malformed. `at` is the tag's offset in the reference.
fn canvos(cx: &mut Cx<'_>, tag: &str, at: usize, found: &mut Found) {
    // The longest distribution the tag starts with (`kubeadm-fips`, not `kubeadm`).
    let Some(dist) = K8S_DISTRIBUTIONS
        .iter()
        .filter(|d| tag.strip_prefix(**d).is_some_and(|r| r.starts_with('-')))
        .max_by_key(|d| d.len())
    else {
        return;
    };
    let rest_at = dist.len() + 1;
    let rest = &tag[rest_at..];
    let b = rest.as_bytes();
    let versionish = b.first().is_some_and(u8::is_ascii_digit)
        || (b.first() == Some(&b'v') && b.get(1).is_some_and(u8::is_ascii_digit));
    if !versionish {
        return;
    }
    let mut body = tag;
    for arch in ["_linux_amd64", "_linux_arm64"] {
        if let Some(stripped) = tag.strip_suffix(arch) {
            cx.push(
                Finding::new(
                    Code::ImageCanvosTag,
                    at + stripped.len()..at + tag.len(),
                    format!("`{arch}` marks Earthly's per-architecture copy of the image"),
                )
                .help(format!("use the tag without it: `{}`", show(stripped))),
            );
            body = stripped;
        }
    }
    found.set("k8s_distribution", *dist);
    let Some(k_end) = canvos_kubernetes(cx, body, dist, at, found) else {
        return;
    };
    let Some(pe_end) = canvos_edge_version(cx, body, k_end, at, found) else {
        return;
    };
    if pe_end < body.len() {
        canvos_custom_tag(cx, body, pe_end, at, found);
    }
}

/// A CanvOS tag finding at `r` in the tag (at `at` in the reference).
fn canvos_warn(cx: &mut Cx<'_>, at: usize, r: Range<usize>, msg: String, help: String) {
    cx.push(Finding::new(Code::ImageCanvosTag, at + r.start..at + r.end, msg).help(help));
}

/// The Kubernetes version after `DIST-` in the tag `body`; where it ends, when a
/// Palette Edge version follows.
fn canvos_kubernetes(
    cx: &mut Cx<'_>,
    body: &str,
    dist: &str,
    at: usize,
    found: &mut Found,
) -> Option<usize> {
    let rest_at = dist.len() + 1;
    let k_end =
        memchr::memchr(b'-', &body.as_bytes()[rest_at..]).map_or(body.len(), |i| rest_at + i);
    let k8s = &body[rest_at..k_end];
    let k8s_plain = k8s.strip_prefix('v').unwrap_or(k8s);
    if k8s.starts_with('v') {
        canvos_warn(
            cx,
            at,
            rest_at..k_end,
            format!(
                "CanvOS writes the Kubernetes version without `v`: `{}`",
                show(k8s_plain)
            ),
            format!("write `{}-{}`", dist, show(k8s_plain)),
        );
    }
    if is_xyz(k8s_plain) {
        found.set("kubernetes_version", k8s_plain);
    } else {
        canvos_warn(
            cx,
            at,
            rest_at..k_end,
            format!(
                "`{}` is not a full Kubernetes version (`x.y.z`) as CanvOS puts in the tag",
                show(k8s)
            ),
            "use the Kubernetes version the image was built with, e.g. `1.29.5`".to_owned(),
        );
        return None;
    }
    if k_end == body.len() {
        canvos_warn(
            cx,
            at,
            0..body.len(),
            "no Palette Edge version after the Kubernetes version; CanvOS tags are `DIST-K8S-PEVERSION[-CUSTOMTAG]`".to_owned(),
            format!("use the tag CanvOS printed, e.g. `{}-v4.4.12-demo`", show(&body[..k_end])),
        );
        return None;
    }
    Some(k_end)
}

/// The Palette Edge version after the Kubernetes version (which ends at `k_end`): v +
/// x.y.z, then an optional -rc.N / -alpha.N / -beta.N; where it ends.
fn canvos_edge_version(
    cx: &mut Cx<'_>,
    body: &str,
    k_end: usize,
    at: usize,
    found: &mut Found,
) -> Option<usize> {
    let p_at = k_end + 1;
    let p_rest = &body[p_at..];
    let core_end = memchr::memchr(b'-', p_rest.as_bytes()).unwrap_or(p_rest.len());
    let core = &p_rest[..core_end];
    let core_plain = core.strip_prefix('v').unwrap_or(core);
    if core.is_empty() && p_rest.is_empty() {
        canvos_warn(
            cx,
            at,
            k_end..k_end + 1,
            "the tag ends in `-` after the Kubernetes version".to_owned(),
            "give the Palette Edge version, e.g. `v4.4.12`".to_owned(),
        );
        return None;
    }
    if !is_xyz(core_plain) {
        canvos_warn(
            cx,
            at,
            p_at..p_at + core.len(),
            format!(
                "`{}` is not a Palette Edge version (`vX.Y.Z`) after the Kubernetes version",
                show(core)
            ),
            "CanvOS tags are `DIST-K8S-PEVERSION[-CUSTOMTAG]`, e.g. `k3s-1.29.5-v4.4.12-demo`"
                .to_owned(),
        );
        return None;
    }
    if !core.starts_with('v') {
        canvos_warn(
            cx,
            at,
            p_at..p_at + core.len(),
            format!(
                "the Palette Edge version is written with `v`: `v{}`",
                show(core)
            ),
            format!("write `v{}`", show(core)),
        );
    }
    let mut pe_end = p_at + core_end;
    // Pre-release: -rc.2, -rc2, -alpha.1, -beta3.
    let after = &body[pe_end..];
    for pre in ["-rc", "-alpha", "-beta"] {
        if let Some(r) = after.strip_prefix(pre) {
            let r2 = r.strip_prefix('.').unwrap_or(r);
            let digits = r2.bytes().take_while(u8::is_ascii_digit).count();
            if digits > 0 && (r2.len() == digits || r2.as_bytes()[digits] == b'-') {
                pe_end += pre.len() + (r.len() - r2.len()) + digits;
            }
            break;
        }
    }
    found.set(
        "pe_version",
        cat(&[
            "v",
            &body[p_at + usize::from(core.starts_with('v'))..pe_end],
        ]),
    );
    Some(pe_end)
}

/// The custom tag after the Palette Edge version (which ends at `pe_end`).
fn canvos_custom_tag(cx: &mut Cx<'_>, body: &str, pe_end: usize, at: usize, found: &mut Found) {
    let custom = &body[pe_end + 1..];
    if custom.is_empty() {
        canvos_warn(
            cx,
            at,
            pe_end..pe_end + 1,
            "the tag ends in `-`: the custom tag (`system.customTag`) was empty when the reference was made".to_owned(),
            format!("set the CUSTOM_TAG used in the CanvOS build, or drop the `-`: `{}`", show(&body[..pe_end])),
        );
        return;
    }
    found.set("custom_tag", custom);
    if custom.bytes().any(|b| b.is_ascii_uppercase()) {
        canvos_warn(
            cx,
            at,
            pe_end + 1..body.len(),
            "CanvOS expects a lowercase custom tag".to_owned(),
            format!(
                "check the CUSTOM_TAG of the build: `{}`?",
                show(&custom.to_ascii_lowercase())
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex::Regex;
    use std::sync::LazyLock;

    fn norm(s: &str) -> Option<String> {
        parse(s).0.ok().map(|r| r.normalized())
    }

    #[test]
    fn normalize_vectors() {
        assert_eq!(
            norm("docker/docker").as_deref(),
            Some("docker.io/docker/docker:latest")
        );
        assert_eq!(
            norm("library/debian").as_deref(),
            Some("docker.io/library/debian:latest")
        );
        assert_eq!(
            norm("debian").as_deref(),
            Some("docker.io/library/debian:latest")
        );
        assert_eq!(
            norm("localhost/debian").as_deref(),
            Some("localhost/debian:latest")
        );
        assert_eq!(
            norm("index.docker.io/debian").as_deref(),
            Some("docker.io/library/debian:latest")
        );
        assert_eq!(
            norm("127.0.0.1:5000/debian").as_deref(),
            Some("127.0.0.1:5000/debian:latest")
        );
        assert_eq!(
            norm("192.168.0.1").as_deref(),
            Some("docker.io/library/192.168.0.1:latest")
        );
        assert_eq!(
            norm("192.168.0.1:80").as_deref(),
            Some("docker.io/library/192.168.0.1:80")
        );
        assert_eq!(
            norm("LOCALDOMAIN/fooo").as_deref(),
            Some("LOCALDOMAIN/fooo:latest")
        );
        assert_eq!(
            norm("fooo/bar").as_deref(),
            Some("docker.io/fooo/bar:latest")
        );
        assert_eq!(
            norm("docker---rules/docker").as_deref(),
            Some("docker.io/docker---rules/docker:latest")
        );
        assert_eq!(
            norm("[2001:db8::1]:5000/repo").as_deref(),
            Some("[2001:db8::1]:5000/repo:latest")
        );
        assert_eq!(
            norm("foo/foo_bar.com:8080").as_deref(),
            Some("docker.io/foo/foo_bar.com:8080")
        );
        assert_eq!(
            norm("lowercase:Uppercase").as_deref(),
            Some("docker.io/library/lowercase:Uppercase")
        );
        let d = format!("sha256:{}", "a".repeat(64));
        assert_eq!(
            norm(&format!("ubuntu:22.04@{d}")),
            Some(format!("docker.io/library/ubuntu@{d}"))
        );
        for bad in [
            "https://github.com/docker/docker",
            "-docker",
            "docker///docker",
            "fc00::1:5000/debian",
            &"a".repeat(64),
            "dock..er/docker",
            "docker-/docker",
            "docker/",
            "[2001:db8::1]",
            "[2001:db8::1]:5000",
            "[fe80::1%eth0]:5000/repo",
            "Uppercase:tag",
            "foo_bar.com/baz",
        ] {
            assert_eq!(norm(bad), None, "{bad}");
        }
        let long = format!("example.com/{}:tag", "a".repeat(255));
        assert!(norm(&long).is_some());
        assert!(norm(&format!("example.com/{}:tag", "a".repeat(256))).is_none());
    }

    /// The anchored reference regex of distribution/reference, `\w` as ASCII.
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^((?:(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}))?$").expect("test input is valid")
    });

    /// The domain part as Docker's heuristic picks it, when it is one.
    fn docker_domain(s: &str) -> Option<&str> {
        let i = s.find('/')?;
        let first = &s[..i];
        (first.contains(['.', ':'])
            || first == "localhost"
            || first.bytes().any(|b| b.is_ascii_uppercase()))
        .then_some(first)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        /// Differential test against the upstream regex applied to the normalized name
        /// (plus go-digest's exact-length, lowercase rule for sha256).
        #[test]
        fn agrees_with_upstream_regex(s in "[a-cA-C0-9:/@._\\-\\[\\]]{1,24}|[a-c]{1,3}(\\.[a-c]{1,3})?(:[0-9]{1,3})?/[a-c_.\\-]{1,6}(:[a-zA-Z0-9_.\\-+]{0,6})?(@sha256:[0-9a-fA-F]{64})?") {
            let ours = parse(&s).0.is_ok();
            let lower_remote_ok = {
                let (dom, rem) = match docker_domain(&s) { Some(d) => (d.to_owned(), &s[d.len() + 1..]), None => ("docker.io".to_owned(), s.as_str()) };
                let remote = rem.split(':').next().unwrap_or(rem);
                let remote_ok = remote.to_ascii_lowercase() == remote;
                let rem = if dom == "docker.io" && !rem.contains('/') { format!("library/{rem}") } else { rem.to_owned() };
                let full = format!("{dom}/{rem}");
                // Go: a domain picked by the heuristic that is not a valid domain falls back to
                // a path; byoos rejects it (see the module docs). Compare only when the domain parses.
                let domain_ok = REFERENCE.is_match(&format!("{dom}/x"));
                let digest_ok = full.split_once('@').is_none_or(|(_, d)| d.strip_prefix("sha256:").is_some_and(|h| h.len() == 64 && h.bytes().all(crate::image::is_lower_hex)));
                let is_hex64 = s.len() == 64 && s.bytes().all(crate::image::is_lower_hex);
                (remote_ok && domain_ok && !is_hex64 && REFERENCE.is_match(&full) && digest_ok, domain_ok)
            };
            if lower_remote_ok.1 {
                prop_assert_eq!(ours, lower_remote_ok.0, "{}", s);
            }
        }
    }

    #[test]
    fn component_errors() {
        assert!(component_error("docker---rules").is_none());
        assert!(component_error("a__b").is_none());
        assert!(component_error("a___b").is_some());
        assert!(component_error("a._b").is_some());
        assert!(component_error("é").is_some());
    }
}
