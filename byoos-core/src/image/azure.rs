//! Azure: VHD blob URLs (the only form Palette takes), SAS tokens (redacted), and the
//! forms Palette rejects: Compute Gallery, community and direct-shared gallery images,
//! managed images, Marketplace URNs.

use super::{
    all_bytes, cat, find_byte, find_pair, names, redact_sas, show, starts_with_ci, Cx, Found,
    ImageKind,
};
use crate::codes::Code;
use crate::diagnostic::Finding;
use std::borrow::Cow;
use std::ops::Range;

/// Blob storage endpoint suffixes per cloud (`go-autorest` `StorageEndpointSuffix`).
const SUFFIXES: [(&str, &str); 4] = [
    ("core.windows.net", "public"),
    ("core.usgovcloudapi.net", "usgovernment"),
    ("core.chinacloudapi.cn", "china"),
    ("core.cloudapi.de", "germany"),
];

/// The rest of the message for a gallery image, after what it is.
const GALLERY_NOT_SUPPORTED: &str = " is not supported: Palette's Azure BYOOS takes only the blob URL of a VHD (\"Image Gallery ID reference is not supported\")";

const VHD_HELP: &str = "export the image to a fixed-size VHD in a storage account and give its blob URL, `https://<account>.blob.core.windows.net/<container>/<name>.vhd`";

/// Forms only Azure uses: blob URLs, ARM image ids, community/shared gallery ids, URNs.
pub(crate) fn is_strong(s: &str) -> bool {
    let url = if starts_with_ci(s, "https://") {
        Some(&s[8..])
    } else if starts_with_ci(s, "http://") {
        Some(&s[7..])
    } else {
        None
    };
    // `.blob.` has no letter whose case matters to `contains` but its own: compared in
    // any case below, as the lowercase copy of the reference was.
    url.is_some_and(|u| contains_ci(&u[..find_byte(u, b"/?#").unwrap_or(u.len())], ".blob."))
        || starts_with_ci(s, "/subscriptions/") && contains_ci(s, "/providers/microsoft.compute/")
        || starts_with_ci(s, "/communitygalleries/")
        || starts_with_ci(s, "/sharedgalleries/")
        || urn(s).is_some()
}

