#![allow(clippy::unwrap_used)]
//! Properties of `set_values`: only the named scalar changes, and it reads back exactly.

use byoos_core::yaml::{NodeKind, Style};
use byoos_core::{set_values, Document, Limits, Options, Path, Segment};
use proptest::prelude::*;

const DOC: &str = "\
# A values file with every scalar style.
pack:
  osImageOverride: ami-0f4804aff4cf9c5a2   # plain, with a comment
  osName: 'rhel'
  osVersion: \"8.10\"
  drain: {timeout: 60, force: true}
  list:
    - first
    - \"second\"
  note: |
    line one
    line two
  folded: >-
    folded text
  empty:
options:
  system.uri: \"{{ .spectro.pack.edge-native-byoi.options.system.registry }}/x\"  # uri
# trailing comment
";

const PATHS: &[&str] = &[
    "pack/osImageOverride",
    "pack/osName",
    "pack/osVersion",
    "pack/drain/timeout",
    "pack/drain/force",
    "pack/list/0",
    "pack/list/1",
    "pack/note",
    "pack/folded",
    "pack/empty",
    "options/system.uri",
];

/// The node at `path` and the region a rewrite may touch: the scalar itself, from the
/// block indicator for block scalars.
fn region(path: &Path) -> std::ops::Range<usize> {
    let mut d = Vec::new();
    let doc = Document::parse(DOC, &Limits::default(), &mut d);
    let mut cur = doc.root().unwrap();
    for seg in &path.0 {
        cur = match seg {
            Segment::Key(k) => cur.get(k).unwrap(),
            Segment::Index(i) => cur.items().unwrap()[*i],
        };
    }
    let r = cur.range();
    match &cur.node().kind {
        NodeKind::Scalar {
            style: Style::Literal | Style::Folded,
            ..
        } => DOC[..r.start].rfind(['|', '>']).unwrap()..r.end,
        // An empty value: the new text goes after the colon the range sits on.
        _ if r.is_empty() => r.start + 1..r.end + 1,
        _ => r,
    }
}

fn read_back(text: &str, path: &Path) -> String {
    let mut d = Vec::new();
    let doc = Document::parse(text, &Limits::default(), &mut d);
    assert!(d.is_empty(), "{d:?}\n{text}");
    let mut cur = doc.root().unwrap();
    for seg in &path.0 {
        cur = match seg {
            Segment::Key(k) => cur.get(k).unwrap(),
            Segment::Index(i) => cur.items().unwrap()[*i],
        };
    }
    cur.scalar().unwrap().0.to_owned()
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,20}",
        "[a-z0-9:#'\"{}\\[\\],&*!|>%@` .-]{0,12}",
        prop::sample::select(vec![
            "",
            " ",
            "true",
            "no",
            "8.10",
            "1e3",
            "0x1F",
            "~",
            "null",
            "- a",
            "a: b",
            "a #b",
            "#",
            "---",
            "...",
            "x\n",
            "x\ny\n",
            "\n",
            "a\n\n",
            " lead",
            "trail ",
            "'",
            "\"",
            "\\",
            "{{ .spectro.system.cluster.name }}",
            "\u{feff}x",
            "\u{85}",
            "é",
            "\t",
        ])
        .prop_map(str::to_owned),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn only_the_named_scalar_changes(i in 0..PATHS.len(), v in value()) {
        let path = Path::parse(PATHS[i]);
        let edited = set_values(DOC, &[(path.clone(), v.clone())], &Options::default())
            .unwrap_or_else(|e| panic!("{} = {v:?}: {e:?}", PATHS[i]));
        let r = region(&path);
        let text = &edited.text;
        prop_assert!(text.starts_with(&DOC[..r.start]), "prefix changed: {text}");
        prop_assert!(text.ends_with(&DOC[r.end..]), "suffix changed: {text}");
        prop_assert_eq!(read_back(text, &path), v);
    }

    #[test]
    fn never_panics(src in "[a-z:{}\\[\\],'\"|>&*#~ \n-]{0,60}", p in "[a-z0-9/]{0,8}", v in ".{0,8}") {
        let path = Path::parse(&p);
        if let Ok(e) = set_values(&src, &[(path.clone(), v.clone())], &Options::default().with_create()) {
            let mut d = Vec::new();
            let doc = Document::parse(&e.text, &Limits::default(), &mut d);
            prop_assert!(d.is_empty(), "{src:?} {p:?} {v:?} -> {:?}", e.text);
            prop_assert!(doc.root().is_some());
        }
    }
}

