//! Why deals were lost: the deals lost in the period (by close date) by their lost
//! reason, with how many and how much (converted on the close date).

use super::common::{self, closed_deals, deals_text, frame, money, safe, whole, Tally};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::KpiInput;
use crate::analytics::period::Period;
use crate::domain::{Currency, HomeSum, Kind};
use charming::datatype::DataPoint;
use charming::element::Trigger;
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "Why deals were lost";

/// How a deal without a reason is listed.
pub const NO_REASON: &str = "No reason given";

#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    /// `None`: no reason given.
    pub reason: Option<String>,
    pub lost: Tally,
}

impl Reason {
    pub fn label(&self) -> &str {
        self.reason.as_deref().unwrap_or(NO_REASON)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LostReasons {
    pub period: Period,
    pub home: Currency,
    /// Most value lost first.
    pub reasons: Vec<Reason>,
}

/// Every deal lost in the period in scope: its row, close day and reason number
/// (`KpiFacts::lost_reasons`; the reason trimmed, `None` when blank).
fn lost_deals<'a>(
    input: &'a KpiInput,
    m: &'a crate::analytics::scope::Matcher<u32>,
    period: &'a Period,
) -> impl Iterator<Item = (usize, chrono::NaiveDate, Option<u32>)> + 'a {
    closed_deals(input, m, period)
        .filter(|(.., won)| !*won)
        .map(|(slot, d, day, _)| (slot, day, d.lost_reason))
}

pub fn data(input: &KpiInput, period: Period) -> LostReasons {
    let f = input.facts;
    let m = f.matcher(input.scope, input.ws);
    // Per reason number, and one more for deals lost without a reason.
    let none = f.lost_reasons.len();
    let mut per: Vec<Tally> = vec![Tally::default(); none + 1];
    for (slot, day, reason) in lost_deals(input, &m, &period) {
        let d = &f.deals[slot];
        per[reason.map_or(none, |r| r as usize)].add(
            input.rates,
            d.amount,
            f.currency(d.currency),
            day,
        );
    }
    let mut reasons: Vec<Reason> = per
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.deals > 0)
        .map(|(i, lost)| Reason {
            reason: (i < none).then(|| f.lost_reasons.key(i as u32).clone()),
            lost,
        })
        .collect();
    reasons.sort_by(|a, b| {
        b.lost
            .sum
            .home
            .cmp(&a.lost.sum.home)
            .then(b.lost.deals.cmp(&a.lost.deals))
            .then_with(|| a.label().cmp(b.label()))
    });
    LostReasons {
        period,
        home: input.rates.home(),
        reasons,
    }
}

fn key(r: &Reason) -> String {
    ChartKey::LostReason {
        reason: r.reason.clone(),
    }
    .to_string()
}

impl LostReasons {
    fn subtitle(&self) -> String {
        format!("Deals lost in {}, by reason", self.period.label())
    }

    fn empty(&self) -> Option<String> {
        self.reasons
            .is_empty()
            .then(|| format!("No deals lost in {}", self.period.label()))
    }

    pub fn chart(&self) -> Chart {
        let labels = self
            .reasons
            .iter()
            .map(|r| format!("{} · {}", safe(r.label()), deals_text(r.lost.deals)))
            .collect();
        frame(TITLE, &self.subtitle(), false, Trigger::Axis)
            .y_axis(
                common::category_axis(labels)
                    .inverse(true)
                    .axis_label(charming::element::AxisLabel::new().interval(0)),
            )
            .x_axis(common::money_axis(&self.home))
            .series(
                Bar::new().name("Value lost").data(
                    self.reasons
                        .iter()
                        .map(|r| DataPoint::from(whole(r.lost.sum.home, &self.home)))
                        .collect(),
                ),
            )
    }

    pub fn table(&self) -> ChartTable {
        let mut all = HomeSum::default();
        self.reasons.iter().for_each(|r| all.merge(&r.lost.sum));
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Reason", "Deals lost", "Value lost"],
            common::left_out(&all).into_iter().collect(),
        );
        for r in &self.reasons {
            t.row(
                Some(key(r)),
                vec![
                    r.label().to_string(),
                    r.lost.deals.to_string(),
                    money(r.lost.sum.home, &self.home),
                ],
            );
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        vec![self.reasons.iter().map(|r| Some(key(r))).collect()]
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

/// The deals lost in the period for the reason of `key`.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::LostReason { reason } = key else {
        return Behind::default();
    };
    let f = input.facts;
    let wanted = match reason {
        None => None,
        Some(r) => match f.lost_reasons.get(r) {
            Some(n) => Some(n),
            None => return Behind::of(Kind::Deal, Vec::new()),
        },
    };
    let m = f.matcher(input.scope, input.ws);
    let slots = lost_deals(input, &m, period)
        .filter(|(.., r)| *r == wanted)
        .map(|(slot, ..)| slot);
    Behind::of(Kind::Deal, common::deal_ids(input, slots))
}
