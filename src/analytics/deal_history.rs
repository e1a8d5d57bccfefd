//! A deal's history for its page: every stage it entered and every logged change of
//! its amount, currency, close date, forecast category, owner, pipeline and status, in
//! words, newest first.

use crate::domain::deal_log::FieldChange;
use crate::domain::money::format_minor;
use crate::domain::time::{format_date, local_day};
use crate::domain::{Date, Deal, Id, Timestamp, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub at: Timestamp,
    pub day: Date,
    /// "Stage", "Amount", "Expected close"…
    pub field: &'static str,
    /// "Discovery → Proposal", "$5,000.00 → $6,500.00 (up)", "Mar 31 → Apr 30, 2026 (pushed out)".
    pub change: String,
}

fn date_text(d: Option<Date>) -> String {
    d.map_or_else(|| "none".into(), format_date)
}

pub fn deal_history(ws: &Workspace, d: &Deal) -> Vec<HistoryEntry> {
    let stage_name = |id: &Id| {
        ws.pipelines
            .values()
            .find_map(|p| p.stage(id))
            .map_or_else(|| "a removed stage".to_string(), |s| s.name.clone())
    };
    let rep = |id: &Option<Id>| match id {
        None => "nobody".to_string(),
        Some(id) => ws.rep_name(Some(id)).unwrap_or("a removed rep").to_string(),
    };
    let mut out = Vec::new();
    let mut prev: Option<&Id> = None;
    for h in &d.stage_history {
        let change = match prev {
            None => format!("Created in {}", stage_name(&h.stage_id)),
            Some(p) => format!("{} → {}", stage_name(p), stage_name(&h.stage_id)),
        };
        out.push(HistoryEntry {
            at: h.at,
            day: local_day(h.at),
            field: "Stage",
            change,
        });
        prev = Some(&h.stage_id);
    }
    // The currency of amounts at each change: today's, taken back through the log.
    let mut currency = d.currency.clone();
    let mut entries: Vec<HistoryEntry> = Vec::new();
    for c in d.change_log.iter().rev() {
        let change = match &c.field {
            FieldChange::Amount(a, b) => {
                let text = |v: &Option<i64>| {
                    v.map_or_else(|| "no amount".into(), |m| format_minor(m, &currency))
                };
                let trend = match (a, b) {
                    (Some(x), Some(y)) if y > x => " (up)",
                    (Some(x), Some(y)) if y < x => " (down)",
                    _ => "",
                };
                format!("{} → {}{trend}", text(a), text(b))
            }
            FieldChange::Currency(a, b) => {
                currency = a.clone();
                format!("{a} → {b}")
            }
            FieldChange::ExpectedClose(a, b) => {
                let trend = match (a, b) {
                    (Some(x), Some(y)) if y > x => " (pushed out)",
                    (Some(x), Some(y)) if y < x => " (pulled in)",
                    _ => "",
                };
                format!("{} → {}{trend}", date_text(*a), date_text(*b))
            }
            FieldChange::ForecastCategory(a, b) => {
                let text = |v: &Option<crate::domain::ForecastCategory>| {
                    v.map_or("the stage's", |c| c.label()).to_string()
                };
                format!("{} → {}", text(a), text(b))
            }
            FieldChange::Owner(a, b) => format!("{} → {}", rep(a), rep(b)),
            FieldChange::Pipeline(a, b) => {
                let name = |id: &Id| {
                    ws.pipelines
                        .get(id)
                        .map_or_else(|| "a removed pipeline".to_string(), |p| p.name.clone())
                };
                format!("{} → {}", name(a), name(b))
            }
            FieldChange::Status(a, b) => format!("{} → {}", a.label(), b.label()),
            FieldChange::ClosedOn(a, b) => format!("{} → {}", date_text(*a), date_text(*b)),
        };
        entries.push(HistoryEntry {
            at: c.at,
            day: local_day(c.at),
            field: c.field.label(),
            change,
        });
    }
    out.extend(entries);
    // Newest first; at the same moment, stage moves before the field changes they
    // brought (the order they are listed in the log).
    out.sort_by_key(|e| std::cmp::Reverse(e.at));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal_log::{log_edits, DealChange};
    use crate::domain::workspace::tests::{deal, now, seeded};
    use crate::domain::{Change, Currency, Record, StageChange};
    use chrono::Duration;

    #[test]
    fn stage_moves_and_field_changes_read_as_words_newest_first() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut d = deal(&ws, ids.next_id(), None);
        d.stage_history = vec![StageChange {
            stage_id: p.stages[0].id.clone(),
            at: now(),
        }];
        d.expected_close = Some(now().date_naive());
        ws.put(d.clone().into());
        let mut e = d.clone();
        e.amount = Some(20_000);
        e.expected_close = Some(now().date_naive() + chrono::Days::new(30));
        e.stage_id = p.stages[2].id.clone();
        e.stage_history.push(StageChange {
            stage_id: p.stages[2].id.clone(),
            at: now() + Duration::hours(1),
        });
        e.updated_at = now() + Duration::hours(1);
        let mut changes = vec![Change::Put(Record::Deal(e))];
        log_edits(&ws, &mut changes);
        ws.apply(changes);
        let mut e = ws.deals.get(&d.id).unwrap().clone();
        e.currency = Currency::new("EUR").unwrap();
        e.change_log.push(DealChange {
            at: now() + Duration::hours(2),
            field: FieldChange::Currency(Currency::usd(), Currency::new("EUR").unwrap()),
        });
        ws.put(e.into());
        let h = deal_history(&ws, ws.deals.get(&d.id).unwrap());
        let lines: Vec<String> = h
            .iter()
            .map(|e| format!("{}: {}", e.field, e.change))
            .collect();
        assert_eq!(lines[0], "Currency: USD → EUR");
        assert!(
            lines.contains(&"Amount: $100.00 → $200.00 (up)".to_string()),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Expected close:") && l.ends_with("(pushed out)")),
            "{lines:?}"
        );
        assert!(lines.contains(&format!(
            "Stage: {} → {}",
            p.stages[0].name, p.stages[2].name
        )));
        assert_eq!(
            lines.last().unwrap(),
            &format!("Stage: Created in {}", p.stages[0].name)
        );
    }
}
