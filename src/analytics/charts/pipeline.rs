//! Open pipeline by stage and forecast category: the open deals expected to close in
//! the period, as they stood at its end (today for the current period, as the KPI
//! tile "Open pipeline" reads them), in the stages of the scope's pipeline (the
//! default one when the scope names none), stacked Commit, Best case and Pipeline.
//! Omitted never counts: those deals are left out of the chart and the table says
//! how many and how much. Amounts convert with the rates of that day.

use super::common::{self, deals_text, frame, money, safe, whole, Tally};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::KpiInput;
use crate::analytics::period::Period;
use crate::domain::deal_log::as_of;
use crate::domain::time::format_date;
use crate::domain::{Currency, Date, ForecastCategory, HomeSum, Id, Kind, Pipeline, StageKind};
use charming::datatype::DataPoint;
use charming::element::{ItemStyle, Trigger};
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "Open pipeline by stage and forecast category";

/// The categories that count, in stacking order (Omitted never counts).
pub const CATEGORIES: [ForecastCategory; 3] = [
    ForecastCategory::Commit,
    ForecastCategory::BestCase,
    ForecastCategory::Pipeline,
];

const COLOURS: [&str; 3] = ["#1b5e20", "#43a047", "#a5d6a7"];

#[derive(Clone, Debug, PartialEq)]
pub struct StageColumn {
    pub stage_id: Id,
    pub name: String,
    /// Per category of `CATEGORIES`.
    pub cells: [Tally; 3],
    pub omitted: Tally,
}

#[derive(Clone, Debug, PartialEq)]
pub struct OpenPipeline {
    pub period: Period,
    pub home: Currency,
    /// The day the deals are read as of.
    pub as_of: Date,
    /// The pipeline shown, if the workspace has one.
    pub pipeline: Option<String>,
    /// Its open stages in board order.
    pub stages: Vec<StageColumn>,
    /// Open deals in scope expected in the period but in another pipeline.
    pub elsewhere: usize,
}

fn pipeline_of<'a>(input: &KpiInput<'a>) -> Option<&'a Pipeline> {
    let ws = input.ws;
    input
        .scope
        .pipeline
        .as_ref()
        .and_then(|id| ws.pipelines.get(id))
        .or_else(|| ws.default_pipeline())
}

/// One open deal counted: its row, column, category (`None`: omitted), amount.
struct Visit<'a> {
    slot: usize,
    column: usize,
    category: Option<usize>,
    amount: Option<i64>,
    currency: &'a Currency,
}

/// Every open deal in scope expected in the period, as it stood on `day`, placed in a
/// column of `pipeline`; `elsewhere` counts those in other pipelines.
fn pass<'a>(
    input: &'a KpiInput,
    period: &Period,
    pipeline: &'a Pipeline,
    day: Date,
    mut visit: impl FnMut(Visit<'a>),
) -> usize {
    let f = input.facts;
    let ws = input.ws;
    let m = f.matcher(input.scope, ws);
    let current = day >= input.today;
    let open: Vec<usize> = (0..pipeline.stages.len())
        .filter(|i| pipeline.stages[*i].kind == StageKind::Open)
        .collect();
    // Stage number → column.
    let mut column = vec![None; f.stages.len()];
    for (c, i) in open.iter().enumerate() {
        if let Some(n) = f.stages.get(&pipeline.stages[*i].id) {
            column[n as usize] = Some(c);
        }
    }
    let pipeline_key = f.keys.get(&pipeline.id);
    let mut elsewhere = 0;
    for (slot, d) in f.live_deals() {
        let (place, stage, amount, currency, close) = if current {
            (d.place, d.stage, d.amount, d.currency, d.expected)
        } else {
            let Some(t) = f.deal_on(slot, day) else {
                continue;
            };
            (t.place, t.stage, t.amount, t.currency, t.expected)
        };
        if !m.holds(&place)
            || f.stage(stage).is_none_or(|s| s.kind != StageKind::Open)
            || !close.is_some_and(|c| period.contains(c))
        {
            continue;
        }
        let Some(col) = (place.pipeline == pipeline_key && pipeline_key.is_some())
            .then(|| column.get(stage as usize).copied().flatten())
            .flatten()
        else {
            elsewhere += 1;
            continue;
        };
        let Some(deal) = ws.deals.get(&f.deal_ids[slot]) else {
            continue;
        };
        let stage_default = pipeline.stages[open[col]].forecast_category;
        let category = if current {
            deal.forecast_category.unwrap_or(stage_default)
        } else {
            as_of(deal, day)
                .and_then(|s| s.forecast_category(ws))
                .unwrap_or(stage_default)
        };
        visit(Visit {
            slot,
            column: col,
            category: CATEGORIES.iter().position(|c| *c == category),
            amount,
            currency: f.currency(currency),
        });
    }
    elsewhere
}

