//! The pipeline board's numbers: per stage, the count, total and weighted amount of
//! the deals that pass the filters, and the cards in expected-close order.

use super::deal_index::{DealIndex, DealRow, NONE};
use crate::domain::{Date, HomeSum, Id, Money, Rates, StageKind, Workspace};

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
    /// In the home currency: open deals at today's rate, closed ones at the rate of
    /// their close date; amounts without a rate are kept apart (`HomeSum`).
    pub total: HomeSum,
    pub weighted: HomeSum,
    /// Deals without an amount yet (counted, adding nothing).
    pub without_amount: usize,
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
            total: HomeSum::default(),
            weighted: HomeSum::default(),
            without_amount: 0,
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
    let rates = Rates::of(ws);
    let home = rates.home();
    // Home-currency rows add up as they are; only the others need a rate.
    let is_home: Vec<bool> = (0..index.currencies.len() as u32)
        .map(|n| *index.currencies.key(n) == home)
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); cols.len()];
    for (slot, r) in index.rows() {
        if r.pipeline != pipeline || !accepts.row(r) {
            continue;
        }
        let Some(i) = column_of[r.stage as usize] else {
            continue;
        };
        let col = &mut cols[i];
        col.count += 1;
        members[i].push(slot);
        let Some(amount) = r.amount else {
            col.without_amount += 1;
            continue;
        };
        let w = weighted(amount, col.probability);
        if is_home[r.currency as usize] {
            col.total.home += amount;
            col.total.converted += 1;
            col.weighted.home += w;
            col.weighted.converted += 1;
        } else {
            let c = index.currencies.key(r.currency);
            let on = match col.kind {
                StageKind::Open => today,
                _ => r.closed_on.unwrap_or(today),
            };
            col.total.add(&rates, amount, c, on);
            col.weighted.add(&rates, w, c, on);
        }
    }
    let stages = index.stage_table(ws);
    let name = |slot: usize| ws.deals.get(index.id(slot)).map_or("", |d| d.name.as_str());
    let order = |a: &usize, b: &usize| {
        let (ra, rb) = (index.row(*a), index.row(*b));
        let key = |r: &DealRow| (r.expected_close.is_none(), r.expected_close, r.name_key);
        key(ra).cmp(&key(rb)).then_with(|| name(*a).cmp(name(*b)))
    };
    for (col, mut slots) in cols.iter_mut().zip(members) {
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
        assert_eq!(cols[0].total.home, 3000);
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
        assert_eq!(cols[0].count, 2);
        assert_eq!(cols[0].total.home, 15_000);
        assert_eq!(cols[0].weighted.home, 1_500);
        assert_eq!(
            cols[0].cards[0].expected_close,
            Some(day(12, 5)),
            "dated first"
        );
        assert!(cols[0].cards[0].next_step_overdue);
        assert_eq!(cols[3].weighted.home, 12_000);
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

    #[test]
    fn column_totals_convert_with_the_rates_and_keep_the_rest_apart() {
        use crate::domain::{Currency, ExchangeRate, Rate};
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        ws.put(
            ExchangeRate {
                id: ids.next_id(),
                currency: Currency::new("EUR").unwrap(),
                quote: Currency::usd(),
                valid_from: day(1, 1),
                rate: Rate::parse("1.5").unwrap(),
                created_at: crate::domain::workspace::tests::now(),
                updated_at: crate::domain::workspace::tests::now(),
            }
            .into(),
        );
        for (currency, amount) in [
            ("USD", Some(10_000)),
            ("EUR", Some(10_000)),
            ("COP", Some(500_000)),
            ("USD", None),
        ] {
            let mut d = deal(&ws, ids.next_id(), None);
            d.stage_id = p.stages[0].id.clone();
            d.currency = Currency::new(currency).unwrap();
            d.amount = amount;
            ws.put(d.into());
        }
        let cols = columns(&ws, &BoardFilter::default(), day(11, 22), 40);
        assert_eq!(cols[0].count, 4);
        assert_eq!(cols[0].without_amount, 1);
        // $100 + €100 × 1.5; the pesos have no rate and stay apart.
        assert_eq!(cols[0].total.home, 25_000);
        assert_eq!(
            cols[0].total.unconverted[&Currency::new("COP").unwrap()],
            500_000
        );
        assert_eq!(cols[0].weighted.home, 2_500);
    }
}
