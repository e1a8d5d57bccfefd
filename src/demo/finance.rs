//! Written after every deal is known: quarterly quotas (set from each rep's track
//! record, so attainment varies) with a team quota per manager and one for the
//! company, monthly sales and marketing spend (for CAC), the managers' coaching notes,
//! and goals (calls and new deals per rep, deals reaching Proposal per team).

use super::plan::work_minute;
use super::State;
use crate::domain::{
    ActionItem, ActivityKind, CoachingNote, Currency, Goal, GoalMetric, GoalPeriod, Id, PeriodKind,
    Quota, Record, Spend,
};
use chrono::Duration;

/// Quotas ask for a little more than a rep's track record.
const QUOTA_STRETCH: f64 = 1.05;
/// $10,000 in cents.
const MIN_QUOTA: f64 = 1_000_000.0;

fn round_thousand(cents: f64) -> i64 {
    ((cents / 100_000.0).round() as i64) * 100_000
}

/// The share of quarter `q` a rep worked (hired on `hired`, left on `left`).
fn worked_share(st: &State, q: usize, hired: i64, left: Option<i64>) -> f64 {
    let q_start = st.clock.day_of(st.clock.quarter_start(q));
    let q_end = st.clock.day_of(st.clock.quarter_start(q + 1)) - 1;
    let from = q_start.max(hired);
    let to = q_end.min(left.unwrap_or(i64::MAX));
    ((to - from + 1) as f64 / (q_end - q_start + 1) as f64).clamp(0.0, 1.0)
}

/// A straight line through `(x, y)` points by least squares: (intercept, slope).
fn fit_line(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - slope * mx, slope)
}

/// Quarterly quotas for every rep over the history and the next quarter, and a team
/// quota per quarter. Each rep's quota follows the trend of their own bookings, so
/// attainment hovers around 90% with real ups and downs.
pub(super) fn quotas(st: &mut State, out: &mut Vec<Record>) {
    let last = st.clock.last();
    let current_q = st.clock.quarter(st.clock.today);
    let end_q = current_q + 1;
    let sellers: Vec<(usize, Id, i64, Option<i64>)> = st
        .world
        .sellers()
        .map(|(i, r)| (i, r.id.clone(), r.hired_day, r.left_day))
        .collect();
    // Each rep's bookings trend (per whole quarter), from the past quarters they worked.
    let trends: Vec<Option<(f64, f64, f64)>> = sellers
        .iter()
        .map(|(i, _, hired, left)| {
            let points: Vec<(f64, f64)> = (0..current_q)
                .filter_map(|q| {
                    let share = worked_share(st, q, *hired, *left);
                    (share >= 0.5).then(|| (q as f64, st.stats.won[*i][q] as f64 / share))
                })
                .collect();
            if points.len() < 3 {
                return None;
            }
            let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64;
            let (a, b) = fit_line(&points);
            Some((a, b, mean))
        })
        .collect();
    let predict = |t: &(f64, f64, f64), q: usize| (t.0 + t.1 * q as f64).max(t.2 * 0.5);
    let known: Vec<&(f64, f64, f64)> = trends.iter().flatten().collect();
    let mut team = vec![0i64; end_q + 1];
    // Each seller's quota per quarter, for their managers' team quotas.
    let mut per_seller: Vec<(usize, usize, i64)> = Vec::new();
    for ((seller, id, hired, left), trend) in sellers.iter().zip(&trends) {
        for (q, team_q) in team.iter_mut().enumerate() {
            let share = worked_share(st, q, *hired, *left);
            if share <= 0.0 {
                continue;
            }
            // A new hire without a track record gets the team's typical quota.
            let expected = match trend {
                Some(t) => predict(t, q),
                None if known.is_empty() => MIN_QUOTA,
                None => known.iter().map(|t| predict(t, q)).sum::<f64>() / known.len() as f64,
            };
            let jitter = st.rng.uniform(0.95, 1.05);
            let amount = round_thousand(expected * share * QUOTA_STRETCH * jitter)
                .max(round_thousand(MIN_QUOTA * share));
            if amount <= 0 {
                continue;
            }
            *team_q += amount;
            per_seller.push((*seller, q, amount));
            let q_start = st.clock.day_of(st.clock.quarter_start(q));
            let at = st.clock.ts((q_start - 14).min(last), 9 * 60);
            out.push(Record::Quota(Quota {
                id: st.ids.next_id(),
                rep_id: Some(id.clone()),
                team_of: None,
                period: PeriodKind::Quarter,
                period_start: st.clock.quarter_start(q),
                amount,
                currency: Currency::usd(),
                created_at: at,
                updated_at: at,
            }));
        }
    }
    // A team quota per manager: what the reps of their team were given (the head of
    // the team manages everyone, the regional managers their region's reps).
    for (mi, manager) in st.world.reps.iter().enumerate().filter(|(_, r)| r.manager) {
        let head = st.world.reps.iter().position(|r| r.manager) == Some(mi);
        let region = st.world.territories[manager.territory].region;
        let in_team = |seller: usize| {
            head || st.world.territories[st.world.reps[seller].territory].region == region
        };
        for q in 0..=end_q {
            let amount: i64 = per_seller
                .iter()
                .filter(|(s, qq, _)| *qq == q && in_team(*s))
                .map(|(_, _, a)| a)
                .sum();
            if amount == 0 {
                continue;
            }
            let q_start = st.clock.day_of(st.clock.quarter_start(q));
            let at = st.clock.ts((q_start - 14).min(last), 9 * 60 + 15);
            out.push(Record::Quota(Quota {
                id: st.ids.next_id(),
                rep_id: None,
                team_of: Some(manager.id.clone()),
                period: PeriodKind::Quarter,
                period_start: st.clock.quarter_start(q),
                amount,
                currency: Currency::usd(),
                created_at: at,
                updated_at: at,
            }));
        }
    }
    for (q, amount) in team.into_iter().enumerate() {
        if amount == 0 {
            continue;
        }
        let q_start = st.clock.day_of(st.clock.quarter_start(q));
        let at = st.clock.ts((q_start - 14).min(last), 9 * 60 + 30);
        out.push(Record::Quota(Quota {
            id: st.ids.next_id(),
            rep_id: None,
            team_of: None,
            period: PeriodKind::Quarter,
            period_start: st.clock.quarter_start(q),
            amount,
            currency: Currency::usd(),
            created_at: at,
            updated_at: at,
        }));
    }
}