/// Whether `s` contains `needle` (ASCII lowercase), ASCII case-insensitively.
fn contains_ci(s: &str, needle: &str) -> bool {
    let (h, n) = (s.as_bytes(), needle.as_bytes());
    let Some(&first) = n.first() else {
        return true;
    };
    // Only where the first byte matches is the rest compared; a first byte that is not
    // a letter is found with `memchr`.
    if !first.is_ascii_alphabetic() {
        return memchr::memchr_iter(first, h).any(|i| {
            h.get(i..i + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n))
        });
    }
    h.len() >= n.len()
        && (0..=h.len() - n.len())
            .any(|i| h[i].eq_ignore_ascii_case(&first) && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// `Publisher:Offer:Sku:Version`: `^[^:\s/]+:[^:\s/]+:[^:\s/]+:[^:\s/]+$`.
fn urn(s: &str) -> Option<[&str; 4]> {
    // Most references have no `:` at all, or not three: no split is made for them.
    if s.bytes().filter(|&b| b == b':').count() != 3 {
        return None;
    }
    let mut it = s.split(':');
    let f = [it.next()?, it.next()?, it.next()?, it.next()?];
    if f.iter()
        .any(|x| x.is_empty() || x.contains('/') || x.chars().any(char::is_whitespace))
    {
        return None;
    }
    // A publisher is a plain word (not `https`, not a host with a port).
    if !all_bytes(f[0], |b| {
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
    }) {
        return None;
    }
    Some([f[0], f[1], f[2], f[3]])
}

pub(crate) fn check(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    if starts_with_ci(s, "https://") || starts_with_ci(s, "http://") {
        return check_url(cx, s, off);
    }
    if s.starts_with('/') {
        if let Some(f) = check_arm(cx, s, off) {
            return f;
        }
    }
    if let Some([publisher, offer, sku, version]) = urn(s) {
        cx.push(Finding::new(Code::ImageNotAccepted, off..off + s.len(), "a Marketplace image URN is not supported: Palette's Azure BYOOS takes only the blob URL of a VHD").help(VHD_HELP));
        return Found::new(ImageKind::MarketplaceUrn)
            .norm(s)
            .part("publisher", publisher)
            .part("offer", offer)
            .part("sku", sku)
            .part("version", version);
    }
    let help = if names::strip_suffix_ci(s, ".vhd").is_some() {
        "give the full blob URL: `https://<account>.blob.core.windows.net/<container>/<name>.vhd`"
            .to_owned()
    } else {
        cat(&["Azure needs ", super::Provider::Azure.wants()])
    };
    cx.push(
        Finding::new(
            Code::ImageUnrecognized,
            off..off + s.len(),
            "not an Azure VHD blob URL",
        )
        .help(help),
    );
    Found::unknown()
}

fn check_url(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let before = cx.diags.len();
    let mut found = url_parts(cx, s, off);
    // A malformed URL has no canonical form.
    if cx.diags[before..].iter().any(|d| {
        d.is_error() && matches!(d.code, Code::ImageInvalidReference | Code::ImageNameTooLong)
    }) {
        found.normalized = None;
    }
    found
}

fn url_parts(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let Some(auth) = authority(cx, s, off) else {
        return Found::unknown();
    };
    let mut found = Found::new(ImageKind::VhdUrl);
    let Some(account) = endpoint(cx, &auth, &mut found) else {
        return Found::unknown();
    };
    if let Some(p) = auth.port() {
        found.set("port", p);
    }
    found.set("host", auth.hostname());
    if let Some(a) = account {
        check_account(cx, a, &auth, &mut found);
    }
    // ---- path, query, fragment
    let path_start = auth.after + auth.len;
    let tail = &s[path_start..];
    let path_len = find_byte(tail, b"?#").unwrap_or(tail.len());
    let path = &tail[..path_len];
    let mut q_range = None;
    let mut query = "";
    if tail[path_len..].starts_with('?') {
        let q = &tail[path_len + 1..];
        let q_len = q.find('#').unwrap_or(q.len());
        query = &q[..q_len];
        q_range = Some(off + path_start + path_len + 1..off + path_start + path_len + 1 + q_len);
    }
    if let Some(h) = tail.find('#') {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off + path_start + h..off + s.len(),
                "a `#` fragment is not part of a blob URL",
            )
            .help("remove it"),
        );
    }
    if !blob_path(cx, s, off, path, off + path_start, &mut found) {
        return found;
    }
    // ---- SAS
    let pieces = [auth.scheme, "://", &auth.host, path];
    // Room for the query too (a redacted signature may be longer than the one it hides).
    let mut normalized =
        String::with_capacity(pieces.iter().map(|p| p.len()).sum::<usize>() + query.len() + 8);
    for p in pieces {
        normalized.push_str(p);
    }
    if let Some(qr) = q_range {
        check_sas(cx, query, qr.start, &mut found);
        if !query.is_empty() {
            normalized.push('?');
            // With a signature, the `sas` part is the query redacted: not redacted twice.
            match found.parts.get("sas") {
                Some(redacted) => normalized.push_str(redacted),
                None => normalized.push_str(&redact_sas(query)),
            }
        }
    }
    found.normalized = Some(normalized);
    found
}

/// The scheme and host of a blob URL.
struct Authority<'s> {
    /// `https` or `http` (lowercase).
    scheme: &'static str,
    /// The authority, lowercase (with its port).
    host: Cow<'s, str>,
    /// Where the host name ends in `host` (at the `:` of a port, or its end).
    hostname_len: usize,
    /// Offset of the authority in the reference (after `://`).
    after: usize,
    /// Offset of the authority in the text.
    at: usize,
    /// Its length.
    len: usize,
}

impl Authority<'_> {
    /// The host name without the port.
    fn hostname(&self) -> &str {
        &self.host[..self.hostname_len]
    }

    /// The port, when the authority has one.
    fn port(&self) -> Option<&str> {
        self.host.get(self.hostname_len + 1..)
    }
}

