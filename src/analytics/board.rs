//! The pipeline board's numbers: per stage, the count, total and weighted amount of
//! the deals that pass the filters, and the cards in expected-close order.

use super::deal_index::{DealIndex, DealRow, NONE};
use crate::domain::{Currency, Date, Id, Money, StageKind, Workspace};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoardFilter {
    pub owner: Option<Id>,
    pub territory: Option<Id>,
    /// Expected close within [from, to] (inclusive); deals without a date are left out
    /// when either bound is set.
    pub close_from: Option<Date>,
    pub close_to: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Card {
    pub id: Id,
    pub name: String,
    pub account: Option<String>,
    /// `None` for an open deal without an amount yet.
    pub amount: Option<Money>,
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

/// The board's columns. Counts and totals cover every matching deal; each column
/// carries cards for its first `max_cards` deals only (the page shows a few dozen and
/// "Show more"), so a pipeline with 40,000 closed deals does not build 40,000 cards.
/// The scan reads `index` (kept up to date by the caller), and the deal records only
/// for the cards.
pub fn board(
    ws: &Workspace,
    index: &DealIndex,
    pipeline_id: &Id,
    filter: &BoardFilter,
    today: Date,
    max_cards: usize,
) -> Vec<Column> {
    let Some(p) = ws.pipelines.get(pipeline_id) else {
        return Vec::new();
    };
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
    let Some(pipeline) = index.pipelines.get(pipeline_id) else {
        return cols;
    };
    let mut column_of = vec![None; index.stages.len()];
    for (i, s) in p.stages.iter().enumerate() {
        if let Some(n) = index.stages.get(&s.id) {
            column_of[n as usize] = Some(i);
        }
    }
    let accepts = RowFilter::new(ws, index, filter);
    // Per column: (currency, total, weighted), a handful of currencies at most.
    let mut sums: Vec<Vec<(u32, i64, i64)>> = vec![Vec::new(); cols.len()];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); cols.len()];
    for (slot, r) in index.rows() {
        if r.pipeline != pipeline || !accepts.row(r) {
            continue;
        }
        let Some(i) = column_of[r.stage as usize] else {
            continue;
        };
        cols[i].count += 1;
        let w = weighted(r.amount, cols[i].probability);
        match sums[i].iter_mut().find(|s| s.0 == r.currency) {
            Some(s) => {
                s.1 += r.amount;
                s.2 += w;
            }
            None => sums[i].push((r.currency, r.amount, w)),
        }
        members[i].push(slot);
    }
    let stages = index.stage_table(ws);
    let name = |slot: usize| ws.deals.get(index.id(slot)).map_or("", |d| d.name.as_str());
    let order = |a: &usize, b: &usize| {
        let (ra, rb) = (index.row(*a), index.row(*b));
        let key = |r: &DealRow| (r.expected_close.is_none(), r.expected_close, r.name_key);
        key(ra).cmp(&key(rb)).then_with(|| name(*a).cmp(name(*b)))
    };
    for ((col, mut slots), sums) in cols.iter_mut().zip(members).zip(sums) {
        for (currency, total, w) in sums {
            let c = index.currencies.key(currency);
            col.total.insert(c.clone(), total);
            col.weighted.insert(c.clone(), w);
        }
        // Only the first `max_cards` need an order: pick them, then sort just those.
        if slots.len() > max_cards && max_cards > 0 {
            slots.select_nth_unstable_by(max_cards - 1, order);
            slots.truncate(max_cards);
        }
        slots.sort_unstable_by(order);
        col.cards = slots
            .into_iter()
            .take(max_cards)
            .filter_map(|slot| {
                let d = ws.deals.get(index.id(slot))?;
                Some(Card {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    account: ws.account_name(d.account_id.as_ref()).map(str::to_string),
                    amount: d.money(),
                    owner: ws.rep_name(d.owner_id.as_ref()).map(str::to_string),
                    expected_close: d.expected_close,
                    stalled: index
                        .stalled_reasons(ws, &stages, slot, today)
                        .iter()
                        .map(|r| r.to_string())
                        .collect(),
                    next_step_overdue: col.kind == StageKind::Open
                        && d.next_step_due.is_some_and(|due| due < today),
                })
            })
            .collect();
    }
    cols
}

/// `BoardFilter` over index rows: owners and territories as interned numbers.
struct RowFilter<'f> {
    filter: &'f BoardFilter,
    /// `None`: no filter on owner. `Some(None)`: no deal has that owner.
    owner: Option<Option<u32>>,
    /// With a territory filter: per interned account, whether its territory matches
    /// (`None` when it has none and the owner's decides), and per interned owner.
    territory: Option<(Vec<Option<bool>>, Vec<bool>)>,
}

impl<'f> RowFilter<'f> {
    fn new(ws: &Workspace, index: &DealIndex, filter: &'f BoardFilter) -> Self {
        let owner = filter.owner.as_ref().map(|o| index.people.get(o));
        let territory = filter.territory.as_ref().map(|t| {
            let accounts = (0..index.accounts.len() as u32)
                .map(|n| {
                    ws.accounts
                        .get(index.accounts.key(n))
                        .and_then(|a| a.territory_id.as_ref())
                        .map(|at| at == t)
                })
                .collect();
            let owners = (0..index.people.len() as u32)
                .map(|n| {
                    ws.reps
                        .get(index.people.key(n))
                        .and_then(|r| r.territory_id.as_ref())
                        == Some(t)
                })
                .collect();
            (accounts, owners)
        });
        RowFilter {
            filter,
            owner,
            territory,
        }
    }

