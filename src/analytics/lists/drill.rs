//! The records behind a chart's bar or slice (`charts::behind`), as the rows of the
//! drill-down list: deals, leads or activities, each with a link and the cells shown
//! (and exported to CSV).

use crate::analytics::charts::Behind;
use crate::domain::forms::date_label;
use crate::domain::time::local_day;
use crate::domain::{Id, Kind, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrillRow {
    pub id: Id,
    /// The record's page: "/deals/…".
    pub link: String,
    /// One per header; the first is the record's name.
    pub cells: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drill {
    /// "deals", "leads", "activities".
    pub what: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<DrillRow>,
}

pub fn drill(ws: &Workspace, behind: &Behind) -> Drill {
    let rep = |id: Option<&Id>| ws.rep_name(id).unwrap_or("—").to_string();
    match behind.kind {
        Some(Kind::Deal) => Drill {
            what: "deals",
            headers: vec!["Deal", "Account", "Stage", "Amount", "Close date", "Owner"],
            rows: behind
                .ids
                .iter()
                .filter_map(|id| ws.deals.get(id))
                .map(|d| DrillRow {
                    id: d.id.clone(),
                    link: format!("/deals/{}", d.id),
                    cells: vec![
                        d.name.clone(),
                        ws.account_name(d.account_id.as_ref())
                            .unwrap_or("—")
                            .to_string(),
                        ws.stage_of(d)
                            .map_or_else(|| "?".to_string(), |s| s.name.clone()),
                        d.amount_text(),
                        date_label(d.closed_on.or(d.expected_close)),
                        rep(d.owner_id.as_ref()),
                    ],
                })
                .collect(),
        },
        Some(Kind::Lead) => Drill {
            what: "leads",
            headers: vec!["Lead", "Company", "Source", "Status", "Created", "Owner"],
            rows: behind
                .ids
                .iter()
                .filter_map(|id| ws.leads.get(id))
                .map(|l| DrillRow {
                    id: l.id.clone(),
                    link: format!("/leads/{}", l.id),
                    cells: vec![
                        l.name.clone(),
                        l.company.clone().unwrap_or_default(),
                        l.source.clone().unwrap_or_default(),
                        l.status.label().to_string(),
                        date_label(Some(local_day(l.created_at))),
                        rep(l.owner_id.as_ref()),
                    ],
                })
                .collect(),
        },
        Some(Kind::Activity) => Drill {
            what: "activities",
            headers: vec!["Activity", "Kind", "Completed", "Owner", "Deal"],
            rows: behind
                .ids
                .iter()
                .filter_map(|id| ws.activities.get(id))
                .map(|a| DrillRow {
                    id: a.id.clone(),
                    link: a
                        .deal_id
                        .as_ref()
                        .map_or_else(|| "/activities".to_string(), |d| format!("/deals/{d}")),
                    cells: vec![
                        a.subject.clone(),
                        a.kind.label().to_string(),
                        date_label(a.done_at.map(local_day)),
                        rep(a.owner_id.as_ref()),
                        a.deal_id
                            .as_ref()
                            .and_then(|d| ws.deals.get(d))
                            .map_or_else(String::new, |d| d.name.clone()),
                    ],
                })
                .collect(),
        },
        _ => Drill::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::charts::behind;
    use crate::analytics::kpi::fixture::{d, known, today};
    use crate::analytics::kpi::{KpiFacts, KpiInput};
    use crate::analytics::period::Period;
    use crate::analytics::scope::Scope;
    use crate::domain::Rates;

    #[test]
    fn a_months_bar_opens_exactly_the_deals_won_in_it() {
        let kn = known();
        let ws = &kn.fx.ws;
        let facts = KpiFacts::build(ws);
        let rates = Rates::of(ws);
        let scope = Scope::everyone();
        let input = KpiInput {
            ws,
            facts: &facts,
            scope: &scope,
            today: today(),
            rates: &rates,
        };
        let q4 = Period::quarter_of(d(2026, 11, 1), 1);
        let b = behind(&input, &q4, "month:2026-10-01");
        let dr = drill(ws, &b);
        assert_eq!(dr.what, "deals");
        let mut names: Vec<&str> = dr.rows.iter().map(|r| r.cells[0].as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["Always: annual plan", "New Co: first order"]);
        assert!(dr
            .rows
            .iter()
            .all(|r| r.link.starts_with("/deals/") && r.cells.len() == dr.headers.len()));
        assert_eq!(drill(ws, &Behind::default()), Drill::default());
    }
}