/// Marketing and sales spend per month, roughly following new customers (so CAC is
/// plausible and moves from month to month).
pub(super) fn spend(st: &mut State, out: &mut Vec<Record>) {
    let last = st.clock.last();
    let months = st.clock.month(st.clock.today) + 1;
    let avg_first = if st.stats.first_won_count == 0 {
        2_000_000.0
    } else {
        st.stats.first_won_total as f64 / st.stats.first_won_count as f64
    };
    let per_month = &st.stats.new_customers;
    for m in 0..months {
        let window: Vec<f64> = (m.saturating_sub(2)..=m)
            .map(|k| per_month.get(k).copied().unwrap_or(0) as f64)
            .collect();
        let trailing = window.iter().sum::<f64>() / window.len() as f64;
        let start = st.clock.month_start(m);
        let end = st.clock.month_start(m + 1) - Duration::days(1);
        let end_day = st.clock.day_of(end);
        let written = if end_day < last {
            (end_day + 3).min(last)
        } else {
            st.clock.day_of(start).min(last)
        };
        for (category, share, noise) in [("Marketing", 0.35, 0.15), ("Sales", 0.25, 0.08)] {
            let cents =
                avg_first * share * (trailing + 1.0) * st.rng.uniform(1.0 - noise, 1.0 + noise);
            let at = st.clock.ts(written, work_minute(&mut st.rng));
            out.push(Record::Spend(Spend {
                id: st.ids.next_id(),
                period_start: start,
                period_end: end,
                amount: ((cents / 10_000.0).round() as i64).max(1) * 10_000,
                currency: Currency::usd(),
                category: Some(category.to_string()),
                created_at: at,
                updated_at: at,
            }));
        }
    }
}

