//! Evaluation: a scalar's actions rendered through the function pipeline, under the
//! expansion, work and size budgets.

use super::schedule::{Frame, State};
use super::{
    Eval, Finding, Halt, Loc, Replacement, Replacements, Resolution, Resolver, Site, Target,
};
use crate::codes::Code;
use crate::diagnostic::{dotted, Severity};
use crate::limits::Limits;
use crate::suggest::closest;
use crate::template::functions::{self, Fault, Semver, Ty, Val};
use crate::template::lex::{Ideal, Number};
use crate::template::parse::{Action, Command, Part, Pipeline, Reference, Term, TermKind};
use std::ops::Range;

impl Resolver<'_, '_> {
    pub(super) fn evaluate(
        &mut self,
        frame: &Frame,
        chain: &[Frame],
    ) -> (Resolution, Vec<Finding>) {
        let mut problems = frame.early.clone();
        let Some(site) = self.site(frame.loc) else {
            return (
                Resolution {
                    value: String::new(),
                    replacements: Replacements::new(),
                    tainted: false,
                    failed: true,
                },
                problems,
            );
        };
        let value = &*site.value;
        let mut out = String::with_capacity(value.len());
        let mut reps = Replacements::new();
        let mut ev = EvalState {
            tainted: false,
            failed: false,
            dots: Vec::new(),
            vars: Vec::new(),
            flow: None,
            versions: false,
        };
        // A declaration that printed nothing while an action using variables stays as
        // written: the kept text would read a variable no longer declared.
        let (mut declared, mut kept_var) = (false, false);
        let mut text_start_out: Option<usize> = None; // where the last text part began in `out`
        let mut trim_next = false;
        for part in &site.parts {
            match part {
                Part::Text(r) => {
                    let mut t = &value[r.clone()];
                    if trim_next {
                        t = t.trim_start_matches([' ', '\t', '\r', '\n']);
                        trim_next = false;
                    }
                    text_start_out = Some(out.len());
                    out.push_str(t);
                }
                Part::Foreign {
                    range,
                    mentions_spectro,
                } => {
                    if *mentions_spectro {
                        problems.push(super::exec::foreign_warning(range));
                    }
                    text_start_out = None;
                    trim_next = false;
                    out.push_str(&value[range.clone()]);
                }
                Part::Palette(a) => {
                    let original = &value[a.range.clone()];
                    let result = self.action(a, frame, chain, &mut problems, &mut ev);
                    match &result {
                        Ok(Some(_)) => declared |= declares(a),
                        _ => kept_var |= crate::template::blocks::uses_vars(a),
                    }
                    match result {
                        Ok(Some(v))
                            if matches!(v, Val::List(_) | Val::Dict(_))
                                && out.len().saturating_add(v.weight())
                                    > self.budget.limits.max_value_bytes =>
                        {
                            // A map can have grown since it was made: measured before it
                            // is printed.
                            out.push_str(original);
                            ev.failed = true;
                            self.budget.output_too_large(a.range.clone(), &mut problems);
                            break;
                        }
                        Ok(Some(v)) => {
                            let text = v.into_text();
                            let range = replaced_range(&site, a, &mut out, text_start_out);
                            trim_next |= a.trim_right;
                            if out.len() + text.len() > self.budget.limits.max_value_bytes {
                                out.push_str(original);
                                ev.failed = true;
                                self.budget.output_too_large(a.range.clone(), &mut problems);
                                break;
                            }
                            let at = out.len();
                            out.push_str(&text);
                            reps.push(Replacement {
                                range,
                                text: at..out.len(),
                            });
                        }
                        Ok(None) | Err(Halt::Keep) => out.push_str(original),
                        Err(Halt::Failed) => {
                            ev.failed = true;
                            out.push_str(original);
                        }
                    }
                    text_start_out = None;
                }
            }
        }
        if declared && kept_var {
            (out, reps) = (value.to_owned(), Replacements::new());
        }
        (
            Resolution {
                value: out,
                replacements: reps,
                tainted: ev.tainted,
                failed: ev.failed,
            },
            problems,
        )
    }

