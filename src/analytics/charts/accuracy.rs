//! Forecast accuracy by period: for each period the backtest replayed (or each period
//! over that has stored snapshots), how far each method's first forecast was from
//! what closed, as a percentage of what closed (|F − A| ÷ A; "—" when nothing
//! closed), one bar per method. The tables give the WMAPE over every forecast; this
//! shows whether a method is steadily off or off once. The title says which source.

use super::common::{self, frame};
use super::{ChartSpec, ChartTable};
use crate::analytics::forecast::backtest::Backtest;
use crate::analytics::forecast::snapshots::StoredAccuracy;
use crate::analytics::forecast::Method;
use crate::analytics::kpi::whole_money;
use crate::domain::Currency;
use charming::component::Axis;
use charming::datatype::DataPoint;
use charming::element::{AxisLabel, AxisType, Trigger};
use charming::series::Bar;
use charming::Chart;

pub const TITLE: &str = "Forecast error by period and method (replayed backtest)";
pub const STORED_TITLE: &str = "Forecast error by period and method (from stored snapshots)";

#[derive(Clone, Debug, PartialEq)]
pub struct AccuracyPeriod {
    pub label: String,
    pub actual: f64,
    /// Per method (`Method::ALL` order): the first-day forecast and its error ÷ actual.
    pub forecast: [Option<f64>; 5],
    pub error: [Option<f64>; 5],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Accuracy {
    pub home: Currency,
    pub periods: Vec<AccuracyPeriod>,
    /// From stored snapshots (else the replayed backtest).
    pub stored: bool,
}

fn row(label: String, actual: f64, forecast: [Option<f64>; 5]) -> AccuracyPeriod {
    AccuracyPeriod {
        label,
        actual,
        forecast,
        error: forecast.map(|f| {
            f.filter(|_| actual > 0.0)
                .map(|f| (f - actual).abs() / actual)
        }),
    }
}

/// From stored snapshots: each period over, its earliest team snapshot per method.
pub fn from_stored(a: &StoredAccuracy, home: &Currency) -> Accuracy {
    Accuracy {
        home: home.clone(),
        periods: a
            .periods
            .iter()
            .map(|p| row(p.period.label(), p.actual, p.first))
            .collect(),
        stored: true,
    }
}

pub fn data(bt: &Backtest, home: &Currency) -> Accuracy {
    let periods = bt
        .periods
        .iter()
        .map(|r| row(r.period.label(), r.actual, r.at_start))
        .collect();
    Accuracy {
        home: home.clone(),
        periods,
        stored: false,
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or("—".into(), |x| format!("{:.0}%", x * 100.0))
}

impl Accuracy {
    pub fn title(&self) -> &'static str {
        if self.stored {
            STORED_TITLE
        } else {
            TITLE
        }
    }

    fn subtitle(&self) -> String {
        let when = if self.stored {
            "each method's earliest stored snapshot"
        } else {
            "forecast on each period's first day"
        };
        match (self.periods.first(), self.periods.last()) {
            (Some(a), Some(b)) => format!("{} to {}, {when}", a.label, b.label),
            _ if self.stored => "No period with a stored snapshot is over yet".into(),
            _ => "No period replayed".into(),
        }
    }

    fn empty(&self) -> Option<String> {
        if self.stored && self.periods.is_empty() {
            return Some(
                "No stored snapshot of a period that is over yet: one is taken each week when the app is opened, or take one now; its period is compared once it ends"
                    .into(),
            );
        }
        self.periods.iter().all(|p| p.actual <= 0.0).then(|| {
            "Nothing closed in the periods compared: import a deal history or close some deals"
                .into()
        })
    }

    pub fn chart(&self) -> Chart {
        let labels = self.periods.iter().map(|p| p.label.clone()).collect();
        let mut c = frame(self.title(), &self.subtitle(), true, Trigger::Axis)
            .x_axis(common::category_axis(labels))
            .y_axis(
                Axis::new()
                    .type_(AxisType::Value)
                    .axis_label(AxisLabel::new().formatter("{value}%")),
            );
        for (i, m) in Method::ALL.iter().enumerate() {
            c = c.series(
                Bar::new().name(m.label()).data(
                    self.periods
                        .iter()
                        .map(|p| match p.error[i] {
                            Some(e) => DataPoint::from((e * 100.0).round()),
                            None => DataPoint::from("-"),
                        })
                        .collect(),
                ),
            );
        }
        c
    }

    pub fn table(&self) -> ChartTable {
        let mut headers = vec!["Period", "Closed won"];
        headers.extend(Method::ALL.iter().map(|m| m.label()));
        let mut t = ChartTable::new(
            self.title(),
            &self.subtitle(),
            &headers,
            vec![
                "Each method's cell: its first-day forecast, and |forecast − closed| ÷ closed"
                    .into(),
            ],
        );
        for p in &self.periods {
            let mut cells = vec![p.label.clone(), whole_money(p.actual, &self.home)];
            for i in 0..Method::ALL.len() {
                cells.push(match p.forecast[i] {
                    Some(f) => format!("{} ({} off)", whole_money(f, &self.home), pct(p.error[i])),
                    None => "—".into(),
                });
            }
            t.row(None, cells);
        }
        t
    }

    pub fn keys(&self) -> Vec<Vec<Option<String>>> {
        vec![vec![None; self.periods.len()]; Method::ALL.len()]
    }

    pub fn spec(&self) -> ChartSpec {
        ChartSpec::new(
            &self.chart(),
            self.title(),
            &self.subtitle(),
            self.table(),
            self.keys(),
            self.empty(),
        )
    }
}
