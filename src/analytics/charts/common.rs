//! What the chart builders share: the frame (title, legend, grid), money axes in whole
//! units of the home currency, months of a period, and the notes about what was left
//! out.

use crate::analytics::kpi::{Reading, Unit};
use crate::analytics::period::Period;
use crate::domain::{Currency, Date, HomeSum};
use charming::component::{Axis, Grid, Legend, LegendType, Title};
use charming::element::{AxisLabel, AxisType, Tooltip, Trigger};
use charming::Chart;

/// Height of the title and its subtitle at the top of a chart (the widget, which shows
/// the title as a heading, takes it back).
pub const TITLE_SPACE: f64 = 52.0;
/// Where the legend sits, under the title.
const LEGEND_TOP: f64 = TITLE_SPACE;
/// The plot area's top edge, under the legend.
const GRID_TOP: f64 = TITLE_SPACE + 40.0;

/// A chart with its title and subtitle, a scrolling legend under them (when `legend`),
/// a tooltip on `trigger` and a plot area that keeps its labels inside.
pub fn frame(title: &str, subtitle: &str, legend: bool, trigger: Trigger) -> Chart {
    let mut c = Chart::new()
        .title(Title::new().text(title).subtext(subtitle).left(8).top(0))
        .tooltip(Tooltip::new().trigger(trigger));
    if legend {
        c = c.legend(
            Legend::new()
                .type_(LegendType::Scroll)
                .top(LEGEND_TOP)
                .left(8)
                .right(8),
        );
    }
    c.grid(
        Grid::new()
            .top(if legend { GRID_TOP } else { TITLE_SPACE + 12.0 })
            .left(12)
            .right(24)
            .bottom(12)
            .contain_label(true),
    )
}

/// A category axis of `labels` (already `safe_text` where they are user text), each
/// label shown (tilted when there are many); months let ECharts skip some instead.
pub fn category_axis(labels: Vec<String>) -> Axis {
    let tilt = if labels.len() > 6 { 30.0 } else { 0.0 };
    Axis::new()
        .type_(AxisType::Category)
        .data(labels)
        .axis_label(AxisLabel::new().interval(0).rotate(tilt))
}

/// A category axis of month names: ECharts shows as many as fit.
pub fn month_axis(labels: Vec<String>) -> Axis {
    Axis::new().type_(AxisType::Category).data(labels)
}

/// A value axis of amounts in whole units of `home`: "$12,000".
pub fn money_axis(home: &Currency) -> Axis {
    Axis::new()
        .type_(AxisType::Value)
        .axis_label(AxisLabel::new().formatter(format!("{}{{value}}", home.prefix()).as_str()))
}

/// A value axis of counts (whole numbers only).
pub fn count_axis() -> Axis {
    Axis::new().type_(AxisType::Value).min_interval(1)
}

/// Minor units of `home` as whole units, the unit charts show.
pub fn whole(minor: i64, home: &Currency) -> f64 {
    let scale = 10f64.powi(home.minor_digits() as i32);
    (minor as f64 / scale).round()
}

/// "$12,346".
pub fn money(minor: i64, home: &Currency) -> String {
    crate::analytics::kpi::whole_money(minor as f64, home)
}

/// "42.5%", or "—" when there is nothing to divide by.
pub fn percent(part: usize, of: usize) -> String {
    ratio(&Reading::ratio(part as f64, of as f64, of, ""))
}

/// A ratio reading as "42.5%", "—" when undefined.
pub fn ratio(r: &Reading) -> String {
    r.text(Unit::Ratio, &Currency::usd())
}

/// "1 amount is in COP left out: no rate for COP", when `sum` left any out (the KPI
/// tiles' wording).
pub fn left_out(sum: &HomeSum) -> Option<String> {
    Reading::money(sum, 0).left_out_text()
}

/// The months a chart of `period` shows: the period's own (cut to it), or for all time
/// the months from the first to the last of `days` (none when there are none).
pub fn months(period: &Period, days: impl Iterator<Item = Date>) -> Vec<Period> {
    if period.is_all_time() {
        let (mut first, mut last) = (None::<Date>, None::<Date>);
        for d in days {
            first = Some(first.map_or(d, |f| f.min(d)));
            last = Some(last.map_or(d, |l| l.max(d)));
        }
        match (first, last) {
            (Some(f), Some(l)) => period.months(f, l),
            _ => Vec::new(),
        }
    } else {
        period.months(period.start(), period.end())
    }
}

/// Which of `months` (in order, not overlapping) holds `day`.
pub fn month_index(months: &[Period], day: Date) -> Option<usize> {
    let i = months.partition_point(|m| m.start() <= day);
    let i = i.checked_sub(1)?;
    months[i].contains(day).then_some(i)
}

/// The period as a subtitle: "Q4 2026", "All time".
pub fn period_text(period: &Period) -> String {
    period.label()
}

/// ECharts' own palette, so a rep keeps one colour across series.
pub const PALETTE: [&str; 9] = [
    "#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4",
    "#ea7ccc",
];

/// Every live deal in scope closed in `period`, with its row number, its row, its
/// close day and whether it was won (else lost); the same test as the KPIs (`kpi`'s
/// won and win rate): in scope by its place now, closed in the period, in a won or a
/// lost stage now.
pub fn closed_deals<'f>(
    input: &'f crate::analytics::kpi::KpiInput,
    m: &'f crate::analytics::scope::Matcher<u32>,
    period: &'f Period,
) -> impl Iterator<
    Item = (
        usize,
        &'f crate::analytics::kpi::facts::DealFact,
        Date,
        bool,
    ),
> + 'f {
    use crate::domain::StageKind;
    let f = input.facts;
    f.live_deals().filter_map(move |(slot, d)| {
        let closed = d.closed.filter(|c| period.contains(*c))?;
        if !m.holds(&d.place) {
            return None;
        }
        match f.stage(d.stage).map(|s| s.kind) {
            Some(StageKind::Won) => Some((slot, d, closed, true)),
            Some(StageKind::Lost) => Some((slot, d, closed, false)),
            _ => None,
        }
    })
}

/// The deal ids of some rows.
pub fn deal_ids(
    input: &crate::analytics::kpi::KpiInput,
    slots: impl Iterator<Item = usize>,
) -> Vec<crate::domain::Id> {
    slots.map(|s| input.facts.deal_ids[s].clone()).collect()
}

/// `safe_text`, for short.
pub fn safe(s: &str) -> String {
    super::safe_text(s)
}

/// Deals counted in one bar: how many, and their amounts in the home currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub sum: HomeSum,
    pub deals: usize,
}

impl Tally {
    /// One more deal; its amount (when it has one) converted on `day`.
    pub fn add(
        &mut self,
        rates: &crate::domain::Rates,
        amount: Option<i64>,
        currency: &Currency,
        day: Date,
    ) {
        self.deals += 1;
        if let Some(a) = amount {
            self.sum.add(rates, a, currency, day);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.deals += other.deals;
        self.sum.merge(&other.sum);
    }
}

/// "1 deal", "3 deals".
pub fn deals_text(n: usize) -> String {
    format!("{n} deal{}", if n == 1 { "" } else { "s" })
}
