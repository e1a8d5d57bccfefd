//! Won and lost value per rep, by month: for each month of the period, each rep's
//! deals won (above the line) and lost (below it), by close date, converted on that
//! day. A rep is the deal's owner now, as for the KPIs.

use super::common::{self, closed_deals, frame, money, safe, whole, Tally, PALETTE};
use super::{Behind, ChartKey, ChartSpec, ChartTable};
use crate::analytics::kpi::KpiInput;
use crate::analytics::period::Period;
use crate::domain::{Currency, Date, HomeSum, Id, Kind};
use charming::datatype::DataPoint;
use charming::element::{ItemStyle, Trigger};
use charming::series::Bar;
use charming::Chart;
use chrono::Datelike;

pub const TITLE: &str = "Won and lost value per rep, by month";

#[derive(Clone, Debug, PartialEq)]
pub struct RepMonths {
    /// `None`: deals without an owner.
    pub rep: Option<Id>,
    pub name: String,
    /// Per month of `RepResults::months`.
    pub won: Vec<Tally>,
    pub lost: Vec<Tally>,
}

impl RepMonths {
    fn won_total(&self) -> i64 {
        self.won.iter().map(|t| t.sum.home).sum()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RepResults {
    pub period: Period,
    pub home: Currency,
    pub months: Vec<Period>,
    /// Reps with a deal closed in the period, most won first.
    pub reps: Vec<RepMonths>,
}

pub fn data(input: &KpiInput, period: Period) -> RepResults {
    let f = input.facts;
    let m = f.matcher(input.scope, input.ws);
    let closed: Vec<(usize, Date, bool)> = closed_deals(input, &m, &period)
        .map(|(slot, _, day, won)| (slot, day, won))
        .collect();
    let months = common::months(&period, closed.iter().map(|(_, d, _)| *d));
    // Per owner key, and one more row for deals without an owner.
    let none = f.keys.len();
    let mut row_of: Vec<Option<usize>> = vec![None; none + 1];
    let mut reps: Vec<RepMonths> = Vec::new();
    for (slot, day, won) in closed {
        let Some(i) = common::month_index(&months, day) else {
            continue;
        };
        let d = &f.deals[slot];
        let k = d.owner.map_or(none, |o| o as usize);
        let r = *row_of[k].get_or_insert_with(|| {
            let rep = d.owner.map(|o| f.keys.key(o).clone());
            let name = match &rep {
                None => "No owner".to_string(),
                Some(id) => input
                    .ws
                    .rep_name(Some(id))
                    .unwrap_or("Unknown rep")
                    .to_string(),
            };
            reps.push(RepMonths {
                rep,
                name,
                won: vec![Tally::default(); months.len()],
                lost: vec![Tally::default(); months.len()],
            });
            reps.len() - 1
        });
        let t = if won {
            &mut reps[r].won[i]
        } else {
            &mut reps[r].lost[i]
        };
        t.add(input.rates, d.amount, f.currency(d.currency), day);
    }
    reps.sort_by(|a, b| {
        b.won_total()
            .cmp(&a.won_total())
            .then_with(|| a.name.cmp(&b.name))
    });
    RepResults {
        period,
        home: input.rates.home(),
        months,
        reps,
    }
}

/// The chart draws this many reps (those who won the most); the table lists all: 40
/// stacked colours would say nothing.
pub const SHOWN: usize = 10;

fn key(rep: &RepMonths, month: &Period, won: bool) -> String {
    ChartKey::RepMonth {
        rep: rep.rep.clone(),
        start: month.start(),
        won,
    }
    .to_string()
}

impl RepResults {
    fn subtitle(&self) -> String {
        format!("{}: won above the line, lost below", self.period.label())
    }

    fn empty(&self) -> Option<String> {
        self.reps
            .is_empty()
            .then(|| format!("No deals closed in {}", self.period.label()))
    }

    pub fn chart(&self) -> Chart {
        let labels = self.months.iter().map(|m| m.short_label()).collect();
        let mut c = frame(TITLE, &self.subtitle(), true, Trigger::Item)
            .x_axis(common::month_axis(labels))
            .y_axis(common::money_axis(&self.home));
        for (i, r) in self.reps.iter().take(SHOWN).enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            let name = safe(&r.name);
            let won = r
                .won
                .iter()
                .map(|t| DataPoint::from(whole(t.sum.home, &self.home)));
            let lost = r
                .lost
                .iter()
                .map(|t| DataPoint::from(0.0 - whole(t.sum.home, &self.home)));
            // Two series of one name share a legend entry: a rep shows or hides whole.
            c = c
                .series(
                    Bar::new()
                        .name(name.as_str())
                        .stack("result")
                        .item_style(ItemStyle::new().color(colour))
                        .data(won.collect()),
                )
                .series(
                    Bar::new()
                        .name(name.as_str())
                        .stack("result")
                        .item_style(ItemStyle::new().color(colour).opacity(0.45))
                        .data(lost.collect()),
                );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut all = HomeSum::default();
        for r in &self.reps {
            r.won.iter().chain(&r.lost).for_each(|t| all.merge(&t.sum));
        }
        let mut t = ChartTable::new(
            TITLE,
            &self.period.label(),
            &["Rep", "Month", "Won", "Deals won", "Lost", "Deals lost"],
            common::left_out(&all)
                .into_iter()
                .chain((self.reps.len() > SHOWN).then(|| {
                    format!(
                        "The chart shows the {SHOWN} reps who won the most; the table lists all {}",
                        self.reps.len()
                    )
                }))
                .collect(),
        );
        for r in &self.reps {
            for (i, m) in self.months.iter().enumerate() {
                let (w, l) = (&r.won[i], &r.lost[i]);
                if w.deals + l.deals == 0 {
                    continue;
                }
                t.row(
                    None,
                    vec![
                        r.name.clone(),
                        m.label(),
                        money(w.sum.home, &self.home),
                        w.deals.to_string(),
                        money(l.sum.home, &self.home),
                        l.deals.to_string(),
                    ],
                );
            }
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        let mut keys = Vec::new();
        for r in self.reps.iter().take(SHOWN) {
            for won in [true, false] {
                keys.push(self.months.iter().map(|m| Some(key(r, m, won))).collect());
            }
        }
        keys
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

/// The deals of the rep of `key` won (or lost) in its month, within the period.
pub(super) fn behind(input: &KpiInput, period: &Period, key: &ChartKey) -> Behind {
    let ChartKey::RepMonth { rep, start, won } = key else {
        return Behind::default();
    };
    let f = input.facts;
    let owner = match rep {
        None => None,
        Some(id) => match f.keys.get(id) {
            Some(k) => Some(k),
            None => return Behind::of(Kind::Deal, Vec::new()),
        },
    };
    let m = f.matcher(input.scope, input.ws);
    let ids = common::deal_ids(
        input,
        closed_deals(input, &m, period)
            .filter(|(_, d, day, w)| {
                w == won
                    && d.owner == owner
                    && day.year() == start.year()
                    && day.month() == start.month()
            })
            .map(|(slot, ..)| slot),
    );
    Behind::of(Kind::Deal, ids)
}
