//! The automation log as the page lists it: newest first, each entry with the task it
//! made, what the task is about, and whether it can still be undone.

use crate::domain::time::local_day;
use crate::domain::{Id, Workspace};

#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub id: Id,
    pub day: crate::domain::Date,
    pub made_by: String,
    /// The task's subject ("(deleted)" once it is gone).
    pub task: String,
    /// "Deal: Globex pilot", "Lead: Ana Silva", with the page it opens.
    pub about: Option<(String, String)>,
    pub undone: bool,
    /// The task still exists and the entry was not undone.
    pub can_undo: bool,
}

/// The newest `limit` entries, and how many there are in all.
pub fn log_rows(ws: &Workspace, limit: usize) -> (Vec<LogRow>, usize) {
    let mut entries: Vec<_> = ws.automation_log.values().collect();
    let total = entries.len();
    entries.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    let rows = entries
        .into_iter()
        .take(limit)
        .map(|e| {
            let task = e.activity_id.as_ref().and_then(|a| ws.activities.get(a));
            let about = if let Some(d) = e.deal_id.as_ref().and_then(|d| ws.deals.get(d)) {
                Some((format!("Deal: {}", d.name), format!("/deals/{}", d.id)))
            } else {
                e.lead_id
                    .as_ref()
                    .and_then(|l| ws.leads.get(l))
                    .map(|l| (format!("Lead: {}", l.name), format!("/leads/{}", l.id)))
            };
            LogRow {
                id: e.id.clone(),
                day: local_day(e.created_at),
                made_by: e.made_by.clone(),
                task: task
                    .map(|t| t.subject.clone())
                    .unwrap_or_else(|| "(task deleted)".into()),
                about,
                undone: e.undone_at.is_some(),
                can_undo: e.undone_at.is_none() && task.is_some(),
            }
        })
        .collect();
    (rows, total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::automation::{after_changes, tasks::undo_changes};
    use crate::domain::workspace::tests::{deal, now, seeded};
    use crate::domain::{Change, Record};

    #[test]
    fn log_lists_newest_first_and_knows_what_can_be_undone() {
        let (mut ws, mut ids) = seeded();
        let d = deal(&ws, ids.next_id(), None);
        let changes = vec![Change::Insert(Record::Deal(d.clone()))];
        let extra = after_changes(&ws, &changes, || ids.next_id(), now(), now().date_naive());
        ws.apply(changes);
        ws.apply(extra);
        let (rows, total) = log_rows(&ws, 10);
        assert_eq!(total, 2);
        assert!(rows
            .iter()
            .all(|r| r.made_by == "Prospecting playbook" && r.can_undo));
        assert_eq!(
            rows[0].about,
            Some(("Deal: Deal".into(), format!("/deals/{}", d.id)))
        );
        let first = rows[0].id.clone();
        ws.apply(undo_changes(&ws, &first, now()));
        let (rows, _) = log_rows(&ws, 1);
        assert_eq!(rows.len(), 1);
        let undone = log_rows(&ws, 10)
            .0
            .into_iter()
            .find(|r| r.id == first)
            .unwrap();
        assert!(undone.undone && !undone.can_undo);
        assert_eq!(undone.task, "(task deleted)");
    }
}