/// `s` in ASCII lowercase, copied only when it has an uppercase letter.
fn lowercase(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// The scheme and host; `None` after an error (a user name, no host, not a host name).
/// `s` starts with `https://` or `http://` (any case).
fn authority<'s>(cx: &mut Cx<'_>, s: &'s str, off: usize) -> Option<Authority<'s>> {
    let (scheme, scheme_len) = if starts_with_ci(s, "http://") {
        ("http", 4)
    } else {
        ("https", 5)
    };
    let after = scheme_len + 3;
    let rest = &s[after..];
    let auth_len = find_byte(rest, b"/?#").unwrap_or(rest.len());
    let authority = &rest[..auth_len];
    if scheme == "http" {
        cx.push_fixed(Finding::new(Code::ImageInsecureUrl, off..off + 4, "an `http://` URL: Azure storage accounts require secure transfer (HTTPS) by default").help("write `https://`"), "https");
    }
    if authority.contains('@') {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off + after..off + after + auth_len,
                "a blob URL has no user name before the host",
            )
            .help("remove the `user@` part"),
        );
        return None;
    }
    let host = lowercase(authority);
    let host_at = off + after;
    let hostname_len = match memchr::memrchr(b':', host.as_bytes()) {
        Some(i) if all_bytes(&host[i + 1..], |b| b.is_ascii_digit()) => i,
        _ => host.len(),
    };
    let hostname = &host[..hostname_len];
    if hostname.is_empty() {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off..off + s.len(),
                "the URL has no host",
            )
            .help(super::Provider::Azure.wants()),
        );
        return None;
    }
    // A DNS name (letters, digits, `-`, `.`) or an IPv6 literal: `&`, `=`, `%` or spaces
    // mean the host swallowed part of a mangled URL.
    let dns = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let ipv6 = hostname.starts_with('[') && hostname.ends_with(']');
    if !ipv6 && !hostname.bytes().all(dns) {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                host_at..host_at + auth_len,
                format!(
                    "`{}` is not a host name: a host has letters, digits, `-` and `.`",
                    show(hostname)
                ),
            )
            .help(super::Provider::Azure.wants()),
        );
        return None;
    }
    Some(Authority {
        scheme,
        host,
        hostname_len,
        after,
        at: host_at,
        len: auth_len,
    })
}

/// Which Blob Storage endpoint the host is: the cloud, and the account when the host
/// names one. `None` after an error (another storage service).
fn endpoint<'a>(
    cx: &mut Cx<'_>,
    auth: &'a Authority<'_>,
    found: &mut Found,
) -> Option<Option<&'a str>> {
    let hostname = auth.hostname();
    let host_range = auth.at..auth.at + auth.len;
    if let Some((acct, cloud)) = SUFFIXES.iter().find_map(|(suf, cloud)| {
        hostname
            .strip_suffix(suf)
            .and_then(|h| h.strip_suffix(".blob."))
            .map(|a| (a, *cloud))
    }) {
        found.set("cloud", cloud);
        let acct = if let Some(a) = acct.strip_suffix(".privatelink") {
            cx.push(Finding::new(Code::ImageUnusualEndpoint, host_range.clone(), "a private-endpoint (privatelink) blob host; whether Palette can reach it is not documented").help("use the account's public blob endpoint, `<account>.blob.core.windows.net`, if the cluster can reach it"));
            a
        } else {
            acct
        };
        if cloud == "germany" {
            cx.push(Finding::new(Code::ImageUnusualEndpoint, host_range, "`core.cloudapi.de` is the retired Azure Germany cloud").help("move the VHD to a storage account in a current cloud (`blob.core.windows.net`)"));
        }
        return Some(Some(acct));
    }
    if let Some(acct) = zone_endpoint(hostname) {
        cx.push(Finding::new(Code::ImageUnusualEndpoint, host_range, "an Azure DNS-zone storage endpoint (`<account>.zNN.blob.storage.azure.net`); whether Palette accepts it is not documented").help("prefer the standard endpoint `<account>.blob.core.windows.net` if the account has one"));
        return Some(Some(acct));
    }
    if let Some(svc) = ["file", "queue", "table", "dfs", "web"].iter().find(|svc| {
        SUFFIXES.iter().any(|(suf, _)| {
            hostname
                .strip_suffix(suf)
                .and_then(|h| h.strip_suffix('.'))
                .and_then(|h| h.strip_suffix(**svc))
                .is_some_and(|h| h.ends_with('.'))
        })
    }) {
        cx.push(Finding::new(Code::ImageNotAccepted, host_range, format!("a `{svc}` storage endpoint: a VHD for Azure VMs is a page blob in Blob storage")).help("copy the VHD to Blob storage (`azcopy copy … --blob-type PageBlob`) and give its `blob.core.windows.net` URL"));
        return None;
    }
    if hostname.contains(".blob.") {
        cx.push(Finding::new(Code::ImageUnusualEndpoint, host_range, "a blob endpoint outside the public, US Government and China clouds (Azure Stack Hub?); whether Palette accepts it is not documented").help("use a `blob.core.windows.net` URL if the cluster runs in Azure's public cloud"));
        return Some(hostname.split('.').next());
    }
    cx.push(Finding::new(Code::ImageUnusualEndpoint, host_range, format!("`{}` is not an Azure Blob Storage host (a custom domain?)", show(hostname))).help("give the storage account's blob URL, `https://<account>.blob.core.windows.net/<container>/<name>.vhd`"));
    Some(None)
}

