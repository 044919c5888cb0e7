//! Go's `path` package as Sprig exposes it (`base`, `dir`, `clean`, `ext`, `isAbs`),
//! and `path/filepath`'s, which on Linux (where Palette runs) is the same function
//! (`osBase`, `osDir`, `osClean`, `osExt`, `osIsAbs`). Byte-wise: `/` is the only
//! separator.

use super::{s, Func, Ty, Val};

/// `path.Clean`: one `/` between names, no `.`, no `name/..`, no `..` after a root.
pub(crate) fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            name => out.push(name),
        }
    }
    let joined = out.join("/");
    if rooted {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".into()
    } else {
        joined
    }
}

/// `path.Base`: the last element, trailing slashes removed (`"."` for empty, `"/"` for
/// slashes only).
pub(crate) fn base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let p = p.trim_end_matches('/');
    if p.is_empty() {
        return "/".into();
    }
    p.rsplit('/').next().unwrap_or(p).to_owned()
}

/// `path.Dir`: everything before the last `/`, cleaned.
pub(crate) fn dir(p: &str) -> String {
    let cut = p.rfind('/').map_or(0, |i| i + 1);
    clean(&p[..cut])
}

/// `path.Ext`: from the last `.` of the last element, or `""`.
pub(crate) fn ext(p: &str) -> String {
    for (i, b) in p.bytes().enumerate().rev() {
        match b {
            b'/' => break,
            b'.' => return p[i..].to_owned(),
            _ => {}
        }
    }
    String::new()
}

/// Sprig's functions here, sorted by name.
pub(super) static FUNCTIONS: &[Func] = &[
    f!(
        "base",
        [Str],
        false,
        None,
        "base PATH",
        "The last element of PATH (Go's `path.Base`: `\".\"` for empty, `\"/\"` for slashes only).",
        |a| Ok(Val::text(base(s(&a[0]))))
    ),
    f!(
        "clean",
        [Str],
        false,
        None,
        "clean PATH",
        "PATH with one `/` between names and no `.` or `name/..` (Go's `path.Clean`).",
        |a| Ok(Val::text(clean(s(&a[0]))))
    ),
    f!(
        "dir",
        [Str],
        false,
        None,
        "dir PATH",
        "PATH without its last element, cleaned (Go's `path.Dir`).",
        |a| Ok(Val::text(dir(s(&a[0]))))
    ),
    f!(
        "ext",
        [Str],
        false,
        None,
        "ext PATH",
        "The extension of PATH's last element, from its last `.` (or `\"\"`).",
        |a| Ok(Val::text(ext(s(&a[0]))))
    ),
    f!(
        "isAbs",
        [Str],
        false,
        None,
        "isAbs PATH",
        "Whether PATH starts with `/`.",
        |a| Ok(Val::Bool(s(&a[0]).starts_with('/')))
    ),
    f!(
        "osBase",
        [Str],
        false,
        None,
        "osBase PATH",
        "`base` (Go's `filepath.Base` on Linux).",
        |a| Ok(Val::text(base(s(&a[0]))))
    ),
    f!(
        "osClean",
        [Str],
        false,
        None,
        "osClean PATH",
        "`clean` (Go's `filepath.Clean` on Linux).",
        |a| Ok(Val::text(clean(s(&a[0]))))
    ),
    f!(
        "osDir",
        [Str],
        false,
        None,
        "osDir PATH",
        "`dir` (Go's `filepath.Dir` on Linux).",
        |a| Ok(Val::text(dir(s(&a[0]))))
    ),
    f!(
        "osExt",
        [Str],
        false,
        None,
        "osExt PATH",
        "`ext` (Go's `filepath.Ext` on Linux).",
        |a| Ok(Val::text(ext(s(&a[0]))))
    ),
    f!(
        "osIsAbs",
        [Str],
        false,
        None,
        "osIsAbs PATH",
        "`isAbs` (Go's `filepath.IsAbs` on Linux).",
        |a| Ok(Val::Bool(s(&a[0]).starts_with('/')))
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_paths() {
        for (input, want) in [
            ("", "."),
            ("a/../..", ".."),
            ("/..", "/"),
            ("//a//b/./c/", "/a/b/c"),
            ("../a/..", ".."),
            ("a/b/../../c", "c"),
            ("./", "."),
        ] {
            assert_eq!(clean(input), want, "{input}");
        }
        assert_eq!(base("a/b/"), "b");
        assert_eq!(base("///"), "/");
        assert_eq!(dir("a/b"), "a");
        assert_eq!(dir("a"), ".");
        assert_eq!(dir("/a"), "/");
        assert_eq!(ext("a/b.tar.gz"), ".gz");
        assert_eq!(ext("a.b/c"), "");
    }
}
