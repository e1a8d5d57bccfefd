//! Open, won and lost totals of a set of deals, in the home currency through the dated
//! rates (open deals at today's rate, won ones at their close date's); amounts without
//! a rate are kept apart, never added as if they were home currency.

use crate::domain::{Date, Money};
use crate::domain::{Deal, HomeSum, Id, Rates, StageKind, Workspace};
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealTotals {
    pub open_count: usize,
    pub open: HomeSum,
    pub won_count: usize,
    pub won: HomeSum,
    pub lost_count: usize,
    /// Open deals without an amount yet (counted, adding nothing).
    pub open_without_amount: usize,
}

impl DealTotals {
    pub fn of<'a>(
        ws: &Workspace,
        deals: impl IntoIterator<Item = &'a Deal>,
        today: Date,
    ) -> DealTotals {
        let rates = Rates::of(ws);
        let mut t = DealTotals::default();
        for d in deals {
            t.add(ws, &rates, d, today);
        }
        t
    }

    fn add(&mut self, ws: &Workspace, rates: &Rates, d: &Deal, today: Date) {
        match ws.stage_of(d).map(|s| s.kind).unwrap_or(StageKind::Open) {
            StageKind::Open => {
                self.open_count += 1;
                match d.amount {
                    Some(a) => self.open.add(rates, a, &d.currency, today),
                    None => self.open_without_amount += 1,
                }
            }
            StageKind::Won => {
                self.won_count += 1;
                if let Some(a) = d.amount {
                    self.won
                        .add(rates, a, &d.currency, d.closed_on.unwrap_or(today));
                }
            }
            StageKind::Lost => self.lost_count += 1,
        }
    }

    /// Totals per account in one pass over the deals.
    pub fn per_account(ws: &Workspace, today: Date) -> HashMap<Id, DealTotals> {
        let rates = Rates::of(ws);
        let mut map: HashMap<Id, DealTotals> = HashMap::new();
        for d in ws.deals.values() {
            if let Some(a) = &d.account_id {
                map.entry(a.clone()).or_default().add(ws, &rates, d, today);
            }
        }
        map
    }
}

/// "$12k", or "$12k + COP 3M" when part has no rate: the short form for board columns.
pub fn format_compact(sum: &HomeSum, home: &crate::domain::Currency) -> String {
    let mut parts = vec![Money::new(sum.home, home.clone()).format_compact()];
    parts.extend(
        sum.unconverted
            .iter()
            .map(|(c, v)| Money::new(*v, c.clone()).format_compact()),
    );
    parts.join(" + ")
}

/// "$12,000.00", or "$12,000.00 + COP 3,000,000.00 (no rate for COP)".
pub fn format_full(sum: &HomeSum, home: &crate::domain::Currency) -> String {
    sum.format(home)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, now, seeded};
    use crate::domain::{Currency, ExchangeRate, Rate};
    use chrono::NaiveDate;

    fn today() -> Date {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn sums_open_and_won_in_the_home_currency_and_keeps_the_rest_apart() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let eur = Currency::new("EUR").unwrap();
        ws.put(
            ExchangeRate {
                id: ids.next_id(),
                currency: eur.clone(),
                quote: Currency::usd(),
                valid_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                rate: Rate::parse("1.2").unwrap(),
                created_at: now(),
                updated_at: now(),
            }
            .into(),
        );
        let mut a = deal(&ws, ids.next_id(), None);
        a.amount = Some(10_000);
        let mut b = deal(&ws, ids.next_id(), None);
        b.amount = Some(5_000);
        b.currency = eur;
        let mut c = deal(&ws, ids.next_id(), None);
        c.stage_id = p.stages[5].id.clone();
        c.amount = Some(7_000);
        c.closed_on = Some(today());
        let mut l = deal(&ws, ids.next_id(), None);
        l.stage_id = p.stages[6].id.clone();
        let mut y = deal(&ws, ids.next_id(), None);
        y.amount = Some(100_000);
        y.currency = Currency::new("JPY").unwrap();
        let mut none = deal(&ws, ids.next_id(), None);
        none.amount = None;
        for d in [a, b, c, l, y, none] {
            ws.put(d.into());
        }
        let t = DealTotals::of(&ws, ws.deals.values(), today());
        assert_eq!((t.open_count, t.won_count, t.lost_count), (4, 1, 1));
        assert_eq!(t.open_without_amount, 1);
        let usd = Currency::usd();
        assert_eq!(
            format_full(&t.open, &usd),
            "$160.00 + ¥100,000 (no rate for JPY)"
        );
        assert_eq!(format_full(&t.won, &usd), "$70.00");
        assert_eq!(format_compact(&t.open, &usd), "$160 + ¥100k");
        assert_eq!(format_full(&HomeSum::default(), &usd), "$0.00");
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
        let per = DealTotals::per_account(&ws, today());
        assert_eq!(per.len(), 1);
        assert_eq!(per[&acme].open_count, 2);
        assert_eq!(per[&acme].open.home, 350);
    }
}
