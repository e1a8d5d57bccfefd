//! The pipeline review's waterfall: the open pipeline on the review's first day, the
//! steps that moved it (new, moved in, increases, decreases, won, lost, moved out) and
//! the open pipeline now, as floating bars (a transparent base under each step). A
//! click on a step that has a list opens its deals: keys are `review:<change>`.

use super::common::{frame, money, whole};
use super::{ChartSpec, ChartTable};
use crate::analytics::review::{ChangeKind, Review};
use crate::domain::Currency;
use charming::datatype::DataPoint;
use charming::element::{ItemStyle, Trigger};
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "How the open pipeline changed";

/// The key a step's bar selects, for the page to open its group.
pub fn key(kind: ChangeKind) -> String {
    format!("review:{}", kind.key())
}

/// The change a key names.
pub fn kind_of(key: &str) -> Option<ChangeKind> {
    key.strip_prefix("review:").and_then(ChangeKind::from_key)
}

pub struct WaterfallChart {
    pub steps: Vec<(&'static str, i64, Option<ChangeKind>)>,
    pub home: Currency,
    pub subtitle: String,
    pub left_out: Option<String>,
}

pub fn data(r: &Review, home: &Currency) -> WaterfallChart {
    use crate::domain::time::format_date;
    let left_out = (!r.waterfall.left_out.is_empty()).then(|| {
        let parts: Vec<String> = r
            .waterfall
            .left_out
            .iter()
            .map(|(c, n)| format!("{n} in {c}"))
            .collect();
        format!("Deals left out for want of a rate: {}", parts.join(", "))
    });
    WaterfallChart {
        steps: r.waterfall.steps(),
        home: home.clone(),
        subtitle: format!(
            "{} to {}, at today's rates",
            format_date(r.since),
            format_date(r.until)
        ),
        left_out,
    }
}

impl WaterfallChart {
    /// (base, height) of each bar in minor units: totals stand on zero, a step floats
    /// from the running total (a decrease hangs down from it).
    fn bars(&self) -> Vec<(i64, i64)> {
        let last = self.steps.len().saturating_sub(1);
        let mut running = 0i64;
        self.steps
            .iter()
            .enumerate()
            .map(|(i, (_, v, _))| {
                if i == 0 || i == last {
                    running = *v;
                    (0, *v)
                } else if *v >= 0 {
                    let b = (running, *v);
                    running += v;
                    b
                } else {
                    running += v;
                    (running, -v)
                }
            })
            .collect()
    }

    pub fn chart(&self) -> Chart {
        let labels: Vec<String> = self.steps.iter().map(|(l, ..)| l.to_string()).collect();
        let bars = self.bars();
        let base: Vec<DataPoint> = bars
            .iter()
            .map(|(b, _)| DataPoint::from(whole(*b, &self.home)))
            .collect();
        let last = self.steps.len().saturating_sub(1);
        let mut up = Vec::new();
        let mut down = Vec::new();
        let mut total = Vec::new();
        for (i, ((_, v, _), (_, h))) in self.steps.iter().zip(&bars).enumerate() {
            let hv = DataPoint::from(whole(*h, &self.home));
            let none = || DataPoint::from(0.0);
            if i == 0 || i == last {
                total.push(hv);
                up.push(none());
                down.push(none());
            } else if *v >= 0 {
                up.push(hv);
                down.push(none());
                total.push(none());
            } else {
                down.push(hv);
                up.push(none());
                total.push(none());
            }
        }
        frame(TITLE, &self.subtitle, true, Trigger::Item)
            .x_axis(super::common::category_axis(labels))
            .y_axis(super::common::money_axis(&self.home))
            .series(
                Bar::new()
                    .name("base")
                    .stack("w")
                    .item_style(
                        ItemStyle::new()
                            .color("rgba(0,0,0,0)")
                            .border_color("rgba(0,0,0,0)"),
                    )
                    .data(base),
            )
            .series(
                Bar::new()
                    .name("Open pipeline")
                    .stack("w")
                    .item_style(ItemStyle::new().color("#3b5bdb"))
                    .data(total),
            )
            .series(
                Bar::new()
                    .name("Added")
                    .stack("w")
                    .item_style(ItemStyle::new().color("#2b8a3e"))
                    .data(up),
            )
            .series(
                Bar::new()
                    .name("Taken out")
                    .stack("w")
                    .item_style(ItemStyle::new().color("#c92a2a"))
                    .data(down),
            )
    }

    pub fn table(&self) -> ChartTable {
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle,
            &["Step", "Amount"],
            self.left_out.clone().into_iter().collect(),
        );
        let last = self.steps.len().saturating_sub(1);
        for (i, (label, v, kind)) in self.steps.iter().enumerate() {
            let text = match (i == 0 || i == last, *v) {
                (true, _) | (_, 0) => money(*v, &self.home),
                (_, v) if v > 0 => format!("+{}", money(v, &self.home)),
                (_, v) => format!("−{}", money(-v, &self.home)),
            };
            t.row(kind.map(key), vec![label.to_string(), text]);
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        let per_step: Vec<Option<String>> = self.steps.iter().map(|(_, _, k)| k.map(key)).collect();
        // Every series' bar at a step selects that step (the base too: a click near
        // the bottom of a floating bar).
        vec![per_step; 4]
    }

    pub fn spec(&self) -> ChartSpec {
        ChartSpec::new(
            &self.chart(),
            TITLE,
            &self.subtitle,
            self.table(),
            self.keys(),
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::review::Waterfall;
    use chrono::NaiveDate;

    fn review(w: Waterfall) -> Review {
        let d = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        Review {
            since: d,
            until: d + chrono::Days::new(7),
            groups: Vec::new(),
            waterfall: w,
        }
    }

    #[test]
    fn steps_float_from_the_running_total_and_end_on_the_closing_pipeline() {
        let w = Waterfall {
            opening: 5_000_000,
            new: 950_000,
            moved_in: 60_000,
            increases: 350_000,
            decreases: 50_000,
            won: 2_150_000,
            lost: 300_000,
            moved_out: 0,
            closing: 3_860_000,
            left_out: vec![],
        };
        assert_eq!(w.computed_closing(), w.closing);
        let c = data(&review(w), &Currency::usd());
        let bars = c.bars();
        assert_eq!(bars[0], (0, 5_000_000));
        assert_eq!(bars[1], (5_000_000, 950_000), "new stands on the opening");
        assert_eq!(
            bars[4],
            (6_310_000, 50_000),
            "a decrease hangs from the running total"
        );
        assert_eq!(bars[5], (4_160_000, 2_150_000));
        assert_eq!(bars[8], (0, 3_860_000));
        let json: serde_json::Value = serde_json::from_str(&c.chart().to_string()).unwrap();
        assert_eq!(json["series"].as_array().unwrap().len(), 4);
        let t = c.table();
        assert_eq!(t.rows[5].cells, ["Won", "−$21,500"]);
        assert_eq!(t.rows[5].key.as_deref(), Some("review:won"));
        assert_eq!(kind_of("review:won"), Some(ChangeKind::Won));
        assert_eq!(kind_of("month:2026-10-01"), None);
    }
}