/// A storage account name: 3 to 24 lowercase letters and digits.
fn check_account(cx: &mut Cx<'_>, a: &str, auth: &Authority<'_>, found: &mut Found) {
    if !(3..=24).contains(&a.len())
        || !all_bytes(a, |b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                auth.at..auth.at + a.len().min(auth.len),
                format!(
                    "`{}` is not a storage account name: 3 to 24 lowercase letters and digits",
                    show(a)
                ),
            )
            .help("copy the URL again from the storage account"),
        );
    } else {
        found.set("account", a);
    }
}

/// The container and blob of the URL's path (at `path_at`); `false` when the path names
/// no blob.
fn blob_path(
    cx: &mut Cx<'_>,
    s: &str,
    off: usize,
    path: &str,
    path_at: usize,
    found: &mut Found,
) -> bool {
    if path.len() <= 1 {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off..off + s.len(),
                "the URL names no blob",
            )
            .help("give `https://<account>.blob.core.windows.net/<container>/<name>.vhd`"),
        );
        return false;
    }
    if let Some(i) = find_pair(path, b'/') {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                path_at + i..path_at + i + 2,
                "an empty segment (`//`) in the blob path",
            )
            .help("remove the extra `/`"),
        );
        return false;
    }
    // The path starts with `/`: its first segment is the container, unless it is the
    // only one (a blob in `$root`).
    let body = &path[1..];
    let (container, blob, blob_at) = match body.find('/') {
        None => ("$root", body, path_at + 1),
        Some(i) => {
            check_container(cx, &body[..i], path_at + 1);
            (&body[..i], &body[i + 1..], path_at + i + 2)
        }
    };
    found.set("container", container);
    found.set("blob", blob);
    if blob.len() > 1024 || memchr::memchr_iter(b'/', blob.as_bytes()).count() >= 254 {
        cx.push(
            Finding::new(
                Code::ImageNameTooLong,
                blob_at..blob_at + blob.len(),
                "a blob name has at most 1024 characters and 254 path segments",
            )
            .help("use a shorter blob name"),
        );
    }
    if blob.ends_with('/') || blob.ends_with('.') {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                blob_at..blob_at + blob.len(),
                "a blob name does not end in `/` or `.`",
            )
            .help("give the full name of the `.vhd` blob"),
        );
    }
    check_extension(cx, blob, blob_at);
    true
}

/// A container name: 3 to 63 lowercase letters, digits and single `-` between them.
fn check_container(cx: &mut Cx<'_>, container: &str, at: usize) {
    let valid = matches!(container, "$root" | "$web")
        || ((3..=63).contains(&container.len())
            && all_bytes(container, |b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
            })
            && !container.starts_with('-')
            && !container.ends_with('-')
            && find_pair(container, b'-').is_none());
    if !valid {
        let help = if container.bytes().any(|b| b.is_ascii_uppercase()) {
            "container names are lowercase; the URL path is case-sensitive".to_owned()
        } else {
            "a container name has 3 to 63 lowercase letters, digits and single `-` between them"
                .to_owned()
        };
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                at..at + container.len(),
                format!("`{}` is not a valid container name", show(container)),
            )
            .help(help),
        );
    }
}

