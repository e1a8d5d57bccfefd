//! Completed activities by rep and kind: the KPI engine's activity table
//! (`Kpis::activities`: calls, meetings, demos and e-mails counted on the day they were
//! completed), a stacked bar per rep.

use super::common::{self, frame, safe};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::{ActivityRow, ActivityTable, KpiInput, Kpis, COUNTED_KINDS};
use crate::analytics::period::Period;
use crate::domain::time::local_day;
use crate::domain::{ActivityKind, Kind};
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "Completed activities by rep and kind";

#[derive(Clone, Debug, PartialEq)]
pub struct Activities {
    pub period: Period,
    pub table: ActivityTable,
}

/// The activities of the KPIs' period and scope.
pub fn data(kpis: &Kpis) -> Activities {
    Activities {
        period: kpis.period,
        table: kpis.activities.clone(),
    }
}

/// "Calls", "E-mails".
fn plural(kind: ActivityKind) -> String {
    format!("{}s", kind.label())
}

fn key(row: &ActivityRow, kind: ActivityKind) -> String {
    ChartKey::Activities {
        rep: row.rep.clone(),
        kind,
    }
    .to_string()
}

impl Activities {
    fn subtitle(&self) -> String {
        format!("Completed in {}", self.period.label())
    }

    fn empty(&self) -> Option<String> {
        (self.table.total == 0).then(|| {
            format!(
                "No calls, meetings, demos or e-mails completed in {}",
                self.period.label()
            )
        })
    }

    pub fn chart(&self) -> Chart {
        let labels = self.table.rows.iter().map(|r| safe(&r.name)).collect();
        let mut c = frame(TITLE, &self.subtitle(), true, Trigger::Axis)
            .x_axis(
                common::category_axis(labels)
                    .axis_label(charming::element::AxisLabel::new().interval(0).rotate(30)),
            )
            .y_axis(common::count_axis());
        for (i, kind) in COUNTED_KINDS.iter().enumerate() {
            c = c.series(
                Bar::new().name(plural(*kind)).stack("done").data(
                    self.table
                        .rows
                        .iter()
                        .map(|r| DataPoint::from(r.counts[i] as i64))
                        .collect(),
                ),
            );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut headers = vec!["Rep".to_string()];
        headers.extend(COUNTED_KINDS.iter().map(|k| plural(*k)));
        headers.push("Total".into());
        let h: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut t = ChartTable::new(TITLE, &self.subtitle(), &h, Vec::new());
        for r in &self.table.rows {
            let mut cells = vec![r.name.clone()];
            cells.extend(r.counts.iter().map(|c| c.to_string()));
            cells.push(r.total.to_string());
            t.row(None, cells);
        }
        if self.table.rows.len() > 1 {
            let mut cells = vec!["All reps".to_string()];
            cells.extend(self.table.totals.iter().map(|c| c.to_string()));
            cells.push(self.table.total.to_string());
            t.row(None, cells);
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        COUNTED_KINDS
            .iter()
            .map(|k| self.table.rows.iter().map(|r| Some(key(r, *k))).collect())
            .collect()
    }

    pub fn spec(&self) -> ChartSpec {
        ChartSpec::new(
            &self.chart(),
            TITLE,
            &self.subtitle(),
            self.table(),
            self.keys(),
            self.empty(),
        )
    }
}

/// The activities of the kind and rep of `key` completed in the period (read from
/// the records, on demand: the same rule as the activity table, `scope::activity_place`).
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::Activities { rep, kind } = key else {
        return Behind::default();
    };
    let ws = input.ws;
    let in_scope = input.scope.resolve(ws);
    let ids = ws
        .activities
        .values()
        .filter(|a| {
            a.kind == *kind
                && a.done
                && a.owner_id == *rep
                && a.done_at.is_some_and(|t| period.contains(local_day(t)))
                && in_scope.activity(a)
        })
        .map(|a| a.id.clone())
        .collect();
    Behind::of(Kind::Activity, ids)
}