    /// One Palette action's value (`None`: unknown without a context).
    pub(super) fn action(
        &mut self,
        a: &Action,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        match &a.body {
            Err(e) => {
                problems.push(e.clone());
                Err(Halt::Failed)
            }
            Ok(_) if self.budget.aborted.is_some() => Err(Halt::Keep),
            Ok(_) if a.block.is_some() => match &a.block {
                Some(b) => self.exec_block(a, b, frame, chain, problems, ev),
                None => Err(Halt::Keep),
            },
            Ok(pipe) => {
                let v = self.eval_pipeline(pipe, frame, chain, problems, ev)?;
                // A declaration prints nothing.
                Ok(v.map(|v| {
                    if pipe.decl.is_empty() {
                        v
                    } else {
                        Val::text("")
                    }
                }))
            }
        }
    }

    /// A pipeline's value; one that declares or assigns variables binds them to it.
    pub(super) fn eval_pipeline(
        &mut self,
        pipe: &Pipeline,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        let out = self.eval_commands(pipe, frame, chain, problems, ev);
        if pipe.decl.is_empty() {
            return out;
        }
        let bound = match &out {
            Ok(v) => Bound::Val(v.clone()),
            Err(Halt::Failed) => Bound::Failed,
            Err(Halt::Keep) => Bound::Kept,
        };
        for (name, at) in &pipe.decl {
            if !pipe.assign {
                ev.vars.push((name.clone(), bound.clone()));
                continue;
            }
            let slot = ev.vars.iter().rposition(|(n, _)| n == name);
            self.budget
                .charge(ev.vars.len() - slot.unwrap_or(0), problems, at)?;
            match slot {
                Some(k) => ev.vars[k].1 = bound.clone(),
                None => {
                    problems.push(undefined_variable(name, at));
                    return Err(Halt::Failed);
                }
            }
        }
        out
    }

    fn eval_commands(
        &mut self,
        pipe: &Pipeline,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        self.budget.count(problems, &pipe.range)?;
        let mut acc: Option<Option<Val>> = None;
        for cmd in &pipe.commands {
            let v = match cmd {
                Command::Term(t) => self.eval_term(t, frame, chain, problems, ev)?,
                Command::Method { terms, range } => {
                    self.method(terms, acc.take(), range, frame, chain, problems, ev)?
                }
                Command::Call {
                    name,
                    name_range,
                    args,
                    range,
                } => self.call(
                    name,
                    name_range,
                    args,
                    acc.take(),
                    range,
                    frame,
                    chain,
                    problems,
                    ev,
                )?,
            };
            acc = Some(v);
        }
        Ok(acc.unwrap_or(None))
    }

