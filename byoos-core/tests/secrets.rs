//! An Azure SAS signature (`sig=`) planted in a reference never comes back: not in the
//! normalized form, the parts, any message or help, the `Debug` output or the JSON.

use byoos_core::{check_image, from_packer_manifest, ImageOptions, PackerOptions, Provider};

const SECRETS: [&str; 3] = [
    "Jv7xKx9Ym1QzPfX2Pq3Rs4Tu5Vw6Xy7Zz8Aa9Bb0CcQ",
    "c2VjcmV0LXNpZ25hdHVyZS10aGF0LW11c3Qtbm90LWxlYWs",
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5",
];

/// Every place a secret could surface, as text.
fn surfaces(provider: Provider, reference: &str) -> Vec<(String, String)> {
    let r = check_image(provider, reference, &ImageOptions::default());
    let mut out = vec![
        (
            "normalized".to_owned(),
            r.normalized.clone().unwrap_or_default(),
        ),
        ("debug".to_owned(), format!("{r:?}")),
        (
            "json".to_owned(),
            serde_json::to_string(&r).expect("report serialises"),
        ),
    ];
    for (k, v) in &r.parts {
        out.push((format!("parts.{k}"), v.clone()));
    }
    for (i, d) in r.diagnostics.iter().enumerate() {
        out.push((format!("diagnostics[{i}].message"), d.message.clone()));
        out.push((
            format!("diagnostics[{i}].help"),
            d.help.clone().unwrap_or_default(),
        ));
        out.push((format!("diagnostics[{i}].display"), d.to_string()));
    }
    out
}

/// The secret as written, percent-encoded and with `+`/`/`/`=` as in real signatures.
fn forms(secret: &str) -> Vec<String> {
    let raw = format!("{secret}+/=");
    vec![
        secret.to_owned(),
        raw.clone(),
        raw.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D"),
    ]
}

#[test]
fn sas_signature_never_leaks() {
    let mut checked = 0;
    for secret in SECRETS {
        for sig in forms(secret) {
            let urls = [
                format!("https://acct01.blob.core.windows.net/vhds/ubuntu-2204.vhd?sv=2022-11-02&sr=b&sp=r&se=2030-01-01&sig={sig}"),
                format!("https://acct01.blob.core.windows.net/vhds/ubuntu-2204.vhd?sig={sig}&sp=rwd"),
                format!("https://acct01.blob.core.windows.net/vhds/ubuntu-2204.vhd?SIG={sig}"),
                format!("HTTP://ACCT01.blob.core.windows.net/VHDs/ubuntu.vhdx?sp=racwd&sig={sig}#frag"),
                format!("https://ab.blob.core.windows.net/x/y.qcow2?sig={sig}"),
                format!("https://images.example.com/vhds/u.vhd?sig={sig}&se=2020-01-01"),
                format!("https://acct01.file.core.windows.net/share/u.vhd?sig={sig}"),
                format!("https://acct01.blob.core.windows.net/vhds//u.vhd?sig={sig}"),
                format!("https://user@acct01.blob.core.windows.net/vhds/u.vhd?sig={sig}"),
                format!(" https://acct01.blob.core.windows.net/vhds/u.vhd?sig={sig} "),
            ];
            for url in &urls {
                for provider in Provider::ALL {
                    for (place, text) in surfaces(provider, url) {
                        assert!(
                            !text.contains(secret),
                            "{provider}: the signature leaked into {place}: {text}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000);
}

#[test]
fn packer_output_has_no_signature() {
    for secret in SECRETS {
        let manifest = format!(
            r#"{{"builds": [{{"name": "u", "builder_type": "azure-arm", "packer_run_uuid": "r",
               "artifact_id": "https://acct01.blob.core.windows.net/system/u.vhd?sp=r&sig={secret}%3D"}}],
              "last_run_uuid": "r"}}"#
        );
        let r = from_packer_manifest(&manifest, &PackerOptions::default());
        let text = r.text.clone().expect("a VHD URL gives values");
        assert!(!text.contains(secret), "{text}");
        let all = format!("{r:?} {}", serde_json::to_string(&r).expect("serialises"));
        assert!(!all.contains(secret), "{all}");
        for d in &r.diagnostics {
            assert!(
                !d.message.contains(secret) && !d.help.as_deref().unwrap_or("").contains(secret)
            );
        }
    }
}

/// A SAS signature in a generic-byoi `osImageOverride` never reaches `validate`'s
/// diagnostics, in any form.
#[test]
fn validate_never_shows_a_sas_signature() {
    let sig = "c2VjcmV0c2lnbmF0dXJlMTIzNDU2Nzg5";
    let src = format!("pack:\n  osImageOverride: \"https://docs.blob.core.windows.net/vhds/u.vhd?sv=2022-11-02&sr=b&sp=r&sig={sig}%3D\"\n  osName: ubuntu\n  osVersion: \"22.04\"\n");
    let report = byoos_core::validate(&src, &byoos_core::Options::default());
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "image/sas-token"));
    let all = format!(
        "{report:?} {}",
        serde_json::to_string(&report).unwrap_or_default()
    );
    assert!(!all.contains(sig), "signature leaked: {all}");
}

