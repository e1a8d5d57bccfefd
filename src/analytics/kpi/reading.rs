//! One metric's value for a period, with what it was computed from, or why it has none;
//! the same for the previous period; and the change between them in words.

use super::definitions::{Better, MetricKey, Unit};
use crate::domain::money::format_minor;
use crate::domain::{Currency, HomeSum};
use std::collections::BTreeMap;

/// A metric for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// `None` when the metric is undefined; `reason` then says why. Money is in minor
    /// units of the home currency.
    pub value: Option<f64>,
    pub reason: Option<String>,
    pub numerator: f64,
    pub denominator: f64,
    /// How many records it was computed from.
    pub n: usize,
    /// Amounts left out because their currency has no rate, per currency.
    pub unconverted: BTreeMap<Currency, i64>,
    pub unconverted_count: usize,
}

impl Reading {
    pub fn defined(value: f64, numerator: f64, denominator: f64, n: usize) -> Reading {
        Reading {
            value: Some(value),
            reason: None,
            numerator,
            denominator,
            n,
            unconverted: BTreeMap::new(),
            unconverted_count: 0,
        }
    }

    pub fn undefined(reason: impl Into<String>) -> Reading {
        Reading {
            value: None,
            reason: Some(reason.into()),
            numerator: 0.0,
            denominator: 0.0,
            n: 0,
            unconverted: BTreeMap::new(),
            unconverted_count: 0,
        }
    }

    /// `numerator ÷ denominator`, or undefined with `reason` when the denominator is 0.
    pub fn ratio(numerator: f64, denominator: f64, n: usize, reason: &str) -> Reading {
        if denominator == 0.0 {
            Reading {
                numerator,
                n,
                ..Reading::undefined(reason)
            }
        } else {
            Reading::defined(numerator / denominator, numerator, denominator, n)
        }
    }

    /// A sum of money, defined even when zero.
    pub fn money(sum: &HomeSum, n: usize) -> Reading {
        Reading::defined(sum.home as f64, sum.home as f64, 1.0, n).left_out(sum)
    }

    /// Notes what `sum` could not convert.
    pub fn left_out(mut self, sum: &HomeSum) -> Reading {
        for (c, v) in &sum.unconverted {
            *self.unconverted.entry(c.clone()).or_default() += v;
        }
        self.unconverted_count += sum.unconverted_count;
        self
    }

    /// "— no deals closed in this period" when undefined, else the value in `unit`.
    pub fn text(&self, unit: Unit, home: &Currency) -> String {
        match self.value {
            Some(v) => format_value(v, unit, home),
            None => "—".into(),
        }
    }

    /// "2 amounts in COP are left out: no rate for COP", when any were.
    pub fn left_out_text(&self) -> Option<String> {
        if self.unconverted.is_empty() {
            return None;
        }
        let codes: Vec<&str> = self.unconverted.keys().map(|c| c.code()).collect();
        let n = self.unconverted_count;
        Some(format!(
            "{n} amount{} in {} left out: no rate for {}",
            if n == 1 { " is" } else { "s are" },
            codes.join(", "),
            codes.join(", ")
        ))
    }
}

/// A value in `unit` for people: "42.5%", "$12,346", "34 days", "$1,234/day", "2.4×".
pub fn format_value(v: f64, unit: Unit, home: &Currency) -> String {
    match unit {
        Unit::Ratio => format!("{}%", one_decimal(v * 100.0)),
        Unit::Money => whole_money(v, home),
        Unit::MoneyPerDay => format!("{}/day", whole_money(v, home)),
        Unit::Days => {
            let d = one_decimal(v);
            format!("{d} {}", if d == "1" { "day" } else { "days" })
        }
        Unit::Times => format!("{}×", one_decimal(v)),
    }
}

/// "42.5", "42", "-3.1": one decimal, none when it is zero.
fn one_decimal(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Minor units shown in whole currency units: "$12,346".
pub fn whole_money(minor: f64, home: &Currency) -> String {
    let scale = 10f64.powi(home.minor_digits() as i32);
    let units = (minor / scale).round() as i64;
    let text = format_minor(units * scale as i64, home);
    match text.rsplit_once('.') {
        Some((whole, frac)) if frac.chars().all(|c| c == '0') => whole.to_string(),
        _ => text,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
}

/// How a metric moved against the previous period, in words (never colour alone).
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub direction: Direction,
    /// Better, worse, or `None` when flat.
    pub better: Option<bool>,
    /// "Up 4.2 points", "Down 12%", "No change".
    pub text: String,
}

/// A metric: this period and the one before.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    pub key: MetricKey,
    pub current: Reading,
    /// `None` when the period has no previous one (all time).
    pub previous: Option<Reading>,
}

