//! AWS: AMI ids, AMI ARNs, EC2 Image Builder ARNs, `resolve:ssm:` parameters, AMI names
//! and region codes of every partition.

use super::{
    all_bytes, is_lower_hex, names, show, show_long, starts_with_ci, Cx, Found, ImageKind,
};
use crate::codes::Code;
use crate::diagnostic::Finding;
use std::ops::Range;

/// Known region codes and their partitions (AWS SDK `partitions.json` snapshot).
const REGIONS: &[(&str, &str)] = &[
    ("af-south-1", "aws"),
    ("ap-east-1", "aws"),
    ("ap-northeast-1", "aws"),
    ("ap-northeast-2", "aws"),
    ("ap-northeast-3", "aws"),
    ("ap-south-1", "aws"),
    ("ap-south-2", "aws"),
    ("ap-southeast-1", "aws"),
    ("ap-southeast-2", "aws"),
    ("ap-southeast-3", "aws"),
    ("ap-southeast-4", "aws"),
    ("ap-southeast-5", "aws"),
    ("ap-southeast-7", "aws"),
    ("ca-central-1", "aws"),
    ("ca-west-1", "aws"),
    ("eu-central-1", "aws"),
    ("eu-central-2", "aws"),
    ("eu-north-1", "aws"),
    ("eu-south-1", "aws"),
    ("eu-south-2", "aws"),
    ("eu-west-1", "aws"),
    ("eu-west-2", "aws"),
    ("eu-west-3", "aws"),
    ("il-central-1", "aws"),
    ("me-central-1", "aws"),
    ("me-south-1", "aws"),
    ("mx-central-1", "aws"),
    ("sa-east-1", "aws"),
    ("us-east-1", "aws"),
    ("us-east-2", "aws"),
    ("us-west-1", "aws"),
    ("us-west-2", "aws"),
    ("cn-north-1", "aws-cn"),
    ("cn-northwest-1", "aws-cn"),
    ("us-gov-east-1", "aws-us-gov"),
    ("us-gov-west-1", "aws-us-gov"),
    ("us-iso-east-1", "aws-iso"),
    ("us-iso-west-1", "aws-iso"),
    ("us-isob-east-1", "aws-iso-b"),
    ("eu-isoe-west-1", "aws-iso-e"),
    ("us-isof-east-1", "aws-iso-f"),
    ("us-isof-south-1", "aws-iso-f"),
    ("eusc-de-east-1", "aws-eusc"),
];

/// Region prefixes per partition, longest first.
const PREFIXES: &[(&str, &str)] = &[
    ("us-gov", "aws-us-gov"),
    ("us-isob", "aws-iso-b"),
    ("us-isof", "aws-iso-f"),
    ("us-iso", "aws-iso"),
    ("eu-isoe", "aws-iso-e"),
    ("eusc-de", "aws-eusc"),
    ("cn", "aws-cn"),
    ("us", "aws"),
    ("eu", "aws"),
    ("ap", "aws"),
    ("sa", "aws"),
    ("ca", "aws"),
    ("me", "aws"),
    ("af", "aws"),
    ("il", "aws"),
    ("mx", "aws"),
];

/// The partition of a well-formed region code:
/// `^(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn)|us-gov|us-iso|us-isob|us-isof|eu-isoe|eusc-de)-[a-z]+-[0-9]+$`.
fn region_form(s: &str) -> Option<&'static str> {
    PREFIXES.iter().find_map(|(p, partition)| {
        let rest = s.strip_prefix(p)?.strip_prefix('-')?;
        let (area, n) = rest.split_once('-')?;
        (all_bytes(area, |b| b.is_ascii_lowercase()) && all_bytes(n, |b| b.is_ascii_digit()))
            .then_some(*partition)
    })
}