    fn row(&self, r: &DealRow) -> bool {
        if let Some(owner) = self.owner {
            if owner != Some(r.owner) {
                return false;
            }
        }
        if let Some((accounts, owners)) = &self.territory {
            let by_account = (r.account != NONE)
                .then(|| accounts[r.account as usize])
                .flatten();
            let ok = by_account.unwrap_or_else(|| r.owner != NONE && owners[r.owner as usize]);
            if !ok {
                return false;
            }
        }
        let f = self.filter;
        if f.close_from.is_some() || f.close_to.is_some() {
            let Some(c) = r.expected_close else {
                return false;
            };
            if f.close_from.is_some_and(|from| c < from) || f.close_to.is_some_and(|to| c > to) {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, seeded};
    use chrono::NaiveDate;

    #[test]
    fn columns_count_every_deal_but_carry_cards_for_the_first_few() {
        let (mut ws, mut ids) = seeded();
        for i in 0..30 {
            let mut d = deal(&ws, ids.next_id(), None);
            d.name = format!("Deal {i:02}");
            d.amount = Some(100);
            ws.put(d.into());
        }
        let cols = columns(&ws, &BoardFilter::default(), day(11, 22), 5);
        assert_eq!(cols[0].count, 30);
        assert_eq!(cols[0].total.values().sum::<i64>(), 3000);
        let names: Vec<&str> = cols[0].cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Deal 00", "Deal 01", "Deal 02", "Deal 03", "Deal 04"]
        );
    }

    fn index(ws: &Workspace) -> DealIndex {
        let mut ix = DealIndex::default();
        ix.refresh(ws);
        ix
    }

    /// The default pipeline's columns on `today`, through a fresh index.
    fn columns(ws: &Workspace, filter: &BoardFilter, today: Date, max_cards: usize) -> Vec<Column> {
        let p = ws.default_pipeline().unwrap();
        board(ws, &index(ws), &p.id, filter, today, max_cards)
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
            d.amount = Some(amount);
            d.expected_close = close;
            d.next_step_due = Some(day(11, 1));
            ws.put(d.into());
        }
        let cols = columns(&ws, &BoardFilter::default(), day(11, 22), 40);
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
        assert_eq!(columns(&ws, &only_ana, day(11, 22), 40)[0].count, 1);
        let december = BoardFilter {
            close_from: Some(day(12, 1)),
            close_to: Some(day(12, 31)),
            ..Default::default()
        };
        assert_eq!(columns(&ws, &december, day(11, 22), 40)[0].count, 1);
        let territory = BoardFilter {
            territory: Some(ids.next_id()),
            ..Default::default()
        };
        assert_eq!(columns(&ws, &territory, day(11, 22), 40)[0].count, 0);
    }

    #[test]
    fn a_deal_is_in_its_accounts_territory_else_its_owners() {
        use crate::domain::workspace::tests::{account, now};
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let (emea, apac) = (ids.next_id(), ids.next_id());
        let mut acme = account(ids.next_id(), "Acme");
        acme.territory_id = Some(emea.clone());
        ws.put(acme.clone().into());
        let rep = crate::domain::Rep {
            id: ids.next_id(),
            name: "Ana".into(),
            email: None,
            role: crate::domain::RepRole::Rep,
            manager_id: None,
            territory_id: Some(apac.clone()),
            active: true,
            created_at: now(),
            updated_at: now(),
        };
        ws.put(rep.clone().into());
        // Acme's deal owned by an APAC rep counts for EMEA; an account-less deal of
        // the same rep counts for APAC.
        let mut a = deal(&ws, ids.next_id(), Some(acme.id.clone()));
        a.owner_id = Some(rep.id.clone());
        ws.put(a.into());
        let mut b = deal(&ws, ids.next_id(), None);
        b.owner_id = Some(rep.id.clone());
        b.name = "Own".into();
        ws.put(b.into());
        let ix = index(&ws);
        let count = |t: &Id| {
            let f = BoardFilter {
                territory: Some(t.clone()),
                ..Default::default()
            };
            board(&ws, &ix, &p.id, &f, day(11, 22), 40)[0].clone()
        };
        assert_eq!(count(&emea).count, 1);
        assert_eq!(count(&apac).count, 1);
        assert_eq!(count(&apac).cards[0].name, "Own");
    }

    #[test]
    fn cards_carry_their_stalled_reasons() {
        use crate::domain::workspace::tests::now;
        let (mut ws, mut ids) = seeded();
        ws.settings.stalled_after_days = 14;
        let mut d = deal(&ws, ids.next_id(), None);
        d.created_at = now() - chrono::Duration::days(20);
        d.stage_history = vec![crate::domain::entities::StageChange {
            stage_id: d.stage_id.clone(),
            at: now() - chrono::Duration::days(3),
        }];
        ws.put(d.into());
        let cols = columns(&ws, &BoardFilter::default(), now().date_naive(), 40);
        assert_eq!(cols[0].cards[0].stalled, ["No activity for 20 days"]);
    }
}
