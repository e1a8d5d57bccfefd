//! A record's timeline, newest first: activities and notes, deals opened, stage
//! changes and closes.

use crate::domain::entities::ActivityKind;
use crate::domain::{Id, Timestamp, Workspace};

#[derive(Clone, Debug, PartialEq)]
pub struct TimelineItem {
    pub at: Timestamp,
    /// "Call", "Note", "Deal", "Stage"…
    pub label: String,
    pub text: String,
    /// App path of the record it is about.
    pub link: String,
}

/// Everything that happened at an account: its activities (and its deals' and
/// contacts'), its deals being opened, and every stage change of those deals.
pub fn account_timeline(ws: &Workspace, account_id: &Id) -> Vec<TimelineItem> {
    let deals: Vec<&crate::domain::Deal> = ws
        .deals
        .values()
        .filter(|d| d.account_id.as_ref() == Some(account_id))
        .collect();
    let deal_ids: std::collections::HashSet<&Id> = deals.iter().map(|d| &d.id).collect();
    let contact_ids: std::collections::HashSet<&Id> = ws
        .contacts
        .values()
        .filter(|c| &c.account_id == account_id)
        .map(|c| &c.id)
        .collect();
    let mut items: Vec<TimelineItem> = ws
        .activities
        .values()
        .filter(|a| {
            a.account_id.as_ref() == Some(account_id)
                || a.deal_id.as_ref().is_some_and(|d| deal_ids.contains(d))
                || a.contact_id
                    .as_ref()
                    .is_some_and(|c| contact_ids.contains(c))
        })
        .map(|a| TimelineItem {
            at: a.done_at.unwrap_or(a.created_at),
            label: match a.kind {
                ActivityKind::Note => "Note".into(),
                k => k.label().to_string(),
            },
            text: match (&a.outcome, &a.notes) {
                (Some(o), _) => format!("{} — {o}", a.subject),
                (None, Some(n)) if a.kind == ActivityKind::Note => format!("{} — {n}", a.subject),
                _ => a.subject.clone(),
            },
            link: a
                .deal_id
                .as_ref()
                .map(|d| format!("/deals/{d}"))
                .unwrap_or_else(|| format!("/accounts/{account_id}")),
        })
        .collect();
    for d in deals {
        let link = format!("/deals/{}", d.id);
        items.push(TimelineItem {
            at: d.created_at,
            label: "Deal".into(),
            text: format!("{} opened ({})", d.name, d.amount_text()),
            link: link.clone(),
        });
        let pipeline = ws.pipelines.get(&d.pipeline_id);
        // The first history entry is where the deal started, not a change.
        for change in d.stage_history.iter().skip(1) {
            let stage = pipeline
                .and_then(|p| p.stage(&change.stage_id))
                .map(|s| s.name.clone())
                .unwrap_or_else(|| "a removed stage".into());
            items.push(TimelineItem {
                at: change.at,
                label: "Stage".into(),
                text: format!("{} moved to {stage}", d.name),
                link: link.clone(),
            });
        }
    }
    items.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.text.cmp(&b.text)));
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entities::{Activity, StageChange};
    use crate::domain::workspace::tests::{account, deal, now, seeded};
    use chrono::Duration;

    #[test]
    fn merges_activities_deals_and_stage_changes_newest_first() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        let mut d = deal(&ws, ids.next_id(), Some(acme.clone()));
        d.name = "Rockets".into();
        d.created_at = now() - Duration::days(10);
        d.stage_history = vec![
            StageChange {
                stage_id: p.stages[0].id.clone(),
                at: now() - Duration::days(10),
            },
            StageChange {
                stage_id: p.stages[3].id.clone(),
                at: now() - Duration::days(2),
            },
        ];
        ws.put(d.clone().into());
        ws.put(
            Activity {
                id: ids.next_id(),
                kind: ActivityKind::Note,
                subject: "Pricing".into(),
                notes: Some("Wants a discount".into()),
                due: None,
                done: false,
                done_at: None,
                outcome: None,
                owner_id: None,
                deal_id: Some(d.id.clone()),
                account_id: None,
                contact_id: None,
                lead_id: None,
                created_at: now() - Duration::days(1),
                updated_at: now(),
            }
            .into(),
        );
        // Another account's deal stays out.
        ws.put(deal(&ws, ids.next_id(), Some(ids.next_id())).into());
        let t = account_timeline(&ws, &acme);
        let texts: Vec<&str> = t.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Pricing — Wants a discount",
                "Rockets moved to Proposal",
                "Rockets opened ($100.00)"
            ]
        );
        assert_eq!(t[1].label, "Stage");
        assert!(t[0].link.starts_with("/deals/"));
    }
}