/// What a region string is.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RegionClass {
    /// A listed region, with its partition.
    Known(&'static str),
    /// Well formed but not listed.
    Unknown(&'static str),
    /// An Availability Zone (`us-east-1a`) or Local/Wavelength Zone name, with its region.
    Zone { region: String, local: bool },
    /// An Availability Zone ID (`use1-az1`).
    AzId,
    /// A region written in uppercase.
    Uppercase(String),
    /// Anything else.
    Invalid,
}

pub(crate) fn classify_region(s: &str) -> RegionClass {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        let lower = s.to_ascii_lowercase();
        return match classify_region(&lower) {
            RegionClass::Known(_) | RegionClass::Unknown(_) => RegionClass::Uppercase(lower),
            _ => RegionClass::Invalid,
        };
    }
    if let Some(p) = region_form(s) {
        return if REGIONS.iter().any(|(r, _)| *r == s) {
            RegionClass::Known(p)
        } else {
            RegionClass::Unknown(p)
        };
    }
    if let Some(head) = s.strip_suffix(|c: char| c.is_ascii_lowercase()) {
        if region_form(head).is_some() {
            return RegionClass::Zone {
                region: head.to_owned(),
                local: false,
            };
        }
    }
    for (i, _) in s.match_indices('-') {
        if region_form(&s[..i]).is_some() && i + 1 < s.len() {
            return RegionClass::Zone {
                region: s[..i].to_owned(),
                local: true,
            };
        }
    }
    if let Some((a, b)) = s.split_once("-az") {
        let letters = a.trim_end_matches(|c: char| c.is_ascii_digit());
        if letters.len() >= 2
            && letters.len() < a.len()
            && all_bytes(letters, |c| c.is_ascii_lowercase())
            && all_bytes(b, |c| c.is_ascii_digit())
        {
            return RegionClass::AzId;
        }
    }
    RegionClass::Invalid
}

/// Report problems with a region string at `range`; the partition when it is usable.
/// `what` names it in messages ("the region option", "the ARN's region").
pub(crate) fn check_region(
    cx: &mut Cx<'_>,
    region: &str,
    range: Range<usize>,
    what: &str,
) -> Option<&'static str> {
    let shown = show(region);
    match classify_region(region) {
        RegionClass::Known(p) => Some(p),
        RegionClass::Unknown(p) => {
            let help = match crate::suggest::closest(region, REGIONS.iter().map(|(r, _)| *r)) {
                Some(c) => format!(
                    "did you mean `{c}`? (AWS adds regions over time; a new one may be right)"
                ),
                None => "check the spelling; AWS adds regions over time, so a new one may be right"
                    .to_owned(),
            };
            cx.push(
                Finding::new(
                    Code::ImageUnknownRegion,
                    range,
                    format!("{what} `{shown}` is not an AWS region byoos knows"),
                )
                .help(help),
            );
            Some(p)
        }
        RegionClass::Zone { region: r, local } => {
            let zone = if local {
                "a Local Zone or Wavelength Zone"
            } else {
                "an Availability Zone"
            };
            cx.push(
                Finding::new(
                    Code::ImageAvailabilityZone,
                    range,
                    format!("{what} `{shown}` is {zone}, not a region"),
                )
                .help(format!("use the region `{r}`")),
            );
            None
        }
        RegionClass::AzId => {
            cx.push(
                Finding::new(
                    Code::ImageAvailabilityZone,
                    range,
                    format!("{what} `{shown}` is an Availability Zone ID, not a region"),
                )
                .help("use the region code, e.g. `us-east-1`"),
            );
            None
        }
        RegionClass::Uppercase(lower) => {
            cx.push(
                Finding::new(
                    Code::ImageInvalidRegion,
                    range,
                    format!("{what} `{shown}` has uppercase letters"),
                )
                .help(format!("region codes are lowercase: `{lower}`")),
            );
            None
        }
        RegionClass::Invalid => {
            let help = match crate::suggest::closest(region, REGIONS.iter().map(|(r, _)| *r)) {
                Some(c) => format!("did you mean `{c}`?"),
                None => "a region code looks like `us-east-1`, `eu-central-2` or `us-gov-west-1`"
                    .to_owned(),
            };
            cx.push(
                Finding::new(
                    Code::ImageInvalidRegion,
                    range,
                    format!("{what} `{shown}` is not an AWS region code"),
                )
                .help(help),
            );
            None
        }
    }
}

/// The region option, checked once; `Some` when it is a usable region.
fn option_region(cx: &mut Cx<'_>) -> Option<String> {
    let r = cx.options.region.clone()?;
    let r = r.trim().to_owned();
    if r.is_empty() {
        return None;
    }
    check_region(cx, &r, 0..0, "the region option").map(|_| r)
}

