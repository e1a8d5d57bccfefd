//! A rep's quota attainment by period beside their team's median attainment: the
//! scorecard's small trend chart, from the scorecard's own trend rows
//! (`planning::scorecard::TrendRow`), so the chart and its table say the same.

use super::common::{self, frame, safe};
use super::{ChartSpec, ChartTable};
use crate::analytics::planning::scorecard::TrendRow;
use charming::component::Axis;
use charming::datatype::DataPoint;
use charming::element::{AxisLabel, AxisType, Trigger};
use charming::series::Line;
use charming::Chart;

pub const TITLE: &str = "Quota attainment by period";

#[derive(Clone, Debug, PartialEq)]
pub struct AttainmentTrend {
    pub rep: String,
    pub rows: Vec<TrendRow>,
}

/// A percentage point, or ECharts' gap ("-") where there is no quota.
fn point(share: Option<f64>) -> DataPoint {
    match share {
        Some(s) => DataPoint::from((s * 1000.0).round() / 10.0),
        None => DataPoint::from("-"),
    }
}

impl AttainmentTrend {
    fn subtitle(&self) -> String {
        match (self.rows.first(), self.rows.last()) {
            (Some(a), Some(b)) => format!("{} to {}, against the team median", a.period, b.period),
            _ => String::new(),
        }
    }

    fn empty(&self) -> Option<String> {
        self.rows
            .iter()
            .all(|r| r.share.is_none() && r.median_share.is_none())
            .then(|| "No quota set in these periods: set quotas in Team › Quotas".to_string())
    }

    pub fn chart(&self) -> Chart {
        let labels = self.rows.iter().map(|r| safe(&r.period)).collect();
        frame(TITLE, &self.subtitle(), true, Trigger::Axis)
            .x_axis(common::category_axis(labels))
            .y_axis(
                Axis::new()
                    .type_(AxisType::Value)
                    .axis_label(AxisLabel::new().formatter("{value}%")),
            )
            .series(
                Line::new()
                    .name(safe(&self.rep))
                    .data(self.rows.iter().map(|r| point(r.share)).collect()),
            )
            .series(
                Line::new()
                    .name("Team median")
                    .data(self.rows.iter().map(|r| point(r.median_share)).collect()),
            )
    }

    pub fn table(&self) -> ChartTable {
        let rep = format!("{} attainment", self.rep);
        let mut t = ChartTable::new(
            TITLE,
            &self.subtitle(),
            &["Period", "Won", "Quota", &rep, "Team median"],
            Vec::new(),
        );
        for r in &self.rows {
            t.row(
                None,
                vec![
                    r.period.clone(),
                    r.won.clone(),
                    r.quota.clone(),
                    r.attainment.clone(),
                    r.team_median.clone(),
                ],
            );
        }
        t
    }

    pub fn spec(&self) -> ChartSpec {
        ChartSpec::new(
            &self.chart(),
            TITLE,
            &self.subtitle(),
            self.table(),
            vec![vec![None; self.rows.len()]; 2],
            self.empty(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn row(period: &str, share: Option<f64>, median: Option<f64>) -> TrendRow {
        TrendRow {
            period: period.into(),
            won: "$1".into(),
            quota: "$2".into(),
            attainment: "x".into(),
            team_median: "y".into(),
            share,
            median_share: median,
        }
    }

    #[test]
    fn the_rep_and_the_team_median_are_percent_lines_with_gaps_where_no_quota() {
        let t = AttainmentTrend {
            rep: "Ana <b>Lima</b>".into(),
            rows: vec![
                row("Q1 2026", Some(0.625), Some(0.8)),
                row("Q2 2026", None, Some(1.0)),
                row("Q3 2026", Some(1.2345), None),
            ],
        };
        let json: Value = serde_json::from_str(&t.chart().to_string()).unwrap();
        let series = json["series"].as_array().unwrap();
        assert_eq!(series[0]["data"], serde_json::json!([62.5, "-", 123.5]));
        assert_eq!(series[1]["data"], serde_json::json!([80.0, 100.0, "-"]));
        assert_eq!(series[1]["name"], "Team median");
        assert!(!series[0]["name"].as_str().unwrap().contains('<'));
        let x = if json["xAxis"].is_array() {
            &json["xAxis"][0]
        } else {
            &json["xAxis"]
        };
        assert_eq!(x["data"][2], "Q3 2026");
        let spec = t.spec();
        assert_eq!(spec.empty, None);
        assert_eq!(spec.table.rows.len(), 3);
        assert_eq!(spec.table.headers[3], "Ana <b>Lima</b> attainment");
    }

    #[test]
    fn without_any_quota_the_chart_says_what_to_do() {
        let t = AttainmentTrend {
            rep: "Bo".into(),
            rows: vec![row("Q1 2026", None, None)],
        };
        assert!(t.spec().empty.unwrap().contains("Team › Quotas"));
    }
}
