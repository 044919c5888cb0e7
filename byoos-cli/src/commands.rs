//! One function per subcommand: read the inputs, call the core, print, pick the exit code.

use crate::io::{
    read_input, read_text, report_stderr, stdin_once, stdout_style, whole_file, write_stderr,
    write_stdout, ColorChoice, Failure, Input, STDIN_NAME,
};
use crate::output::{pack_file_name, Checked, Counts};
use crate::walk::{Entry, Walk};
use crate::write::{write_all_or_nothing, write_atomic, Links, Planned};
use crate::{
    ContextArgs, DiffArgs, FromImageConfigArgs, FromPackerArgs, ImageArgs, ImageFormat, RenderArgs,
    RenderProfileArgs, SchemaArgs, SetArgs, TerraformArgs, ValidateArgs,
};
use byoos_core::report::render_text;
use byoos_core::{
    Code, Context, Diagnostic, ImageConfigOptions, ImageOptions, Limits, Options, PackKind,
    PackerOptions, Path, TerraformOptions,
};
use serde_json::Value;
use std::process::ExitCode;

fn exit(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// An input over the size limit: its `limit/input-size` diagnostic on stderr, exit 1.
fn too_big(input: &Input, color: ColorChoice) -> Option<ExitCode> {
    let d = input.too_big.as_ref()?;
    report_stderr("", &input.name, std::slice::from_ref(d), color);
    Some(exit(true))
}

/// The context of the macro flags: the file (if any), then `--system`, `--var` and
/// `--macro` values on top. A context file that is not of the Context shape is a usage
/// problem (exit 2), shown as excerpts of that file.
fn load_context(args: &ContextArgs, color: ColorChoice) -> Result<Context, Failure> {
    let mut context = match &args.context {
        None => Context::default(),
        Some(file) => {
            let input = read_text(file)?;
            if let Some(d) = &input.too_big {
                return Err(Failure(
                    render_text(
                        "",
                        &input.name,
                        std::slice::from_ref(d),
                        crate::io::stderr_style(color),
                    )
                    .trim_end()
                    .to_owned(),
                ));
            }
            Context::from_text(&input.text, &Limits::default()).map_err(|diags| {
                let diags: Vec<Diagnostic> = diags
                    .into_iter()
                    .map(|mut d| {
                        if d.code != Code::TemplateContext {
                            d.message = format!("context file: {}", d.message);
                        }
                        d
                    })
                    .collect();
                Failure(
                    render_text(
                        &input.text,
                        &input.name,
                        &diags,
                        crate::io::stderr_style(color),
                    )
                    .trim_end()
                    .to_owned(),
                )
            })?
        }
    };
    for (k, v) in &args.system {
        context
            .set_system(k, v.clone())
            .map_err(|e| Failure::usage(format!("--system {k}: {e}")))?;
    }
    for (k, v) in &args.var {
        context
            .variables
            .values
            .insert(k.clone(), Value::String(v.clone()));
    }
    for (k, v) in &args.macros {
        context
            .macros
            .project
            .insert(k.clone(), Value::String(v.clone()));
    }
    Ok(context)
}

/// Run `f` over `items`, on several threads when there are many; results keep their order.
fn map_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len());
    if items.len() < 4 || threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// The reader of the files a Terraform input names: paths relative to the folder of
/// `tf`, read within the input size limit.
fn sibling_reader(tf: &str) -> impl Fn(&str) -> Result<String, String> + '_ {
    let base = match std::path::Path::new(tf).parent() {
        Some(dir) if tf != "-" => dir.to_path_buf(),
        _ => std::path::PathBuf::new(),
    };
    folder_reader(base)
}

/// The `.tf` files of the folder `dir` (a Terraform module; not its subfolders), sorted
/// by name, each read within the input size limit.
fn module_inputs(dir: &str) -> Result<Vec<Input>, Failure> {
    let mut inputs = Vec::new();
    for name in folder_file_names(dir)? {
        if name.ends_with(".tf") {
            let path = std::path::Path::new(dir).join(&name).display().to_string();
            let input = read_text(&path)?;
            if let Some(d) = &input.too_big {
                return Err(Failure::io(d.code, format!("`{path}`: {}", d.message)));
            }
            inputs.push(input);
        }
    }
    if inputs.is_empty() {
        return Err(Failure::usage(format!("`{dir}` holds no `.tf` file")));
    }
    Ok(inputs)
}