/// `<account>.zNN.blob.storage.azure.net` → the account.
fn zone_endpoint(host: &str) -> Option<&str> {
    let rest = host.strip_suffix(".blob.storage.azure.net")?;
    let (acct, zone) = rest.rsplit_once('.')?;
    (zone.len() == 3 && zone.starts_with('z') && all_bytes(&zone[1..], |b| b.is_ascii_digit()))
        .then_some(acct)
}

fn check_extension(cx: &mut Cx<'_>, blob: &str, blob_at: usize) {
    let last = memchr::memrchr(b'/', blob.as_bytes()).map_or(blob, |i| &blob[i + 1..]);
    let ext_at = memchr::memrchr(b'.', last.as_bytes());
    if ext_at.is_some_and(|i| last[i + 1..].eq_ignore_ascii_case("vhd")) {
        return;
    }
    let ext = ext_at.map(|i| last[i + 1..].to_ascii_lowercase());
    let last_at = blob_at + blob.len() - last.len();
    let (range, message, help) = match (ext_at, ext.as_deref()) {
        (Some(i), Some(e @ ("vhdx" | "vmdk" | "qcow2" | "img" | "raw" | "vdi"))) => (
            last_at + i..last_at + last.len(),
            format!("`.{e}` disks are not VHDs: Azure VMs boot from fixed-size VHDs"),
            format!("convert it: `qemu-img convert -O vpc -o subformat=fixed,force_size {} <name>.vhd`, upload it as a page blob and give that URL", show(last)),
        ),
        (Some(i), Some(e @ ("ova" | "ovf"))) => (
            last_at + i..last_at + last.len(),
            format!("`.{e}` files are VMware appliances, not VHDs: Azure VMs boot from fixed-size VHDs"),
            "extract its disk, convert it to a fixed-size VHD (`qemu-img convert -O vpc -o subformat=fixed,force_size …`), upload it as a page blob and give that URL".to_owned(),
        ),
        (Some(i), Some(e @ ("iso" | "gz" | "xz" | "zip" | "tar"))) => (
            last_at + i..last_at + last.len(),
            format!("`.{e}` files are not VHDs"),
            "upload the uncompressed fixed-size `.vhd` disk as a page blob and give that URL".to_owned(),
        ),
        _ => (
            last_at..last_at + last.len(),
            "the blob name does not end in `.vhd`".to_owned(),
            "Palette takes the blob URL of a VHD (`….vhd`); check that the URL names the disk".to_owned(),
        ),
    };
    cx.push(Finding::new(Code::ImageVhdExtension, range, message).help(help));
}

/// A query string: recognise a SAS, redact its signature, warn.
fn check_sas(cx: &mut Cx<'_>, query: &str, q_at: usize, found: &mut Found) {
    let mut at = q_at;
    let mut sig = false;
    let mut sp: Option<(&str, usize)> = None;
    for param in query.split('&') {
        let (name, value) = param.split_once('=').unwrap_or((param, ""));
        if name.eq_ignore_ascii_case("sig") || crate::secrets::is_escaped_sig(name.as_bytes()) {
            sig = true;
        } else if name.eq_ignore_ascii_case("sp") {
            sp = Some((value, at));
        } else if name.eq_ignore_ascii_case("se") {
            found.set("sas_expiry", super::percent_decode(value));
        }
        at += param.len() + 1;
    }
    if !sig {
        found.set("query", query);
        return;
    }
    found.set("sas", redact_sas(query).into_owned());
    cx.push(Finding::new(Code::ImageSasToken, q_at..q_at + query.len(), "the URL carries a SAS token (signature `***`): a secret that would be stored in the cluster profile").help("prefer a blob the cluster can read without a token; otherwise keep the token out of the profile (e.g. in a Palette macro) and give it the least rights: `sp=r` and a near expiry `se`"));
    if let Some((perms, p_at)) = sp {
        found.set("sas_permissions", perms);
        let extra: String = perms.chars().filter(|c| !matches!(c, 'r' | 'l')).collect();
        if !extra.is_empty() {
            cx.push(
                Finding::new(
                    Code::ImageSasToken,
                    p_at..p_at + 3 + perms.len(),
                    format!(
                        "the SAS grants more than reading the blob (`sp={}`)",
                        show(perms)
                    ),
                )
                .help("reading the VHD needs only `sp=r`: issue a read-only SAS"),
            );
        }
    }
}

