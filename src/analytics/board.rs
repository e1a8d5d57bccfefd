//! The pipeline board's numbers: per stage, the count, total and weighted amount of
//! the deals that pass the filters, and the cards in expected-close order.

use super::stalled::StalledReason;
use crate::domain::{Currency, Date, Deal, Id, Money, StageKind, Workspace};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardFilter {
    pub owner: Option<Id>,
    pub territory: Option<Id>,
    /// Expected close within [from, to] (inclusive); deals without a date are left out
    /// when either bound is set.
    pub close_from: Option<Date>,
    pub close_to: Option<Date>,
}

impl BoardFilter {
    pub fn accepts(&self, ws: &Workspace, d: &Deal) -> bool {
        if let Some(o) = &self.owner {
            if d.owner_id.as_ref() != Some(o) {
                return false;
            }
        }
        if let Some(t) = &self.territory {
            if deal_territory(ws, d) != Some(t) {
                return false;
            }
        }
        if self.close_from.is_some() || self.close_to.is_some() {
            let Some(c) = d.expected_close else {
                return false;
            };
            if self.close_from.is_some_and(|f| c < f) || self.close_to.is_some_and(|t| c > t) {
                return false;
            }
        }
        true
    }
}

/// A deal's territory: its account's, else its owner's.
pub fn deal_territory<'a>(ws: &'a Workspace, d: &Deal) -> Option<&'a Id> {
    d.account_id
        .as_ref()
        .and_then(|a| ws.accounts.get(a))
        .and_then(|a| a.territory_id.as_ref())
        .or_else(|| {
            d.owner_id
                .as_ref()
                .and_then(|o| ws.reps.get(o))
                .and_then(|r| r.territory_id.as_ref())
        })
}

#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub id: Id,
    pub name: String,
    pub account: Option<String>,
    pub amount: Money,
    pub owner: Option<String>,
    pub expected_close: Option<Date>,
    pub stalled: Vec<String>,
    pub next_step_overdue: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub stage_id: Id,
    pub name: String,
    pub kind: StageKind,
    pub probability: u8,
    pub count: usize,
    pub total: BTreeMap<Currency, i64>,
    pub weighted: BTreeMap<Currency, i64>,
    pub cards: Vec<Card>,
}

/// Amount × probability, rounded half up, in minor units.
pub fn weighted(amount: i64, probability: u8) -> i64 {
    (amount as i128 * probability as i128 + 50).div_euclid(100) as i64
}