/// Whether `s` is `ami-` followed by 8 or 17 lowercase hex digits.
pub(crate) fn is_ami_id(s: &str) -> bool {
    s.strip_prefix("ami-")
        .is_some_and(|h| (h.len() == 8 || h.len() == 17) && all_bytes(h, is_lower_hex))
}

/// Forms only AWS uses: `ami-…`, AWS ARNs, `resolve:ssm:`.
pub(crate) fn is_strong(s: &str) -> bool {
    (starts_with_ci(s, "ami-") && s.len() > 4 && all_bytes(&s[4..], |b| b.is_ascii_alphanumeric()))
        || s.starts_with("arn:aws")
        || s.starts_with("resolve:ssm:")
}

pub(crate) fn check(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let cluster = option_region(cx);
    if starts_with_ci(s, "ami-") {
        return check_ami(cx, s, off);
    }
    if let Some(rest) = s.strip_prefix("arn:") {
        return check_arn(cx, s, rest, off, cluster.as_deref());
    }
    if let Some(param) = s.strip_prefix("resolve:ssm:") {
        return check_ssm(cx, s, param, off + 12, cluster.as_deref());
    }
    // `ami0123…`, `ami_0123…`: an id missing its dash.
    let lower = s.to_ascii_lowercase();
    if let Some(h) = lower
        .strip_prefix("ami")
        .map(|h| h.trim_start_matches(['_', ' ', ':']))
    {
        if (h.len() == 8 || h.len() == 17) && all_bytes(h, is_lower_hex) {
            cx.push(
                Finding::new(
                    Code::ImageInvalidAmi,
                    off..off + s.len(),
                    "an AMI id is `ami-` followed by hexadecimal digits",
                )
                .help(format!("write `ami-{h}`")),
            );
            return Found::new(ImageKind::Ami);
        }
    }
    check_name(cx, s, off, cluster.as_deref())
}

fn check_ami(cx: &mut Cx<'_>, s: &str, off: usize) -> Found {
    let lower = s.to_ascii_lowercase();
    let whole = off..off + s.len();
    if is_ami_id(&lower) {
        if lower != s {
            cx.push_fixed(
                Finding::new(
                    Code::ImageUppercaseAmi,
                    whole,
                    "AMI ids are lowercase; EC2 rejects this one as malformed",
                )
                .help(format!("write `{lower}`")),
                lower.clone(),
            );
        }
        return Found::new(ImageKind::Ami)
            .norm(lower.clone())
            .part("id", lower);
    }
    ami_error(cx, s, off);
    Found::new(ImageKind::Ami)
}

/// Explain why `s` (starting `ami-`, any case) is not an AMI id.
fn ami_error(cx: &mut Cx<'_>, s: &str, off: usize) {
    let body = &s[4..];
    if body.is_empty() {
        cx.push(
            Finding::new(
                Code::ImageInvalidAmi,
                off..off + s.len(),
                "`ami-` is not followed by an id",
            )
            .help("an AMI id is `ami-` and 17 hexadecimal digits (8 for ids made before 2016)"),
        );
        return;
    }
    if let Some((i, c)) = body.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        let at = off + 4 + i..off + 4 + i + c.len_utf8();
        cx.push(
            Finding::new(
                Code::ImageInvalidAmi,
                at,
                format!(
                    "`{}` is not a hexadecimal digit; AMI ids use 0-9 and a-f",
                    show(&c.to_string())
                ),
            )
            .help("copy the id again from the EC2 console or `aws ec2 describe-images`"),
        );
        return;
    }
    cx.push(
        Finding::new(
            Code::ImageInvalidAmi,
            off..off + s.len(),
            format!(
            "the AMI id has {} hexadecimal digits; AMI ids have 17 (or 8 for ids made before 2016)",
            body.len()
        ),
        )
        .help("copy the id again from the EC2 console or `aws ec2 describe-images`"),
    );
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
fn check_arn(cx: &mut Cx<'_>, s: &str, rest: &str, off: usize, cluster: Option<&str>) -> Found {
    let fields: Vec<&str> = rest.splitn(5, ':').collect();
    if fields.len() < 5 {
        cx.push(Finding::new(Code::ImageInvalidReference, off..off + s.len(), "an ARN has six `:`-separated fields: `arn:partition:service:region:account:resource`").help("give the AMI id (`ami-…`) instead"));
        return Found::unknown();
    }
    // Byte offsets of each field in `s`.
    let mut starts = Vec::with_capacity(5);
    let mut at = 4;
    for f in &fields {
        starts.push(at);
        at += f.len() + 1;
    }
    let (partition, service) = (fields[0], fields[1]);
    let partition_ok = partition == "aws"
        || partition.strip_prefix("aws-").is_some_and(|p| {
            p.split('-')
                .all(|x| all_bytes(x, |b| b.is_ascii_lowercase()))
        });
    match service {
        "ec2" => check_ec2_arn(cx, s, off, &fields, &starts, partition_ok, cluster),
        "imagebuilder" => check_imagebuilder(cx, s, off, &fields, &starts, partition_ok, cluster),
        "ssm" => check_ssm_arn(cx, s, off, &fields, &starts),
        other => {
            cx.push(
                Finding::new(
                    Code::ImageUnrecognized,
                    off..off + s.len(),
                    format!("an ARN of the AWS service `{}`, not an AMI", show(other)),
                )
                .help("give the AMI id (`ami-…`)"),
            );
            Found::unknown()
        }
    }
}

