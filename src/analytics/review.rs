//! The pipeline review: what changed between the end of day `since` and the end of day
//! `until` (today, normally a week after), for a scope, read from the change logs
//! with `as_of` (through the KPI facts' replay, which a test holds equal to it).
//!
//! Lists: deals new (created after `since`), won, lost, moved forward or back a stage
//! (their stage then against now, open stages only), pushed out or pulled in (their
//! expected close moved to a later or earlier month), and whose amount went up or
//! down; each with its count, amount and deals, per rep.
//!
//! The waterfall: open pipeline on `since` + new + moved in + increases − decreases −
//! won − lost − moved out = open pipeline on `until`, to the cent. Each deal counts in
//! one way only:
//! - open then and open now: its amount change (an increase or a decrease);
//! - open then, won now: its amount change, then won at its amount now; lost now: lost
//!   at its amount then; neither (another pipeline or scope): moved out at its amount
//!   then;
//! - not open then, open now: new if it was created after `since`, else moved in
//!   (reopened, or moved into the scope);
//! - created after `since` and closed since: new, then won or lost at its amount.
//!
//! Every amount is converted with the rates of `until`, so a rate change is not
//! mistaken for a change in the pipeline; a deal with an amount in a currency without a
//! rate is left out of the waterfall and counted apart.

use super::kpi::facts::KpiFacts;
use super::scope::Matcher;
use crate::domain::{Currency, Date, Id, Rates, StageKind, Workspace};
use chrono::Datelike;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    New,
    Won,
    Lost,
    Forward,
    Back,
    PushedOut,
    PulledIn,
    AmountUp,
    AmountDown,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 9] = [
        ChangeKind::New,
        ChangeKind::Won,
        ChangeKind::Lost,
        ChangeKind::Forward,
        ChangeKind::Back,
        ChangeKind::PushedOut,
        ChangeKind::PulledIn,
        ChangeKind::AmountUp,
        ChangeKind::AmountDown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::New => "New",
            ChangeKind::Won => "Won",
            ChangeKind::Lost => "Lost",
            ChangeKind::Forward => "Moved forward",
            ChangeKind::Back => "Moved back",
            ChangeKind::PushedOut => "Pushed out",
            ChangeKind::PulledIn => "Pulled in",
            ChangeKind::AmountUp => "Amount up",
            ChangeKind::AmountDown => "Amount down",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Won => "won",
            ChangeKind::Lost => "lost",
            ChangeKind::Forward => "forward",
            ChangeKind::Back => "back",
            ChangeKind::PushedOut => "pushed-out",
            ChangeKind::PulledIn => "pulled-in",
            ChangeKind::AmountUp => "amount-up",
            ChangeKind::AmountDown => "amount-down",
        }
    }

    pub fn from_key(k: &str) -> Option<ChangeKind> {
        Self::ALL.into_iter().find(|c| c.key() == k)
    }

    /// What the group's amount means, for its column header.
    pub fn amount_means(self) -> &'static str {
        match self {
            ChangeKind::AmountUp | ChangeKind::AmountDown => "change",
            ChangeKind::Lost => "amount then",
            _ => "amount now",
        }
    }
}

/// One deal in a group, with what changed in words.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewDeal {
    pub id: Id,
    pub name: String,
    pub owner: String,
    /// Minor units of the home currency (`None` when its currency has no rate).
    pub amount: Option<i64>,
    /// "Discovery → Proposal", "Dec 15, 2026 → Jan 20, 2027", "$5,000.00 → $6,500.00".
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RepLine {
    pub name: String,
    pub count: usize,
    pub amount: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReviewGroup {
    pub kind: ChangeKind,
    pub count: usize,
    /// Minor units of the home currency (see `ChangeKind::amount_means`).
    pub amount: i64,
    pub deals: Vec<ReviewDeal>,
    pub per_rep: Vec<RepLine>,
}

/// The waterfall's steps, in minor units of the home currency.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Waterfall {
    pub opening: i64,
    pub new: i64,
    pub moved_in: i64,
    pub increases: i64,
    pub decreases: i64,
    pub won: i64,
    pub lost: i64,
    pub moved_out: i64,
    pub closing: i64,
    /// Deals left out because an amount of theirs has no rate, per currency.
    pub left_out: Vec<(Currency, usize)>,
}

impl Waterfall {
    /// opening + new + moved in + increases − decreases − won − lost − moved out.
    pub fn computed_closing(&self) -> i64 {
        self.opening + self.new + self.moved_in + self.increases
            - self.decreases
            - self.won
            - self.lost
            - self.moved_out
    }