/// Whether segment `i` is the keyword `k` (any case).
fn kw(segs: &[&str], i: usize, k: &str) -> bool {
    segs.get(i).is_some_and(|x| x.eq_ignore_ascii_case(k))
}

/// Whether segment `i` is there and not empty.
fn named(segs: &[&str], i: usize) -> bool {
    segs.get(i).is_some_and(|x| !x.is_empty())
}

/// `/subscriptions/…/providers/Microsoft.Compute/…`, `/CommunityGalleries/…`,
/// `/SharedGalleries/…`; `None` when `s` is none of them.
fn check_arm(cx: &mut Cx<'_>, s: &str, off: usize) -> Option<Found> {
    // The segments after the leading `/` (`s.split('/').skip(1)`), found byte by byte
    // into a vector sized for a gallery image version's twelve.
    let mut segs: Vec<&str> = Vec::with_capacity(16);
    let mut start = 1;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        if b == b'/' {
            segs.push(&s[start..i]);
            start = i + 1;
        }
    }
    segs.push(&s[start..]);
    if kw(&segs, 0, "communitygalleries") || kw(&segs, 0, "sharedgalleries") {
        return check_shared_gallery(cx, off..off + s.len(), &segs);
    }
    if !(kw(&segs, 0, "subscriptions")
        && named(&segs, 1)
        && kw(&segs, 2, "resourcegroups")
        && named(&segs, 3)
        && kw(&segs, 4, "providers")
        && kw(&segs, 5, "microsoft.compute"))
    {
        return None;
    }
    let sub = segs[1];
    if !is_guid(sub) {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off + 1 + segs[0].len() + 1..off + 1 + segs[0].len() + 1 + sub.len(),
                format!("`{}` is not a subscription id (a GUID)", show(sub)),
            )
            .help("copy the resource id again from the portal or `az … show --query id`"),
        );
    }
    Some(check_compute_resource(cx, off..off + s.len(), &segs))
}

/// `/CommunityGalleries/<gallery>/Images/<image>[/Versions/<version>]` and the same
/// under `/SharedGalleries/`; `None` when it is not that shape.
fn check_shared_gallery(cx: &mut Cx<'_>, whole: Range<usize>, segs: &[&str]) -> Option<Found> {
    let community = kw(segs, 0, "communitygalleries");
    let ok = named(segs, 1)
        && kw(segs, 2, "images")
        && named(segs, 3)
        && (segs.len() == 4 || (segs.len() == 6 && kw(segs, 4, "versions") && named(segs, 5)));
    if !ok {
        return None;
    }
    let (ty, root) = if community {
        ("community", "CommunityGalleries")
    } else {
        ("shared", "SharedGalleries")
    };
    let mut f = Found::new(ImageKind::GalleryImage)
        .part("gallery_type", ty)
        .part("gallery", segs[1])
        .part("image", segs[3]);
    let mut norm = cat(&["/", root, "/", segs[1], "/Images/", segs[3]]);
    if segs.len() == 6 {
        f.set("version", segs[5]);
        norm.push_str("/Versions/");
        norm.push_str(segs[5]);
    }
    let what = if community {
        "a community gallery image"
    } else {
        "a direct-shared gallery image"
    };
    gallery_not_accepted(cx, whole, what);
    Some(f.norm(norm))
}

/// The finding of a gallery image (`what` names its kind): Palette takes only a VHD.
fn gallery_not_accepted(cx: &mut Cx<'_>, whole: Range<usize>, what: &str) {
    cx.push(
        Finding::new(
            Code::ImageNotAccepted,
            whole,
            cat(&[what, GALLERY_NOT_SUPPORTED]),
        )
        .help(VHD_HELP),
    );
}