    #[allow(clippy::too_many_arguments)]
    fn call(
        &mut self,
        name: &str,
        name_range: &Range<usize>,
        args: &[Term],
        piped: Option<Option<Val>>,
        range: &Range<usize>,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        self.budget.count(problems, range)?;
        if functions::is_deploy_time(name) {
            problems.push(Finding {
                code: Code::TemplateDeployTime,
                severity: Severity::Warning,
                message: format!("`{name}` depends on the clock, randomness or the host: Palette computes it at deploy time"),
                help: Some("byoos keeps this action as written".into()),
                at: name_range.clone(),
            });
            return Err(Halt::Keep);
        }
        if functions::is_secret_function(name) {
            problems.push(secret_function(name, name_range));
            return Err(Halt::Keep);
        }
        let Some(f) = functions::lookup(name) else {
            problems.push(unknown_function(name, name_range));
            return Err(Halt::Failed);
        };
        let n = args.len() + usize::from(piped.is_some());
        if !f.accepts(n) {
            let how = if piped.is_some() {
                " (the piped value counts as the last one)"
            } else {
                ""
            };
            problems.push(Finding {
                code: Code::TemplateArity,
                severity: Severity::Error,
                message: format!(
                    "`{name}` takes {} argument(s), not {n}{how}",
                    f.arity_text()
                ),
                help: Some(format!("write `{}`: {}", f.signature, f.doc)),
                at: range.clone(),
            });
            return Err(Halt::Failed);
        }
        let mut vals: Vec<Option<Val>> = Vec::with_capacity(n);
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(n);
        // Go 1.19's `and` and `or` stop at the first argument that decides them: the
        // ones after it are not evaluated (the piped value, last, already was).
        let short_circuit = matches!(name, "and" | "or");
        for (k, a) in args.iter().enumerate() {
            let v = if let TermKind::Number(num) = &a.kind {
                // A constant takes the parameter's type when it can (`trunc 2.0`).
                number_val(num, f.param(k), &a.range, problems)?
            } else {
                self.eval_term(a, frame, chain, problems, ev)?
            };
            if short_circuit {
                if let Some(v) = &v {
                    if let Err(m) = f.check_type(vals.len(), v) {
                        problems.push(wrong_type(m, f, &a.range));
                        return Err(Halt::Failed);
                    }
                    if functions::truth(v) == (name == "or") {
                        return Ok(Some(v.clone()));
                    }
                }
            }
            vals.push(v);
            ranges.push(a.range.clone());
        }
        if let Some(p) = piped {
            vals.push(p);
            ranges.push(range.clone());
        }
        for (i, v) in vals.iter().enumerate() {
            if let Some(v) = v {
                if let Err(m) = f.check_type(i, v) {
                    problems.push(wrong_type(m, f, &ranges[i]));
                    return Err(Halt::Failed);
                }
            }
        }
        if vals.iter().any(Option::is_none) {
            return Ok(None);
        }
        let known: Vec<Val> = vals.into_iter().flatten().collect();
        if ev.versions && !functions::takes_versions(name) {
            if let Some(k) = known.iter().position(Val::holds_version) {
                problems.push(Finding::new(
                    Code::TemplateFunctionError,
                    ranges[k].clone(),
                    format!("`{name}` of a version (`semver`) or of a part of one is not evaluated offline"),
                ).help("print the version, or its parts, before passing them on: `(semver .spectro.var.v).String`"));
                return Err(Halt::Failed);
            }
        }
        if functions::deploy_time_on(name, &known) {
            problems.push(deploy_time_here(name, name_range));
            return Err(Halt::Keep);
        }
        // The result's size is known before it is built where it can outgrow the arguments.
        let made = functions::result_bytes(name, &known);
        if made.is_some_and(|n| n > self.budget.limits.max_value_bytes) {
            return Err(self.budget.too_large(name, problems, range));
        }
        let read: usize = known.iter().map(val_bytes).sum();
        let extra = functions::extra_work(name, &known);
        self.budget.charge(
            read.saturating_add(made.unwrap_or(read))
                .saturating_add(extra),
            problems,
            range,
        )?;
        match f.call(&known) {
            Ok(v)
                if v.depth_within(self.budget.limits.max_depth + 1)
                    > self.budget.limits.max_depth =>
            {
                problems.push(Finding {
                    code: Code::LimitDepth,
                    severity: Severity::Error,
                    message: format!(
                        "`{name}` made lists or maps nested deeper than {}",
                        self.budget.limits.max_depth
                    ),
                    help: Some("raise `limits.max_depth` if this input is expected".into()),
                    at: range.clone(),
                });
                self.budget.aborted.get_or_insert(Code::LimitDepth);
                Err(Halt::Failed)
            }
            Ok(v) => {
                if val_bytes(&v) > self.budget.limits.max_value_bytes {
                    return Err(self.budget.too_large(name, problems, range));
                }
                ev.versions |= matches!(v, Val::Semver(_));
                Ok(Some(v))
            }
            Err(m) => {
                let message = if ev.tainted {
                    format!("`{name}` failed on a sensitive value")
                } else {
                    format!("`{name}` failed: {m}")
                };
                problems.push(Finding {
                    code: Code::TemplateFunctionError,
                    severity: Severity::Error,
                    message,
                    help: Some(format!("`{}`: {}", f.signature, f.doc)),
                    at: range.clone(),
                });
                Err(Halt::Failed)
            }
        }
    }

