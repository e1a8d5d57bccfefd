//! Pipeline totals per currency (amounts in different currencies are never added).

use crate::domain::{Currency, Deal, Id, Money, StageKind, Workspace};
use std::collections::{BTreeMap, HashMap};

/// Open, won and lost sums for a set of deals, per currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealTotals {
    pub open_count: usize,
    pub open: BTreeMap<Currency, i64>,
    pub won_count: usize,
    pub won: BTreeMap<Currency, i64>,
    pub lost_count: usize,
    /// Open deals without an amount yet (counted, adding nothing).
    pub open_without_amount: usize,
}

impl DealTotals {
    pub fn of<'a>(ws: &Workspace, deals: impl IntoIterator<Item = &'a Deal>) -> DealTotals {
        let mut t = DealTotals::default();
        for d in deals {
            t.add(ws, d);
        }
        t
    }

    fn add(&mut self, ws: &Workspace, d: &Deal) {
        match ws.stage_of(d).map(|s| s.kind).unwrap_or(StageKind::Open) {
            StageKind::Open => {
                self.open_count += 1;
                match d.amount {
                    Some(a) => *self.open.entry(d.currency.clone()).or_default() += a,
                    None => self.open_without_amount += 1,
                }
            }
            StageKind::Won => {
                self.won_count += 1;
                *self.won.entry(d.currency.clone()).or_default() += d.amount.unwrap_or(0);
            }
            StageKind::Lost => self.lost_count += 1,
        }
    }

    /// Totals per account in one pass over the deals.
    pub fn per_account(ws: &Workspace) -> HashMap<Id, DealTotals> {
        let mut map: HashMap<Id, DealTotals> = HashMap::new();
        for d in ws.deals.values() {
            if let Some(a) = &d.account_id {
                map.entry(a.clone()).or_default().add(ws, d);
            }
        }
        map
    }

    /// "$12k + €500": the short form for board columns.
    pub fn format_sum_compact(sums: &BTreeMap<Currency, i64>, home: &Currency) -> String {
        if sums.is_empty() {
            return Money::zero(home.clone()).format_compact();
        }
        let mut parts: Vec<String> = Vec::new();
        if let Some(v) = sums.get(home) {
            parts.push(Money::new(*v, home.clone()).format_compact());
        }
        parts.extend(
            sums.iter()
                .filter(|(c, _)| *c != home)
                .map(|(c, v)| Money::new(*v, c.clone()).format_compact()),
        );
        parts.join(" + ")
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
        a.amount = Some(10_000);
        let mut b = deal(&ws, ids.next_id(), None);
        b.amount = Some(5_000);
        b.currency = Currency::new("EUR").unwrap();
        let mut c = deal(&ws, ids.next_id(), None);
        c.stage_id = p.stages[5].id.clone();
        c.amount = Some(7_000);
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

    #[test]
    fn totals_per_account() {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        for amount in [100, 250] {
            let mut d = deal(&ws, ids.next_id(), Some(acme.clone()));
            d.amount = Some(amount);
            ws.put(d.into());
        }
        ws.put(deal(&ws, ids.next_id(), None).into());
        let per = DealTotals::per_account(&ws);
        assert_eq!(per.len(), 1);
        assert_eq!(per[&acme].open_count, 2);
        assert_eq!(per[&acme].open[&Currency::usd()], 350);
    }
}
