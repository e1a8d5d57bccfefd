//! Creating automation's tasks: each with its cause logged, never twice per cause.

use super::log::AutomationEntry;
use crate::domain::changes::{Change, Record};
use crate::domain::entities::{Activity, ActivityKind};
use crate::domain::{Date, Id, Timestamp, Workspace};
use std::collections::HashSet;

/// A task to create, before it has an id.
#[derive(Clone, Debug, PartialEq)]
pub struct NewTask {
    pub kind: ActivityKind,
    pub subject: String,
    pub due: Date,
    pub owner_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub lead_id: Option<Id>,
    pub account_id: Option<Id>,
}

/// Collects the tasks (and their log entries) one pass of automation makes.
pub struct TaskMaker<'a> {
    ws: &'a Workspace,
    /// The causes in the log, borrowed, gathered the first time they are asked about
    /// (copying every cause on each commit cost a board move tens of milliseconds on
    /// a large workspace).
    logged: std::cell::OnceCell<rustc_hash::FxHashSet<&'a str>>,
    /// Causes of the tasks made in this pass.
    added: HashSet<String>,
    pub changes: Vec<Change>,
    new_id: Box<dyn FnMut() -> Id + 'a>,
    pub now: Timestamp,
    pub today: Date,
}

impl<'a> TaskMaker<'a> {
    pub fn new(
        ws: &'a Workspace,
        new_id: impl FnMut() -> Id + 'a,
        now: Timestamp,
        today: Date,
    ) -> Self {
        TaskMaker {
            ws,
            logged: std::cell::OnceCell::new(),
            added: HashSet::new(),
            changes: Vec::new(),
            new_id: Box::new(new_id),
            now,
            today,
        }
    }

    pub fn is_used(&self, cause: &str) -> bool {
        self.added.contains(cause)
            || self
                .logged
                .get_or_init(|| {
                    self.ws
                        .automation_log
                        .values()
                        .map(|e| e.cause.as_str())
                        .collect()
                })
                .contains(cause)
    }

    /// Creates the task unless `cause` made one already; returns whether it did.
    pub fn make(&mut self, cause: String, made_by: String, t: NewTask) -> bool {
        if self.is_used(&cause) {
            return false;
        }
        self.added.insert(cause.clone());
        let activity_id = (self.new_id)();
        let due = t.due.and_hms_opt(9, 0, 0).expect("09:00 exists");
        self.changes.push(Change::Insert(Record::Activity(Activity {
            id: activity_id.clone(),
            kind: t.kind,
            subject: t.subject,
            notes: Some(format!("Made by {made_by}.")),
            due: Some(due),
            done: false,
            done_at: None,
            outcome: None,
            owner_id: t.owner_id,
            deal_id: t.deal_id.clone(),
            account_id: t.account_id.clone(),
            contact_id: None,
            lead_id: t.lead_id.clone(),
            created_at: self.now,
            updated_at: self.now,
        })));
        self.changes
            .push(Change::Insert(Record::AutomationEntry(AutomationEntry {
                id: (self.new_id)(),
                cause,
                made_by,
                activity_id: Some(activity_id),
                deal_id: t.deal_id,
                lead_id: t.lead_id,
                account_id: t.account_id,
                undone_at: None,
                created_at: self.now,
                updated_at: self.now,
            })));
        true
    }
}

/// Undoing an entry: its task goes (if still there), the entry stays, marked undone,
/// so the same cause does not make the task again.
pub fn undo_changes(ws: &Workspace, entry_id: &Id, now: Timestamp) -> Vec<Change> {
    let Some(e) = ws.automation_log.get(entry_id) else {
        return Vec::new();
    };
    if e.undone_at.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(a) = e.activity_id.as_ref().filter(|a| ws.activities.contains(a)) {
        out.push(Change::Delete(crate::domain::Kind::Activity, a.clone()));
    }
    let mut e = e.clone();
    e.undone_at = Some(now);
    e.updated_at = now;
    out.push(Change::Put(Record::AutomationEntry(e)));
    out
}