/// The reader of the files a Terraform input names: paths relative to `base`, read
/// within the input size limit.
fn folder_reader(base: std::path::PathBuf) -> impl Fn(&str) -> Result<String, String> {
    move |name: &str| {
        let path = base.join(name);
        let shown = path.display().to_string();
        match read_text(&shown) {
            Ok(i) if i.too_big.is_some() => Err(format!(
                "larger than the limit of {} bytes",
                Limits::default().max_input_bytes
            )),
            Ok(i) => Ok(i.text),
            Err(e) => Err(e
                .0
                .split_once("]: ")
                .map_or(e.0.clone(), |(_, m)| m.to_owned())),
        }
    }
}

/// The options of `validate`'s flags.
fn validate_options(args: &ValidateArgs, color: ColorChoice) -> Result<Options, Failure> {
    let mut options = Options::default();
    options.pack = args.pack.map(PackKind::from);
    options.default_provider = args.provider.map(Into::into);
    options.region = args.region.clone();
    options.strict = args.strict;
    if args.context.given() {
        options.context = Some(load_context(&args.context, color)?);
    }
    Ok(options)
}

/// Check one input. `None`: a file found by walking a folder that is no BYOOS file (not
/// a profile, no Terraform, no pack told and no top-level `pack` or `options` key: a
/// `package.json`, another chart's values), skipped.
fn check_one(
    entry: &Entry,
    options: &Options,
    stdin_name: Option<&str>,
    fixes: &crate::fix::Fixes,
    configs: &crate::config::Configs,
    args: &ValidateArgs,
    color: ColorChoice,
) -> Result<Option<Checked>, Failure> {
    let shown = match (entry.path.as_str(), stdin_name) {
        ("-", Some(n)) => n,
        ("-", None) => STDIN_NAME,
        (p, _) => p,
    };
    if let Some(e) = &entry.error {
        let d = whole_file(Code::IoRead, format!("cannot read `{shown}`: {e}"));
        return Ok(Some(Checked::unread(shown.to_owned(), options.pack, d)));
    }
    let input = match read_input(&entry.path, stdin_name, Limits::default().max_input_bytes) {
        Ok(input) => input,
        Err(d) => return Ok(Some(Checked::unread(shown.to_owned(), options.pack, d))),
    };
    if let Some(d) = input.too_big {
        return Ok(Some(Checked::unread(input.name, options.pack, d)));
    }
    if !entry.named && configs.excluded(&entry.path)? {
        return Ok(None);
    }
    let settings = configs.settings_for(&entry.path)?;
    let mut o = config_options(options, settings, args, color)?;
    o.file_name = Some(input.name.clone());
    let base = if entry.path == "-" {
        stdin_name.unwrap_or("-")
    } else {
        shown
    };
    let reader = sibling_reader(base);
    let mut report = byoos_core::validate_with(&input.text, &o, &reader);
    let values = report.input == byoos_core::InputKind::Values;
    if !entry.named && values && report.pack.is_none() && !names_pack_keys(&input.text) {
        return Ok(None);
    }
    // Only a BYOOS file is fixed; the report is then of the fixed text.
    let mut input = input;
    if fixes.is_on() {
        let old = input.text.clone();
        input = fixes.apply(&entry.path, input, &o)?;
        if input.text != old {
            report = byoos_core::validate_with(&input.text, &o, &reader);
        }
    }
    let packs = report
        .packs
        .iter()
        .map(|p| (p.clone(), report.source_of(p, &input.text).to_owned()))
        .collect();
    Ok(Some(Checked {
        name: input.name,
        text: input.text,
        ok: report.ok,
        input: Some(report.input),
        pack: report.pack,
        diagnostics: report.diagnostics,
        packs,
    }))
}

/// Whether `text` has a top-level `pack` or `options` key (a line starting with it, in
/// YAML or JSON): values of a BYOOS pack whose kind could not be told, rather than some
/// other file a folder holds.
fn names_pack_keys(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.strip_prefix('{').unwrap_or(l);
        [
            "pack",
            "options",
            "\"pack\"",
            "\"options\"",
            "'pack'",
            "'options'",
        ]
        .iter()
        .any(|k| {
            l.strip_prefix(k)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
    }) || text.contains("\"pack\":") && text.trim_start().starts_with('{')
}

