//! Which lead sources become deals: the leads created in the period (by creation day)
//! per source, how many of them became deals (converted into one, or named as a deal's
//! source lead: the KPIs' lead-to-opportunity rule), and the rate.

use super::common::{self, frame, percent, safe};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::KpiInput;
use crate::analytics::period::Period;
use crate::domain::Kind;
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "Which lead sources become deals";

/// How leads without a source are listed.
pub const NO_SOURCE: &str = "No source";

#[derive(Clone, Debug, PartialEq)]
pub struct SourceRow {
    /// `None`: leads without a source.
    pub source: Option<String>,
    pub leads: usize,
    pub became: usize,
}

impl SourceRow {
    pub fn label(&self) -> &str {
        self.source.as_deref().unwrap_or(NO_SOURCE)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadSources {
    pub period: Period,
    /// Most leads first.
    pub rows: Vec<SourceRow>,
    /// Why leads cannot be shown for this scope (they have no segment or pipeline).
    pub not_in_scope: Option<String>,
}

/// Every lead created in the period in scope: its row and source number.
fn leads<'a>(
    input: &'a KpiInput,
    m: &'a crate::analytics::scope::Matcher<u32>,
    period: &'a Period,
) -> impl Iterator<Item = (usize, &'a crate::analytics::kpi::facts::LeadFact)> + 'a {
    input
        .facts
        .leads
        .iter()
        .enumerate()
        .filter(move |(_, l)| m.leads_apply() && period.contains(l.created) && m.holds(&l.place))
}

pub fn data(input: &KpiInput, period: Period) -> LeadSources {
    let f = input.facts;
    let m = f.matcher(input.scope, input.ws);
    if !m.leads_apply() {
        return LeadSources {
            period,
            rows: Vec::new(),
            not_in_scope: Some(
                "Leads have no segment or pipeline: clear those filters to see lead sources".into(),
            ),
        };
    }
    // Per source number, and one more for leads without a source.
    let none = f.lead_sources.len();
    let mut per: Vec<(usize, usize)> = vec![(0, 0); none + 1];
    for (_, l) in leads(input, &m, &period) {
        let e = &mut per[l.source.map_or(none, |s| s as usize)];
        e.0 += 1;
        e.1 += usize::from(l.became_deal);
    }
    let mut rows: Vec<SourceRow> = per
        .into_iter()
        .enumerate()
        .filter(|(_, (n, _))| *n > 0)
        .map(|(i, (leads, became))| SourceRow {
            source: (i < none).then(|| f.lead_sources.key(i as u32).clone()),
            leads,
            became,
        })
        .collect();
    rows.sort_by(|a, b| b.leads.cmp(&a.leads).then_with(|| a.label().cmp(b.label())));
    LeadSources {
        period,
        rows,
        not_in_scope: None,
    }
}

fn key(r: &SourceRow) -> String {
    ChartKey::Source {
        source: r.source.clone(),
    }
    .to_string()
}

impl LeadSources {
    fn subtitle(&self) -> String {
        format!(
            "Leads created in {}, and how many became deals",
            self.period.label()
        )
    }

    fn empty(&self) -> Option<String> {
        if let Some(why) = &self.not_in_scope {
            return Some(why.clone());
        }
        self.rows
            .is_empty()
            .then(|| format!("No leads created in {}", self.period.label()))
    }

    pub fn chart(&self) -> Chart {
        let labels = self
            .rows
            .iter()
            .map(|r| format!("{} · {}", safe(r.label()), percent(r.became, r.leads)))
            .collect();
        frame(TITLE, &self.subtitle(), true, Trigger::Axis)
            .x_axis(common::category_axis(labels))
            .y_axis(common::count_axis())
            .series(
                Bar::new().name("Became a deal").stack("leads").data(
                    self.rows
                        .iter()
                        .map(|r| DataPoint::from(r.became as i64))
                        .collect(),
                ),
            )
            .series(
                Bar::new().name("Not a deal (yet)").stack("leads").data(
                    self.rows
                        .iter()
                        .map(|r| DataPoint::from((r.leads - r.became) as i64))
                        .collect(),
                ),
            )
    }

    pub fn table(&self) -> ChartTable {
        let notes = self.not_in_scope.iter().cloned().collect();
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Source", "Leads", "Became deals", "Conversion"],
            notes,
        );
        for r in &self.rows {
            t.row(
                Some(key(r)),
                vec![
                    r.label().to_string(),
                    r.leads.to_string(),
                    r.became.to_string(),
                    percent(r.became, r.leads),
                ],
            );
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        let k: Vec<Option<String>> = self.rows.iter().map(|r| Some(key(r))).collect();
        vec![k.clone(), k]
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

/// The leads created in the period from the source of `key`.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::Source { source } = key else {
        return Behind::default();
    };
    let f = input.facts;
    let wanted = match source {
        None => None,
        Some(s) => match f.lead_sources.get(s) {
            Some(n) => Some(n),
            None => return Behind::of(Kind::Lead, Vec::new()),
        },
    };
    let m = f.matcher(input.scope, input.ws);
    let ids = leads(input, &m, period)
        .filter(|(_, l)| l.source == wanted)
        .map(|(i, _)| f.lead_ids[i].clone())
        .collect();
    Behind::of(Kind::Lead, ids)
}
