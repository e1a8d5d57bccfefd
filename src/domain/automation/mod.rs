//! Automation that works the process for the seller, locally and in the open: stage
//! playbooks (tasks on entering a stage, fields required to enter), follow-up rules,
//! and the log of every task they made (with its cause, so nothing is made twice).
//!
//! Everything here is a pure function of the workspace, the changes of one action,
//! `now` and `today`: the app appends what it returns to the same transaction.

pub mod log;
pub mod playbooks;
pub mod rules;
pub mod scoring;
pub mod tasks;

use crate::domain::changes::{Change, Record};
use crate::domain::{Date, Id, Timestamp, Workspace};
use serde::{Deserialize, Serialize};

pub use log::AutomationEntry;
pub use rules::{FollowUpRule, RuleKind};
pub use tasks::TaskMaker;

/// The user's automation settings (kept in the workspace settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutomationSettings {
    #[serde(default = "rules::default_rules")]
    pub rules: Vec<FollowUpRule>,
}

impl Default for AutomationSettings {
    fn default() -> Self {
        AutomationSettings {
            rules: rules::default_rules(),
        }
    }
}

impl AutomationSettings {
    pub fn is_default(&self) -> bool {
        *self == AutomationSettings::default()
    }

    pub fn rule(&self, kind: RuleKind) -> Option<&FollowUpRule> {
        self.rules.iter().find(|r| r.kind == kind)
    }
}

/// What automation adds to one user action: playbook tasks for the deals it moves
/// into a stage, the deal rules for the deals it edits, and a full pass of the rules
/// when it changes them. `before` is the workspace the action applies to.
pub fn after_changes(
    before: &Workspace,
    changes: &[Change],
    new_id: impl FnMut() -> Id,
    now: Timestamp,
    today: Date,
) -> Vec<Change> {
    let mut maker = TaskMaker::new(before, new_id, now, today);
    playbooks::on_changes(before, changes, &mut maker);
    let new_settings = changes.iter().rev().find_map(|c| match c {
        Change::Settings(s) => Some(s),
        _ => None,
    });
    match new_settings.filter(|s| s.automation != before.settings.automation) {
        Some(s) => rules::run(before, &s.automation.rules, rules::Scope::All, &mut maker),
        None => {
            let deals: Vec<&crate::domain::Deal> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Insert(Record::Deal(d)) | Change::Put(Record::Deal(d)) => Some(d),
                    _ => None,
                })
                .collect();
            if !deals.is_empty() {
                let rules = &before.settings.automation.rules;
                rules::run(before, rules, rules::Scope::Deals(&deals), &mut maker);
            }
        }
    }
    maker.changes
}

/// A full pass of the rules, as when the app opens.
pub fn on_open(
    ws: &Workspace,
    new_id: impl FnMut() -> Id,
    now: Timestamp,
    today: Date,
) -> Vec<Change> {
    let mut maker = TaskMaker::new(ws, new_id, now, today);
    rules::run(
        ws,
        &ws.settings.automation.rules,
        rules::Scope::All,
        &mut maker,
    );
    maker.changes
}

#[cfg(test)]
mod tests;

/// The tasks automation made (by id): an open one is a reminder, not something the
/// seller did, so it does not count as activity on its deal.
pub fn automation_tasks(ws: &Workspace) -> std::collections::HashSet<&Id> {
    ws.automation_log
        .values()
        .filter_map(|e| e.activity_id.as_ref())
        .collect()
}

/// The day an activity last touched its deal (created, or completed if later), or
/// `None` for an open task automation made.
pub fn touch_day(
    a: &crate::domain::Activity,
    made: &std::collections::HashSet<&Id>,
) -> Option<Date> {
    if !a.done && made.contains(&a.id) {
        return None;
    }
    let created = crate::domain::time::local_day(a.created_at);
    Some(a.done_at.map_or(created, |done| {
        created.max(crate::domain::time::local_day(done))
    }))
}
