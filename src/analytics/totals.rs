//! Pipeline totals per currency (amounts in different currencies are never added).

use crate::domain::{Currency, Deal, Money, StageKind, Workspace};
use std::collections::BTreeMap;

/// Open, won and lost sums for a set of deals, per currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealTotals {
    pub open_count: usize,
    pub open: BTreeMap<Currency, i64>,
    pub won_count: usize,
    pub won: BTreeMap<Currency, i64>,
    pub lost_count: usize,
}

impl DealTotals {
    pub fn of<'a>(ws: &Workspace, deals: impl IntoIterator<Item = &'a Deal>) -> DealTotals {
        let mut t = DealTotals::default();
        for d in deals {
            match ws.stage_of(d).map(|s| s.kind).unwrap_or(StageKind::Open) {
                StageKind::Open => {
                    t.open_count += 1;
                    *t.open.entry(d.currency.clone()).or_default() += d.amount;
                }
                StageKind::Won => {
                    t.won_count += 1;
                    *t.won.entry(d.currency.clone()).or_default() += d.amount;
                }
                StageKind::Lost => t.lost_count += 1,
            }
        }
        t
    }

    /// "$12,000.00 + €500.00", or the home currency's zero.
    pub fn format_sum(sums: &BTreeMap<Currency, i64>, home: &Currency) -> String {
        if sums.is_empty() {
            return Money::zero(home.clone()).format();
        }
        // Home currency first, then the rest alphabetically.
        let mut parts: Vec<String> = Vec::new();
        if let Some(v) = sums.get(home) {
            parts.push(Money::new(*v, home.clone()).format());
        }
        parts.extend(
            sums.iter()
                .filter(|(c, _)| *c != home)
                .map(|(c, v)| Money::new(*v, c.clone()).format()),
        );
        parts.join(" + ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, seeded};

    #[test]
    fn sums_open_and_won_per_currency() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut a = deal(&ws, ids.next_id(), None);
        a.amount = 100_00;
        let mut b = deal(&ws, ids.next_id(), None);
        b.amount = 50_00;
        b.currency = Currency::new("EUR").unwrap();
        let mut c = deal(&ws, ids.next_id(), None);
        c.stage_id = p.stages[5].id.clone();
        c.amount = 70_00;
        let mut l = deal(&ws, ids.next_id(), None);
        l.stage_id = p.stages[6].id.clone();
        for d in [a, b, c, l] {
            ws.put(d.into());
        }
        let t = DealTotals::of(&ws, ws.deals.values());
        assert_eq!(t.open_count, 2);
        assert_eq!(t.won_count, 1);
        assert_eq!(t.lost_count, 1);
        let usd = Currency::usd();
        assert_eq!(DealTotals::format_sum(&t.open, &usd), "$100.00 + €50.00");
        assert_eq!(DealTotals::format_sum(&t.won, &usd), "$70.00");
        assert_eq!(DealTotals::format_sum(&Default::default(), &usd), "$0.00");
    }
}
