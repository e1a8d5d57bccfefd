//! One deal's life: it enters the open stages in order, then is won or lost (or is
//! still open today), with the activities a rep logs along the way.

use super::activities::{self, Links};
use super::names;
use super::plan::{work_minute, Clock};
use super::rng::Rng;
use super::State;
use crate::domain::{
    ActivityKind, Currency, Deal, ForecastCategory, Id, Record, Segment, StageChange,
};
use chrono::Datelike;

/// What a segment's deals look like.
pub(super) struct SegmentProfile {
    /// Typical days from creation to close.
    pub cycle: f64,
    /// Multiplies the rep's win rate.
    pub win: f64,
    /// Deal size range in dollars (most deals are near the low end).
    pub low: f64,
    pub high: f64,
    /// Amounts are rounded to this many dollars.
    pub round: i64,
    /// Contacts per account.
    pub contacts: (i64, i64),
}

pub(super) fn profile(segment: Segment) -> SegmentProfile {
    match segment {
        Segment::B2C => SegmentProfile {
            cycle: 21.0,
            win: 1.2,
            low: 800.0,
            high: 6_000.0,
            round: 10,
            contacts: (1, 2),
        },
        Segment::B2B => SegmentProfile {
            cycle: 60.0,
            win: 1.0,
            low: 6_000.0,
            high: 60_000.0,
            round: 100,
            contacts: (2, 4),
        },
        Segment::SaaS => SegmentProfile {
            cycle: 45.0,
            win: 1.05,
            low: 9_000.0,
            high: 90_000.0,
            round: 100,
            contacts: (2, 4),
        },
        Segment::Enterprise => SegmentProfile {
            cycle: 120.0,
            win: 0.8,
            low: 60_000.0,
            high: 450_000.0,
            round: 1_000,
            contacts: (3, 6),
        },
    }
}

/// A new-business amount in cents for `segment`, scaled by the rep's deal size.
pub(super) fn amount(rng: &mut Rng, segment: Segment, size_mult: f64) -> i64 {
    let p = profile(segment);
    let u = rng.unit();
    let dollars = (p.low + (p.high - p.low) * u * u * u) * size_mult;
    round_dollars(dollars, p.round)
}

