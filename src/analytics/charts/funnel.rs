//! How deals move through the stages: the funnel of the scope's pipeline in board
//! order (bars of deals entered, moved on and won per stage), from the KPI engine's stage conversion (`Kpis::stages`): of the deals that
//! entered each open stage in the period, how many moved on to a later stage or to won
//! (stage-to-next) and how many are won now (stage-to-won).

use super::common::{self, frame, ratio, safe};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::{deals_entering, KpiInput, Kpis, StageStep};
use crate::analytics::period::Period;
use crate::domain::Kind;
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::Bar;
use charming::Chart;

/// One bar's number of a stage.
type Count = fn(&StageStep) -> usize;

pub const TITLE: &str = "How deals move through the stages";

#[derive(Clone, Debug, PartialEq)]
pub struct Funnel {
    pub period: Period,
    /// The open stages in board order (`Kpis::stages`).
    pub steps: Vec<StageStep>,
}

/// The funnel of the KPIs' period and scope.
pub fn data(kpis: &Kpis) -> Funnel {
    Funnel {
        period: kpis.period,
        steps: kpis.stages.clone(),
    }
}

fn key(s: &StageStep) -> String {
    ChartKey::Stage {
        stage: s.stage_id.clone(),
    }
    .to_string()
}

impl Funnel {
    fn subtitle(&self) -> String {
        format!(
            "Deals that entered each stage in {}, in board order",
            self.period.label()
        )
    }

    fn empty(&self) -> Option<String> {
        if self.steps.is_empty() {
            return Some("This pipeline has no open stages".into());
        }
        self.steps
            .iter()
            .all(|s| s.entered == 0)
            .then(|| format!("No deals entered a stage in {}", self.period.label()))
    }

    pub fn chart(&self) -> Chart {
        // Bars rather than ECharts' funnel: a stage can take in more deals than the one
        // before it (deals start or are moved there), and a funnel's shape would hide it.
        let labels = self
            .steps
            .iter()
            .map(|s| {
                format!(
                    "{} · {} to next · {} to won",
                    safe(&s.name),
                    ratio(&s.to_next),
                    ratio(&s.to_won)
                )
            })
            .collect();
        let mut c = frame(TITLE, &self.subtitle(), true, Trigger::Axis)
            .y_axis(
                common::category_axis(labels)
                    .inverse(true)
                    .axis_label(charming::element::AxisLabel::new().interval(0)),
            )
            .x_axis(common::count_axis());
        let parts: [(&str, Count); 3] = [
            ("Entered", |s| s.entered),
            ("Moved on", |s| s.advanced),
            ("Won now", |s| s.won),
        ];
        for (name, count) in parts {
            c = c.series(
                Bar::new().name(name).data(
                    self.steps
                        .iter()
                        .map(|s| DataPoint::from(count(s) as i64))
                        .collect(),
                ),
            );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &[
                "Stage", "Entered", "Moved on", "Won now", "To next", "To won",
            ],
            Vec::new(),
        );
        for s in &self.steps {
            t.row(
                Some(key(s)),
                vec![
                    s.name.clone(),
                    s.entered.to_string(),
                    s.advanced.to_string(),
                    s.won.to_string(),
                    ratio(&s.to_next),
                    ratio(&s.to_won),
                ],
            );
        }
        t
    }

    /// A stage's three bars all open the deals that entered it (those that moved on
    /// and those won are among them).
    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        let k: Vec<Option<String>> = self.steps.iter().map(|s| Some(key(s))).collect();
        vec![k.clone(), k.clone(), k]
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

/// The deals that entered the stage of `key` in the period.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::Stage { stage } = key else {
        return Behind::default();
    };
    let m = input.facts.matcher(input.scope, input.ws);
    Behind::of(Kind::Deal, deals_entering(input, &m, period, stage))
}
