//! The hostile inputs of issue 14 ("a cost bound for every input"): each built here, run
//! by `tests/budgets.rs` (which asserts codes and counts) and by
//! `cargo run --release -p byoos-core --example hostile -- NAME` (which times them).
#![allow(dead_code)]

use byoos_core::{Context, Path};

/// How an input is run.
pub(crate) enum Run {
    /// `validate` with default options.
    Validate,
    /// `validate`, then the text report of its diagnostics.
    ValidateText,
    /// `render` with this context (and the JSON it was read from).
    Render(Box<Context>, serde_json::Value),
    /// `set_values` with these assignments.
    Set(Vec<(Path, String)>),
}

/// Every input's name.
pub(crate) const NAMES: &[&str] = &[
    "long-key-findings",
    "deep-key-findings",
    "alias-findings",
    "long-line-findings",
    "replace-growth",
    "actions-over-1mib",
    "sensitive-missing-vars",
    "sensitive-missing-vars-10",
    "regex-200kb",
    "suggest-30kb-names",
    "suggest-50k-keys",
    "set-24k",
    "alias-flow-over-limit",
];

const HEAD: &str =
    "pack:\n  osImageOverride: \"ami-0f4804aff4cf9c5a2\"\n  osName: rhel\n  osVersion: \"8.10\"\n";

fn context(json: serde_json::Value) -> Run {
    Run::Render(
        Box::new(serde_json::from_value(json.clone()).expect("a valid context")),
        json,
    )
}

/// `n` missing-variable references and `secrets` sensitive variables of `size` bytes.
fn sensitive_missing(secrets: usize, size: usize) -> (String, Run) {
    let mut s = HEAD.to_owned();
    for i in 0..1_000 {
        s.push_str(&format!("v{i}: \"{{{{ .spectro.var.missing{i} }}}}\"\n"));
    }
    let defs: Vec<_> = (0..secrets)
        .map(|i| serde_json::json!({"name": format!("secret{i}"), "isSensitive": true}))
        .collect();
    let values: serde_json::Map<_, _> = (0..secrets)
        .map(|i| {
            let v: String = (0..size)
                .map(|j| char::from(b'a' + ((i * 7 + j) % 26) as u8))
                .collect();
            (format!("secret{i}"), serde_json::Value::String(v))
        })
        .collect();
    let run = context(serde_json::json!({"variables": {"definitions": defs, "values": values}}));
    (s, run)
}

/// The input called `name`.
pub(crate) fn input(name: &str) -> Option<(String, Run)> {
    Some(match name {
        // One 200 KB key with 5,000 findings (curly quotes) under it.
        "long-key-findings" => {
            // A key this long must be explicit (`? key`): YAML limits implicit ones to 1,024.
            let mut s = HEAD.to_owned() + "? " + &"k".repeat(200_000) + "\n:\n";
            for i in 0..5_000 {
                s.push_str(&format!("  a{i}: “x”\n"));
            }
            (s, Run::Validate)
        }
        // 200 nested keys of 1,500 bytes, 20,000 findings at the bottom.
        "deep-key-findings" => {
            let mut s = HEAD.to_owned();
            for d in 0..200 {
                let indent = " ".repeat(2 * d);
                s.push_str(&format!("{indent}? {}\n{indent}:\n", "k".repeat(1_500)));
            }
            s.push_str(&" ".repeat(400));
            s.push('[');
            s.push_str(&vec!["“”"; 20_000].join(","));
            s.push_str("]\n");
            (s, Run::Validate)
        }
        // A mapping with 20 unknown keys, aliased 20,000 times where keys are checked.
        "alias-findings" => {
            let bad: Vec<String> = (0..20).map(|i| format!("b{i}: 1")).collect();
            let s = format!(
                "x: &a {{{}}}\npack:\n  content:\n    images: [{}]\noptions:\n  system.uri: \"x\"\n",
                bad.join(", "),
                vec!["*a"; 20_000].join(",")
            );
            (s, Run::ValidateText)
        }
        // 50,000 findings on one 300 KB line.
        "long-line-findings" => {
            let s = format!(
                "pack: {{osImageOverride: \"ami-0f4804aff4cf9c5a2\", osName: rhel, x: [{}]}}\n",
                vec!["“a”"; 50_000].join(", ")
            );
            (s, Run::ValidateText)
        }
        // `default "a"×100000 | replace "a" "b"×100000`: 10^10 bytes if built.
        "replace-growth" => {
            let s = format!(
                "{HEAD}v: '{{{{ .spectro.var.x | default \"{}\" | replace \"a\" \"{}\" }}}}'\n",
                "a".repeat(100_000),
                "b".repeat(100_000)
            );
            (s, context(serde_json::json!({})))
        }
        // 33,000 actions, each over a 1 MiB value.
        "actions-over-1mib" => {
            let action = "{{ .spectro.pack.generic-byoi.big | trunc 1 }}";
            let s = format!(
                "{HEAD}big: \"{}\"\nv: \"{}\"\n",
                "x".repeat(1 << 20),
                action.repeat(33_000)
            );
            (s, context(serde_json::json!({})))
        }
        "sensitive-missing-vars" => sensitive_missing(1, 1_000_000),
        "sensitive-missing-vars-10" => sensitive_missing(10, 1_000_000),
        // A profile variable regex `(?:a|b)?`×5000`c` and a 200 KB value.
        "regex-200kb" => {
            let s = format!("{HEAD}v: \"{{{{ .spectro.var.x }}}}\"\n");
            let run = context(serde_json::json!({"variables": {
                "definitions": [{"name": "x", "regex": "(?:a|b)?".repeat(5_000) + "c"}],
                "values": {"x": "a".repeat(200_000)},
            }}));
            (s, run)
        }
        // A wrong reference next to a 30 KB key: did-you-mean compares them.
        "suggest-30kb-names" => {
            let key = "k".repeat(30_000);
            let s = format!(
                "{HEAD}? {key}\n: x\nv: \"{{{{ .spectro.pack.generic-byoi.{}j }}}}\"\n",
                &key[1..]
            );
            (s, context(serde_json::json!({})))
        }
        // 50,000 keys and 200 references to keys that do not exist.
        "suggest-50k-keys" => {
            let mut s = HEAD.to_owned() + "keys:\n";
            for i in 0..50_000 {
                s.push_str(&format!("  key{i:05}: x\n"));
            }
            for i in 0..200 {
                s.push_str(&format!(
                    "w{i}: \"{{{{ .spectro.pack.generic-byoi.keys.kex{i:05} }}}}\"\n"
                ));
            }
            (s, context(serde_json::json!({})))
        }
        // 24,000 assignments to existing keys.
        "set-24k" => {
            let mut s = HEAD.to_owned() + "keys:\n";
            for i in 0..24_000 {
                s.push_str(&format!("  k{i}: old\n"));
            }
            let set = (0..24_000)
                .map(|i| (Path::parse(&format!("keys/k{i}")), format!("new{i}")))
                .collect();
            (s, Run::Set(set))
        }
        // A flow list of aliases that expands to just over the alias budget.
        "alias-flow-over-limit" => {
            let s = format!(
                "a: &a [{}]\nb: [{}]\n",
                vec!["1"; 999].join(","),
                vec!["*a"; 1_001].join(",")
            );
            (s, Run::Validate)
        }
        _ => return None,
    })
}
