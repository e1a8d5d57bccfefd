//! What a KPI tile shows, in words: the value, the change against the previous period
//! (an arrow and a word, never colour alone), why there is no value, what it was
//! computed from, and what was left out.

use super::definitions::MetricKey;
use super::reading::{format_value, whole_money, Direction, Metric, Reading};
use crate::analytics::period::Period;
use crate::analytics::text::plural;
use crate::domain::Currency;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tile {
    pub key: MetricKey,
    pub label: &'static str,
    /// "42.5%", or "—" with `reason`.
    pub value: String,
    pub reason: Option<String>,
    /// "▲ Up 4.2 points vs Q3 2026", "No change vs Q3 2026"; `None` without a previous
    /// value.
    pub change: Option<String>,
    /// "better", "worse" or `None` (flat, or nothing to compare).
    pub verdict: Option<&'static str>,
    /// "4 won of 5 closed".
    pub detail: Option<String>,
    /// "1 amount is in COP left out: no rate for COP".
    pub left_out: Option<String>,
}

/// The numbers a reading came from, in words fit for its metric.
fn detail(key: MetricKey, r: &Reading, home: &Currency) -> Option<String> {
    let money = |v: f64| whole_money(v, home);
    let n = r.n;
    let (num, den) = (r.numerator, r.denominator);
    Some(match key {
        MetricKey::Won => plural(n, "deal", "deals"),
        MetricKey::OpenPipeline => format!("{} expected to close", plural(n, "deal", "deals")),
        MetricKey::WinRate if r.value.is_some() => {
            format!("{} won of {} closed", num as usize, den as usize)
        }
        MetricKey::AverageDealSize if r.value.is_some() => {
            format!(
                "{} over {}",
                money(num),
                plural(den as usize, "won deal", "won deals")
            )
        }
        MetricKey::CycleMedian | MetricKey::CycleMean if r.value.is_some() => {
            format!("over {}", plural(n, "won deal", "won deals"))
        }
        MetricKey::LeadConversion if r.value.is_some() => {
            format!("{} of {} leads became deals", num as usize, den as usize)
        }
        MetricKey::OpportunityWinRate if r.value.is_some() => {
            format!("{} won of {} closed", num as usize, den as usize)
        }
        MetricKey::QuotaAttainment if r.value.is_some() => {
            format!("{} of {}", money(num), money(den))
        }
        MetricKey::Velocity if r.value.is_some() => plural(n, "open deal", "open deals"),
        MetricKey::Coverage if r.value.is_some() => {
            format!("{} open for {} to go", money(num), money(den))
        }
        MetricKey::ChurnRate if r.value.is_some() => {
            format!("{} of {} customers lost", num as usize, den as usize)
        }
        MetricKey::Cac if r.value.is_some() => {
            format!(
                "{} over {}",
                money(num),
                plural(den as usize, "new customer", "new customers")
            )
        }
        MetricKey::Cltv if r.value.is_some() => plural(n, "customer", "customers"),
        _ => return None,
    })
}

/// The tile of one metric, compared with `previous` (the period before).
pub fn tile(m: &Metric, previous: Option<&Period>, home: &Currency) -> Tile {
    let unit = m.key.unit();
    let change = m.change();
    let vs = previous.map(|p| p.label()).unwrap_or_default();
    Tile {
        key: m.key,
        label: m.key.label(),
        value: m
            .current
            .value
            .map_or_else(|| "—".to_string(), |v| format_value(v, unit, home)),
        reason: m.current.reason.clone(),
        change: change.as_ref().map(|c| {
            let arrow = match c.direction {
                Direction::Up => "▲ ",
                Direction::Down => "▼ ",
                Direction::Flat => "",
            };
            format!("{arrow}{} vs {vs}", c.text)
        }),
        verdict: change
            .and_then(|c| c.better)
            .map(|b| if b { "better" } else { "worse" }),
        detail: detail(m.key, &m.current, home),
        left_out: m.current.left_out_text(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, known, today};
    use crate::analytics::kpi::{compute, KpiFacts, KpiInput};
    use crate::analytics::scope::Scope;
    use crate::domain::Rates;

    #[test]
    fn tiles_read_as_words_with_their_numbers() {
        let kn = known();
        let ws = &kn.fx.ws;
        let facts = KpiFacts::build(ws);
        let rates = Rates::of(ws);
        let scope = Scope::everyone();
        let k = compute(
            &KpiInput {
                ws,
                facts: &facts,
                scope: &scope,
                today: today(),
                rates: &rates,
            },
            Period::quarter_of(d(2026, 11, 1), 1),
        );
        let usd = Currency::usd();
        let t = |key| tile(k.get(key), k.previous.as_ref(), &usd);
        let wr = t(MetricKey::WinRate);
        assert_eq!(wr.value, "80%");
        assert_eq!(wr.change.as_deref(), Some("▲ Up 30 points vs Q3 2026"));
        assert_eq!(wr.verdict, Some("better"));
        assert_eq!(wr.detail.as_deref(), Some("4 won of 5 closed"));
        let won = t(MetricKey::Won);
        assert_eq!(won.value, "$36,000");
        assert_eq!(
            won.left_out.as_deref(),
            Some("1 amount is in COP left out: no rate for COP")
        );
        assert_eq!(
            t(MetricKey::QuotaAttainment).detail.as_deref(),
            Some("$36,000 of $60,000")
        );
        assert_eq!(
            t(MetricKey::Coverage).detail.as_deref(),
            Some("$30,000 open for $24,000 to go")
        );
        let cycle = t(MetricKey::CycleMean);
        assert_eq!(cycle.change.as_deref(), Some("▲ Up 6 days vs Q3 2026"));
        assert_eq!(cycle.verdict, Some("worse"), "a longer cycle is worse");
        let q1 = compute(
            &KpiInput {
                ws,
                facts: &facts,
                scope: &scope,
                today: today(),
                rates: &rates,
            },
            Period::quarter_of(d(2026, 2, 1), 1),
        );
        let none = tile(q1.get(MetricKey::WinRate), q1.previous.as_ref(), &usd);
        assert_eq!(
            (none.value.as_str(), none.reason.as_deref()),
            ("—", Some("no deals closed in this period"))
        );
        assert_eq!((none.change, none.detail), (None, None));
    }
}
