//! Execution of Go's `if`, `with` and `range` blocks over Palette pipelines (built by
//! [`crate::template::blocks`]): for `if`/`with`, the first branch whose condition Go's
//! `IsTrue` holds renders its body, else the `{{ else }}` body, else nothing; `range`
//! renders its body once per element (a list in order, a map in key order) with the
//! element as the dot, or its `{{ else }}` body when there is none, and stops at a
//! `{{ break }}`. Variables declared inside a block end with it. Every block, every
//! iteration and every action in a body charges the budget before it runs.

use super::eval::{Bound, EvalState};
use super::schedule::Frame;
use super::{Eval, Finding, Halt, Resolver, FOREIGN_HELP, FOREIGN_MESSAGE};
use crate::codes::Code;
use crate::diagnostic::Severity;
use crate::template::blocks::{Block, BlockKind};
use crate::template::functions::{self, Val};
use crate::template::parse::{Action, Part};
use std::ops::Range;

impl Resolver<'_, '_> {
    /// A block's rendered text (`None`: unknown without a context).
    pub(super) fn exec_block(
        &mut self,
        a: &Action,
        b: &Block,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        self.budget.count(problems, &a.range)?;
        if matches!(b.kind, BlockKind::Break | BlockKind::Continue) {
            ev.flow = Some(b.kind);
            return Ok(Some(Val::text("")));
        }
        // Go pops the variables declared in a block at its end.
        let mark = ev.vars.len();
        let out = if b.kind == BlockKind::Range {
            let out = self.exec_range(a, b, frame, chain, problems, ev);
            ev.flow = None;
            out
        } else {
            self.exec_if(a, b, frame, chain, problems, ev)
        };
        ev.vars.truncate(mark);
        out
    }

    fn exec_if(
        &mut self,
        a: &Action,
        b: &Block,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        for (cond, body) in &b.branches {
            let Some(v) = self.eval_pipeline(cond, frame, chain, problems, ev)? else {
                return Ok(None);
            };
            // Go's `IsTrue` (the seam a list or map value's own truth joins).
            if !functions::truth(&v) {
                continue;
            }
            let with = b.kind == BlockKind::With;
            if with {
                ev.dots.push(v);
            }
            let out = self.exec_body(body, &a.range, frame, chain, problems, ev);
            if with {
                ev.dots.pop();
            }
            return out;
        }
        match &b.otherwise {
            Some(body) => self.exec_body(body, &a.range, frame, chain, problems, ev),
            None => Ok(Some(Val::text(""))),
        }
    }

    /// `range`: the body once per element; the count of elements is charged before the
    /// first runs.
    fn exec_range(
        &mut self,
        a: &Action,
        b: &Block,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        let Some((cond, body)) = b.branches.first() else {
            return Ok(Some(Val::text("")));
        };
        let Some(v) = self.eval_pipeline(cond, frame, chain, problems, ev)? else {
            return Ok(None);
        };
        let Some(items) = v.range_items() else {
            problems.push(
                Finding::new(
                    Code::TemplateArgumentType,
                    cond.range.clone(),
                    format!("`range` cannot iterate over a {}", v.type_name()),
                )
                .help("Go's `range` takes a list or a map: `range splitList \",\" …`"),
            );
            return Err(Halt::Failed);
        };
        self.budget.reserve(items.len(), problems, &a.range)?;
        // The pipeline pushed its variables: the last is the element, the one before it
        // the index or key.
        let top = ev.vars.len();
        let n = cond.decl.len().min(top);
        let mut out = String::new();
        let empty = items.is_empty();
        for (key, elem) in items {
            self.budget.count(problems, &a.range)?;
            if n >= 1 {
                ev.vars[top - 1].1 = Bound::Val(Some(elem.clone()));
            }
            if n == 2 {
                ev.vars[top - 2].1 = Bound::Val(Some(key));
            }
            ev.dots.push(elem);
            let r = self.exec_body(body, &a.range, frame, chain, problems, ev);
            ev.dots.pop();
            ev.vars.truncate(top);
            let Some(text) = r? else { return Ok(None) };
            out.push_str(&text.into_text());
            if out.len() > self.budget.limits.max_value_bytes {
                self.budget.output_too_large(a.range.clone(), problems);
                return Err(Halt::Failed);
            }
            if ev.flow.take() == Some(BlockKind::Break) {
                break;
            }
        }
        match &b.otherwise {
            Some(other) if empty => self.exec_body(other, &a.range, frame, chain, problems, ev),
            _ => Ok(Some(Val::text(out))),
        }
    }

    /// One body's text: its text as written (trimmed where Go trims), its Palette actions
    /// and blocks evaluated, any other action kept byte for byte.
    fn exec_body(
        &mut self,
        body: &[Part],
        block: &Range<usize>,
        frame: &Frame,
        chain: &[Frame],
        problems: &mut Vec<Finding>,
        ev: &mut EvalState,
    ) -> Eval {
        let Some(site) = self.site(frame.loc) else {
            return Err(Halt::Keep);
        };
        let value = &*site.value;
        let mut out = String::new();
        for part in body {
            match part {
                Part::Text(r) => out.push_str(&value[r.clone()]),
                Part::Foreign {
                    range,
                    mentions_spectro,
                } => {
                    if *mentions_spectro {
                        problems.push(foreign_warning(range));
                    }
                    out.push_str(&value[range.clone()]);
                }
                Part::Palette(a) => match self.action(a, frame, chain, problems, ev)? {
                    Some(v) => out.push_str(&v.into_text()),
                    None => return Ok(None),
                },
            }
            if out.len() > self.budget.limits.max_value_bytes {
                self.budget.output_too_large(block.clone(), problems);
                return Err(Halt::Failed);
            }
            if ev.flow.is_some() {
                break; // `{{ break }}` or `{{ continue }}`: the rest of the body is skipped
            }
        }
        Ok(Some(Val::text(out)))
    }
}

/// The warning on an action that refers to `.spectro` but is kept as written.
pub(super) fn foreign_warning(range: &Range<usize>) -> Finding {
    Finding {
        code: Code::TemplateUnsupported,
        severity: Severity::Warning,
        message: FOREIGN_MESSAGE.into(),
        help: Some(FOREIGN_HELP.into()),
        at: range.clone(),
    }
}