impl Metric {
    pub fn change(&self) -> Option<Change> {
        let now = self.current.value?;
        let before = self.previous.as_ref()?.value?;
        let delta = now - before;
        let unit = self.key.unit();
        let direction = if delta.abs() < 1e-9 {
            Direction::Flat
        } else if delta > 0.0 {
            Direction::Up
        } else {
            Direction::Down
        };
        let word = match direction {
            Direction::Up => "Up",
            Direction::Down => "Down",
            Direction::Flat => {
                return Some(Change {
                    direction,
                    better: None,
                    text: "No change".into(),
                })
            }
        };
        let amount = match unit {
            Unit::Ratio => {
                let pts = one_decimal((delta * 100.0).abs());
                format!("{pts} {}", if pts == "1" { "point" } else { "points" })
            }
            Unit::Days => {
                let d = one_decimal(delta.abs());
                format!("{d} {}", if d == "1" { "day" } else { "days" })
            }
            Unit::Times => format!("{}×", one_decimal(delta.abs())),
            Unit::Money | Unit::MoneyPerDay if before.abs() > 0.0 => {
                format!("{}%", one_decimal((delta / before.abs() * 100.0).abs()))
            }
            Unit::Money | Unit::MoneyPerDay => "from nothing".into(),
        };
        let better = match self.key.better() {
            Better::Higher => delta > 0.0,
            Better::Lower => delta < 0.0,
        };
        Some(Change {
            direction,
            better: Some(better),
            text: format!("{word} {amount}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::usd()
    }

    #[test]
    fn values_read_well_in_each_unit() {
        assert_eq!(format_value(0.425, Unit::Ratio, &usd()), "42.5%");
        assert_eq!(format_value(0.5, Unit::Ratio, &usd()), "50%");
        assert_eq!(format_value(1_234_567.0, Unit::Money, &usd()), "$12,346");
        assert_eq!(
            format_value(1_234_567.0, Unit::Money, &Currency::new("JPY").unwrap()),
            "¥1,234,567"
        );
        assert_eq!(format_value(34.25, Unit::Days, &usd()), "34.3 days");
        assert_eq!(format_value(1.0, Unit::Days, &usd()), "1 day");
        assert_eq!(
            format_value(123_400.0, Unit::MoneyPerDay, &usd()),
            "$1,234/day"
        );
        assert_eq!(format_value(2.44, Unit::Times, &usd()), "2.4×");
        assert_eq!(
            Reading::undefined("no deals").text(Unit::Ratio, &usd()),
            "—"
        );
    }

    #[test]
    fn undefined_ratios_say_why_and_never_divide_by_zero() {
        let r = Reading::ratio(0.0, 0.0, 0, "no deals closed in this period");
        assert_eq!(r.value, None);
        assert_eq!(r.reason.as_deref(), Some("no deals closed in this period"));
        let r = Reading::ratio(1.0, 4.0, 4, "x");
        assert_eq!(
            (r.value, r.numerator, r.denominator, r.n),
            (Some(0.25), 1.0, 4.0, 4)
        );
    }

    #[test]
    fn changes_are_words_with_a_verdict() {
        let m = |key, now: Option<f64>, before: Option<f64>| Metric {
            key,
            current: now.map_or(Reading::undefined("-"), |v| Reading::defined(v, v, 1.0, 1)),
            previous: Some(
                before.map_or(Reading::undefined("-"), |v| Reading::defined(v, v, 1.0, 1)),
            ),
        };
        let c = m(MetricKey::WinRate, Some(0.5), Some(0.458))
            .change()
            .unwrap();
        assert_eq!((c.text.as_str(), c.better), ("Up 4.2 points", Some(true)));
        let c = m(MetricKey::CycleMean, Some(40.0), Some(30.0))
            .change()
            .unwrap();
        assert_eq!(
            (c.text.as_str(), c.better, c.direction),
            ("Up 10 days", Some(false), Direction::Up)
        );
        let c = m(MetricKey::Won, Some(90.0), Some(100.0)).change().unwrap();
        assert_eq!(c.text, "Down 10%");
        assert_eq!(
            m(MetricKey::Won, Some(5.0), Some(0.0))
                .change()
                .unwrap()
                .text,
            "Up from nothing"
        );
        assert_eq!(
            m(MetricKey::Won, Some(5.0), Some(5.0))
                .change()
                .unwrap()
                .text,
            "No change"
        );
        assert_eq!(m(MetricKey::Won, None, Some(5.0)).change(), None);
        assert_eq!(m(MetricKey::Won, Some(5.0), None).change(), None);
    }
}
