//! vSphere: VM template inventory paths (`/<datacenter>/vm/<folder…>/<template>`),
//! relative paths, Palette OVA names (`r_u-…`) and KIB names (`rhel-8-kube-v1.27.11`).

use super::{names, show, Cx, Found, ImageKind};
use crate::codes::Code;
use crate::diagnostic::Finding;
use crate::diagnostic::Severity;

const TREES: [&str; 3] = ["host", "datastore", "network"];
const FILE_EXTENSIONS: [&str; 7] = ["vmdk", "ovf", "vmx", "vmtx", "iso", "nvram", "mf"];
const MAX_NAME: usize = 80;

/// Forms only vSphere uses: an absolute path with a `vm` folder, a datastore path.
pub(crate) fn is_strong(s: &str) -> bool {
    if is_datastore_path(s) {
        return true;
    }
    let Some(body) = s.strip_prefix('/') else {
        return false;
    };
    // At least three segments, none empty, and `vm` one of the inner ones.
    let (mut count, mut inner_vm, mut last_vm) = (0usize, false, false);
    for seg in body.split('/') {
        if seg.is_empty() {
            return false;
        }
        inner_vm |= last_vm && count >= 2;
        last_vm = seg == "vm";
        count += 1;
    }
    count >= 3 && inner_vm
}

pub(crate) fn check(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    if let Some(found) = not_a_path(cx, s, off) {
        return found;
    }
    let absolute = s.starts_with('/');
    let body = if absolute { &s[1..] } else { s };
    let body_at = off + usize::from(absolute);
    if !path_shape(cx, s, off, body, body_at) {
        return Found::new(ImageKind::VsphereTemplate);
    }
    let segs: Vec<&str> = body.split('/').collect();
    let seg_at = |i: usize| body_at + segs[..i].iter().map(|x| x.len() + 1).sum::<usize>();
    let name = segs[segs.len() - 1];
    let name_at = seg_at(segs.len() - 1);
    let name_range = name_at..name_at + name.len();
    if let Some(ext) = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| FILE_EXTENSIONS.contains(&e.as_str()))
    {
        cx.push(Finding::new(Code::ImageNotAccepted, name_range, format!("a file path (`.{ext}`), not a template: Palette needs the template's inventory path")).help("give `/<datacenter>/vm/<folder>/<template>`"));
        return Found::unknown().part("path", s);
    }
    let mut found = Found::new(ImageKind::VsphereTemplate);
    let placed = if absolute {
        absolute_path(cx, s, off, &segs, &seg_at, &mut found)
    } else {
        relative_path(cx, s, off, &segs, &seg_at, &mut found)
    };
    let Some(tree_ok) = placed else {
        return found;
    };
    found.set("name", name);
    check_names(cx, s, off, &segs, &seg_at, name_range);
    if let Some(d) = names::palette_ova(name).or_else(|| names::kib(name)) {
        d.into_parts(&mut found);
    }
    if tree_ok {
        found.normalized = Some(s.to_owned());
    }
    found
}

/// A datastore path or a URL: what a template comes from, not its inventory path.
fn not_a_path(cx: &mut Cx<'_>, s: &str, off: usize) -> Option<Found> {
    let whole = off..off + s.len();
    if let Some(inner) = s.strip_prefix('[').filter(|_| is_datastore_path(s)) {
        if let Some((ds, path)) = inner.split_once(']') {
            let path = path.trim_start();
            cx.push(Finding::new(Code::ImageNotAccepted, whole, "a datastore path names the template's files; Palette needs the template's inventory path").help("give `/<datacenter>/vm/<folder>/<template>` (the template's place in the VMs and Templates view)"));
            return Some(Found::unknown().part("datastore", ds).part("path", path));
        }
    }
    let i = s.find("://")?;
    let scheme = s[..i].to_ascii_lowercase();
    let ext = s.rsplit('.').next().map(str::to_ascii_lowercase);
    let (message, help) = match scheme.as_str() {
        "library" => (
            "a content library item: Palette's BYOOS is documented with template inventory paths only".to_owned(),
            "deploy the library item to a VM template and give its path, `/<datacenter>/vm/<folder>/<template>`".to_owned(),
        ),
        "vsphere" => ("a `vsphere://` reference: Palette takes the plain inventory path".to_owned(), format!("write `{}`", show(&s[i + 3..]))),
        "http" | "https" if matches!(ext.as_deref(), Some("ova" | "ovf")) => (
            "an OVA download URL is where a template comes from, not the template".to_owned(),
            "import it (`govc import.ova -folder <folder> <url>`), mark it as a template, and give its path `/<datacenter>/vm/<folder>/<template>`".to_owned(),
        ),
        _ => ("a URL, not a template inventory path".to_owned(), "give `/<datacenter>/vm/<folder>/<template>`".to_owned()),
    };
    cx.push(Finding::new(Code::ImageNotAccepted, whole, message).help(help));
    Some(Found::unknown())
}