pub fn data(input: &KpiInput, period: Period) -> OpenPipeline {
    let day = period.end().min(input.today);
    let home = input.rates.home();
    let Some(pipeline) = pipeline_of(input) else {
        return OpenPipeline {
            period,
            home,
            as_of: day,
            pipeline: None,
            stages: Vec::new(),
            elsewhere: 0,
        };
    };
    let mut stages: Vec<StageColumn> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| StageColumn {
            stage_id: s.id.clone(),
            name: s.name.clone(),
            cells: Default::default(),
            omitted: Tally::default(),
        })
        .collect();
    let elsewhere = pass(input, &period, pipeline, day, |v| {
        let col = &mut stages[v.column];
        let cell = match v.category {
            Some(c) => &mut col.cells[c],
            None => &mut col.omitted,
        };
        cell.add(input.rates, v.amount, v.currency, day);
    });
    OpenPipeline {
        period,
        home,
        as_of: day,
        pipeline: Some(pipeline.name.clone()),
        stages,
        elsewhere,
    }
}

fn key(stage: &StageColumn, c: usize) -> String {
    ChartKey::Open {
        stage: stage.stage_id.clone(),
        category: CATEGORIES[c],
    }
    .to_string()
}

impl OpenPipeline {
    fn counted(&self) -> usize {
        self.stages
            .iter()
            .flat_map(|s| s.cells.iter())
            .map(|c| c.deals)
            .sum()
    }

    fn subtitle(&self) -> String {
        let name = self.pipeline.as_deref().unwrap_or("No pipeline");
        format!(
            "{name}: deals expected to close in {}, as of {}",
            self.period.label(),
            format_date(self.as_of)
        )
    }

    fn empty(&self) -> Option<String> {
        if self.pipeline.is_none() {
            return Some("There is no pipeline yet".into());
        }
        (self.counted() == 0).then(|| {
            format!(
                "No open deals expected to close in {} count in the forecast",
                self.period.label()
            )
        })
    }

    pub fn chart(&self) -> Chart {
        let labels = self.stages.iter().map(|s| safe(&s.name)).collect();
        let mut c = frame(TITLE, &safe(&self.subtitle()), true, Trigger::Axis)
            .x_axis(common::category_axis(labels))
            .y_axis(common::money_axis(&self.home));
        for (i, cat) in CATEGORIES.iter().enumerate() {
            c = c.series(
                Bar::new()
                    .name(cat.label())
                    .stack("open")
                    .item_style(ItemStyle::new().color(COLOURS[i]))
                    .data(
                        self.stages
                            .iter()
                            .map(|s| DataPoint::from(whole(s.cells[i].sum.home, &self.home)))
                            .collect(),
                    ),
            );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut all = HomeSum::default();
        let mut omitted = Tally::default();
        for s in &self.stages {
            s.cells.iter().for_each(|c| all.merge(&c.sum));
            omitted.merge(&s.omitted);
        }
        let mut notes = Vec::new();
        if omitted.deals > 0 {
            notes.push(format!(
                "Omitted never counts: {} ({}) left out",
                deals_text(omitted.deals),
                omitted.sum.format(&self.home)
            ));
        }
        if self.elsewhere > 0 {
            notes.push(format!(
                "{} open deal{} in other pipelines not shown: choose a pipeline to see them",
                self.elsewhere,
                if self.elsewhere == 1 { "" } else { "s" }
            ));
        }
        notes.extend(common::left_out(&all));
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Stage", "Commit", "Best case", "Pipeline", "Total", "Deals"],
            notes,
        );
        for s in &self.stages {
            let mut total = HomeSum::default();
            s.cells.iter().for_each(|c| total.merge(&c.sum));
            let mut cells = vec![s.name.clone()];
            cells.extend(s.cells.iter().map(|c| money(c.sum.home, &self.home)));
            cells.push(money(total.home, &self.home));
            cells.push(s.cells.iter().map(|c| c.deals).sum::<usize>().to_string());
            t.row(None, cells);
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        (0..CATEGORIES.len())
            .map(|c| self.stages.iter().map(|s| Some(key(s, c))).collect())
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

/// The open deals of the stage and category of `key`.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::Open { stage, category } = key else {
        return Behind::default();
    };
    let Some(pipeline) = pipeline_of(input) else {
        return Behind::default();
    };
    let open: Vec<&Id> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .map(|s| &s.id)
        .collect();
    let Some(col) = open.iter().position(|s| *s == stage) else {
        return Behind::default();
    };
    let cat = CATEGORIES.iter().position(|c| c == category);
    let day = period.end().min(input.today);
    let mut slots = Vec::new();
    pass(input, period, pipeline, day, |v| {
        if v.column == col && v.category == cat && cat.is_some() {
            slots.push(v.slot);
        }
    });
    Behind::of(Kind::Deal, common::deal_ids(input, slots.into_iter()))
}
