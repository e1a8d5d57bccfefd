//! Undo: the changes that take a committed action back, computed from the workspace
//! as it was before the action.

use super::changes::Change;
use super::Workspace;

/// The changes that restore `before` after `changes` were applied to it.
pub fn inverse(before: &Workspace, changes: &[Change]) -> Vec<Change> {
    let mut out: Vec<Change> = changes
        .iter()
        .map(|c| match c {
            Change::Insert(r) => Change::Delete(r.kind(), r.id().clone()),
            Change::Put(r) => match before.record(r.kind(), r.id()) {
                Some(old) => Change::Put(old),
                None => Change::Delete(r.kind(), r.id().clone()),
            },
            Change::Delete(kind, id) => match before.record(*kind, id) {
                Some(old) => Change::Put(old),
                // Deleting what was not there: nothing to restore.
                None => Change::Delete(*kind, id.clone()),
            },
            Change::Settings(_) => Change::Settings(before.settings.clone()),
        })
        .collect();
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, deal, now, seeded};

    #[test]
    fn undoing_a_cascading_delete_restores_everything_exactly() {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        for _ in 0..3 {
            ws.put(deal(&ws, ids.next_id(), Some(acme.clone())).into());
        }
        let before = ws.clone();
        let changes = ws.delete_account_changes(&acme, now());
        let undo = inverse(&before, &changes);
        ws.apply(changes);
        assert_eq!(ws.deals.len(), 0);
        ws.apply(undo);
        assert_eq!(ws, before);
    }

    #[test]
    fn undoing_a_deal_delete_restores_its_change_log_and_history() {
        use crate::domain::deal_log::{DealChange, FieldChange};
        let (mut ws, mut ids) = seeded();
        let mut d = deal(&ws, ids.next_id(), None);
        d.change_log = vec![DealChange {
            at: now(),
            field: FieldChange::ExpectedClose(None, Some(now().date_naive())),
        }];
        ws.put(d.clone().into());
        let before = ws.clone();
        let changes = ws.delete_deal_changes(&d.id, now());
        let undo = inverse(&before, &changes);
        ws.apply(changes);
        assert!(ws.deals.is_empty());
        ws.apply(undo);
        assert_eq!(ws.deals.get(&d.id).unwrap().change_log, d.change_log);
    }

    #[test]
    fn undoing_inserts_puts_and_settings() {
        let (mut ws, mut ids) = seeded();
        let before = ws.clone();
        let mut s = ws.settings.clone();
        s.workspace_name = "Renamed".into();
        let changes = vec![
            Change::Insert(account(ids.next_id(), "New").into()),
            Change::Settings(s),
        ];
        let undo = inverse(&before, &changes);
        ws.apply(changes);
        assert_ne!(ws, before);
        ws.apply(undo);
        assert_eq!(ws, before);
    }
}