/// A coaching note a month for the last three months, for every active seller, on what
/// their numbers say.
pub(super) fn coaching(st: &mut State, out: &mut Vec<Record>) {
    let last = st.clock.last();
    let sellers: Vec<usize> = st
        .world
        .sellers()
        .filter(|(_, r)| r.left_day.is_none())
        .map(|(i, _)| i)
        .collect();
    for ri in sellers {
        let (id, cycle, activity, hired) = {
            let r = &st.world.reps[ri];
            (r.id.clone(), r.cycle_mult, r.activity_mult, r.hired_day)
        };
        // What the manager sees: the rep's actual win rate.
        let (won, lost) = st.stats.closed[ri];
        let win = won as f64 / (won + lost).max(1) as f64;
        let mut topics: Vec<(&str, &[&str])> = Vec::new();
        if win < 0.25 {
            topics.push((
                "Too many deals lost after Discovery. Qualify budget and decision process before the demo.",
                &["Use the qualification checklist on every new deal", "Review two lost deals together"],
            ));
        }
        if cycle > 1.15 {
            topics.push((
                "Deals sit long in Proposal. Every call ends with a dated next step.",
                &[
                    "Set a next step with a date on every open deal",
                    "Close or disqualify deals idle for 30 days",
                ],
            ));
        }
        if activity < 0.9 {
            topics.push((
                "Activity is below the team's. Block two hours a day for calls.",
                &["20 calls a day for two weeks", "Log every call and meeting"],
            ));
        }
        if win > 0.4 {
            topics.push((
                "Strong win rate. Bring more pipeline in to use it.",
                &[
                    "Ask three customers for referrals",
                    "Share the discovery approach at the team meeting",
                ],
            ));
        }
        topics.push((
            "Pipeline review: walked through the commit deals and the forecast for the quarter.",
            &[
                "Update expected close dates",
                "Add the economic buyer to the top three deals",
            ],
        ));
        for k in 0..3i64 {
            let day = last - 7 - 30 * k - st.rng.between(0, 6);
            if day < hired {
                continue;
            }
            let (notes, items) = topics[(k as usize) % topics.len()];
            let at = st.clock.ts(day, work_minute(&mut st.rng));
            // Due two weeks on; the older notes' items are done, most of them on time.
            let action_items = items
                .iter()
                .map(|s| {
                    let done = (k > 0).then(|| (day + st.rng.between(3, 20)).min(last));
                    ActionItem {
                        text: s.to_string(),
                        owner_id: None,
                        due: Some(st.clock.date(day + 14)),
                        done_on: done.map(|d| st.clock.date(d)),
                    }
                })
                .collect();
            out.push(Record::CoachingNote(CoachingNote {
                id: st.ids.next_id(),
                rep_id: id.clone(),
                manager_id: None,
                date: st.clock.date(day),
                notes: notes.to_string(),
                action_items,
                created_at: at,
                updated_at: at,
            }));
        }
    }
    // The goals were agreed in these one-on-ones.
    goals(st, out);
}

/// Goals agreed in the one-on-ones, from the start of the previous quarter on, set
/// from each rep's track record so some are met and some are not: calls and new deals
/// each month for every active seller, and for each manager's team the deals that
/// reach Proposal each month.
fn goals(st: &mut State, out: &mut Vec<Record>) {
    let last = st.clock.last();
    let current_q = st.clock.quarter(st.clock.today);
    let from = st.clock.quarter_start(current_q.saturating_sub(1));
    let at = st.clock.ts(st.clock.day_of(from).clamp(0, last), 9 * 60);
    let proposal = st.world.sales.open.get(3).cloned();
    let nice = |v: f64| ((v / 5.0).round() as i64 * 5).max(5);
    // Deals a month each seller took on over the time they worked.
    let per_month: Vec<f64> = st
        .world
        .reps
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (won, lost) = st.stats.closed[i];
            let months = ((last - r.hired_day.max(0)) as f64 / 30.4).max(1.0);
            // The business grows and open deals are not closed yet: recent months see
            // about three times the history's average of closed deals.
            (won + lost) as f64 / months * 3.2
        })
        .collect();
    let head = st.world.reps.iter().position(|r| r.manager);
    let mut n = 0i64;
    for (i, r) in st.world.reps.iter().enumerate() {
        if r.left_day.is_some() {
            continue;
        }
        let mut goal = |metric: GoalMetric, rep: Option<&Id>, team: Option<&Id>, target: i64| {
            n += 1;
            out.push(Record::Goal(Goal {
                id: st.ids.next_id(),
                rep_id: rep.cloned(),
                team_of: team.cloned(),
                period: GoalPeriod::Month,
                metric,
                target,
                currency: Currency::usd(),
                from,
                until: None,
                created_at: at + Duration::minutes(n),
                updated_at: at + Duration::minutes(n),
            }));
        };
        if r.manager {
            let region = st.world.territories[r.territory].region;
            let team: f64 = st
                .world
                .sellers()
                .filter(|(_, s)| s.left_day.is_none())
                .filter(|(_, s)| {
                    Some(i) == head || st.world.territories[s.territory].region == region
                })
                .map(|(j, _)| per_month[j])
                .sum();
            if let (Some(stage), true) = (&proposal, team > 0.0) {
                goal(
                    GoalMetric::DealsAdvanced {
                        stage_id: stage.clone(),
                    },
                    None,
                    Some(&r.id),
                    nice(team * 0.3),
                );
            }
        } else {
            let deals = per_month[i];
            goal(
                GoalMetric::ActivitiesDone {
                    activity: ActivityKind::Call,
                },
                Some(&r.id),
                None,
                nice(deals * 1.6 * r.activity_mult.sqrt()),
            );
            goal(
                GoalMetric::DealsAdded,
                Some(&r.id),
                None,
                nice(deals * 0.75),
            );
        }
    }
}