#[test]
fn several_assignments_keep_every_comment() {
    let a = [
        (Path::parse("pack/osName"), "ubuntu".to_owned()),
        (Path::parse("pack/osVersion"), "22.04".to_owned()),
        (Path::parse("pack/drain/timeout"), "120".to_owned()),
        (Path::parse("pack/drain/gracePeriod"), "30".to_owned()),
        (Path::parse("pack/newKey/inner"), "v".to_owned()),
    ];
    let e = set_values(DOC, &a, &Options::default().with_create()).unwrap();
    for line in DOC.lines().filter(|l| l.contains('#')) {
        let comment = &line[line.find("# ").unwrap()..];
        assert!(e.text.contains(comment), "{comment} lost:\n{}", e.text);
    }
    assert!(
        e.text
            .contains("  drain: {timeout: 120, force: true, gracePeriod: \"30\"}\n"),
        "{}",
        e.text
    );
    assert!(
        e.text
            .contains("  empty:\n  newKey:\n    inner: v\noptions:"),
        "{}",
        e.text
    );
    assert!(
        e.text
            .contains("  osName: 'ubuntu'\n  osVersion: \"22.04\"\n"),
        "{}",
        e.text
    );
}

/// Every scalar of every conformance input can be set to awkward values: the edit
/// succeeds, the value reads back exactly and nothing outside the scalar changes.
#[test]
fn every_scalar_of_the_conformance_inputs() {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                let doc: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
                for c in doc["cases"].as_array().unwrap() {
                    if let Some(s) = c.get("input").and_then(|s| s.as_str()) {
                        out.push(s.to_owned());
                    }
                }
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance"),
        &mut sources,
    );
    let values = ["", "a: b", "8.10", "line\nbreak", "it's \"q\" #"];
    sources.sort();
    sources.dedup();
    let (mut edits, mut refused) = (0, 0);
    for src in &sources {
        let mut d = Vec::new();
        let doc = Document::parse(src, &Limits::default(), &mut d);
        if !d.is_empty() || doc.document_count() != 1 {
            continue;
        }
        for n in doc.nodes() {
            let NodeKind::Scalar { .. } = n.node().kind else {
                continue;
            };
            let path = doc.path_of(n.id());
            // Keys have the path of their entry; only values are set.
            if path.0.is_empty() || super_key(&doc, n.id()) {
                continue;
            }
            // A path through a duplicate key or a merge names another node.
            let mut cur = doc.root().unwrap();
            let mut same = true;
            for seg in &path.0 {
                let next = match seg {
                    Segment::Key(k) => cur.get(k),
                    Segment::Index(i) => cur.items().and_then(|v| v.get(*i).copied()),
                };
                match next {
                    Some(x) if !x.is_alias() => cur = x,
                    _ => {
                        same = false;
                        break;
                    }
                }
            }
            if !same || cur.id() != n.id() {
                continue;
            }
            for v in values {
                match set_values(src, &[(path.clone(), v.to_owned())], &Options::default()) {
                    Ok(e) => {
                        edits += 1;
                        assert_eq!(read_back(&e.text, &path), v, "{path} in\n{src}");
                        let mut r = n.range();
                        if r.is_empty() && src[r.start..].starts_with(':') {
                            r = r.start + 1..r.end + 1;
                        }
                        let start = if matches!(
                            n.scalar().map(|s| s.1),
                            Some(Style::Literal | Style::Folded)
                        ) {
                            src[..r.start].rfind(['|', '>']).unwrap()
                        } else {
                            r.start
                        };
                        assert!(
                            e.text.starts_with(&src[..start]),
                            "{path} = {v:?}\n{src}\n->\n{}",
                            e.text
                        );
                        assert!(
                            e.text.ends_with(&src[r.end..]),
                            "{path} = {v:?}\n{src}\n->\n{}",
                            e.text
                        );
                    }
                    Err(_) => refused += 1,
                }
            }
        }
    }
    assert!(edits > 1000, "{edits} edits");
    println!("{edits} edits checked");
    assert_eq!(refused, 0, "{refused} edits refused");
}

/// Whether node `id` is a mapping key.
fn super_key(doc: &Document<'_>, id: byoos_core::yaml::NodeId) -> bool {
    doc.nodes().any(|n| match &n.node().kind {
        NodeKind::Mapping(entries) => entries.iter().any(|(k, _)| *k == id),
        _ => false,
    })
}