/// `arn:PARTITION:ec2:REGION:ACCOUNT:image/ami-…` (`fields` after `arn:`, at `starts`).
fn check_ec2_arn(
    cx: &mut Cx<'_>,
    s: &str,
    off: usize,
    fields: &[&str],
    starts: &[usize],
    partition_ok: bool,
    cluster: Option<&str>,
) -> Found {
    let span = |i: usize| off + starts[i]..off + starts[i] + fields[i].len();
    let (partition, region, account, resource) = (fields[0], fields[2], fields[3], fields[4]);
    let mut found = Found::new(ImageKind::AmiArn);
    let Some(id) = resource.strip_prefix("image/") else {
        cx.push(
            Finding::new(
                Code::ImageUnrecognized,
                span(4),
                format!(
                    "an EC2 ARN for `{}`, not an image",
                    show(resource.split('/').next().unwrap_or(resource))
                ),
            )
            .help("give the AMI id (`ami-…`)"),
        );
        return Found::unknown();
    };
    let mut ok = partition_ok;
    if !partition_ok {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                span(0),
                format!("`{}` is not an AWS partition", show(partition)),
            )
            .help("partitions are `aws`, `aws-cn`, `aws-us-gov`, …"),
        );
    }
    if !(account.is_empty() || (account.len() == 12 && all_bytes(account, |b| b.is_ascii_digit())))
    {
        ok = false;
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                span(3),
                "the account field of an AMI ARN is empty (or a 12-digit account id)",
            )
            .help("give the AMI id (`ami-…`)"),
        );
    }
    let region_partition = check_region(cx, region, span(2), "the ARN's region");
    if let (Some(rp), true) = (region_partition, partition_ok) {
        if rp != partition {
            ok = false;
            cx.push(
                Finding::new(
                    Code::ImageRegionMismatch,
                    span(0),
                    format!(
                    "the partition `{partition}` does not match the region `{}` (partition `{rp}`)",
                    show(region)
                ),
                )
                .help(format!("write `arn:{rp}:…`")),
            );
        }
    }
    let lower_id = id.to_ascii_lowercase();
    ok &= check_arn_ami_id(cx, id, off + starts[4] + 6);
    if region_partition.is_some() {
        found.set("region", region);
    }
    if ok && region_partition.is_some() {
        found.set("partition", partition);
        found.set("id", lower_id.clone());
        if !account.is_empty() {
            found.set("account", account);
        }
        found.normalized = Some(format!("arn:{partition}:ec2:{region}::image/{lower_id}"));
        if let Some(c) = cluster.filter(|c| *c != region) {
            cx.push(Finding::new(Code::ImageRegionMismatch, span(2), format!("the AMI is in `{region}`, but the cluster is in `{c}`")).help(format!("AMIs are regional: copy it (`aws ec2 copy-image --source-region {region} --source-image-id {lower_id} --region {c} --name …`) and use the copy's id")));
        }
        cx.push(
            Finding::new(
                Code::ImageNotAccepted,
                off..off + s.len(),
                "Palette takes the AMI id, not its ARN",
            )
            .help(format!("write `{lower_id}`")),
        );
    }
    found
}