pub(super) fn round_dollars(dollars: f64, round: i64) -> i64 {
    let whole = ((dollars / round as f64).round() as i64).max(1) * round;
    whole * 100
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum DealKind {
    New,
    Expansion,
    Renewal,
}

pub(super) struct DealInput {
    pub id: Id,
    pub name: String,
    pub account_id: Id,
    pub contacts: Vec<Id>,
    pub segment: Segment,
    /// The account's rep (the deal goes to their successor if they leave).
    pub rep: usize,
    pub kind: DealKind,
    pub created: i64,
    pub amount: i64,
    pub mrr: Option<i64>,
    pub source_lead: Option<Id>,
    /// Multiplies the win chance (referred leads convert better).
    pub win_boost: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    Won(i64),
    Lost(i64),
    Open,
}

pub(super) struct DealOutput {
    pub deal: Deal,
    pub outcome: Outcome,
    /// The rep who owns the deal now (index into the world's reps).
    pub owner: usize,
}

/// Follow-up activities per deal, before the rep's activity level and the deal's length.
const FOLLOW_UPS_PER_DEAL: f64 = 0.2;

/// Closes bunch up at quarter ends (and more so in Q4): a close late in a quarter is
/// often pulled to its last days, one in the first month of a quarter often pulled
/// into the last days of the quarter before.
fn seasonal(rng: &mut Rng, clock: &Clock, close: i64) -> i64 {
    let qe = clock.quarter_end_day(close);
    let q4 = clock.date(close).month() >= 10;
    if qe - close <= 21 && rng.chance(if q4 { 0.65 } else { 0.45 }) {
        qe - rng.between(0, 3)
    } else {
        let prev_qe = clock.day_of(clock.quarter_start(clock.quarter(close))) - 1;
        let prev_q4 = clock.date(prev_qe).month() == 12;
        if close - prev_qe <= 30 && rng.chance(if prev_q4 { 0.6 } else { 0.45 }) {
            prev_qe - rng.between(0, 2)
        } else {
            close
        }
    }
}

fn owner_id(st: &State, rep: usize, day: i64) -> Id {
    st.world.reps[st.world.owner_at(rep, day)].id.clone()
}

/// Simulates one deal; its activities go to `out`, the deal is returned.
pub(super) fn simulate(st: &mut State, inp: DealInput, out: &mut Vec<Record>) -> DealOutput {
    let last = st.clock.last();
    let today = st.clock.today;
    let renewal = inp.kind == DealKind::Renewal;
    let seg = profile(inp.segment);
    let worker = st.world.owner_at(inp.rep, inp.created);
    let (win_rate, cycle_mult, activity_mult) = {
        let r = &st.world.reps[worker];
        (r.win_rate, r.cycle_mult, r.activity_mult)
    };
    let p_win = match inp.kind {
        DealKind::Renewal => 0.84,
        DealKind::Expansion => win_rate * 1.3 + 0.08,
        DealKind::New => win_rate * seg.win * inp.win_boost,
    }
    .clamp(0.03, 0.92);
    let won = st.rng.chance(p_win);
    let base_cycle = cycle_mult
        * match inp.kind {
            DealKind::Renewal => 40.0,
            DealKind::Expansion => seg.cycle * 0.6,
            DealKind::New => seg.cycle,
        };
    let cycle = base_cycle * st.rng.lognormal(0.3);

    // The day the deal enters each open stage it reaches, then the close.
    let pl = if renewal {
        &st.world.renewals
    } else {
        &st.world.sales
    };
    let n_open = pl.open.len();
    let reach = if won {
        n_open - 1
    } else {
        st.rng.weighted(pl.lost_weights)
    };
    let mut days = Vec::with_capacity(n_open);
    days.push(inp.created);
    let mut t = inp.created as f64;
    for s in 0..reach {
        t += (pl.fractions[s] * cycle * st.rng.lognormal(0.25)).max(1.0);
        let d = (t.round() as i64).max(days[s] + 1);
        days.push(d);
        t = d as f64;
    }
    let entered_last = days[days.len() - 1];
    let stay = pl.fractions[reach] * cycle * st.rng.lognormal(0.25) * if won { 1.0 } else { 0.7 };
    let mut close = ((t + stay.max(1.0)).round() as i64).max(entered_last + 1);
    if won {
        // Moving the close moves the stage changes before it in proportion.
        let target = seasonal(&mut st.rng, &st.clock, close);
        if target != close && target - inp.created > days.len() as i64 {
            let ratio = (target - inp.created) as f64 / (close - inp.created) as f64;
            let mut moved = days.clone();
            for i in 1..moved.len() {
                let scaled = inp.created + ((days[i] - inp.created) as f64 * ratio).round() as i64;
                moved[i] = scaled.max(moved[i - 1] + 1);
            }
            if moved[moved.len() - 1] < target {
                days = moved;
                close = target;
            }
        }
    }

    // Some deals that should have closed lately slipped and sit idle; some open ones
    // stalled a while ago.
    let slipped = close <= last && close > last - 75 && st.rng.chance(0.15);
    let closed = close <= last && !slipped;
    let stalled = !closed && (slipped || st.rng.chance(0.12));
    let active_end = if closed {
        close
    } else if stalled {
        (last - st.rng.between(15, 60)).max(inp.created)
    } else {
        last
    };
    let entered: Vec<i64> = days.into_iter().filter(|d| *d <= active_end).collect();
    let mut history: Vec<StageChange> = entered
        .iter()
        .enumerate()
        .map(|(s, d)| StageChange {
            stage_id: pl.open[s].clone(),
            at: st.clock.ts(*d, work_minute(&mut st.rng)),
        })
        .collect();
    let stage_now = entered.len() - 1;
    if closed {
        history.push(StageChange {
            stage_id: if won { pl.won.clone() } else { pl.lost.clone() },
            at: st.clock.ts(close, work_minute(&mut st.rng)),
        });
    }
    let pipeline_id = pl.id.clone();
    let stage_id = history[history.len() - 1].stage_id.clone();
    let created_at = history[0].at;
    let mut updated_at = history[history.len() - 1].at;

    // Activities along the way.
    let mut links = Links {
        deal: Some(inp.id.clone()),
        account: Some(inp.account_id.clone()),
        contact: None,
        lead: None,
    };
    let mut push = |a: crate::domain::Activity, out: &mut Vec<Record>| {
        updated_at = updated_at.max(a.updated_at);
        out.push(Record::Activity(a));
    };
    let contacts = &inp.contacts;
    let pick_contact = |rng: &mut Rng| -> Option<Id> {
        (!contacts.is_empty()).then(|| contacts[rng.below(contacts.len())].clone())
    };
    // Not every step gets logged; small deals get fewer activities.
    let detail = if inp.segment == Segment::B2C {
        0.55
    } else {
        0.75
    };
    for (s, &d) in entered.iter().enumerate() {
        let window_end = entered.get(s + 1).copied().unwrap_or(active_end);
        for (n, (kind, subject)) in activities::stage_activities(renewal, s).iter().enumerate() {
            let logged = if n == 0 { detail } else { detail * 0.4 };
            if !st.rng.chance(logged) {
                continue;
            }
            let day = (d + st.rng.between(0, (window_end - d).min(3))).min(last);
            links.contact = pick_contact(&mut st.rng);
            let owner = owner_id(st, inp.rep, day);
            let a = activities::done(st, *kind, subject, day, &owner, &links);
            push(a, out);
        }
    }
    let span = (active_end - inp.created) as f64;
    let extra_mean = FOLLOW_UPS_PER_DEAL * activity_mult * (span / 60.0).min(2.5);
    for _ in 0..st.rng.round_random(extra_mean) {
        let day = st.rng.between(inp.created, active_end.min(last));
        let (kind, subject) = *st.rng.pick(names::FOLLOW_UPS);
        links.contact = pick_contact(&mut st.rng);
        let owner = owner_id(st, inp.rep, day);
        let a = activities::done(st, kind, subject, day, &owner, &links);
        push(a, out);
    }

    let mut lost_reason = None;
    let mut next_step = None;
    let mut next_step_due = None;
    let mut forecast_category = None;
    let expected_close;
    if closed {
        if !won {
            let i = if renewal {
                [0usize, 3, 2][st.rng.below(3)]
            } else {
                st.rng.weighted(names::LOST_REASON_WEIGHTS)
            };
            lost_reason = st.lost_reasons.get(i).cloned();
        }
        let subject = match (&lost_reason, renewal) {
            (None, false) => "Closed won: contract signed".to_string(),
            (None, true) => "Renewal signed".to_string(),
            (Some(r), _) => format!("Closed lost: {}", r.to_lowercase()),
        };
        if st.rng.chance(if won { 0.7 } else { 0.25 }) {
            links.contact = pick_contact(&mut st.rng);
            let owner = owner_id(st, inp.rep, close);
            let a = activities::done(st, ActivityKind::Note, &subject, close, &owner, &links);
            push(a, out);
        }
        // What the rep expected when the deal was created.
        expected_close = inp.created + base_cycle.round() as i64 + st.rng.between(-10, 10);
    } else {
        let owner = owner_id(st, inp.rep, last);
        let (kind, step) = activities::next_step(renewal, stage_now);
        if stalled {
            expected_close = close;
            if st.rng.chance(0.4) {
                next_step = Some(step.to_string());
                next_step_due = Some(active_end + st.rng.between(5, 14));
            }
            if st.rng.chance(0.35) {
                let due = (active_end + st.rng.between(3, 10)).min(today - 1);
                links.contact = pick_contact(&mut st.rng);
                let a = activities::planned(
                    st,
                    ActivityKind::Task,
                    "Chase for a reply",
                    due,
                    active_end,
                    &owner,
                    &links,
                );
                push(a, out);
            }
        } else {
            expected_close = if st.rng.chance(0.06) {
                today - st.rng.between(1, 12)
            } else {
                close.max(today)
            };
            // A recent touch keeps the deal from looking stalled.
            let touch = (last - st.rng.between(0, 9)).max(inp.created);
            let (k, s) = if st.rng.chance(0.5) {
                (ActivityKind::Call, "Check-in call")
            } else {
                (ActivityKind::Email, "Follow-up email")
            };
            links.contact = pick_contact(&mut st.rng);
            let a = activities::done(st, k, s, touch, &owner, &links);
            push(a, out);
            if st.rng.chance(0.85) {
                next_step = Some(step.to_string());
                next_step_due = Some(today + st.rng.between(-3, 12));
            }
            if st.rng.chance(0.65) {
                let due = today + st.rng.between(0, 10);
                let written = (last - st.rng.between(0, 4)).max(inp.created);
                links.contact = pick_contact(&mut st.rng);
                let a = activities::planned(st, kind, step, due, written, &owner, &links);
                push(a, out);
            }
            if st.rng.chance(0.1) {
                let due = (today - st.rng.between(1, 7)).max(inp.created);
                let written = (due - 3).clamp(inp.created, last);
                links.contact = pick_contact(&mut st.rng);
                let a = activities::planned(
                    st,
                    ActivityKind::Task,
                    "Send the meeting recap",
                    due,
                    written,
                    &owner,
                    &links,
                );
                push(a, out);
            }
        }
        if stage_now >= 2 && st.rng.chance(0.15) {
            forecast_category = Some(if stage_now >= 3 {
                ForecastCategory::Commit
            } else {
                ForecastCategory::BestCase
            });
        } else if st.rng.chance(0.03) {
            forecast_category = Some(ForecastCategory::Omitted);
        }
    }

    let end = if closed { close } else { last };
    let owner = st.world.owner_at(inp.rep, end);
    let mut deal = Deal {
        id: inp.id,
        name: inp.name,
        account_id: Some(inp.account_id),
        contact_ids: inp.contacts,
        pipeline_id,
        stage_id,
        amount: Some(inp.amount),
        currency: Currency::usd(),
        owner_id: Some(st.world.reps[owner].id.clone()),
        expected_close: Some(st.clock.date(expected_close)),
        closed_on: closed.then(|| st.clock.date(close)),
        forecast_category,
        lost_reason,
        next_step,
        next_step_due: next_step_due.map(|d| st.clock.date(d)),
        source_lead_id: inp.source_lead,
        mrr: inp.mrr,
        external_id: None,
        stage_history: history,
        change_log: Vec::new(),
        created_at,
        updated_at,
    };
    deal.change_log = crate::domain::deal_log::backfill(&deal, &st.world.stages);
    let outcome = match (closed, won) {
        (true, true) => Outcome::Won(close),
        (true, false) => Outcome::Lost(close),
        _ => Outcome::Open,
    };
    DealOutput {
        deal,
        outcome,
        owner,
    }
}