/// What a `Microsoft.Compute` resource id names: a gallery image, a managed image, a
/// disk or snapshot, or something else; none of them is taken.
fn check_compute_resource(cx: &mut Cx<'_>, whole: Range<usize>, segs: &[&str]) -> Found {
    let (sub, rg) = (segs[1], segs[3]);
    let base = |rest: &[&str]| {
        let mut s = cat(&[
            "/subscriptions/",
            sub,
            "/resourceGroups/",
            rg,
            "/providers/Microsoft.Compute",
        ]);
        for r in rest {
            s.push_str(r);
        }
        s
    };
    if kw(segs, 6, "galleries")
        && named(segs, 7)
        && kw(segs, 8, "images")
        && named(segs, 9)
        && (segs.len() == 10 || (segs.len() == 12 && kw(segs, 10, "versions") && named(segs, 11)))
    {
        let mut f = Found::new(ImageKind::GalleryImage)
            .part("gallery_type", "compute")
            .part("subscription", sub)
            .part("resource_group", rg)
            .part("gallery", segs[7])
            .part("image", segs[9]);
        let (norm, what) = if segs.len() == 12 {
            f.set("version", segs[11]);
            (
                base(&[
                    "/galleries/",
                    segs[7],
                    "/images/",
                    segs[9],
                    "/versions/",
                    segs[11],
                ]),
                "an Azure Compute Gallery image version",
            )
        } else {
            (
                base(&["/galleries/", segs[7], "/images/", segs[9]]),
                "an Azure Compute Gallery image definition (its latest version)",
            )
        };
        gallery_not_accepted(cx, whole, what);
        return f.norm(norm);
    }
    if kw(segs, 6, "images") && named(segs, 7) && segs.len() == 8 {
        cx.push(Finding::new(Code::ImageNotAccepted, whole, "a managed image is not supported: Palette's Azure BYOOS takes only the blob URL of a VHD").help(VHD_HELP));
        return Found::new(ImageKind::ManagedImage)
            .part("subscription", sub)
            .part("resource_group", rg)
            .part("name", segs[7])
            .norm(base(&["/images/", segs[7]]));
    }
    if (kw(segs, 6, "disks") || kw(segs, 6, "snapshots")) && named(segs, 7) && segs.len() == 8 {
        let what = if kw(segs, 6, "disks") {
            "managed disk"
        } else {
            "snapshot"
        };
        cx.push(Finding::new(Code::ImageNotAccepted, whole, format!("a {what} id: Palette's Azure BYOOS takes only the blob URL of a VHD")).help(format!("export it (`az {} grant-access … --duration-in-seconds 3600`, then `azcopy copy` into a storage account) and give the VHD's blob URL", if what == "snapshot" { "snapshot" } else { "disk" })));
        return Found::unknown()
            .part("subscription", sub)
            .part("resource_group", rg)
            .part("name", segs[7]);
    }
    cx.push(
        Finding::new(
            Code::ImageUnrecognized,
            whole,
            "an Azure resource id that is not an image",
        )
        .help(cat(&["Azure needs ", super::Provider::Azure.wants()])),
    );
    Found::unknown()
}

fn is_guid(s: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::{check_image, ImageOptions, Provider};

    #[test]
    fn urns() {
        assert!(urn("Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest").is_some());
        assert!(urn("RedHat:RHEL:7-LVM:7.6.2018103108").is_some());
        assert!(urn("example.com:5000/repo:tag").is_none());
        assert!(urn("a:b:c").is_none());
    }

    #[test]
    fn sas_is_redacted_everywhere() {
        let secret = "Zm9vYmFyYmF6cXV4c2VjcmV0c2lnbmF0dXJl%2Bx%3D";
        let url = format!("https://acct01.blob.core.windows.net/vhds/x.vhd?sv=2022-11-02&sp=rw&se=2030-01-01&sig={secret}");
        let r = check_image(Provider::Azure, &url, &ImageOptions::default());
        let json = serde_json::to_string(&r).expect("test input is valid");
        assert!(!json.contains("Zm9vYmFy"), "{json}");
        assert!(!format!("{r:?}").contains("Zm9vYmFy"));
        assert_eq!(r.parts["sas_permissions"], "rw");
        assert!(r
            .normalized
            .expect("test input is valid")
            .ends_with("sig=***"));
    }

    #[test]
    fn guids() {
        assert!(is_guid("0f8e3a6c-1b2d-4c5e-8f90-a1b2c3d4e5f6"));
        assert!(!is_guid("0f8e3a6c1b2d4c5e8f90a1b2c3d4e5f6"));
    }
}