/// The AMI id an EC2 image ARN ends in (at `id_at`); whether it is one (uppercase is
/// only a warning).
fn check_arn_ami_id(cx: &mut Cx<'_>, id: &str, id_at: usize) -> bool {
    let lower_id = id.to_ascii_lowercase();
    if is_ami_id(&lower_id) {
        if lower_id != id {
            cx.push(
                Finding::new(
                    Code::ImageUppercaseAmi,
                    id_at..id_at + id.len(),
                    "AMI ids are lowercase",
                )
                .help(format!("write `{lower_id}`")),
            );
        }
        true
    } else if lower_id.starts_with("ami-") {
        ami_error(cx, id, id_at);
        false
    } else {
        cx.push(
            Finding::new(
                Code::ImageInvalidAmi,
                id_at..id_at + id.len(),
                "the ARN does not end in an AMI id",
            )
            .help("an AMI ARN ends in `image/ami-…`"),
        );
        false
    }
}

/// `arn:PARTITION:ssm:REGION:ACCOUNT:parameter/…`: not an AMI id.
fn check_ssm_arn(cx: &mut Cx<'_>, s: &str, off: usize, fields: &[&str], starts: &[usize]) -> Found {
    let span = |i: usize| off + starts[i]..off + starts[i] + fields[i].len();
    let (region, resource) = (fields[2], fields[4]);
    let mut found = Found::new(ImageKind::SsmParameter);
    let Some(name) = resource.strip_prefix("parameter") else {
        cx.push(
            Finding::new(
                Code::ImageUnrecognized,
                span(4),
                "an SSM ARN that is not a parameter",
            )
            .help("give the AMI id (`ami-…`)"),
        );
        return Found::unknown();
    };
    found.set("parameter", name);
    found.normalized = Some(s.to_owned());
    if check_region(cx, region, span(2), "the ARN's region").is_some() {
        found.set("region", region);
    }
    cx.push(Finding::new(Code::ImageNotAccepted, off..off + s.len(), "an SSM parameter ARN is not an AMI id; Palette is not documented to resolve SSM parameters").help(format!("resolve it: `aws ssm get-parameter --name {} --region {} --query Parameter.Value --output text`", show_long(name), show(region))));
    found
}

const IB_TYPES: [&str; 10] = [
    "image",
    "image-recipe",
    "container-recipe",
    "infrastructure-configuration",
    "distribution-configuration",
    "component",
    "image-pipeline",
    "lifecycle-policy",
    "workflow/build",
    "workflow/test",
];

/// `^arn:aws[^:]*:imagebuilder:[^:]+:(?:[0-9]{12}|aws(?:-[a-z-]+)?|third-party):(?:TYPES)/[a-z0-9_-]+(?:/(?:(?:x|[0-9]+)\.(?:x|[0-9]+)\.(?:x|[0-9]+))(?:/[0-9]+)?)?$`
fn check_imagebuilder(
    cx: &mut Cx<'_>,
    s: &str,
    off: usize,
    fields: &[&str],
    starts: &[usize],
    partition_ok: bool,
    cluster: Option<&str>,
) -> Found {
    let (partition, region, account, resource) = (fields[0], fields[2], fields[3], fields[4]);
    let whole = off..off + s.len();
    let mut found = Found::new(ImageKind::ImagebuilderArn);
    let Some((ty, segs)) = imagebuilder_resource(partition_ok, region, account, resource) else {
        cx.push(Finding::new(Code::ImageInvalidReference, whole, "this EC2 Image Builder ARN is malformed").help("an image build version ARN looks like `arn:aws:imagebuilder:us-west-2:123456789012:image/my-image/1.0.0/3`"));
        return found;
    };
    found.set("partition", partition);
    found.set("account", account);
    found.set("resource", ty);
    found.set("name", segs[0]);
    if let Some(v) = segs.get(1) {
        found.set("version", *v);
    }
    if let Some(b) = segs.get(2) {
        found.set("build", *b);
    }
    let rspan = off + starts[2]..off + starts[2] + region.len();
    if check_region(cx, region, rspan.clone(), "the ARN's region").is_some() {
        found.set("region", region);
        if let Some(c) = cluster.filter(|c| *c != region) {
            cx.push(
                Finding::new(
                    Code::ImageRegionMismatch,
                    rspan,
                    format!(
                        "the Image Builder image is in `{region}`, but the cluster is in `{c}`"
                    ),
                )
                .help(format!(
                    "pick the AMI that the image's distribution made in `{c}`"
                )),
            );
        }
    }
    found.normalized = Some(s.to_owned());
    let pick_region = cluster.unwrap_or(if region.is_empty() {
        "<region>"
    } else {
        region
    });
    let (message, help) = imagebuilder_advice(s, ty, &segs, pick_region);
    cx.push(Finding::new(Code::ImageNotAccepted, whole, message).help(help));
    found
}