/// One column per stage of `pipeline_id`.
/// The board's columns. Counts and totals cover every matching deal; each column
/// carries cards for its first `max_cards` deals only (the page shows a few dozen and
/// "Show more"), so a pipeline with 40,000 closed deals does not build 40,000 cards.
pub fn board(
    ws: &Workspace,
    pipeline_id: &Id,
    filter: &BoardFilter,
    stalled: &HashMap<Id, Vec<StalledReason>>,
    today: Date,
    max_cards: usize,
) -> Vec<Column> {
    let Some(p) = ws.pipelines.get(pipeline_id) else {
        return Vec::new();
    };
    let index: HashMap<&Id, usize> = p
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (&s.id, i))
        .collect();
    let mut cols: Vec<Column> = p
        .stages
        .iter()
        .map(|s| Column {
            stage_id: s.id.clone(),
            name: s.name.clone(),
            kind: s.kind,
            probability: s.probability,
            count: 0,
            total: BTreeMap::new(),
            weighted: BTreeMap::new(),
            cards: Vec::new(),
        })
        .collect();
    let mut members: Vec<Vec<&Deal>> = vec![Vec::new(); cols.len()];
    for d in ws.deals.values() {
        if &d.pipeline_id != pipeline_id || !filter.accepts(ws, d) {
            continue;
        }
        let Some(&i) = index.get(&d.stage_id) else {
            continue;
        };
        let col = &mut cols[i];
        col.count += 1;
        // Look up before inserting: cloning the currency per deal costs two allocations.
        let w = weighted(d.amount, col.probability);
        match col.total.get_mut(&d.currency) {
            Some(t) => *t += d.amount,
            None => {
                col.total.insert(d.currency.clone(), d.amount);
            }
        }
        match col.weighted.get_mut(&d.currency) {
            Some(t) => *t += w,
            None => {
                col.weighted.insert(d.currency.clone(), w);
            }
        }
        members[i].push(d);
    }
    for (col, mut deals) in cols.iter_mut().zip(members) {
        let key = |d: &&Deal| (d.expected_close.is_none(), d.expected_close);
        let order = |a: &&Deal, b: &&Deal| key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name));
        // Only the first `max_cards` need an order: pick them, then sort just those.
        if deals.len() > max_cards && max_cards > 0 {
            deals.select_nth_unstable_by(max_cards - 1, order);
            deals.truncate(max_cards);
        }
        deals.sort_unstable_by(order);
        col.cards = deals
            .into_iter()
            .take(max_cards)
            .map(|d| Card {
                id: d.id.clone(),
                name: d.name.clone(),
                account: ws.account_name(d.account_id.as_ref()).map(str::to_string),
                amount: d.money(),
                owner: ws.rep_name(d.owner_id.as_ref()).map(str::to_string),
                expected_close: d.expected_close,
                stalled: stalled
                    .get(&d.id)
                    .map(|r| r.iter().map(|r| r.to_string()).collect())
                    .unwrap_or_default(),
                next_step_overdue: col.kind == StageKind::Open
                    && d.next_step_due.is_some_and(|due| due < today),
            })
            .collect();
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, seeded};
    use chrono::NaiveDate;

    #[test]
    fn columns_count_every_deal_but_carry_cards_for_the_first_few() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        for i in 0..30 {
            let mut d = deal(&ws, ids.next_id(), None);
            d.name = format!("Deal {i:02}");
            d.amount = 100;
            ws.put(d.into());
        }
        let cols = board(
            &ws,
            &p.id,
            &BoardFilter::default(),
            &HashMap::new(),
            day(11, 22),
            5,
        );
        assert_eq!(cols[0].count, 30);
        assert_eq!(cols[0].total.values().sum::<i64>(), 3000);
        let names: Vec<&str> = cols[0].cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Deal 00", "Deal 01", "Deal 02", "Deal 03", "Deal 04"]
        );
    }

    fn day(m: u32, d: u32) -> Date {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn weighted_rounds_half_up_in_minor_units() {
        assert_eq!(weighted(10_000, 60), 6_000);
        assert_eq!(weighted(333, 10), 33);
        assert_eq!(weighted(335, 10), 34);
        assert_eq!(weighted(i64::MAX / 2, 100), i64::MAX / 2);
    }

    #[test]
    fn columns_count_sum_and_weight_per_stage() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        for (stage, amount, close) in [
            (0, 10_000, Some(day(12, 5))),
            (0, 5_000, None),
            (3, 20_000, Some(day(12, 1))),
        ] {
            let mut d = deal(&ws, ids.next_id(), None);
            d.stage_id = p.stages[stage].id.clone();
            d.amount = amount;
            d.expected_close = close;
            d.next_step_due = Some(day(11, 1));
            ws.put(d.into());
        }
        let cols = board(
            &ws,
            &p.id,
            &BoardFilter::default(),
            &HashMap::new(),
            day(11, 22),
            40,
        );
        assert_eq!(cols.len(), 7);
        let usd = Currency::usd();
        assert_eq!(cols[0].count, 2);
        assert_eq!(cols[0].total[&usd], 15_000);
        assert_eq!(cols[0].weighted[&usd], 1_500);
        assert_eq!(
            cols[0].cards[0].expected_close,
            Some(day(12, 5)),
            "dated first"
        );
        assert!(cols[0].cards[0].next_step_overdue);
        assert_eq!(cols[3].weighted[&usd], 12_000);
        assert_eq!(cols[1].count, 0);
    }

    #[test]
    fn filters_by_owner_territory_and_close_period() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let ana = ids.next_id();
        let mut a = deal(&ws, ids.next_id(), None);
        a.owner_id = Some(ana.clone());
        a.expected_close = Some(day(12, 10));
        ws.put(a.into());
        let mut b = deal(&ws, ids.next_id(), None);
        b.expected_close = Some(day(11, 10));
        ws.put(b.into());
        let only_ana = BoardFilter {
            owner: Some(ana),
            ..Default::default()
        };
        assert_eq!(
            board(&ws, &p.id, &only_ana, &HashMap::new(), day(11, 22), 40)[0].count,
            1
        );
        let december = BoardFilter {
            close_from: Some(day(12, 1)),
            close_to: Some(day(12, 31)),
            ..Default::default()
        };
        assert_eq!(
            board(&ws, &p.id, &december, &HashMap::new(), day(11, 22), 40)[0].count,
            1
        );
        let territory = BoardFilter {
            territory: Some(ids.next_id()),
            ..Default::default()
        };
        assert_eq!(
            board(&ws, &p.id, &territory, &HashMap::new(), day(11, 22), 40)[0].count,
            0
        );
    }
}