    /// `$v.Compare $w`, `(x).SetPrerelease "rc.1"`, `… | $v.Compare`: the receiver read
    /// through every field but the last, then the last called with the arguments (the
    /// piped value last).
    #[allow(clippy::too_many_arguments)]
    fn method(
        &mut self,
        terms: &[Term],
        piped: Option<Option<Val>>,
        range: &Range<usize>,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        self.budget.count(problems, range)?;
        let head = &terms[0];
        let split = |fields: &[String]| {
            let (last, rest) = fields.split_last().expect("a field chain");
            (last.clone(), rest.to_vec())
        };
        let (name, receiver) = match &head.kind {
            TermKind::Var(v, fields) => {
                let (last, rest) = split(fields);
                (last, TermKind::Var(v.clone(), rest))
            }
            TermKind::Field(fields) => {
                let (last, rest) = split(fields);
                let kind = if rest.is_empty() {
                    TermKind::Dot
                } else {
                    TermKind::Field(rest)
                };
                (last, kind)
            }
            TermKind::Chain(p, fields) => {
                let (last, rest) = split(fields);
                let kind = if rest.is_empty() {
                    TermKind::Paren(p.clone())
                } else {
                    TermKind::Chain(p.clone(), rest)
                };
                (last, kind)
            }
            _ => return Err(Halt::Keep),
        };
        let receiver = Term {
            kind: receiver,
            range: head.range.clone(),
        };
        let recv = self.eval_term(&receiver, frame, chain, problems, ev)?;
        let mut args = Vec::with_capacity(terms.len());
        for a in &terms[1..] {
            args.push(self.eval_term(a, frame, chain, problems, ev)?);
        }
        if let Some(p) = piped {
            args.push(p);
        }
        let Some(recv) = recv else {
            return Ok(None);
        };
        match recv {
            Val::Semver(v) => {
                let Some(args) = args.into_iter().collect::<Option<Vec<Val>>>() else {
                    return Ok(None);
                };
                let out = call_method(&v, &name, &args, &head.range, problems)?;
                ev.versions |= matches!(out, Val::Semver(_));
                Ok(Some(out))
            }
            Val::Dict(_) => {
                problems.push(Finding::new(
                    Code::TemplateArgumentType,
                    head.range.clone(),
                    format!("{name} is not a method but has arguments"),
                ));
                Err(Halt::Failed)
            }
            other => {
                problems.push(Finding::new(
                    Code::TemplateArgumentType,
                    head.range.clone(),
                    format!("can't evaluate field {name} in type {}", other.type_name()),
                ));
                Err(Halt::Failed)
            }
        }
    }