/// The resource type and the segments after it (`name[/version[/build]]`) of a
/// well-formed Image Builder ARN; `None` when it is malformed.
fn imagebuilder_resource<'s>(
    partition_ok: bool,
    region: &str,
    account: &str,
    resource: &'s str,
) -> Option<(&'static str, Vec<&'s str>)> {
    let account_ok = (account.len() == 12 && all_bytes(account, |b| b.is_ascii_digit()))
        || account == "third-party"
        || account == "aws"
        || account
            .strip_prefix("aws-")
            .is_some_and(|a| all_bytes(a, |b| b.is_ascii_lowercase() || b == b'-'));
    let mut ty = None;
    let mut tail = "";
    for t in IB_TYPES.iter().chain(&["workflow/distribution"]) {
        if let Some(r) = resource.strip_prefix(t).and_then(|r| r.strip_prefix('/')) {
            ty = Some(*t);
            tail = r;
            break;
        }
    }
    let segs: Vec<&str> = tail.split('/').collect();
    let version_node = |v: &str| {
        let n: Vec<&str> = v.split('.').collect();
        n.len() == 3
            && n.iter()
                .all(|x| *x == "x" || all_bytes(x, |b| b.is_ascii_digit()))
    };
    let grammar_ok = partition_ok
        && !region.is_empty()
        && account_ok
        && ty.is_some()
        && all_bytes(segs[0], |b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
        })
        && segs.len() <= 3
        && segs.get(1).is_none_or(|v| version_node(v))
        && segs
            .get(2)
            .is_none_or(|b| all_bytes(b, |c| c.is_ascii_digit()));
    grammar_ok.then(|| (ty.unwrap_or("image"), segs))
}

/// Why an Image Builder ARN is not an AMI, and how to get one.
fn imagebuilder_advice(s: &str, ty: &str, segs: &[&str], pick_region: &str) -> (String, String) {
    if ty != "image" {
        (
            format!("an EC2 Image Builder {ty} ARN: it names no image, let alone an AMI"),
            "run the pipeline, then use the AMI id of the image it built (`ami-…`)".to_owned(),
        )
    } else if segs.len() < 3 || segs[1].contains('x') {
        (
            "an EC2 Image Builder image ARN without a build number: it is not pinned to one build, and it is not an AMI".to_owned(),
            format!("pick a build (`aws imagebuilder list-image-build-versions --image-version-arn …`), then use its AMI for `{pick_region}` from `aws imagebuilder get-image`"),
        )
    } else {
        (
            "an EC2 Image Builder image ARN is not an AMI; Palette needs the AMI id".to_owned(),
            format!(
                "resolve it: `aws imagebuilder get-image --image-build-version-arn {} --query \"image.outputResources.amis[?region=='{pick_region}'].image\"`",
                show_long(s)
            ),
        )
    }
}