    /// The steps as (label, signed amount, the group whose deals it opens).
    pub fn steps(&self) -> Vec<(&'static str, i64, Option<ChangeKind>)> {
        vec![
            ("Open pipeline then", self.opening, None),
            ("New", self.new, Some(ChangeKind::New)),
            ("Moved in", self.moved_in, None),
            ("Increases", self.increases, Some(ChangeKind::AmountUp)),
            ("Decreases", -self.decreases, Some(ChangeKind::AmountDown)),
            ("Won", -self.won, Some(ChangeKind::Won)),
            ("Lost", -self.lost, Some(ChangeKind::Lost)),
            ("Moved out", -self.moved_out, None),
            ("Open pipeline now", self.closing, None),
        ]
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub since: Date,
    pub until: Date,
    pub groups: Vec<ReviewGroup>,
    pub waterfall: Waterfall,
}

impl Review {
    pub fn group(&self, kind: ChangeKind) -> &ReviewGroup {
        self.groups
            .iter()
            .find(|g| g.kind == kind)
            .expect("every group is made")
    }
}

fn month(d: Date) -> (i32, u32) {
    (d.year(), d.month())
}

/// What changed between the end of `since` and now (`until` is today: the facts'
/// current rows are the deals as they are now).
pub fn review(
    ws: &Workspace,
    facts: &KpiFacts,
    m: &Matcher<u32>,
    rates: &Rates,
    since: Date,
    until: Date,
) -> Review {
    use crate::domain::money::format_minor;
    use crate::domain::time::format_date;
    let home = rates.home();
    let kind_of = |stage: u32| facts.stage(stage).map_or(StageKind::Open, |s| s.kind);
    let order_of = |stage: u32| facts.stage(stage).map_or(0, |s| s.order);
    let stage_name = |stage: u32| {
        let id = facts.stages.key(stage);
        ws.pipelines
            .values()
            .find_map(|p| p.stage(id))
            .map_or_else(|| "a removed stage".to_string(), |s| s.name.clone())
    };
    let owner_name = |owner: Option<u32>| {
        let id = owner.map(|o| facts.keys.key(o).clone());
        ws.rep_name(id.as_ref()).unwrap_or("No owner").to_string()
    };
    let to_home = |amount: Option<i64>, currency: u32| -> Result<i64, Currency> {
        match amount {
            None => Ok(0),
            Some(a) => {
                let c = facts.currency(currency);
                rates.to_home(a, c, until).ok_or_else(|| c.clone())
            }
        }
    };

    let mut groups: HashMap<ChangeKind, Vec<(ReviewDeal, Option<u32>)>> = HashMap::new();
    let mut w = Waterfall::default();
    let mut left_out: HashMap<Currency, usize> = HashMap::new();
    for (slot, now) in facts.live_deals() {
        let then = facts.deal_on(slot, since);
        let open_then = then.filter(|t| kind_of(t.stage) == StageKind::Open && m.holds(&t.place));
        let in_scope_now = m.holds(&now.place);
        let kind_now = kind_of(now.stage);
        let open_now = in_scope_now && kind_now == StageKind::Open;
        let created_since = now.created > since && now.created <= until;
        let closed_since = now.closed.is_some_and(|c| c > since && c <= until);
        if open_then.is_none() && !in_scope_now {
            continue;
        }
        let d = ws.deals.get(&facts.deal_ids[slot]);
        let name = d.map_or_else(String::new, |d| d.name.clone());
        let id = facts.deal_ids[slot].clone();
        let a = open_then.map(|t| to_home(t.amount, t.currency));
        let b = to_home(now.amount, now.currency);
        let b_text = match &b {
            Ok(v) => format_minor(*v, &home),
            Err(c) => format!("an amount in {c} (no rate)"),
        };
        let mut add =
            |kind: ChangeKind, amount: Option<i64>, detail: String, owner: Option<u32>| {
                groups.entry(kind).or_default().push((
                    ReviewDeal {
                        id: id.clone(),
                        name: name.clone(),
                        owner: owner_name(owner),
                        amount,
                        detail,
                    },
                    owner,
                ));
            };
        let owner_now = now.place.owner;

        // The lists.
        if in_scope_now && created_since {
            add(
                ChangeKind::New,
                b.clone().ok(),
                format!("Created {}", format_date(now.created)),
                owner_now,
            );
        }
        if in_scope_now && closed_since && (open_then.is_some() || created_since) {
            match kind_now {
                StageKind::Won => add(
                    ChangeKind::Won,
                    b.clone().ok(),
                    format!("Won on {}", format_date(now.closed.unwrap_or(until))),
                    owner_now,
                ),
                StageKind::Lost => {
                    let amount = match a.clone() {
                        Some(x) => x.ok(),
                        None => b.clone().ok(),
                    };
                    let reason = d
                        .and_then(|d| d.lost_reason.clone())
                        .unwrap_or_else(|| "no reason".into());
                    add(
                        ChangeKind::Lost,
                        amount,
                        format!(
                            "Lost on {}: {reason}",
                            format_date(now.closed.unwrap_or(until))
                        ),
                        owner_now,
                    );
                }
                StageKind::Open => {}
            }
        }
        if let (Some(t), true) = (open_then, open_now) {
            let (o_then, o_now) = (order_of(t.stage), order_of(now.stage));
            if t.stage != now.stage && o_now != o_then {
                let detail = format!("{} → {}", stage_name(t.stage), stage_name(now.stage));
                let kind = if o_now > o_then {
                    ChangeKind::Forward
                } else {
                    ChangeKind::Back
                };
                add(kind, b.clone().ok(), detail, owner_now);
            }
            if let (Some(x), Some(y)) = (t.expected, now.expected) {
                if month(y) != month(x) {
                    let kind = if month(y) > month(x) {
                        ChangeKind::PushedOut
                    } else {
                        ChangeKind::PulledIn
                    };
                    add(
                        kind,
                        b.clone().ok(),
                        format!("{} → {}", format_date(x), format_date(y)),
                        owner_now,
                    );
                }
            }
            if let (Some(Ok(x)), Ok(y)) = (a.clone(), b.clone()) {
                if y != x {
                    let kind = if y > x {
                        ChangeKind::AmountUp
                    } else {
                        ChangeKind::AmountDown
                    };
                    add(
                        kind,
                        Some((y - x).abs()),
                        format!("{} → {}", format_minor(x, &home), format_minor(y, &home)),
                        owner_now,
                    );
                }
            }
        }

        // The waterfall.
        let (a, b) = match (a, b) {
            (Some(Err(c)), _) | (_, Err(c)) => {
                let counts = open_then.is_some() || open_now || (in_scope_now && created_since);
                if counts {
                    *left_out.entry(c).or_default() += 1;
                }
                continue;
            }
            (Some(Ok(x)), Ok(y)) => (Some(x), y),
            (None, Ok(y)) => (None, y),
        };
        let _ = &b_text;
        match (a, open_now) {
            (Some(x), true) => {
                w.opening += x;
                w.closing += b;
                if b >= x {
                    w.increases += b - x;
                } else {
                    w.decreases += x - b;
                }
            }
            (Some(x), false) => {
                w.opening += x;
                match (in_scope_now, kind_now) {
                    (true, StageKind::Won) => {
                        if b >= x {
                            w.increases += b - x;
                        } else {
                            w.decreases += x - b;
                        }
                        w.won += b;
                    }
                    (true, StageKind::Lost) => w.lost += x,
                    _ => w.moved_out += x,
                }
            }
            (None, true) => {
                w.closing += b;
                if created_since {
                    w.new += b;
                } else {
                    w.moved_in += b;
                }
            }
            (None, false) => {
                if in_scope_now && created_since && closed_since {
                    w.new += b;
                    match kind_now {
                        StageKind::Won => w.won += b,
                        _ => w.lost += b,
                    }
                }
            }
        }
    }
    let mut lo: Vec<(Currency, usize)> = left_out.into_iter().collect();
    lo.sort();
    w.left_out = lo;

    let groups = ChangeKind::ALL
        .into_iter()
        .map(|kind| {
            let mut entries = groups.remove(&kind).unwrap_or_default();
            entries.sort_by(|x, y| {
                y.0.amount
                    .cmp(&x.0.amount)
                    .then_with(|| x.0.name.cmp(&y.0.name))
            });
            let mut per: HashMap<String, (usize, i64)> = HashMap::new();
            for (d, _) in &entries {
                let e = per.entry(d.owner.clone()).or_default();
                e.0 += 1;
                e.1 += d.amount.unwrap_or(0);
            }
            let mut per_rep: Vec<RepLine> = per
                .into_iter()
                .map(|(name, (count, amount))| RepLine {
                    name,
                    count,
                    amount,
                })
                .collect();
            per_rep.sort_by(|x, y| y.amount.cmp(&x.amount).then_with(|| x.name.cmp(&y.name)));
            let deals: Vec<ReviewDeal> = entries.into_iter().map(|(d, _)| d).collect();
            ReviewGroup {
                kind,
                count: deals.len(),
                amount: deals.iter().filter_map(|d| d.amount).sum(),
                deals,
                per_rep,
            }
        })
        .collect();
    Review {
        since,
        until,
        groups,
        waterfall: w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, noon, Fx};
    use crate::analytics::scope::Scope;
    use crate::domain::deal_log::log_edits;
    use crate::domain::deal_rules::change_stage;
    use crate::domain::{Change, Record};

    /// Edits a deal the way the app does (logged), on `day` at noon.
    fn edit(fx: &mut Fx, id: &Id, day: Date, f: impl FnOnce(&mut crate::domain::Deal)) {
        let mut x = fx.ws.deals.get(id).unwrap().clone();
        f(&mut x);
        x.updated_at = noon(day);
        let mut changes = vec![Change::Put(Record::Deal(x))];
        log_edits(&fx.ws, &mut changes);
        fx.ws.apply(changes);
    }

    fn move_to(fx: &mut Fx, id: &Id, stage: &str, day: Date) {
        let p = fx.ws.default_pipeline().unwrap().clone();
        let x = fx.ws.deals.get(id).unwrap().clone();
        let to = fx.stage(stage);
        let reason = (stage == "Lost").then(|| "Price".to_string());
        let moved = change_stage(&x, &p, &to, reason, None, noon(day), day).unwrap();
        let mut changes = vec![Change::Put(Record::Deal(moved))];
        log_edits(&fx.ws, &mut changes);
        fx.ws.apply(changes);
    }

    /// A week with new, won, lost, pushed, pulled, resized and moved deals.
    fn week() -> (Fx, Id, Id) {
        let mut fx = Fx::new();
        let ana = fx.rep("Ana", None);
        let bo = fx.rep("Bo", None);
        let before = d(2026, 11, 1);
        let mk = |fx: &mut Fx, owner: &Id, amount: i64, close: Date| {
            fx.deal(
                owner,
                before,
                &[("Prospecting", before)],
                Some(amount),
                "USD",
                Some(close),
                None,
            )
        };
        let grows = mk(&mut fx, &ana, 1_000_000, d(2026, 12, 10));
        let shrinks = mk(&mut fx, &bo, 500_000, d(2026, 12, 20));
        let wins = mk(&mut fx, &ana, 2_000_000, d(2026, 11, 30));
        let loses = mk(&mut fx, &bo, 300_000, d(2026, 12, 5));
        let pushed = mk(&mut fx, &ana, 700_000, d(2026, 11, 28));
        let pulled = mk(&mut fx, &bo, 400_000, d(2027, 1, 15));
        let _still = mk(&mut fx, &ana, 100_000, d(2027, 2, 1));
        // During the week of Nov 16–22 (review since Nov 15).
        edit(&mut fx, &grows, d(2026, 11, 17), |x| {
            x.amount = Some(1_250_000)
        });
        move_to(&mut fx, &grows, "Proposal", d(2026, 11, 18));
        edit(&mut fx, &shrinks, d(2026, 11, 17), |x| {
            x.amount = Some(450_000)
        });
        move_to(&mut fx, &wins, "Negotiation", d(2026, 11, 16));
        edit(&mut fx, &wins, d(2026, 11, 19), |x| {
            x.amount = Some(2_100_000)
        });
        move_to(&mut fx, &wins, "Won", d(2026, 11, 20));
        move_to(&mut fx, &loses, "Lost", d(2026, 11, 21));
        edit(&mut fx, &pushed, d(2026, 11, 18), |x| {
            x.expected_close = Some(d(2027, 1, 31))
        });
        edit(&mut fx, &pulled, d(2026, 11, 18), |x| {
            x.expected_close = Some(d(2026, 12, 31))
        });
        let fresh = fx.deal(
            &bo,
            d(2026, 11, 19),
            &[("Prospecting", d(2026, 11, 19))],
            Some(900_000),
            "USD",
            Some(d(2027, 1, 1)),
            None,
        );
        // Created and won within the week.
        fx.deal(
            &ana,
            d(2026, 11, 16),
            &[("Prospecting", d(2026, 11, 16)), ("Won", d(2026, 11, 22))],
            Some(50_000),
            "USD",
            None,
            None,
        );
        // Reopened: lost before the week, open again in it.
        let back = fx.deal(
            &bo,
            d(2026, 10, 1),
            &[("Prospecting", d(2026, 10, 1)), ("Lost", d(2026, 10, 20))],
            Some(60_000),
            "USD",
            Some(d(2026, 12, 1)),
            None,
        );
        move_to(&mut fx, &back, "Qualification", d(2026, 11, 20));
        (fx, grows, fresh)
    }

    fn run(fx: &Fx, scope: &Scope) -> Review {
        let facts = KpiFacts::build(&fx.ws);
        let rates = Rates::of(&fx.ws);
        review(
            &fx.ws,
            &facts,
            &facts.matcher(scope, &fx.ws),
            &rates,
            d(2026, 11, 15),
            d(2026, 11, 22),
        )
    }

    #[test]
    fn a_week_of_changes_is_listed_and_the_waterfall_balances_to_the_cent() {
        let (fx, grows, fresh) = week();
        let r = run(&fx, &Scope::everyone());
        let count = |k: ChangeKind| r.group(k).count;
        assert_eq!(
            count(ChangeKind::New),
            2,
            "fresh, and the one won within the week"
        );
        assert_eq!(count(ChangeKind::Won), 2);
        assert_eq!(count(ChangeKind::Lost), 1);
        assert_eq!(
            count(ChangeKind::Forward),
            1,
            "grows: Prospecting → Proposal"
        );
        assert_eq!(count(ChangeKind::PushedOut), 1);
        assert_eq!(count(ChangeKind::PulledIn), 1);
        assert_eq!(count(ChangeKind::AmountUp), 1);
        assert_eq!(count(ChangeKind::AmountDown), 1);
        assert_eq!(r.group(ChangeKind::AmountUp).deals[0].id, grows);
        assert_eq!(r.group(ChangeKind::AmountUp).amount, 250_000);
        assert_eq!(
            r.group(ChangeKind::Forward).deals[0].detail,
            "Prospecting → Proposal"
        );
        assert!(r.group(ChangeKind::New).deals.iter().any(|x| x.id == fresh));
        assert_eq!(r.group(ChangeKind::Won).amount, 2_150_000);

        let w = &r.waterfall;
        // Open on Nov 15: the seven deals made on Nov 1 ($50,000.00).
        assert_eq!(w.opening, 5_000_000);
        // New: fresh $9,000 + the quick win $500; moved in: the reopened $600.
        assert_eq!((w.new, w.moved_in), (950_000, 60_000));
        // Increases: grows +$2,500 and wins +$1,000; decreases: shrinks −$500.
        assert_eq!((w.increases, w.decreases), (350_000, 50_000));
        assert_eq!((w.won, w.lost, w.moved_out), (2_150_000, 300_000, 0));
        assert_eq!(w.closing, w.computed_closing(), "balances to the cent");
        // Open now, counted directly: grows, shrinks, pushed, pulled, still, fresh, back.
        assert_eq!(
            w.closing,
            1_250_000 + 450_000 + 700_000 + 400_000 + 100_000 + 900_000 + 60_000
        );
        let steps: i64 = w.steps()[1..8].iter().map(|s| s.1).sum();
        assert_eq!(w.steps()[0].1 + steps, w.steps()[8].1);
    }

    #[test]
    fn per_rep_lines_and_scopes() {
        let (fx, ..) = week();
        let all = run(&fx, &Scope::everyone());
        let lost = all.group(ChangeKind::Lost);
        assert_eq!(
            lost.per_rep,
            [RepLine {
                name: "Bo".into(),
                count: 1,
                amount: 300_000
            }]
        );
        let ana = fx
            .ws
            .reps
            .values()
            .find(|r| r.name == "Ana")
            .unwrap()
            .id
            .clone();
        let r = run(&fx, &Scope::rep(ana));
        assert_eq!(r.group(ChangeKind::Lost).count, 0);
        assert_eq!(r.group(ChangeKind::Won).count, 2);
        assert_eq!(r.waterfall.closing, r.waterfall.computed_closing());
        assert_eq!(r.waterfall.closing, 1_250_000 + 700_000 + 100_000);
    }

    #[test]
    fn amounts_without_a_rate_are_left_out_and_the_rest_still_balances() {
        let (mut fx, ..) = week();
        let ana = fx
            .ws
            .reps
            .values()
            .find(|r| r.name == "Ana")
            .unwrap()
            .id
            .clone();
        let early = d(2026, 11, 1);
        fx.deal(
            &ana,
            early,
            &[("Prospecting", early)],
            Some(1_000_000),
            "COP",
            Some(d(2026, 12, 1)),
            None,
        );
        let r = run(&fx, &Scope::everyone());
        assert_eq!(r.waterfall.left_out, [(Currency::new("COP").unwrap(), 1)]);
        assert_eq!(r.waterfall.closing, r.waterfall.computed_closing());
    }
}
