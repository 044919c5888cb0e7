//! `byoos`: check and render Spectro Cloud Palette BYOOS pack values offline.
//!
//! Exit codes: 0 no errors, 1 at least one `error` diagnostic, 2 usage or I/O problem
//! (message on stderr, nothing written).

mod commands;
mod config;
mod fix;
mod io;
mod output;
mod walk;
mod write;

use byoos_core::{PackKind, Provider};
use clap::{Args, Parser, Subcommand, ValueEnum};
use io::{ColorChoice, Failure};
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit codes:
  0  no error (warnings and infos do not fail, unless --deny-warnings or --max-warnings)
  1  at least one diagnostic is an error (for validate: a file that cannot be read too)
  2  usage or I/O problem (message on stderr, nothing written)";

/// Check and render Spectro Cloud Palette BYOOS pack values offline.
///
/// Works on the values of the `edge-native-byoi` and `generic-byoi` packs: reports what
/// Palette would get wrong or ignore, renders Palette macros, edits values in place and
/// writes Terraform, without a Palette account.
#[derive(Debug, Parser)]
#[command(
    name = "byoos",
    version,

    max_term_width = 100,
    after_help = EXIT_CODES
)]
struct Cli {
    /// When to colour text output: on a terminal unless NO_COLOR is set (auto), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check pack values files and report every problem found.
    #[command(after_help = "\
Examples:
  byoos validate values.yaml
  byoos validate .
  byoos validate --format json edge/*.yaml
  byoos validate --format github --max-warnings 0 clusters/
  byoos validate --provider aws --region us-east-1 generic.yaml
  byoos validate --context context.yaml --format sarif values.yaml > byoos.sarif
  cat values.yaml | byoos validate --stdin-filename edge.yaml -")]
    Validate(ValidateArgs),

    /// Resolve the Palette macros of a values file and print the rendered YAML.
    ///
    /// Only the scalars that hold macros change; comments, order and quoting stay as
    /// written. The YAML goes to stdout, diagnostics to stderr.
    #[command(after_help = "\
Examples:
  byoos render edge.yaml --system kubernetes.version=1.29.5
  byoos render edge.yaml --context context.yaml --var custom_tag=demo --strict")]
    Render(RenderArgs),

    /// Render every pack of a cluster profile together (packs may reference each other).
    ///
    /// The profile is `{name, packs: [{name, tag, layer, values}]}` (YAML or JSON),
    /// Palette's profile export, a Terraform file (`spectrocloud_cluster_profile`
    /// resources) or a folder of them (a Terraform module: every `.tf` in it). Each pack
    /// gets the findings `validate` gives it. Without --out-dir the packs are printed as
    /// one YAML stream, each after a `# pack: NAME` comment.
    #[command(after_help = "\
Examples:
  byoos render-profile profile.yaml --context context.yaml
  byoos render-profile export.json --out-dir rendered/
  byoos render-profile infra/profiles/ --system kubernetes.version=1.29.5")]
    RenderProfile(RenderProfileArgs),

    /// Check one image reference for a provider (AMI id, VHD URL, template path, OCI image, …).
    #[command(after_help = "\
Examples:
  byoos image aws ami-0123456789abcdef0
  byoos image aws ami-0123456789abcdef0 --region us-west-2
  byoos image aws arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0
  byoos image edge ttl.sh/ubuntu:k3s-1.29.5-v4.4.12-demo --format json")]
    Image(ImageArgs),

    /// Print Terraform (spectrocloud provider) for a values file: the registry and pack
    /// data sources and a cluster-profile `pack {}` block with the values as a heredoc.
    ///
    /// The `pack {}` block belongs inside your `spectrocloud_cluster_profile` resource, as
    /// its OS layer; the data sources can go anywhere in the configuration.
    #[command(after_help = "\
Examples:
  byoos terraform edge.yaml --version 1.0.0
  byoos terraform values.yaml --pack generic-byoi --version 1.0.0
  byoos terraform edge.yaml --version 2.1.0 --registry \"Public Repo\"")]
    Terraform(TerraformArgs),

    /// Turn a Packer manifest (packer-manifest.json) into generic-byoi values.
    #[command(after_help = "\
Examples:
  byoos from-packer packer-manifest.json --region us-east-1 > values.yaml
  byoos from-packer manifest.json --os-name rhel --os-version 8.10
  byoos from-packer manifest.json --run 6a3f6e3c-7f2a-4e8b-9c1d-2b5e8f0a1c3d")]
    FromPacker(FromPackerArgs),

    /// Compare two versions of a values file: every change, and what it does to the nodes.
    ///
    /// Each change (path, old → new) is labelled with Palette's upgrade behaviour for its
    /// key: repave, reboot, service-restart, reload or no-op (Edge: `system.uri` and every
    /// key that changes the resolved `system.uri` repave, `stages.reconcile.*` reloads,
    /// other stages reboot, on RKE2 they repave; generic-byoi: a new image or OS re-images
    /// the nodes). Comments, quoting and layout are not changes. Both files are rendered
    /// with the same context to compare the resolved `system.uri`.
    ///
    /// Two profiles, two `.tf` files (values in `file("…")` compared by the files' texts)
    /// or two folders of `.tf` files (resources paired by label) compare pack by pack; a
    /// pack's new version is rated by its layer (Kubernetes and OS: repave; CNI, CSI,
    /// add-ons: service-restart; Palette's table rates values, the reason says when it
    /// does not cover the change), a CNI or CSI pack replaced by another is warned against.
    #[command(after_help = "\
Examples:
  byoos diff old/edge.yaml edge.yaml --system kubernetes.version=1.29.5
  byoos diff old.yaml new.yaml --format json
  byoos diff main.yaml branch.yaml --fail-on repave
  byoos diff old/profile.tf profile.tf
  byoos diff old-module/ module/ --fail-on reboot")]
    Diff(DiffArgs),

    /// Turn CAPI Image Builder's imageconfig into generic-byoi values (vSphere).
    ///
    /// `osImageOverride` is the template's inventory path
    /// `/{vcenter_datacenter}/vm/{vcenter_folder}/{name}`, where the name is the OVA's
    /// (`<os_version>-kube-v<k8s_version>`, or the OVA in --output-dir, or --template);
    /// `osName` and `osVersion` come from `os_version` (`rhel-8` → `rhel`, `8`). The
    /// values of the file's secrets (`vcenter_password`, …) are never shown.
    #[command(after_help = "\
Examples:
  byoos from-image-config imageconfig > values.yaml
  byoos from-image-config imageconfig --output-dir output/rhel-8-kube-v1.30.4
  byoos from-image-config imageconfig --template rhel-8-kube-v1.30.4-fips")]
    FromImageConfig(FromImageConfigArgs),

    /// Set values in a values file, keeping comments, order, quoting and indentation.
    ///
    /// Each PATH names a key by its segments joined by `/` (a dotted key such as
    /// `system.uri` is one segment; a number is a list index; `~1` is a `/` inside a key).
    /// A missing key the pack knows is added as the last entry of its mapping; a key the
    /// pack does not know (a typo such as `pack/osVerison`) is refused with a did-you-mean
    /// and nothing is written, unless --create. The edited file is printed (or written
    /// back with --in-place) and checked again; with --in-place it is written even when
    /// the check finds errors, and the exit code (1) says so.
    #[command(after_help = "\
Examples:
  byoos set values.yaml pack/osImageOverride=ami-0123456789abcdef0 --in-place
  byoos set edge.yaml options/system.customTag=demo pack/drain/timeout=120
  byoos set edge.yaml pack/content/images/0/image=ttl.sh/ubuntu:k3s
  byoos set values.yaml pack/myNote=kept --create")]
    Set(SetArgs),

    /// Print the JSON Schema (2020-12) of a pack's values, for editors and other tools.
    #[command(after_help = "\
Examples:
  byoos schema edge-native-byoi > edge-native-byoi.schema.json
  # then make this the first line of a values file:
  # yaml-language-server: $schema=edge-native-byoi.schema.json")]
    Schema(SchemaArgs),
}

/// A pack kind on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// Edge provider images (`pack.content.images`, `options.system.*`).
    #[value(name = "edge-native-byoi")]
    EdgeNativeByoi,
    /// Non-Edge clouds (`pack.osImageOverride`, `osName`, `osVersion`).
    #[value(name = "generic-byoi")]
    GenericByoi,
}

impl From<KindArg> for PackKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::EdgeNativeByoi => PackKind::EdgeNativeByoi,
            KindArg::GenericByoi => PackKind::GenericByoi,
        }
    }
}

/// A provider on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ProviderArg {
    /// Amazon EC2: an AMI id.
    Aws,
    /// Microsoft Azure: the blob URL of a VHD.
    Azure,
    /// VMware vSphere: the inventory path of a VM template.
    Vsphere,
    /// Google Compute Engine: an image reference.
    Gcp,
    /// OpenStack: a Glance image id or name.
    Openstack,
    /// Canonical MAAS: a boot resource name.
    Maas,
    /// Palette Edge: an OCI provider image, or `NA`.
    Edge,
}

impl From<ProviderArg> for Provider {
    fn from(p: ProviderArg) -> Self {
        match p {
            ProviderArg::Aws => Provider::Aws,
            ProviderArg::Azure => Provider::Azure,
            ProviderArg::Vsphere => Provider::Vsphere,
            ProviderArg::Gcp => Provider::Gcp,
            ProviderArg::Openstack => Provider::Openstack,
            ProviderArg::Maas => Provider::Maas,
            ProviderArg::Edge => Provider::Edge,
        }
    }
}

/// `KEY=VALUE`, split at the first `=`.
fn key_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        Some(_) => Err(format!("`{s}` has an empty name before `=`")),
        None => Err(format!("`{s}` is not NAME=VALUE")),
    }
}

/// `PATH=VALUE`, split at the first `=`.
fn assignment(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((p, v)) => Ok((p.to_owned(), v.to_owned())),
        None => Err(format!("`{s}` is not PATH=VALUE (e.g. pack/osName=ubuntu)")),
    }
}

/// Macro values: a context file and single values on the command line (which win).
#[derive(Debug, Args)]
struct ContextArgs {
    /// YAML or JSON file of macro values: `system`, `packs`, `variables`, `macros`.
    #[arg(long, value_name = "CTX")]
    context: Option<String>,

    /// A system macro value, e.g. `kubernetes.version=1.29.5` (repeatable).
    #[arg(long = "system", value_name = "KEY=VAL", value_parser = key_value)]
    system: Vec<(String, String)>,

    /// A profile variable value, e.g. `custom_tag=demo` (repeatable).
    #[arg(long = "var", value_name = "NAME=VAL", value_parser = key_value)]
    var: Vec<(String, String)>,

    /// A user macro value (project scope), e.g. `registry=harbor.example.com` (repeatable).
    #[arg(long = "macro", value_name = "NAME=VAL", value_parser = key_value)]
    macros: Vec<(String, String)>,
}

impl ContextArgs {
    fn given(&self) -> bool {
        self.context.is_some()
            || !self.system.is_empty()
            || !self.var.is_empty()
            || !self.macros.is_empty()
    }
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Pack kind to check against (detected from each document when omitted).
    #[arg(long, value_enum, value_name = "KIND")]
    pack: Option<KindArg>,

    /// Cloud provider of the `osImageOverride` references whose form does not name one (a
    /// name or path several providers take). A reference in one provider's own form (an
    /// AMI id, an Azure VHD URL, a vSphere inventory path, …) is checked for that
    /// provider, so a folder of several clouds' values can be checked in one run.
    #[arg(long, value_enum, value_name = "P")]
    provider: Option<ProviderArg>,

    /// The cluster's AWS region (AMI ARNs must be in it).
    #[arg(long, value_name = "R")]
    region: Option<String>,

    /// With macro values, the values are also rendered and the result checked.
    #[command(flatten)]
    context: ContextArgs,

    /// With macro values: a missing value is an error instead of Palette's empty string
    /// and a warning.
    #[arg(long)]
    strict: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Text output: after the summary, how many findings of each code.
    #[arg(long)]
    statistics: bool,

    /// Warnings fail the run too (exit 1).
    #[arg(long)]
    deny_warnings: bool,

    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,

    /// The name standard input (`-`) has in messages, and for telling a `.tf` file.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    /// Configuration file (`byoos.toml`, or a `pyproject.toml` with `[tool.byoos]`) for
    /// every input, instead of the nearest one above each.
    #[arg(long, value_name = "FILE")]
    config: Option<String>,

    /// Read no configuration file.
    #[arg(long, conflicts_with = "config")]
    isolated: bool,

    /// Files and folders to check; `-` reads standard input. A folder is walked for
    /// `*.yaml`, `*.yml`, `*.tf` and profile exports (`*.json`), honouring `.gitignore`
    /// and skipping hidden files.
    #[arg(value_name = "PATH", required = true)]
    files: Vec<String>,

    /// Apply every mechanical fix (the `fixable` codes of docs/diagnostics.md) to the
    /// files in place, then report what remains.
    #[arg(long)]
    fix: bool,

    /// With `--fix`: print a unified diff of the fixes instead of writing the files.
    #[arg(long, requires = "fix")]
    diff: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style excerpts with a caret line, and a summary line.
    Text,
    /// One JSON object: `{"files": [{"file", "pack", "ok", "diagnostics"}]}`.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers), URIs relative to the
    /// current folder (`%SRCROOT%`).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// JUnit XML: one test case per file, a failure per error.
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ImageFormat {
    /// The diagnostics as excerpts, then the report as `key: value` lines.
    Text,
    /// The ImageReport as one JSON object.
    Json,
}

#[derive(Debug, Args)]
struct RenderArgs {
    /// Values file to render; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: String,

    #[command(flatten)]
    context: ContextArgs,

    /// A missing value is an error instead of Palette's empty string and a warning, and
    /// any error fails the command: nothing is printed to stdout, exit 1.
    #[arg(long)]
    strict: bool,

    /// The name this document has for self references (default: its pack kind).
    #[arg(long, value_name = "NAME")]
    pack_name: Option<String>,

    /// Pack kind (detected from the document when omitted).
    #[arg(long, value_enum, value_name = "KIND")]
    pack: Option<KindArg>,
}

#[derive(Debug, Args)]
struct RenderProfileArgs {
    /// Profile file (YAML, JSON or Terraform) or a folder of `.tf` files; `-` reads
    /// standard input.
    #[arg(value_name = "PROFILE")]
    profile: String,

    #[command(flatten)]
    context: ContextArgs,

    /// A missing value is an error instead of Palette's empty string and a warning, and
    /// any error fails the command: nothing is printed or written, exit 1.
    #[arg(long)]
    strict: bool,

    /// Write each pack's rendered values to DIR/NAME.yaml instead of printing them: all
    /// packs or none (none when the profile has errors), packs holding a secret mode 0600.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
struct ImageArgs {
    /// The provider the image is for.
    #[arg(value_enum, value_name = "PROVIDER")]
    provider: ProviderArg,

    /// The image reference, exactly as it would appear in the values.
    #[arg(value_name = "REFERENCE", allow_hyphen_values = true)]
    reference: String,

    /// The cluster's AWS region (AMI ARNs must be in it).
    #[arg(long, value_name = "R")]
    region: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ImageFormat::Text)]
    format: ImageFormat,
}

#[derive(Debug, Args)]
struct TerraformArgs {
    /// Values file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    file: String,

    /// Pack kind (detected from the document when omitted).
    #[arg(long, value_enum, value_name = "KIND")]
    pack: Option<KindArg>,

    /// Pack version for `spectrocloud_pack_simple`, exactly as the registry lists it
    /// (e.g. 1.0.0 or 2.1.0; a `1.0.x` tag matches nothing there).
    #[arg(long, value_name = "V", required = true)]
    version: Option<String>,

    /// Registry name for `spectrocloud_registry` (default "Public Repo").
    #[arg(long, value_name = "NAME")]
    registry: Option<String>,
}

#[derive(Debug, Args)]
struct FromPackerArgs {
    /// Packer manifest (JSON); `-` reads standard input.
    #[arg(value_name = "MANIFEST")]
    manifest: String,

    /// The cluster's AWS region: picks the AMI of that region.
    #[arg(long, value_name = "R")]
    region: Option<String>,

    /// `osName` to write (default: the build's `custom_data`).
    #[arg(long, value_name = "N")]
    os_name: Option<String>,

    /// `osVersion` to write (default: the build's `custom_data`).
    #[arg(long, value_name = "V")]
    os_version: Option<String>,

    /// Which run: `last` (default) or a `packer_run_uuid`.
    #[arg(long, value_name = "last|UUID")]
    run: Option<String>,

    /// Which build of the run, by name, when the run has several.
    #[arg(long, value_name = "NAME")]
    build: Option<String>,

    /// vSphere: the inventory folder of the template, e.g. `/dc/vm/templates`.
    #[arg(long, value_name = "PATH")]
    folder: Option<String>,
}

#[derive(Debug, Args)]
struct DiffArgs {
    /// The values as they are: a file, or a folder of `.tf` files (`-` reads standard
    /// input).
    #[arg(value_name = "OLD")]
    old: String,

    /// The values as they would be: a file, or a folder of `.tf` files (`-` reads
    /// standard input).
    #[arg(value_name = "NEW")]
    new: String,

    #[command(flatten)]
    context: ContextArgs,

    /// Pack kind (detected from the documents when omitted).
    #[arg(long, value_enum, value_name = "KIND")]
    pack: Option<KindArg>,

    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: ImageFormat,

    /// Exit 1 when the strongest impact is IMPACT or stronger.
    #[arg(long, value_enum, value_name = "IMPACT")]
    fail_on: Option<ImpactArg>,
}

/// An upgrade impact, weakest first.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ImpactArg {
    #[value(name = "no-op")]
    NoOp,
    Reload,
    ServiceRestart,
    Reboot,
    Repave,
}

impl From<ImpactArg> for byoos_core::Impact {
    fn from(i: ImpactArg) -> Self {
        match i {
            ImpactArg::NoOp => byoos_core::Impact::NoOp,
            ImpactArg::Reload => byoos_core::Impact::Reload,
            ImpactArg::ServiceRestart => byoos_core::Impact::ServiceRestart,
            ImpactArg::Reboot => byoos_core::Impact::Reboot,
            ImpactArg::Repave => byoos_core::Impact::Repave,
        }
    }
}

#[derive(Debug, Args)]
struct FromImageConfigArgs {
    /// The imageconfig file (`key=value` lines); `-` reads standard input.
    #[arg(value_name = "IMAGECONFIG")]
    config: String,

    /// The build's output folder (`output/<image_name>/`): its OVA names the template.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<String>,

    /// The vSphere template's name, when it is not the OVA's.
    #[arg(long, value_name = "NAME", conflicts_with = "output_dir")]
    template: Option<String>,
}

#[derive(Debug, Args)]
struct SetArgs {
    /// Values file; `-` reads standard input (not with --in-place).
    #[arg(value_name = "FILE")]
    file: String,

    /// What to set: PATH=VALUE, e.g. `pack/osName=ubuntu` or `options/system.uri=…`.
    #[arg(value_name = "PATH=VALUE", required = true, value_parser = assignment)]
    assignments: Vec<(String, String)>,

    /// Write the result back to FILE (atomically) instead of printing it.
    #[arg(long, short = 'i')]
    in_place: bool,

    /// Add keys the pack's shape does not know, on purpose (without it such a path is an
    /// error: usually a typo).
    #[arg(long)]
    create: bool,

    /// Pack kind (detected from the document when omitted).
    #[arg(long, value_enum, value_name = "KIND")]
    pack: Option<KindArg>,
}

#[derive(Debug, Args)]
struct SchemaArgs {
    /// The pack kind.
    #[arg(value_enum, value_name = "KIND")]
    kind: KindArg,
}

fn main() -> ExitCode {
    let code = run();
    // A report that could not reach stderr (`2>/dev/full`) is an I/O problem.
    if io::stderr_failed() {
        return ExitCode::from(2);
    }
    code
}

fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and exit 0; usage errors exit 2.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = cli.color;
    let result = match cli.command {
        Command::Validate(a) => commands::validate(a, color),
        Command::Render(a) => commands::render(a, color),
        Command::RenderProfile(a) => commands::render_profile(a, color),
        Command::Image(a) => commands::image(a, color),
        Command::Terraform(a) => commands::terraform(a, color),
        Command::FromPacker(a) => commands::from_packer(a, color),
        Command::FromImageConfig(a) => commands::from_image_config(a, color),
        Command::Diff(a) => commands::diff(a, color),
        Command::Set(a) => commands::set(a, color),
        Command::Schema(a) => commands::schema(&a),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            io::write_stderr(&format!("{}\n", message.trim_end()));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// The example lines of a subcommand's help as shown on an 80-column terminal.
    fn help_examples(name: &str) -> Vec<String> {
        let mut cmd = Cli::command().term_width(80);
        let sub = cmd
            .find_subcommand_mut(name)
            .unwrap_or_else(|| panic!("no subcommand {name}"));
        let help = sub.render_long_help().to_string();
        help.lines()
            .skip_while(|l| l.trim() != "Examples:")
            .skip(1)
            .take_while(|l| !l.trim().is_empty())
            .map(|l| l.trim().to_owned())
            .collect()
    }

    /// Every example in every subcommand's help is one whole command line (not wrapped
    /// mid-command) that the parser accepts as it stands: copy and paste works.
    #[test]
    fn help_examples_are_complete_commands() {
        let names: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .filter(|n| n != "help")
            .collect();
        for name in names {
            let examples = help_examples(&name);
            assert!(
                !examples.is_empty(),
                "`byoos {name} --help` shows no examples"
            );
            for line in examples.iter().filter(|l| !l.starts_with('#')) {
                // The `byoos …` part of a pipeline, without its output redirection.
                let command = line
                    .split('|')
                    .map(str::trim)
                    .find(|c| c.starts_with("byoos "))
                    .unwrap_or_else(|| panic!("`{name}` example `{line}` is not a byoos command"));
                let command = command.split(" > ").next().unwrap_or(command);
                let words = shlex::split(command)
                    .unwrap_or_else(|| panic!("`{name}` example `{line}` has an open quote"));
                assert_eq!(
                    words.get(1).map(String::as_str),
                    Some(name.as_str()),
                    "{line}"
                );
                if let Err(e) = Cli::try_parse_from(&words) {
                    panic!("`{name}` example `{line}` does not parse: {e}");
                }
            }
        }
    }
}