/// Found by fuzzing (`tests/data/fuzz-check-image-truncated-sig.bin`, a fuzz input: one
/// provider byte, then the reference): a message quoting a truncated piece of a long
/// path segment showed the start of a `sig=` value.
#[test]
fn truncated_quotes_do_not_show_a_signature() {
    let data = include_bytes!("data/fuzz-check-image-truncated-sig.bin");
    let reference = String::from_utf8_lossy(&data[1..]).into_owned();
    let provider =
        byoos_core::Provider::ALL[usize::from(data[0]) % byoos_core::Provider::ALL.len()];
    let sigs: Vec<&str> = reference
        .split(['?', '&'])
        .filter_map(|p| p.strip_prefix("sig="))
        .filter(|s| s.len() >= 16)
        .collect();
    assert!(!sigs.is_empty());
    let report =
        byoos_core::check_image(provider, &reference, &byoos_core::ImageOptions::default());
    let all = format!(
        "{report:?} {}",
        serde_json::to_string(&report).unwrap_or_default()
    );
    for sig in sigs {
        let start: String = sig.chars().take(8).collect();
        assert!(
            !all.contains(&start),
            "{provider}: signature start {start:?} leaked"
        );
    }
}

/// Fuzz finding (`check_image`; the file is the fuzz input: a provider byte, then the
/// reference): a signature whose text also stood in the blob path had its pieces masked
/// inside the normalised reference too, so normalising that again moved text between
/// host and path. The normalised reference masks `sig` values where they stand, and
/// normalising it again gives it back.
#[test]
fn normalising_a_signed_url_twice_gives_the_same_text() {
    let data = include_bytes!("data/fuzz-check-image-normalised-twice.bin");
    let reference = String::from_utf8_lossy(&data[1..]).into_owned();
    let provider =
        byoos_core::Provider::ALL[usize::from(data[0]) % byoos_core::Provider::ALL.len()];
    let options = byoos_core::ImageOptions::default();
    let report = byoos_core::check_image(provider, &reference, &options);
    let normalized = report.normalized.expect("the reference is normalised");
    assert!(normalized.contains("sig=***"), "{normalized}");
    let again = byoos_core::check_image(provider, &normalized, &options);
    assert_eq!(again.normalized.as_deref(), Some(normalized.as_str()));
}

/// Fuzz finding (`check_image`): a blob URL whose host held `&sig=…` was accepted with a
/// warning, and masking that signature inside the host changed where the host ended, so
/// normalising the result again differed. A host must be a DNS name (or an IPv6
/// literal); anything else is `image/invalid-reference`.
#[test]
fn a_blob_host_must_be_a_host_name() {
    let data = include_bytes!("data/fuzz-check-image-host-with-query.bin");
    let reference = String::from_utf8_lossy(&data[1..]).into_owned();
    let provider =
        byoos_core::Provider::ALL[usize::from(data[0]) % byoos_core::Provider::ALL.len()];
    let report =
        byoos_core::check_image(provider, &reference, &byoos_core::ImageOptions::default());
    assert!(!report.ok);
    assert_eq!(
        report.diagnostics[0].code,
        byoos_core::Code::ImageInvalidReference
    );
}
