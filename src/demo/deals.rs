//! One deal's life: it enters the open stages in order, then is won or lost (or is
//! still open today), with the activities a rep logs along the way.
//!
//! The story a forecast can learn from, logged in the deal's change log as the app
//! would have logged it: the rep's expected close dates (a first guess, revised now and
//! then as the deal moves on, pushed each time the date passes with the deal still
//! open), forecast category overrides set as it reaches a stage, and the owner change
//! when its rep leaves. How a rep reads their deals follows their `optimism`: an
//! optimist expects deals to close sooner than they do (and pushes the date again and
//! again), commits deals at Proposal and keeps some lost deals open, their dates pushed
//! month after month, until a quarter-end clean-up; a sandbagger expects them later
//! than they close and holds Negotiation deals back from Commit.

use super::activities::{self, Links};
use super::names;
use super::plan::{work_minute, Clock};
use super::rng::Rng;
use super::State;
use crate::domain::deal_log::{DealChange, FieldChange};
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
    let mut reach = if won {
        n_open - 1
    } else {
        st.rng.weighted(pl.lost_weights)
    };
    // Happy ears: an optimist moves a deal that will be lost a stage further first.
    let hope = st.world.reps[worker].optimism;
    if !won && hope > 0.0 && reach + 1 < n_open && st.rng.chance(hope) {
        reach += 1;
    }
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

    // The story's own draws (dates, categories) come from a generator of the deal's.
    let mut story = Rng::new(st.rng.next_u64());
    let optimism = st.world.reps[worker].optimism;
    // Some lost deals are not let go: nobody works them after they are lost, but they
    // stay open, their date pushed month after month, until a quarter-end clean-up
    // (later than today for some: still open).
    let linger_p = if renewal {
        0.0
    } else {
        0.35 + 0.6 * optimism.max(0.0)
    };
    let given_up = (!won && story.chance(linger_p)).then_some(close);
    if given_up.is_some() {
        close = st.clock.quarter_end_day(close + story.between(40, 220));
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
    // The last day anyone worked the deal.
    let active_end = given_up.map_or(active_end, |g| g.min(active_end));
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
    } else {
        let owner = owner_id(st, inp.rep, last);
        let (kind, step) = activities::next_step(renewal, stage_now);
        if stalled {
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
    }

    let end = if closed { close } else { last };
    let owner = st.world.owner_at(inp.rep, end);

    // What the rep said about the deal over its life.
    let sales = !renewal;
    let until = if closed { close - 1 } else { active_end };
    // A lost deal's rep expected it to close as a win would have.
    let truth = if won || !closed {
        close
    } else {
        given_up.unwrap_or(close) + (cycle * 0.3 * story.lognormal(0.3)).round() as i64
    };
    let dates = expected_path(
        &mut story,
        optimism,
        inp.created,
        &entered,
        truth,
        until.min(last),
        given_up,
    );
    let categories = if sales {
        category_path(&mut story, optimism, &entered, until.min(last))
    } else {
        Vec::new()
    };
    let mut log: Vec<DealChange> = Vec::new();
    let mut e_now = dates.first;
    for (day, minute, to) in &dates.changes {
        log.push(DealChange {
            at: st.clock.ts(*day, *minute),
            field: FieldChange::ExpectedClose(Some(st.clock.date(e_now)), Some(st.clock.date(*to))),
        });
        e_now = *to;
    }
    let mut c_now: Option<ForecastCategory> = None;
    for (day, to) in &categories {
        let at = history
            .iter()
            .find(|h| h.at.date_naive() == st.clock.date(*day))
            .map_or_else(|| st.clock.ts(*day, 17 * 60), |h| h.at)
            + chrono::Duration::minutes(10);
        log.push(DealChange {
            at,
            field: FieldChange::ForecastCategory(c_now, *to),
        });
        c_now = *to;
    }
    // The rep left while the deal was theirs: it went to their successor that day.
    let first_owner = st.world.owner_at(inp.rep, inp.created);
    if first_owner != owner {
        if let Some(left) = st.world.reps[first_owner].left_day {
            log.push(DealChange {
                at: st.clock.ts(left, 17 * 60),
                field: FieldChange::Owner(
                    Some(st.world.reps[first_owner].id.clone()),
                    Some(st.world.reps[owner].id.clone()),
                ),
            });
        }
    }
    for c in &log {
        updated_at = updated_at.max(c.at);
    }
    let won_reason = (closed && won).then(|| won_reason(&inp.id)).flatten();
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
        expected_close: Some(st.clock.date(e_now)),
        closed_on: closed.then(|| st.clock.date(close)),
        forecast_category: c_now,
        lost_reason,
        won_reason,
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
    log.extend(crate::domain::deal_log::backfill(&deal, &st.world.stages));
    log.sort_by_key(|c| c.at);
    deal.change_log = log;
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

/// A rep's expected close dates for a deal: the first, and each change as (day,
/// minute, new date), all day numbers.
pub(super) struct ExpectedPath {
    pub first: i64,
    pub changes: Vec<(i64, i64, i64)>,
}

/// How far ahead a rep of `optimism` expects a deal to close, `left` days of work
/// before it really does, `progress` (0 new, 1 at the last stage) along the way.
fn guess(rng: &mut Rng, optimism: f64, left: i64, progress: f64) -> i64 {
    let bias = if optimism > 0.0 {
        1.0 - 0.8 * optimism * (1.0 - 0.5 * progress)
    } else {
        1.0 - 0.45 * optimism * (1.0 - 0.6 * progress)
    };
    ((left.max(0) as f64 * bias * rng.lognormal(0.2)).round() as i64).max(5)
}

/// The dates a rep gives a deal created on `created`, that enters its stages on
/// `stages` and really closes on `truth`, updated until `until`: a first guess, a
/// revision now and then as it reaches a stage, and a push each time the date passes
/// with the deal still open (within ten days). Once a deal was given up on
/// (`given_up`), the date is just moved to the end of the next month.
pub(super) fn expected_path(
    rng: &mut Rng,
    optimism: f64,
    created: i64,
    stages: &[i64],
    truth: i64,
    until: i64,
    given_up: Option<i64>,
) -> ExpectedPath {
    let n = stages.len().max(1) as f64;
    let mut e = created + guess(rng, optimism, truth - created, 0.0).max(7);
    let first = e;
    let mut changes = Vec::new();
    let mut next_stage = 1;
    let mut notice = e + rng.between(1, 10);
    let mut last_day = created;
    while changes.len() < 24 {
        let stage_day = stages.get(next_stage).copied();
        let (day, push) = match stage_day {
            Some(d) if d < notice => (d, false),
            _ => (notice, true),
        };
        if day > until {
            break;
        }
        let day = day.max(last_day);
        if push {
            e = match given_up {
                Some(g) if day > g => month_end_after(day),
                _ if truth > day + 3 => {
                    day + guess(rng, optimism, truth - day, next_stage as f64 / n)
                }
                _ => day + rng.between(14, 45),
            };
            changes.push((day, work_minute(rng), e));
            notice = e + rng.between(1, 10);
        } else {
            next_stage += 1;
            if rng.chance(0.4) && truth > day {
                let to = day + guess(rng, optimism, truth - day, next_stage as f64 / n);
                if to != e {
                    e = to;
                    changes.push((day, work_minute(rng), e));
                    notice = e + rng.between(1, 10);
                }
            }
        }
        last_day = day;
    }
    ExpectedPath { first, changes }
}

/// The last day of the month after `day`'s month (day numbers of a calendar that
/// starts on any day: months of about 30.4 days are close enough for a push).
fn month_end_after(day: i64) -> i64 {
    day + 30 + (30 - day.rem_euclid(30))
}

/// Forecast category overrides a rep sets as a deal of the Sales pipeline reaches a
/// stage (stage index, from 0): an optimist commits at Proposal, a sandbagger keeps
/// Proposal deals in Pipeline and Negotiation deals in Best case; now and then anyone
/// takes a deal out of the forecast. (day, new override) in time order.
pub(super) fn category_path(
    rng: &mut Rng,
    optimism: f64,
    stages: &[i64],
    until: i64,
) -> Vec<(i64, Option<ForecastCategory>)> {
    let mut out = Vec::new();
    let mut now: Option<ForecastCategory> = None;
    for (i, &day) in stages.iter().enumerate() {
        if day > until {
            break;
        }
        let next = match i {
            3 if optimism > 0.3 && rng.chance(0.8 * optimism) => Some(ForecastCategory::Commit),
            3 if optimism < -0.3 && rng.chance(0.6 * -optimism) => Some(ForecastCategory::Pipeline),
            3 if rng.chance(0.08) => Some(ForecastCategory::Commit),
            4 if optimism < -0.3 && rng.chance(0.7 * -optimism) => Some(ForecastCategory::BestCase),
            4 => None,
            2 if rng.chance(0.03) => Some(ForecastCategory::Omitted),
            _ => now,
        };
        if next != now {
            out.push((day, next));
            now = next;
        }
    }
    out
}

/// A won deal's reason, drawn from its own id (FNV-1a) rather than the shared stream,
/// so adding won reasons left every other demo record as it was.
fn won_reason(id: &Id) -> Option<String> {
    let seed = id.as_str().bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let mut rng = Rng::new(seed);
    rng.chance(names::WON_REASON_SHARE)
        .then(|| names::WON_REASONS[rng.weighted(names::WON_REASON_WEIGHTS)].to_string())
}