    fn eval_term(
        &mut self,
        t: &Term,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        match &t.kind {
            TermKind::Str(s) => Ok(Some(Val::text(s.as_str()))),
            TermKind::Number(n) => number_val(n, Ty::Any, &t.range, problems),
            TermKind::Bool(b) => Ok(Some(Val::Bool(*b))),
            TermKind::Nil => Ok(Some(Val::Nil)),
            TermKind::Paren(p) => self.eval_pipeline(p, frame, chain, problems, ev),
            TermKind::Dot => ev.dots.last().cloned().map(Some).ok_or(Halt::Keep),
            TermKind::Field(fields) => {
                let dot = ev.dots.last().cloned().ok_or(Halt::Keep)?;
                read_fields(dot, fields, &t.range, problems)
            }
            TermKind::Chain(p, fields) => {
                match self.eval_pipeline(p, frame, chain, problems, ev)? {
                    Some(v) => read_fields(v, fields, &t.range, problems),
                    None => Ok(None),
                }
            }
            TermKind::Var(name, fields) => {
                let slot = ev.vars.iter().rposition(|(n, _)| n == name);
                self.budget
                    .charge(ev.vars.len() - slot.unwrap_or(0), problems, &t.range)?;
                let Some(k) = slot else {
                    if name == "$" {
                        return Err(Halt::Keep); // the whole data: not a Palette value
                    }
                    problems.push(undefined_variable(name, &t.range));
                    return Err(Halt::Failed);
                };
                match &ev.vars[k].1 {
                    Bound::Val(Some(v)) => read_fields(v.clone(), fields, &t.range, problems),
                    Bound::Val(None) => Ok(None),
                    Bound::Failed => Err(Halt::Failed),
                    Bound::Kept => Err(Halt::Keep),
                }
            }
            TermKind::Call(name) => self.call(
                name,
                &t.range,
                &[],
                None,
                &t.range,
                frame,
                chain,
                problems,
                ev,
            ),
            TermKind::Ref(r) => {
                let Some((target, found)) = frame.target(t.range.start) else {
                    return Err(Halt::Keep);
                };
                problems.extend_from_slice(found);
                match target {
                    Target::Value(v, tainted) => {
                        ev.tainted |= tainted;
                        self.budget.charge(
                            v.as_ref().map_or(0, |v| v.len()),
                            problems,
                            &t.range,
                        )?;
                        Ok(v.clone().map(Val::Str))
                    }
                    Target::Failed => Err(Halt::Failed),
                    Target::Keep => Err(Halt::Keep),
                    Target::Node(loc) => self.node_value(*loc, r, t, frame, chain, problems, ev),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn node_value(
        &mut self,
        loc: Loc,
        r: &Reference,
        t: &Term,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        if frame.too_deep.contains(&loc) {
            if self.budget.aborted.is_none() {
                self.budget.aborted = Some(Code::LimitReferenceDepth);
                problems.push(Finding {
                    code: Code::LimitReferenceDepth,
                    severity: Severity::Error,
                    message: format!(
                        "references nested deeper than {} values",
                        self.budget.limits.max_reference_depth
                    ),
                    help: Some(
                        "raise `limits.max_reference_depth` if this input is expected".into(),
                    ),
                    at: t.range.clone(),
                });
            }
            return Err(Halt::Failed);
        }
        match self.state(loc) {
            Some(State::Done(res, stored)) => {
                let (tainted, failed, len) = (res.tainted, res.failed, res.value.len());
                let value = (!failed).then(|| Val::text(res.value.as_str()));
                let stored = (!stored.is_empty()).then(|| stored.clone());
                if let Some(stored) = stored {
                    let where_ = self.describe(loc);
                    for p in stored {
                        problems.push(Finding {
                            message: format!("in {where_}: {}", p.message),
                            at: t.range.clone(),
                            ..p
                        });
                    }
                }
                ev.tainted |= tainted;
                let Some(value) = value else {
                    return Err(Halt::Failed);
                };
                self.budget.charge(len, problems, &t.range)?;
                Ok(Some(value))
            }
            Some(State::InProgress) => {
                let mut names: Vec<String> = match chain.iter().position(|f| f.loc == loc) {
                    Some(pos) if loc != frame.loc => chain[pos..]
                        .iter()
                        .map(|f| self.describe_short(f.loc))
                        .collect(),
                    _ => Vec::new(),
                };
                names.push(self.describe_short(frame.loc));
                names.push(self.describe_short(loc));
                problems.push(Finding {
                    code: Code::TemplateCycle,
                    severity: Severity::Error,
                    message: format!("`{}` refers back to itself: {}", r.text, names.join(" → ")),
                    help: Some(
                        "break the circle: one of these values must not reference the others"
                            .into(),
                    ),
                    at: t.range.clone(),
                });
                Err(Halt::Failed)
            }
            None => Err(Halt::Failed),
        }
    }

    fn describe_short(&self, loc: Loc) -> String {
        let p = &self.packs[loc.0];
        format!("{}.{}", p.name, dotted(&p.doc.path_of(loc.1)))
    }

    fn describe(&self, loc: Loc) -> String {
        let p = &self.packs[loc.0];
        format!(
            "pack `{}` value `{}`",
            p.name,
            dotted(&p.doc.path_of(loc.1))
        )
    }
}

/// The budgets of one resolution: expansions and work counted against [`Limits`], and
/// the first one exceeded.
#[derive(Debug)]
pub(super) struct Budget {
    pub(super) limits: Limits,
    expansions: usize,
    /// Work done so far, against `limits.max_work` (bytes read and made by lookups and
    /// functions).
    work: usize,
    /// The first budget exceeded; everything after it is left unresolved.
    pub(super) aborted: Option<Code>,
}

impl Budget {
    pub(super) fn new(limits: Limits) -> Self {
        Budget {
            limits,
            expansions: 0,
            work: 0,
            aborted: None,
        }
    }

    /// The work done so far.
    pub(super) fn work(&self) -> usize {
        self.work
    }

    /// Count one macro or function evaluation ([`Limits::max_expansions`]).
    pub(super) fn count(
        &mut self,
        problems: &mut Vec<Finding>,
        at: &Range<usize>,
    ) -> Result<(), Halt> {
        self.expansions += 1;
        if self.expansions > self.limits.max_expansions {
            if self.aborted.is_none() {
                self.aborted = Some(Code::LimitExpansions);
                problems.push(Finding {
                    code: Code::LimitExpansions,
                    severity: Severity::Error,
                    message: format!(
                        "more than {} macro and function evaluations",
                        self.limits.max_expansions
                    ),
                    help: Some("raise `limits.max_expansions` if this input is expected".into()),
                    at: at.clone(),
                });
            }
            return Err(Halt::Failed);
        }
        Ok(())
    }

    /// Check before a loop of `n` iterations that each can still be counted
    /// ([`Limits::max_expansions`]).
    pub(super) fn reserve(
        &mut self,
        n: usize,
        problems: &mut Vec<Finding>,
        at: &Range<usize>,
    ) -> Result<(), Halt> {
        if self.expansions.saturating_add(n) <= self.limits.max_expansions {
            return Ok(());
        }
        self.expansions = self.limits.max_expansions;
        self.count(problems, at)
    }

    /// Charge `units` of work ([`Limits::max_work`]); past the budget, one
    /// `limit/work` error and everything after it stays unresolved.
    pub(super) fn charge(
        &mut self,
        units: usize,
        problems: &mut Vec<Finding>,
        at: &Range<usize>,
    ) -> Result<(), Halt> {
        self.work = self.work.saturating_add(units);
        if self.work <= self.limits.max_work {
            return Ok(());
        }
        if self.aborted.is_none() {
            self.aborted = Some(Code::LimitWork);
            problems.push(Finding {
                code: Code::LimitWork,
                severity: Severity::Error,
                message: format!(
                    "rendering handles more than {} bytes in macros and functions",
                    self.limits.max_work
                ),
                help: Some("raise `limits.max_work` if this input is expected; many actions over a large value cost its size each time".into()),
                at: at.clone(),
            });
        }
        Err(Halt::Failed)
    }

    /// The rendered value would be larger than the value budget.
    pub(super) fn output_too_large(&mut self, at: Range<usize>, problems: &mut Vec<Finding>) {
        problems.push(Finding {
            code: Code::LimitOutputSize,
            severity: Severity::Error,
            message: format!("the rendered value is larger than {} bytes", self.limits.max_value_bytes),
            help: Some("raise `limits.max_value_bytes` if this is expected; values that reference each other several times grow exponentially".into()),
            at,
        });
        self.aborted.get_or_insert(Code::LimitOutputSize);
    }

    /// The value made by `name` would be larger than the value budget.
    pub(super) fn too_large(
        &mut self,
        name: &str,
        problems: &mut Vec<Finding>,
        at: &Range<usize>,
    ) -> Halt {
        problems.push(Finding {
            code: Code::LimitOutputSize,
            severity: Severity::Error,
            message: format!(
                "`{name}` made a value larger than {} bytes",
                self.limits.max_value_bytes
            ),
            help: None,
            at: at.clone(),
        });
        self.aborted.get_or_insert(Code::LimitOutputSize);
        Halt::Failed
    }
}

/// An argument of `f` has the wrong type.
fn wrong_type(message: String, f: &functions::Func, at: &Range<usize>) -> Finding {
    Finding {
        code: Code::TemplateArgumentType,
        severity: Severity::Error,
        message,
        help: Some(format!("write `{}`", f.signature)),
        at: at.clone(),
    }
}

/// `name` is not a function of the pipeline.
/// A function that makes a secret from secret material: never evaluated (D8).
fn secret_function(name: &str, at: &Range<usize>) -> Finding {
    Finding {
        code: Code::TemplateSecretFunction,
        severity: Severity::Warning,
        message: format!(
            "`{name}` makes a secret from secret material: byoos never evaluates it, so that the secret stays out of its output"
        ),
        help: Some(
            "Palette computes it at deploy time; byoos keeps this action as written, and shows its arguments as `***`"
                .into(),
        ),
        at: at.clone(),
    }
}

/// A date function whose arguments make it read the clock or the host's zone (D5).
fn deploy_time_here(name: &str, at: &Range<usize>) -> Finding {
    Finding {
        code: Code::TemplateDeployTime,
        severity: Severity::Warning,
        message: format!(
            "`{name}` of this date or zone depends on the clock or the host: Palette computes it at deploy time"
        ),
        help: Some(
            "byoos evaluates it for an integer date in the zone `UTC` only; it keeps this action as written"
                .into(),
        ),
        at: at.clone(),
    }
}

fn unknown_function(name: &str, at: &Range<usize>) -> Finding {
    let listed = "docs/macros.md lists the functions byoos evaluates";
    let help = match closest(name, functions::all().into_iter().map(|f| f.name)) {
        Some(c) => format!("did you mean `{c}`? {listed}"),
        None => listed.to_owned(),
    };
    Finding {
        code: Code::TemplateUnknownFunction,
        severity: Severity::Error,
        message: format!("unknown function `{name}`"),
        help: Some(help),
        at: at.clone(),
    }
}

/// The value offsets an action's rendering replaces: the action, plus the whitespace
/// `{{-` removes before it (cut from the end of `out`, where the text part before it
/// began at `text_start_out`) and `-}}` after it.
fn replaced_range(
    site: &Site<'_>,
    a: &Action,
    out: &mut String,
    text_start_out: Option<usize>,
) -> Range<usize> {
    let mut start = a.range.start;
    if a.trim_left {
        if let Some(ts) = text_start_out {
            let kept = out[ts..].trim_end_matches([' ', '\t', '\r', '\n']).len();
            let removed = out.len() - (ts + kept);
            out.truncate(ts + kept);
            start -= removed;
        }
    }
    let mut end = a.range.end;
    if a.trim_right {
        let rest = &site.value[end..];
        let next_is_text = site
            .parts
            .iter()
            .any(|p| matches!(p, Part::Text(r) if r.start == end));
        if next_is_text {
            end += rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
        }
    }
    start..end
}

/// A number constant as Go's executor passes it to a parameter of type `ty`: an int
/// parameter takes any constant whose value is an integer; otherwise the constant is
/// what its form says (`exec.go`'s `idealConstant`).
fn number_val(n: &Number, ty: Ty, range: &Range<usize>, problems: &mut Vec<Finding>) -> Eval {
    if let (Ty::Int, Some(i)) = (ty, n.int) {
        return Ok(Some(Val::Int(i)));
    }
    // A float parameter takes any constant with a float value (`evalFloat`).
    if let (Ty::Float, Some(f)) = (ty, n.float) {
        return Ok(Some(Val::Float(f)));
    }
    match n.ideal() {
        Ok(Ideal::Int(i)) => Ok(Some(Val::Int(i))),
        Ok(Ideal::Float(f)) => Ok(Some(Val::Float(f))),
        Ok(Ideal::Complex(re, im)) => Ok(Some(Val::Complex(re, im))),
        Err(message) => {
            problems.push(Finding::new(
                Code::TemplateArgumentType,
                range.clone(),
                message,
            ));
            Err(Halt::Failed)
        }
    }
}

pub(super) struct EvalState {
    tainted: bool,
    failed: bool,
    /// The dots of the Palette `with` and `range` blocks being run, innermost last.
    pub(super) dots: Vec<Val>,
    /// The variables in scope, innermost last.
    pub(super) vars: Vec<(String, Bound)>,
    /// A `{{ break }}` or `{{ continue }}` on its way to its `range`.
    pub(super) flow: Option<crate::template::blocks::BlockKind>,
    /// A version (`semver`) was made here: arguments are checked for one.
    pub(super) versions: bool,
}

/// What a variable holds.
#[derive(Clone, Debug)]
pub(super) enum Bound {
    /// Its value (`None`: unknown without a context).
    Val(Option<Val>),
    /// Its pipeline failed (reported there).
    Failed,
    /// Its pipeline is kept as written.
    Kept,
}

/// Whether an action (not a block) declares or assigns a variable.
fn declares(a: &Action) -> bool {
    a.block.is_none() && a.body.as_ref().is_ok_and(|p| !p.decl.is_empty())
}

fn undefined_variable(name: &str, at: &Range<usize>) -> Finding {
    Finding::new(
        Code::TemplateSyntax,
        at.clone(),
        format!("undefined variable `{name}` where it runs"),
    )
    .help("Go's executor refuses a variable declared in another branch")
}

/// Go's field chain `.a.b` on a value: a map's entry (a missing one is no value, and so
/// are its fields); any other value has no fields.
fn read_fields(v: Val, fields: &[String], at: &Range<usize>, problems: &mut Vec<Finding>) -> Eval {
    let mut v = Some(v);
    for f in fields {
        v = match v {
            None => None,
            Some(Val::Dict(d)) => d.map.borrow().get(f).cloned(),
            Some(Val::Semver(sv)) => Some(call_method(&sv, f, &[], at, problems)?),
            Some(other) => {
                problems.push(Finding::new(
                    Code::TemplateArgumentType,
                    at.clone(),
                    format!("can't evaluate field `{f}` in type {}", other.type_name()),
                ));
                return Err(Halt::Failed);
            }
        };
    }
    Ok(Some(v.unwrap_or(Val::Nil)))
}

/// A version's method `name` called with `args`, its failure reported as Go's executor
/// words it.
fn call_method(
    v: &Semver,
    name: &str,
    args: &[Val],
    at: &Range<usize>,
    problems: &mut Vec<Finding>,
) -> Result<Val, Halt> {
    v.method(name, args).map_err(|fault| {
        let (code, message) = match fault {
            Fault::Type(m) => (Code::TemplateArgumentType, m),
            Fault::Call(m) => (Code::TemplateFunctionError, m),
        };
        problems.push(Finding::new(code, at.clone(), message));
        Halt::Failed
    })
}

/// Bytes of a value's text (a string's own length, without copying it; a list or map:
/// an upper bound of its printed size).
fn val_bytes(v: &Val) -> usize {
    match v {
        Val::Nil => 0,
        other => other.weight(),
    }
}