/// The path (without its leading `/`) is not empty, has no empty segment and does not
/// end in `/`; an error otherwise.
fn path_shape(cx: &mut Cx<'_>, s: &str, off: usize, body: &str, body_at: usize) -> bool {
    if body.is_empty() {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off..off + s.len(),
                "`/` is the inventory root, not a template",
            )
            .help("give `/<datacenter>/vm/<folder>/<template>`"),
        );
        return false;
    }
    if let Some(i) = body.find("//") {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                body_at + i..body_at + i + 2,
                "an empty segment (`//`) in the inventory path",
            )
            .help("remove the extra `/`"),
        );
        return false;
    }
    if body.ends_with('/') {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                off + s.len() - 1..off + s.len(),
                "the path ends in `/`; it must end in the template name",
            )
            .help("remove the trailing `/`"),
        );
        return false;
    }
    true
}

/// `/<datacenter>/vm/<folder…>/<template>`: the datacenter and folder parts. `None` when
/// the path stops short of a template; otherwise whether it is in the `vm` tree.
fn absolute_path(
    cx: &mut Cx<'_>,
    s: &str,
    off: usize,
    segs: &[&str],
    seg_at: &dyn Fn(usize) -> usize,
    found: &mut Found,
) -> Option<bool> {
    let whole = off..off + s.len();
    let n = segs.len();
    if n == 1 {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                whole,
                format!(
                    "`/{}` names a datacenter or a root folder, not a template",
                    show(segs[0])
                ),
            )
            .help(format!("give `/{}/vm/<folder>/<template>`", show(segs[0]))),
        );
        return None;
    }
    match segs.iter().skip(1).position(|x| *x == "vm").map(|i| i + 1) {
        Some(i) if i == n - 1 => {
            cx.push(
                Finding::new(
                    Code::ImageInvalidReference,
                    whole,
                    "the path ends at the `vm` folder; add the template name",
                )
                .help(format!("give `{}/<template>`", show(s))),
            );
            None
        }
        Some(i) => {
            found.set("datacenter", segs[..i].join("/"));
            if i + 1 < n - 1 {
                found.set("folder", segs[i + 1..n - 1].join("/"));
            }
            Some(true)
        }
        None => {
            wrong_tree(cx, segs, seg_at);
            Some(false)
        }
    }
}

/// A relative path: resolved against the datacenter, so a warning; the folder part.
/// `None` when it is an absolute path without its `/` (then `found` is complete);
/// otherwise whether it is in the `vm` tree.
fn relative_path(
    cx: &mut Cx<'_>,
    s: &str,
    off: usize,
    segs: &[&str],
    seg_at: &dyn Fn(usize) -> usize,
    found: &mut Found,
) -> Option<bool> {
    let whole = off..off + s.len();
    let n = segs.len();
    let name = segs[n - 1];
    let mut tree_ok = true;
    if let Some(t) = TREES.iter().find(|t| segs[0] == **t) {
        tree_ok = false;
        cx.push(
            Finding::new(
                Code::ImageWrongInventoryTree,
                seg_at(0)..seg_at(0) + t.len(),
                format!(
                    "`{t}/` is the {} tree; templates live in the `vm/` tree",
                    tree_name(t)
                ),
            )
            .help(format!(
                "give the template's path under `vm/`: `vm/<folder>/{}`",
                show(name)
            )),
        );
    } else if n >= 3 && segs[1] == "vm" {
        cx.push(Finding::new(Code::ImageRelativePath, whole, "this looks like an absolute path without its leading `/`; as written it is resolved against the datacenter").help(format!("write `/{}`", show(s))));
        found.set("datacenter", segs[0]);
        if n > 3 {
            found.set("folder", segs[2..n - 1].join("/"));
        }
        found.set("name", name);
        if let Some(d) = names::palette_ova(name).or_else(|| names::kib(name)) {
            d.into_parts(found);
        }
        found.normalized = Some(s.to_owned());
        return None;
    } else {
        let what = if n == 1 {
            "a bare template name is searched for"
        } else {
            "a relative path is resolved"
        };
        cx.push(
            Finding::new(
                Code::ImageRelativePath,
                whole,
                format!("{what} against the datacenter Palette deploys to"),
            )
            .help("an absolute path `/<datacenter>/vm/<folder>/<template>` is unambiguous"),
        );
    }
    if n > 1 {
        let folder_start = usize::from(segs[0] == "vm" && n > 2);
        found.set("folder", segs[folder_start..n - 1].join("/"));
    }
    Some(tree_ok)
}

