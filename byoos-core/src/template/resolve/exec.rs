//! Execution of Go's `if` and `with` blocks over Palette pipelines (built by
//! [`crate::template::blocks`]): the first branch whose condition Go's `IsTrue` holds
//! renders its body, else the `{{ else }}` body, else nothing. Every block and every
//! action in a body charges the work budget before it runs.

use super::eval::EvalState;
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
        let value = site.value.as_str();
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