/// The exit code of a `validate` run: 1 for an error, or for warnings under
/// `--deny-warnings` or beyond `--max-warnings` (said on stderr).
fn validate_exit(args: &ValidateArgs, checked: &[Checked]) -> ExitCode {
    let counts = Counts::of(checked.iter().flat_map(Checked::all));
    let mut failed = checked.iter().any(|c| !c.ok);
    if args.deny_warnings && counts.warnings > 0 {
        failed = true;
    }
    if let Some(max) = args.max_warnings.filter(|&m| counts.warnings > m) {
        let n = counts.warnings;
        let s = if n == 1 { "" } else { "s" };
        write_stderr(&format!(
            "error: {n} warning{s}, more than --max-warnings {max}\n"
        ));
        failed = true;
    }
    exit(failed)
}

pub(crate) fn validate(args: ValidateArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    stdin_once(
        args.files
            .iter()
            .map(String::as_str)
            .chain(args.context.context.as_deref()),
    )?;
    let options = validate_options(&args, color)?;
    let entries = Walk::default()
        .inputs(&args.files)
        .map_err(Failure::usage)?;
    let stdin_name = args.stdin_filename.as_deref();
    let fixes = crate::fix::Fixes::new(crate::fix::Mode::of(args.fix, args.diff));
    let configs = crate::config::Configs::new(args.config.as_deref(), args.isolated, color)?;
    let checked: Vec<Checked> = map_parallel(&entries, |e| {
        check_one(e, &options, stdin_name, &fixes, &configs, &args, color)
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?
    .into_iter()
    .flatten()
    .collect();
    if checked.is_empty() {
        return Err(Failure::usage(format!(
            "no file to check in {}: folders are searched for {}",
            args.files.join(", "),
            crate::walk::DEFAULT_GLOBS.join(", ")
        )));
    }
    let paths: Vec<String> = entries.iter().map(|e| e.path.clone()).collect();
    if let Some(diff) = fixes.finish(&paths) {
        write_stdout(&diff)?;
        return Ok(validate_exit(&args, &checked));
    }
    let out = crate::output::render(args.format, &checked, stdout_style(color), args.statistics)
        .map_err(Failure::usage)?;
    write_stdout(&out)?;
    Ok(validate_exit(&args, &checked))
}

/// The options of one input with its configuration (a context file it names is read
/// unless the command line gives one).
fn config_options(
    options: &Options,
    settings: Option<(byoos_core::Settings, std::path::PathBuf)>,
    args: &ValidateArgs,
    color: ColorChoice,
) -> Result<Options, Failure> {
    let Some((settings, dir)) = settings else {
        return Ok(options.clone());
    };
    let context = crate::config::context_path(&settings, &dir).filter(|_| !args.context.given());
    let mut o = crate::config::options_for(options, Some(settings));
    if let Some(path) = context {
        let given = crate::ContextArgs {
            context: Some(path),
            system: args.context.system.clone(),
            var: args.context.var.clone(),
            macros: args.context.macros.clone(),
        };
        o.context = Some(load_context(&given, color)?);
    }
    Ok(o)
}

fn json_text(v: &Value) -> Result<String, Failure> {
    let mut s = serde_json::to_string_pretty(v)
        .map_err(|e| Failure::usage(format!("cannot write JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}

pub(crate) fn render(args: RenderArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    stdin_once(
        [args.file.as_str()]
            .into_iter()
            .chain(args.context.context.as_deref()),
    )?;
    let context = load_context(&args.context, color)?;
    let input = read_text(&args.file)?;
    if let Some(code) = too_big(&input, color) {
        return Ok(code);
    }
    let mut options = Options::default().with_file_name(input.name.clone());
    options.pack = args.pack.map(PackKind::from);
    options.pack_name = args.pack_name.clone();
    options.strict = args.strict;
    match byoos_core::render(&input.text, &context, &options) {
        Ok(rendered) => {
            write_stdout(&rendered.text)?;
            report_stderr(&input.text, &input.name, &rendered.diagnostics, color);
            Ok(exit(has_errors(&rendered.diagnostics)))
        }
        Err(failed) => {
            report_stderr(&input.text, &input.name, &failed.diagnostics, color);
            Ok(exit(true))
        }
    }
}

/// A pack name as a file name: characters other than letters, digits, `-`, `_` and `.`
/// become `_`; never empty, never `.` or `..`.
fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.chars().all(|c| c == '.') {
        format!("pack{}", s.replace('.', "_"))
    } else {
        s
    }
}

pub(crate) fn render_profile(
    args: RenderProfileArgs,
    color: ColorChoice,
) -> Result<ExitCode, Failure> {
    stdin_once(
        [args.profile.as_str()]
            .into_iter()
            .chain(args.context.context.as_deref()),
    )?;
    let context = load_context(&args.context, color)?;
    let mut options = Options::default();
    options.strict = args.strict;
    let results = if std::path::Path::new(&args.profile).is_dir() {
        let inputs = module_inputs(&args.profile)?;
        let pairs: Vec<(String, String)> = inputs
            .iter()
            .map(|i| (i.name.clone(), i.text.clone()))
            .collect();
        let read = folder_reader(std::path::PathBuf::from(&args.profile));
        let rendered = byoos_core::render_module(&pairs, &context, &options, &read);
        inputs
            .into_iter()
            .zip(rendered.into_iter().map(|(_, r)| r))
            .collect()
    } else {
        let input = read_text(&args.profile)?;
        if let Some(code) = too_big(&input, color) {
            return Ok(code);
        }
        options.file_name = Some(input.name.clone());
        let rendered = byoos_core::render_profile_with(
            &input.text,
            &context,
            &options,
            &sibling_reader(&args.profile),
        );
        vec![(input, rendered)]
    };
    let mut errors = false;
    let mut all = Vec::new();
    for (input, rendered) in results {
        let rendered = match rendered {
            Ok(r) => r,
            Err(failed) => {
                report_stderr(&input.text, &input.name, &failed.diagnostics, color);
                errors = true;
                continue;
            }
        };
        errors |= has_errors(&rendered.diagnostics);
        report_stderr(&input.text, &input.name, &rendered.diagnostics, color);
        for pack in &rendered.packs {
            errors |= has_errors(&pack.diagnostics);
            report_stderr(
                rendered.source_of(pack, &input.text),
                &pack_file_name(&input.name, pack.file.as_deref()),
                &pack.diagnostics,
                color,
            );
        }
        all.extend(rendered.packs);
    }
    if args.strict && errors {
        return Ok(exit(true));
    }
    match &args.out_dir {
        None => {
            let mut out = String::new();
            for (i, pack) in all.iter().enumerate() {
                if i > 0 {
                    out.push_str("---\n");
                }
                out.push_str(&format!("# pack: {}\n", pack.name));
                out.push_str(&pack.text);
                if !pack.text.is_empty() && !pack.text.ends_with('\n') {
                    out.push('\n');
                }
            }
            write_stdout(&out)?;
        }
        Some(dir) if errors => {
            // All or nothing: a pack that did not render is not written, nor are the others.
            crate::io::write_stderr(&format!(
                "nothing was written to `{}`: the profile has errors\n",
                dir.display()
            ));
        }
        Some(dir) => write_stdout(&write_out_dir(dir, &all)?)?,
    }
    Ok(exit(errors))
}

/// Write each pack to `dir/NAME.yaml`, all or nothing (packs holding a secret 0600), and
/// list the files written.
fn write_out_dir(
    dir: &std::path::Path,
    packs: &[byoos_core::RenderedPack],
) -> Result<String, Failure> {
    let existed = dir.is_dir();
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::usage(format!("cannot create `{}`: {e}", dir.display())))?;
    let mut used: Vec<String> = Vec::new();
    let mut files = Vec::with_capacity(packs.len());
    for pack in packs {
        let stem = file_stem(&pack.name);
        let mut name = format!("{stem}.yaml");
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{stem}-{n}.yaml");
            n += 1;
        }
        files.push(Planned {
            path: dir.join(&name),
            text: &pack.text,
            sensitive: pack.sensitive,
        });
        used.push(name);
    }
    if let Err(e) = write_all_or_nothing(&files) {
        if !existed {
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e);
    }
    Ok(files
        .iter()
        .map(|f| format!("{}\n", f.path.display()))
        .collect())
}

pub(crate) fn image(args: ImageArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    let mut options = ImageOptions::default();
    options.region = args.region.clone();
    let report = byoos_core::check_image(args.provider.into(), &args.reference, &options);
    let out = match args.format {
        ImageFormat::Json => json_text(
            &serde_json::to_value(&report)
                .map_err(|e| Failure::usage(format!("cannot write JSON: {e}")))?,
        )?,
        ImageFormat::Text => {
            let mut out = render_text(
                &args.reference,
                "<reference>",
                &report.diagnostics,
                stdout_style(color),
            );
            out.push_str(&format!("provider:   {}\n", report.provider));
            out.push_str(&format!("kind:       {}\n", report.kind));
            out.push_str(&format!("ok:         {}\n", report.ok));
            // Nothing from the reference reaches the terminal raw.
            let esc = byoos_core::secrets::escape_controls;
            if let Some(n) = &report.normalized {
                out.push_str(&format!("normalized: {}\n", esc(n)));
            }
            if !report.parts.is_empty() {
                out.push_str("parts:\n");
                let width = report.parts.keys().map(|k| k.len()).max().unwrap_or(0);
                for (k, v) in &report.parts {
                    out.push_str(&format!("  {k:width$}  {}\n", esc(v)));
                }
            }
            out
        }
    };
    write_stdout(&out)?;
    Ok(exit(!report.ok))
}

pub(crate) fn terraform(args: TerraformArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    let input = read_text(&args.file)?;
    if let Some(code) = too_big(&input, color) {
        return Ok(code);
    }
    let mut options = TerraformOptions::default();
    options.pack = args.pack.map(PackKind::from);
    options.version = args.version.clone();
    options.registry = args.registry.clone();
    match byoos_core::to_terraform(&input.text, &options) {
        Ok(hcl) => {
            // The values go to Palette as written: show what is wrong with them too.
            let mut vo = Options::default().with_file_name(input.name.clone());
            vo.pack = options.pack;
            let report = byoos_core::validate(&input.text, &vo);
            write_stdout(&hcl)?;
            report_stderr(&input.text, &input.name, &report.diagnostics, color);
            Ok(exit(!report.ok))
        }
        Err(diags) => {
            report_stderr(&input.text, &input.name, &diags, color);
            Ok(exit(true))
        }
    }
}

pub(crate) fn from_packer(args: FromPackerArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    let input = read_text(&args.manifest)?;
    if let Some(code) = too_big(&input, color) {
        return Ok(code);
    }
    let mut options = PackerOptions::default();
    options.region = args.region.clone();
    options.run = args.run.clone();
    options.build = args.build.clone();
    options.os_name = args.os_name.clone();
    options.os_version = args.os_version.clone();
    options.folder = args.folder.clone();
    let result = byoos_core::from_packer_manifest(&input.text, &options);
    if let Some(text) = &result.text {
        write_stdout(text)?;
    }
    report_stderr(&input.text, &input.name, &result.diagnostics, color);
    Ok(exit(!result.ok || result.text.is_none()))
}

pub(crate) fn diff(args: DiffArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    stdin_once(
        [args.old.as_str(), args.new.as_str()]
            .into_iter()
            .chain(args.context.context.as_deref()),
    )?;
    let context = load_context(&args.context, color)?;
    let dir = |p: &str| std::path::Path::new(p).is_dir();
    if dir(&args.old) && dir(&args.new) {
        return diff_folders(&args, context);
    }
    let old = read_text(&args.old)?;
    let new = read_text(&args.new)?;
    for input in [&old, &new] {
        if let Some(code) = too_big(input, color) {
            return Ok(code);
        }
    }
    let mut options = Options::default();
    options.pack = args.pack.map(PackKind::from);
    options.context = Some(context);
    let d = byoos_core::diff_with(
        &old.text,
        &new.text,
        &options,
        &sibling_reader(&args.old),
        &sibling_reader(&args.new),
    );
    report_stderr(&old.text, &old.name, &d.old_diagnostics, color);
    report_stderr(&new.text, &new.name, &d.new_diagnostics, color);
    match args.format {
        ImageFormat::Json => {
            let json = serde_json::to_value(&d)
                .map_err(|e| Failure::usage(format!("cannot write JSON: {e}")))?;
            write_stdout(&json_text(&json)?)?;
        }
        ImageFormat::Text if d.ok => write_stdout(&diff_text(&d))?,
        ImageFormat::Text => {}
    }
    let failed = args
        .fail_on
        .is_some_and(|f| d.ok && d.impact >= byoos_core::Impact::from(f));
    Ok(exit(!d.ok || failed))
}

/// `diff` of two folders of `.tf` files (Terraform modules).
fn diff_folders(args: &DiffArgs, context: Context) -> Result<ExitCode, Failure> {
    let (old, new) = (module_inputs(&args.old)?, module_inputs(&args.new)?);
    let pairs = |i: &[Input]| -> Vec<(String, String)> {
        i.iter().map(|i| (i.name.clone(), i.text.clone())).collect()
    };
    let mut options = Options::default();
    options.context = Some(context);
    let d = byoos_core::diff_modules(
        &pairs(&old),
        &pairs(&new),
        &options,
        &folder_reader(std::path::PathBuf::from(&args.old)),
        &folder_reader(std::path::PathBuf::from(&args.new)),
    );
    for (inputs, files) in [(&old, &d.old_files), (&new, &d.new_files)] {
        for f in files {
            if let Some(i) = inputs.iter().find(|i| i.name == f.file) {
                report_stderr(&i.text, &i.name, &f.diagnostics, ColorChoice::Never);
            }
        }
    }
    match args.format {
        ImageFormat::Json => {
            let json = serde_json::to_value(&d)
                .map_err(|e| Failure::usage(format!("cannot write JSON: {e}")))?;
            write_stdout(&json_text(&json)?)?;
        }
        ImageFormat::Text if d.diff.ok => write_stdout(&diff_text(&d.diff))?,
        ImageFormat::Text => {}
    }
    let failed = args
        .fail_on
        .is_some_and(|f| d.diff.ok && d.diff.impact >= byoos_core::Impact::from(f));
    Ok(exit(!d.diff.ok || failed))
}

/// A diff as text: one entry per change (`path: old → new`, then the impact and why),
/// and the strongest impact.
fn diff_text(d: &byoos_core::Diff) -> String {
    let show = |v: &Option<Value>| match v {
        None => "(absent)".to_owned(),
        Some(v) => serde_json::to_string(v).unwrap_or_default(),
    };
    let mut out = String::new();
    for c in &d.changes {
        out.push_str(&format!(
            "{}: {} → {}\n  {}: {}\n",
            byoos_core::secrets::escape_controls(&c.path.to_string()),
            show(&c.old),
            show(&c.new),
            c.impact,
            c.reason
        ));
    }
    if d.changes.is_empty() {
        out.push_str("no change: the values read the same (comments and layout only)\n");
    }
    let n = d.changes.len();
    out.push_str(&format!(
        "impact: {} ({n} change{})\n",
        d.impact,
        if n == 1 { "" } else { "s" }
    ));
    out
}

pub(crate) fn from_image_config(
    args: FromImageConfigArgs,
    color: ColorChoice,
) -> Result<ExitCode, Failure> {
    let input = read_text(&args.config)?;
    if let Some(code) = too_big(&input, color) {
        return Ok(code);
    }
    let mut options = ImageConfigOptions::default();
    options.template = args.template.clone();
    if let Some(dir) = &args.output_dir {
        options.output_files = folder_file_names(dir)?;
    }
    let result = byoos_core::from_image_config(&input.text, &options);
    if let Some(text) = &result.text {
        write_stdout(text)?;
    }
    report_stderr(&input.text, &input.name, &result.diagnostics, color);
    Ok(exit(!result.ok || result.text.is_none()))
}

/// The names of the files in `dir` (not its subfolders), sorted.
fn folder_file_names(dir: &str) -> Result<Vec<String>, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::io(Code::IoRead, format!("cannot read the folder `{dir}`: {e}"))
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        if entry.file_type().map_err(cannot)?.is_file() {
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    Ok(names)
}

pub(crate) fn set(args: SetArgs, color: ColorChoice) -> Result<ExitCode, Failure> {
    if args.in_place && args.file == "-" {
        return Err(Failure::usage(
            "--in-place needs a file: standard input cannot be written back",
        ));
    }
    let input = read_text(&args.file)?;
    if let Some(code) = too_big(&input, color) {
        return Ok(code);
    }
    let assignments: Vec<(Path, String)> = args
        .assignments
        .iter()
        .map(|(p, v)| (Path::parse(p), v.clone()))
        .collect();
    let mut options = Options::default().with_file_name(input.name.clone());
    options.pack = args.pack.map(PackKind::from);
    options.create = args.create;
    match byoos_core::set_values(&input.text, &assignments, &options) {
        Ok(edited) => {
            if args.in_place {
                if edited.text != input.text {
                    write_atomic(
                        std::path::Path::new(&args.file),
                        &edited.text,
                        Links::Follow,
                        false,
                    )?;
                }
            } else {
                write_stdout(&edited.text)?;
            }
            report_stderr(&edited.text, &input.name, &edited.diagnostics, color);
            Ok(exit(has_errors(&edited.diagnostics)))
        }
        Err(diags) => {
            report_stderr(&input.text, &input.name, &diags, color);
            Ok(exit(true))
        }
    }
}

pub(crate) fn schema(args: &SchemaArgs) -> Result<ExitCode, Failure> {
    let mut text = byoos_core::json_schema(args.kind.into());
    if !text.ends_with('\n') {
        text.push('\n');
    }
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}
