//! `byoos`: check Spectro Cloud Palette BYOOS pack values offline.
//!
//! Exit codes: 0 no errors, 1 at least one `error` diagnostic, 2 usage or I/O problem
//! (message on stderr, nothing on stdout).

use byoos_core::render::{render_text, TextStyle};
use byoos_core::{Code, Context, Diagnostic, Limits, Options, PackKind, Provider};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;

/// Check Spectro Cloud Palette BYOOS pack values offline.
#[derive(Debug, Parser)]
#[command(name = "byoos", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check pack values files and report every problem found.
    Validate(ValidateArgs),
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Pack kind to check against (detected from each document when omitted).
    #[arg(long, value_name = "KIND", value_parser = clap::builder::PossibleValuesParser::new(PackKind::ALL.map(PackKind::as_str)))]
    pack: Option<String>,

    /// Cloud provider that `osImageOverride` names (inferred from the reference when omitted).
    #[arg(long, value_name = "P", value_parser = clap::builder::PossibleValuesParser::new(Provider::ALL.map(Provider::as_str)))]
    provider: Option<String>,

    /// The cluster's AWS region (AMI ARNs must be in it).
    #[arg(long, value_name = "R")]
    region: Option<String>,

    /// YAML or JSON file of macro values (system, packs, variables, macros): the values
    /// are also rendered and the result checked.
    #[arg(long, value_name = "CTX")]
    context: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Files to check; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// rustc-style excerpts with a caret line.
    Text,
    /// One JSON object: `{"files": [{"file", "pack", "ok", "diagnostics"}]}`.
    Json,
}

/// A usage or I/O problem: reported on stderr, exit code 2.
#[derive(Debug)]
struct Failure(String);

impl Failure {
    fn io(code: Code, message: String) -> Self {
        Failure(format!("error[{code}]: {message}"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(args) => validate(&args),
    };
    match result {
        Ok(code) => code,
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}

struct Input {
    name: String,
    text: String,
}

/// Read one file (`-`: standard input) as UTF-8 text; the name used in messages.
fn read_text(file: &str) -> Result<Input, Failure> {
    let (name, bytes) = if file == "-" {
        let mut buf = Vec::new();
        io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::io(Code::IoRead, format!("cannot read standard input: {e}")))?;
        ("<stdin>".to_owned(), buf)
    } else {
        let bytes = std::fs::read(file)
            .map_err(|e| Failure::io(Code::IoRead, format!("cannot read `{file}`: {e}")))?;
        (file.to_owned(), bytes)
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::io(
            Code::IoInvalidUtf8,
            format!(
                "`{name}` is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    Ok(Input { name, text })
}

/// Read every input before printing anything, so an I/O problem leaves stdout empty.
fn read_inputs(files: &[String], context: Option<&str>) -> Result<Vec<Input>, Failure> {
    let stdin_uses = files
        .iter()
        .map(String::as_str)
        .chain(context)
        .filter(|f| *f == "-")
        .count();
    if stdin_uses > 1 {
        return Err(Failure(
            "error: `-` (standard input) can be given only once".to_owned(),
        ));
    }
    files.iter().map(|f| read_text(f)).collect()
}

/// Read and parse `--context`; its diagnostics are a usage problem (exit 2).
fn read_context(file: &str) -> Result<Context, Failure> {
    let input = read_text(file)?;
    Context::from_text(&input.text, &Limits::default()).map_err(|diags| {
        let text = render_text(&input.text, &input.name, &diags, TextStyle::Plain);
        Failure(format!(
            "error: invalid context `{}`\n\n{}",
            input.name,
            text.trim_end()
        ))
    })
}

fn validate(args: &ValidateArgs) -> Result<ExitCode, Failure> {
    let inputs = read_inputs(&args.files, args.context.as_deref())?;
    let context = args.context.as_deref().map(read_context).transpose()?;
    let pack = args.pack.as_deref().and_then(PackKind::from_name);
    let provider = args
        .provider
        .as_deref()
        .and_then(|p| Provider::ALL.into_iter().find(|q| q.as_str() == p));
    let reports: Vec<_> = inputs
        .iter()
        .map(|input| {
            let mut options = Options::default().with_file_name(input.name.clone());
            options.pack = pack;
            options.provider = provider;
            options.region.clone_from(&args.region);
            options.context.clone_from(&context);
            byoos_core::validate(&input.text, &options)
        })
        .collect();

    let mut out = String::new();
    match args.format {
        Format::Text => {
            let style = if io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            {
                TextStyle::Color
            } else {
                TextStyle::Plain
            };
            for (input, report) in inputs.iter().zip(&reports) {
                out.push_str(&render_text(
                    &input.text,
                    &input.name,
                    &report.diagnostics,
                    style,
                ));
            }
            out.push_str(&summary(
                reports.iter().flat_map(|r| &r.diagnostics),
                reports.len(),
            ));
        }
        Format::Json => {
            let files: Vec<_> = inputs
                .iter()
                .zip(&reports)
                .map(|(input, report)| {
                    serde_json::json!({
                        "file": input.name,
                        "pack": report.pack,
                        "ok": report.ok,
                        "diagnostics": report.diagnostics,
                    })
                })
                .collect();
            let value = serde_json::json!({ "files": files });
            out = serde_json::to_string_pretty(&value)
                .map_err(|e| Failure(format!("error: cannot write JSON: {e}")))?;
            out.push('\n');
        }
    }
    write_stdout(&out)?;
    Ok(if reports.iter().all(|r| r.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `checked 2 files: 3 errors, 1 warning`.
fn summary<'a>(diags: impl Iterator<Item = &'a Diagnostic>, files: usize) -> String {
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for d in diags {
        match d.severity {
            byoos_core::Severity::Error => errors += 1,
            byoos_core::Severity::Warning => warnings += 1,
            byoos_core::Severity::Info => infos += 1,
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "checked {}: {}, {}",
        plural(files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if infos > 0 {
        line.push_str(&format!(", {infos} info"));
    }
    line.push('\n');
    line
}

/// Write to stdout; a closed pipe (`byoos … | head`) is not an error.
fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure(format!(
            "error: cannot write to standard output: {e}"
        ))),
    }
}
