//! The dashboard's charts, each answering one question: for every chart a pure data
//! function (what numbers, for which period and scope), a builder of the
//! `charming::Chart` (ECharts' option; `chart.to_string()` is its JSON, so builders
//! are tested natively), its table form (the same numbers as text, for the page's
//! "Show as table" and for screen readers) and a key on every bar or slice that names
//! the records behind it (`behind`).
//!
//! The numbers follow the KPI engine (`kpi`) exactly: the same dates decide the period
//! (close date for won and lost deals, creation day for leads, completion day for
//! activities), the same scope rule, the same compact facts (`KpiFacts`), amounts in
//! the home currency through the dated rates, and amounts without a rate left out and
//! said so (`ChartTable::notes`). Charts show whole units of the home currency.
//!
//! User text (names of reps, stages, lost reasons, sources) never reaches ECharts as
//! HTML: every such string in an option passes through `safe_text`, and tooltips are
//! drawn on the canvas (`renderMode: "richText"`, see `ChartSpec`).
//!
//! | chart | data | question |
//! | --- | --- | --- |
//! | `bookings` | `bookings::data` | Bookings by month against quota |
//! | `funnel` | `funnel::data` (from `Kpis::stages`) | How deals move through the stages |
//! | `pipeline` | `pipeline::data` | Open pipeline by stage and forecast category |
//! | `reps` | `reps::data` | Won and lost value per rep, by month |
//! | `activities` | `activities::data` (from `Kpis::activities`) | Completed activities by rep and kind |
//! | `lost` | `lost::data` | Why deals were lost |
//! | `cycle` | `cycle::data` | How long won deals took to close |
//! | `sources` | `sources::data` | Which lead sources become deals |
//! | `pacing` | `pacing::data` | Cumulative won by week against quota and last period |
//! | `accuracy` | `accuracy::data` (from a forecast `Backtest`) | How wrong each forecast method was, per period |
//!
//! On a page (a sketch; `ui::components::chart::Chart` draws a `ChartSpec`):
//!
//! ```ignore
//! let spec = Memo::new(move |_| with_kpi_input(|input| bookings::data(input, period.get()).spec()));
//! view! {
//!     <Chart spec=spec on_select=move |key: String| {
//!         let who = with_kpi_input(|input| charts::behind(input, &period.get(), &key));
//!         // who.kind: Deal, Lead or Activity; who.ids: the records, sorted.
//!     }/>
//! }
//! ```
//!
//! Each data struct also has `chart()` (the `charming::Chart`, title included),
//! `table()` and `keys()`; `spec()` bundles them as the widget wants them.

pub mod accuracy;
pub mod activities;
pub mod attainment;
pub mod bookings;
mod common;
pub mod cycle;
pub mod funnel;
mod keys;
pub mod lost;
pub mod pacing;
pub mod pipeline;
pub mod reps;
pub mod sources;
mod spec;
pub mod waterfall;

pub use keys::ChartKey;
pub use spec::{safe_text, ChartSpec, ChartTable, TableRow};

use super::kpi::KpiInput;
use super::period::Period;
use crate::domain::{Id, Kind};

/// The records behind one bar or slice: deals for most charts, leads for lead
/// sources, activities for the activity chart; ids sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Behind {
    pub kind: Option<Kind>,
    pub ids: Vec<Id>,
}

impl Behind {
    fn of(kind: Kind, mut ids: Vec<Id>) -> Behind {
        ids.sort_unstable();
        Behind {
            kind: Some(kind),
            ids,
        }
    }
}

/// The records behind the bar or slice with `key` (what the chart's `on_select` gave),
/// for `period` in `input.scope`: the same records the chart counted there, read again
/// (one pass over the facts, a few milliseconds at 50,000 deals). Empty for a key that
/// is not a chart key.
pub fn behind(input: &KpiInput, period: &Period, key: &str) -> Behind {
    let Some(key) = ChartKey::parse(key) else {
        return Behind::default();
    };
    match &key {
        ChartKey::Month { .. } => bookings::behind(input, period, &key),
        ChartKey::Stage { .. } => funnel::behind(input, period, &key),
        ChartKey::Open { .. } => pipeline::behind(input, period, &key),
        ChartKey::RepMonth { .. } => reps::behind(input, period, &key),
        ChartKey::Activities { .. } => activities::behind(input, period, &key),
        ChartKey::LostReason { .. } => lost::behind(input, period, &key),
        ChartKey::Cycle { .. } => cycle::behind(input, period, &key),
        ChartKey::Source { .. } => sources::behind(input, period, &key),
    }
}

/// The deal ids behind `key` (empty when the chart counts leads or activities: see
/// `behind` for those).
pub fn deals_behind(input: &KpiInput, period: &Period, key: &str) -> Vec<Id> {
    let b = behind(input, period, key);
    if b.kind == Some(Kind::Deal) {
        b.ids
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests;