/// Names too long for vSphere, %-escapes, a Palette OVA name without its `r_`.
fn check_names(
    cx: &mut Cx<'_>,
    s: &str,
    off: usize,
    segs: &[&str],
    seg_at: &dyn Fn(usize) -> usize,
    name_range: std::ops::Range<usize>,
) {
    for (i, seg) in segs.iter().enumerate() {
        if seg.chars().count() > MAX_NAME {
            cx.push(
                Finding::new(
                    Code::ImageNameTooLong,
                    seg_at(i)..seg_at(i) + seg.len(),
                    format!(
                        "`{}` has {} characters; vSphere names have at most {MAX_NAME}",
                        show(seg),
                        seg.chars().count()
                    ),
                )
                .help("check the name against the inventory")
                .severity(Severity::Warning),
            );
        }
    }
    if let Some(i) = find_escape(s) {
        cx.push(
            Finding::new(
                Code::ImagePercentEscape,
                off + i..off + i + 3,
                format!(
                    "`{}` is a %-escape; inventory paths are matched literally",
                    &s[i..i + 3]
                ),
            )
            .help("write the character itself, unless the name really contains `%`"),
        );
    }
    let name = segs[segs.len() - 1];
    if names::is_unprefixed_palette_ova(name) {
        cx.push(
            Finding::new(
                Code::ImageMissingRPrefix,
                name_range,
                "a Palette OVA template without the `r_` prefix Palette expects",
            )
            .help(format!(
                "rename the template to `r_{}` and use that name",
                show(name)
            )),
        );
    }
}

fn tree_name(t: &str) -> &'static str {
    match t {
        "host" => "hosts and clusters",
        "datastore" => "datastores",
        _ => "networks",
    }
}

/// An absolute path without a `vm` folder.
fn wrong_tree(cx: &mut Cx<'_>, segs: &[&str], seg_at: &dyn Fn(usize) -> usize) {
    let rest = |i: usize| segs[i + 1..].join("/");
    if let Some((i, t)) = segs
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, x)| TREES.contains(x))
    {
        cx.push(
            Finding::new(
                Code::ImageWrongInventoryTree,
                seg_at(i)..seg_at(i) + t.len(),
                format!(
                    "`{t}/` is the {} tree; templates live in the `vm/` tree",
                    tree_name(t)
                ),
            )
            .help(format!(
                "give the template's path under `vm/`: `/{}/vm/<folder>/{}`",
                show(&segs[..i].join("/")),
                show(segs[segs.len() - 1])
            )),
        );
        return;
    }
    if let Some((i, t)) = segs
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, x)| x.eq_ignore_ascii_case("vm"))
    {
        cx.push(
            Finding::new(
                Code::ImageWrongInventoryTree,
                seg_at(i)..seg_at(i) + t.len(),
                "the datacenter's VM folder is `vm`, in lowercase",
            )
            .help(format!(
                "write `/{}/vm/{}`",
                show(&segs[..i].join("/")),
                show(&rest(i))
            )),
        );
        return;
    }
    cx.push(Finding::new(Code::ImageWrongInventoryTree, seg_at(1)..seg_at(1), "no `vm` folder after the datacenter: an absolute path is `/<datacenter>/vm/<folder…>/<template>`").help(format!("write `/{}/vm/{}`", show(segs[0]), show(&rest(0)))));
}

/// `[datastore] path`: a `]` followed by a space, no `:` inside the brackets (unlike
/// `[2001:db8::1]:5000/…`, an IPv6 registry).
fn is_datastore_path(s: &str) -> bool {
    s.strip_prefix('[')
        .and_then(|r| r.split_once("] "))
        .is_some_and(|(ds, _)| !ds.is_empty() && !ds.contains(':'))
}

/// Byte index of the first `%2F`, `%5C` or `%25` (any case).
fn find_escape(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(2)).find(|&i| {
        b[i] == b'%'
            && matches!(
                (b[i + 1], b[i + 2].to_ascii_uppercase()),
                (b'2', b'F') | (b'5', b'C') | (b'2', b'5')
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strong() {
        assert!(is_strong("/Datacenter/vm/sp-docs/rhel-8-kube-v1.30.5"));
        assert!(is_strong("/Datacenter/vm/x"));
        assert!(is_strong("[datastore1] templates/x.vmtx"));
        assert!(!is_strong("[2001:db8::1]:5000/repo"));
        assert!(!is_strong("[::1]:5000/ubuntu"));
        assert!(!is_strong("/Datacenter/vm"));
        assert!(!is_strong("path/to/template/x"));
        assert!(!is_strong("/subscriptions/x/resourceGroups/y"));
    }

    #[test]
    fn escapes() {
        assert_eq!(find_escape("/a/b%2fc"), Some(4));
        assert_eq!(find_escape("/a/100%"), None);
    }
}