fn check_ssm(
    cx: &mut Cx<'_>,
    s: &str,
    param: &str,
    param_at: usize,
    cluster: Option<&str>,
) -> Found {
    let mut found = Found::new(ImageKind::SsmParameter);
    if param.is_empty() || param.chars().any(char::is_whitespace) {
        cx.push(
            Finding::new(
                Code::ImageInvalidReference,
                param_at - 12..param_at + param.len(),
                "`resolve:ssm:` is not followed by a parameter name",
            )
            .help("write `resolve:ssm:<parameter>`, or better the AMI id"),
        );
        return found;
    }
    let (name, version) = match param.rsplit_once(':') {
        Some((n, v)) if !n.is_empty() && !n.starts_with("arn") => (n, Some(v)),
        _ => (param, None),
    };
    found.set("parameter", name);
    if let Some(v) = version {
        found.set("version", v);
    }
    found.normalized = Some(s.to_owned());
    let region = cluster.unwrap_or("<region>");
    let public = if name.starts_with("/aws/service/") {
        " (a public parameter resolves to a different AMI in each region)"
    } else {
        ""
    };
    cx.push(Finding::new(Code::ImageNotAccepted, param_at - 12..param_at + param.len(), format!("an SSM parameter is not an AMI id; EC2 resolves it, but Palette is not documented to{public}")).help(format!("resolve it: `aws ssm get-parameter --name {} --region {region} --query Parameter.Value --output text`", show_long(name))));
    found
}

/// AMI names: `^[A-Za-z0-9()\[\] ./'@_-]{3,128}$`.
fn is_ami_name(s: &str) -> bool {
    (3..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"()[] ./'@_-".contains(&b))
}

fn check_name(cx: &mut Cx<'_>, s: &str, off: usize, cluster: Option<&str>) -> Found {
    let whole = off..off + s.len();
    if !is_ami_name(s) {
        cx.push(
            Finding::new(Code::ImageUnrecognized, whole, "not an AMI id").help(format!(
                "{} needs {}",
                "AWS",
                super::Provider::Aws.wants()
            )),
        );
        return Found::unknown();
    }
    let mut found = Found::new(ImageKind::AmiName).part("name", s);
    if let Some(d) = names::capa_ami(s) {
        d.into_parts(&mut found);
    }
    let region = cluster.map_or(String::new(), |r| format!(" --region {r}"));
    cx.push(Finding::new(Code::ImageNotAccepted, whole, "this looks like an AMI name: a name is a lookup key, Palette needs the AMI id").help(format!("look the id up: `aws ec2 describe-images{region} --filters \"Name=name,Values={}\" --query \"Images[].ImageId\"`", show_long(s))));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        assert_eq!(classify_region("us-east-1"), RegionClass::Known("aws"));
        assert_eq!(
            classify_region("us-gov-west-1"),
            RegionClass::Known("aws-us-gov")
        );
        assert_eq!(
            classify_region("eusc-de-east-1"),
            RegionClass::Known("aws-eusc")
        );
        assert_eq!(
            classify_region("us-isob-east-1"),
            RegionClass::Known("aws-iso-b")
        );
        assert_eq!(
            classify_region("cn-northwest-1"),
            RegionClass::Known("aws-cn")
        );
        assert_eq!(
            classify_region("ap-southeast-6"),
            RegionClass::Unknown("aws")
        );
        assert_eq!(
            classify_region("us-east-1a"),
            RegionClass::Zone {
                region: "us-east-1".into(),
                local: false
            }
        );
        assert_eq!(
            classify_region("us-west-2-lax-1a"),
            RegionClass::Zone {
                region: "us-west-2".into(),
                local: true
            }
        );
        assert_eq!(classify_region("use1-az1"), RegionClass::AzId);
        assert_eq!(
            classify_region("US-EAST-1"),
            RegionClass::Uppercase("us-east-1".into())
        );
        assert_eq!(classify_region("useast1"), RegionClass::Invalid);
        assert_eq!(classify_region("xx-east-1"), RegionClass::Invalid);
        assert_eq!(classify_region("us-east-1é"), RegionClass::Invalid);
    }

    #[test]
    fn ami_ids() {
        assert!(is_ami_id("ami-0f4804aff4cf9c5a2"));
        assert!(is_ami_id("ami-1a2b3c4d"));
        assert!(!is_ami_id("ami-0f4804aff4cf9c5a"));
        assert!(!is_ami_id("ami-0F4804AFF4CF9C5A2"));
        assert!(!is_ami_id("ami-0g4804aff4cf9c5a2"));
    }
}
