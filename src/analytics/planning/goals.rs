//! Goals and their progress in the current week, month or fiscal quarter, read from
//! the KPI facts:
//!
//! - won value: the amounts of deals won in the period (close date), in the home
//!   currency, as the dashboard's "Won";
//! - deals added: deals created in the period;
//! - deals advanced to a stage: deals whose stage history entered that stage in the
//!   period, each deal once however often it entered;
//! - activities done: activities of the kind completed in the period.
//!
//! A rep's goal counts their records; a team goal the records of the manager and
//! everyone reporting to them (`scope::team_of`); a goal with neither, everyone's.
//! Pace: the target spread evenly over the period's days, so "on track" means at least
//! the share of the target that the days gone by call for.

use crate::analytics::kpi::KpiFacts;
use crate::analytics::period::Period;
use crate::analytics::scope::{Place, Scope};
use crate::domain::planning_forms::GoalMetricChoice;
use crate::domain::{Date, Goal, GoalMetric, GoalPeriod, HomeSum, Id, Rates, StageKind, Workspace};

/// The period of `goal` that holds `today`, if the goal applies in it.
pub fn goal_period(goal: &Goal, today: Date, fiscal_start_month: u32) -> Option<Period> {
    let p = match goal.period {
        GoalPeriod::Week => Period::week_of(today, fiscal_start_month),
        GoalPeriod::Month => Period::month_of(today, fiscal_start_month),
        GoalPeriod::Quarter => Period::quarter_of(today, fiscal_start_month),
    };
    let applies = goal.from <= p.end() && goal.until.is_none_or(|u| u >= p.start());
    applies.then_some(p)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pace {
    /// The target is reached.
    Met,
    OnTrack,
    Behind,
}

impl Pace {
    pub fn label(self) -> &'static str {
        match self {
            Pace::Met => "reached",
            Pace::OnTrack => "on track",
            Pace::Behind => "behind",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalProgress {
    pub goal: Id,
    /// "Calls done", "Won value", "Deals added", "Deals advanced to Proposal".
    pub title: String,
    /// "Ana Lima", "Mia Chen’s team", "Everyone".
    pub whose: String,
    /// "November 2026", "Week of Nov 16, 2026".
    pub period: String,
    pub actual: i64,
    pub target: i64,
    /// actual ÷ target, 0 when the target is 0.
    pub share: f64,
    /// 0–100, for a progress bar.
    pub bar: u32,
    pub actual_text: String,
    pub target_text: String,
    pub pace: Pace,
    /// "12 of 20 · 60% · on track (10 expected by today)".
    pub text: String,
    /// Why it cannot be counted, when it cannot ("this goal is in EUR…").
    pub problem: Option<String>,
}

fn title(ws: &Workspace, m: &GoalMetric) -> String {
    match m {
        GoalMetric::WonValue => "Won value".into(),
        GoalMetric::DealsAdded => "Deals added".into(),
        GoalMetric::DealsAdvanced { stage_id } => {
            let stage = ws
                .pipelines
                .values()
                .find_map(|p| p.stage(stage_id))
                .map_or("a removed stage".to_string(), |s| s.name.clone());
            format!("Deals advanced to {stage}")
        }
        GoalMetric::ActivitiesDone { activity } => {
            let plural = match activity {
                crate::domain::ActivityKind::Call => "Calls",
                crate::domain::ActivityKind::Meeting => "Meetings",
                crate::domain::ActivityKind::Demo => "Demos",
                crate::domain::ActivityKind::Email => "E-mails",
                crate::domain::ActivityKind::Task => "Tasks",
                crate::domain::ActivityKind::Note => "Notes",
            };
            format!("{plural} done")
        }
    }
}

/// Whose goal, in words.
pub fn whose(ws: &Workspace, g: &Goal) -> String {
    match (&g.rep_id, &g.team_of) {
        (Some(r), _) => ws.rep_name(Some(r)).unwrap_or("Unknown rep").to_string(),
        (None, Some(m)) => format!(
            "{}’s team",
            ws.rep_name(Some(m)).unwrap_or("Unknown manager")
        ),
        (None, None) => "Everyone".into(),
    }
}

fn scope_of(g: &Goal) -> Scope {
    match (&g.rep_id, &g.team_of) {
        (Some(r), _) => Scope::rep(r.clone()),
        (None, Some(m)) => Scope::team(m.clone()),
        (None, None) => Scope::everyone(),
    }
}

/// How far `goal` is in its period holding `today` (`None` when it does not apply
/// then): one pass over the deals or the activities of the facts.
pub fn progress(
    ws: &Workspace,
    facts: &KpiFacts,
    rates: &Rates,
    goal: &Goal,
    today: Date,
) -> Option<GoalProgress> {
    let p = goal_period(goal, today, ws.settings.fiscal_year_start_month)?;
    let m = facts.matcher(&scope_of(goal), ws);
    let home = &ws.settings.home_currency;
    let mut problem = None;
    let actual: i64 = match &goal.metric {
        GoalMetric::WonValue => {
            let mut won = HomeSum::default();
            for (_, d) in facts.live_deals() {
                let Some(closed) = d.closed.filter(|c| p.contains(*c)) else {
                    continue;
                };
                if !m.holds(&d.place)
                    || facts
                        .stage(d.stage)
                        .is_none_or(|s| s.kind != StageKind::Won)
                {
                    continue;
                }
                if let Some(a) = d.amount {
                    won.add(rates, a, facts.currency(d.currency), closed);
                }
            }
            if goal.currency != *home {
                problem = Some(format!(
                    "this goal is in {}, the home currency is {}: set it again",
                    goal.currency.code(),
                    home.code()
                ));
            } else if let Some(t) = crate::analytics::kpi::Reading::money(&won, 0).left_out_text() {
                problem = Some(t);
            }
            won.home
        }
        GoalMetric::DealsAdded => facts
            .live_deals()
            .filter(|(_, d)| p.contains(d.created) && m.holds(&d.place))
            .count() as i64,
        GoalMetric::DealsAdvanced { stage_id } => match facts.stages.get(stage_id) {
            None => 0,
            Some(stage) => facts
                .live_deals()
                .filter(|(_, d)| {
                    m.holds(&d.place)
                        && d.history
                            .iter()
                            .any(|(s, day)| *s == stage && p.contains(*day))
                })
                .count() as i64,
        },
        GoalMetric::ActivitiesDone { activity } => facts
            .activities
            .iter()
            .filter(|a| {
                a.kind == *activity
                    && a.done.is_some_and(|d| p.contains(d))
                    && m.holds(&Place {
                        owner: a.owner,
                        ..Place::default()
                    })
            })
            .count() as i64,
    };
    let target = goal.target.max(0);
    let share = if target > 0 {
        actual as f64 / target as f64
    } else {
        0.0
    };
    let days = p.days().unwrap_or(1).max(1);
    let gone = ((today - p.start()).num_days() + 1).clamp(0, days);
    let expected = (target as f64 * gone as f64 / days as f64).ceil() as i64;
    let pace = if actual >= target {
        Pace::Met
    } else if actual >= expected {
        Pace::OnTrack
    } else {
        Pace::Behind
    };
    let money = GoalMetricChoice::of(&goal.metric) == GoalMetricChoice::WonValue;
    let show = |v: i64| {
        if money {
            super::about_money(v, home)
        } else {
            crate::analytics::text::group(v.max(0) as usize)
        }
    };
    let percent = (share * 100.0).floor() as i64;
    let mut text = format!(
        "{} of {} · {}% · {}",
        show(actual),
        show(target),
        percent,
        pace.label()
    );
    if pace != Pace::Met {
        text.push_str(&format!(" ({} expected by today)", show(expected)));
    }
    Some(GoalProgress {
        goal: goal.id.clone(),
        title: title(ws, &goal.metric),
        whose: whose(ws, goal),
        period: p.label(),
        actual,
        target,
        share,
        bar: (share * 100.0).clamp(0.0, 100.0) as u32,
        actual_text: show(actual),
        target_text: show(target),
        pace,
        text,
        problem,
    })
}

/// The goals that concern `me`: my own, my teams' (any manager I am under, or mine
/// when I manage), and everyone's; all goals when "me" is not set.
pub fn goals_for<'a>(ws: &'a Workspace, me: Option<&Id>) -> Vec<&'a Goal> {
    let mut v: Vec<&Goal> = ws
        .goals
        .values()
        .filter(|g| match (me, &g.rep_id, &g.team_of) {
            (None, ..) => true,
            (Some(me), Some(r), _) => r == me,
            (Some(me), None, Some(m)) => crate::analytics::scope::team_of(ws, m).contains(me),
            (Some(_), None, None) => true,
        })
        .collect();
    v.sort_by_key(|g| {
        (
            g.rep_id.is_none(),
            g.team_of.is_none(),
            g.created_at,
            g.id.clone(),
        )
    });
    v
}

/// The goals of one rep: theirs only (a scorecard shows them).
pub fn goals_of<'a>(ws: &'a Workspace, rep: &Id) -> Vec<&'a Goal> {
    let mut v: Vec<&Goal> = ws
        .goals
        .values()
        .filter(|g| g.rep_id.as_ref() == Some(rep))
        .collect();
    v.sort_by_key(|g| (g.created_at, g.id.clone()));
    v
}

/// Progress of each of `goals` that applies on `today`.
pub fn progress_of(
    ws: &Workspace,
    facts: &KpiFacts,
    rates: &Rates,
    goals: &[&Goal],
    today: Date,
) -> Vec<GoalProgress> {
    goals
        .iter()
        .filter_map(|g| progress(ws, facts, rates, g, today))
        .collect()
}

/// One goal as the Team › Goals list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalRow {
    pub id: Id,
    pub whose: String,
    /// "Calls done", "Deals advanced to Proposal".
    pub what: String,
    /// "Each week".
    pub period: &'static str,
    /// "3", "$25,000".
    pub target: String,
    /// "From Nov 16, 2026".
    pub from: String,
}

/// Every goal, rep goals first (by whose name), then team goals, then everyone's;
/// newest last within each.
pub fn goal_list(ws: &Workspace) -> Vec<GoalRow> {
    let mut v: Vec<(u8, String, &Goal)> = ws
        .goals
        .values()
        .map(|g| {
            let rank = match (&g.rep_id, &g.team_of) {
                (Some(_), _) => 0,
                (None, Some(_)) => 1,
                (None, None) => 2,
            };
            (rank, whose(ws, g), g)
        })
        .collect();
    v.sort_by(|a, b| {
        (a.0, a.1.to_lowercase(), a.2.created_at, &a.2.id).cmp(&(
            b.0,
            b.1.to_lowercase(),
            b.2.created_at,
            &b.2.id,
        ))
    });
    v.into_iter()
        .map(|(_, who, g)| GoalRow {
            id: g.id.clone(),
            whose: who,
            what: title(ws, &g.metric),
            period: g.period.label(),
            target: if GoalMetricChoice::of(&g.metric) == GoalMetricChoice::WonValue {
                super::about_money(g.target, &g.currency)
            } else {
                crate::analytics::text::group(g.target.max(0) as usize)
            },
            from: format!("From {}", g.from.format("%b %-d, %Y")),
        })
        .collect()
}

/// The "whose goal" choices (value, label): each active rep, each active manager's
/// team, and everyone.
pub fn whose_choices(ws: &Workspace) -> Vec<(String, String)> {
    use crate::domain::planning_forms::whose_key;
    let reps = ws.active_reps();
    let mut v: Vec<(String, String)> = reps
        .iter()
        .map(|r| (whose_key(Some(&r.id), None), r.name.clone()))
        .collect();
    v.extend(
        reps.iter()
            .filter(|r| r.role == crate::domain::RepRole::Manager)
            .map(|r| (whose_key(None, Some(&r.id)), format!("{}’s team", r.name))),
    );
    v.push((whose_key(None, None), "Everyone".into()));
    v
}

/// The stages a "deals advanced" goal can name (value, label), pipeline by pipeline;
/// the pipeline's name is added only when there are several.
pub fn stage_choices(ws: &Workspace) -> Vec<(String, String)> {
    let pipelines = ws.pipelines_in_order();
    let several = pipelines.len() > 1;
    pipelines
        .iter()
        .flat_map(|p| {
            p.stages.iter().map(move |s| {
                let label = if several {
                    format!("{} › {}", p.name, s.name)
                } else {
                    s.name.clone()
                };
                (s.id.to_string(), label)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, known, noon, today};
    use crate::domain::{ActivityKind, Currency};

    fn goal(
        rep: Option<&Id>,
        team: Option<&Id>,
        period: GoalPeriod,
        metric: GoalMetric,
        target: i64,
    ) -> Goal {
        Goal {
            id: Id::from_string(format!("g{target}{period:?}")),
            rep_id: rep.cloned(),
            team_of: team.cloned(),
            period,
            metric,
            target,
            currency: Currency::usd(),
            from: d(2026, 1, 1),
            until: None,
            created_at: noon(d(2026, 1, 1)),
            updated_at: noon(d(2026, 1, 1)),
        }
    }

    #[test]
    fn each_metric_counts_its_records_in_the_current_period() {
        let kn = known();
        let mut fx = kn.fx;
        // A deal that entered Discovery twice in November counts once.
        let twice = fx.deal(
            &kn.ana,
            d(2026, 11, 2),
            &[
                ("Prospecting", d(2026, 11, 2)),
                ("Discovery", d(2026, 11, 3)),
                ("Qualification", d(2026, 11, 4)),
                ("Discovery", d(2026, 11, 5)),
            ],
            Some(1),
            "USD",
            None,
            None,
        );
        let ws = &fx.ws;
        let facts = KpiFacts::build(ws);
        let rates = Rates::of(ws);
        let at = |g: &Goal| progress(ws, &facts, &rates, g, today()).unwrap();
        // Ana's Q4: W1 $10,000 + W2 $20,000 won.
        let won = at(&goal(
            Some(&kn.ana),
            None,
            GoalPeriod::Quarter,
            GoalMetric::WonValue,
            4_000_000,
        ));
        assert_eq!((won.actual, won.period.as_str()), (3_000_000, "Q4 2026"));
        assert_eq!(
            won.text,
            "$30,000 of $40,000 · 75% · on track ($23,043 expected by today)"
        );
        // November: Ana added O3 and the twice-Discovery deal; Bo added O2.
        let added = at(&goal(
            None,
            Some(&kn.mia),
            GoalPeriod::Month,
            GoalMetric::DealsAdded,
            4,
        ));
        assert_eq!((added.actual, added.whose.as_str()), (3, "Mia’s team"));
        let stage = fx.stage("Discovery");
        let adv = at(&goal(
            None,
            None,
            GoalPeriod::Month,
            GoalMetric::DealsAdvanced { stage_id: stage },
            2,
        ));
        // O2 entered Discovery on Nov 10, the new deal on Nov 3 and 5: two deals.
        assert_eq!((adv.actual, adv.pace, adv.bar), (2, Pace::Met, 100));
        assert_eq!(adv.title, "Deals advanced to Discovery");
        // Calls Ana completed in November: one (Nov 3); the October and undone ones
        // do not count.
        let calls = at(&goal(
            Some(&kn.ana),
            None,
            GoalPeriod::Month,
            GoalMetric::ActivitiesDone {
                activity: ActivityKind::Call,
            },
            10,
        ));
        assert_eq!((calls.actual, calls.pace), (1, Pace::Behind));
        assert_eq!(calls.text, "1 of 10 · 10% · behind (8 expected by today)");
        // This week (Nov 16–22): Bo's meeting on Nov 21.
        let week = at(&goal(
            Some(&kn.bo),
            None,
            GoalPeriod::Week,
            GoalMetric::ActivitiesDone {
                activity: ActivityKind::Meeting,
            },
            1,
        ));
        assert_eq!(
            (week.actual, week.period.as_str()),
            (1, "Week of Nov 16, 2026")
        );
        let _ = twice;
    }

    #[test]
    fn goals_apply_from_their_day_and_concern_their_people() {
        let kn = known();
        let ws = &kn.fx.ws;
        let mut later = goal(
            Some(&kn.ana),
            None,
            GoalPeriod::Month,
            GoalMetric::DealsAdded,
            3,
        );
        later.from = d(2026, 12, 1);
        assert_eq!(goal_period(&later, today(), 1), None);
        later.from = d(2026, 11, 30);
        assert!(
            goal_period(&later, today(), 1).is_some(),
            "it applies in November"
        );
        let mut ws = ws.clone();
        for g in [
            goal(
                Some(&kn.ana),
                None,
                GoalPeriod::Month,
                GoalMetric::DealsAdded,
                3,
            ),
            goal(
                Some(&kn.bo),
                None,
                GoalPeriod::Month,
                GoalMetric::DealsAdded,
                4,
            ),
            goal(
                None,
                Some(&kn.mia),
                GoalPeriod::Month,
                GoalMetric::DealsAdded,
                5,
            ),
            goal(None, None, GoalPeriod::Quarter, GoalMetric::WonValue, 6),
        ] {
            ws.put(g.into());
        }
        let targets = |me: Option<&Id>| {
            goals_for(&ws, me)
                .iter()
                .map(|g| g.target)
                .collect::<Vec<_>>()
        };
        assert_eq!(targets(Some(&kn.ana)), [3, 5, 6]);
        assert_eq!(targets(Some(&kn.mia)), [5, 6]);
        assert_eq!(targets(None).len(), 4);
        assert_eq!(goals_of(&ws, &kn.bo).len(), 1);
    }

    #[test]
    fn the_goal_list_orders_reps_then_teams_then_everyone_and_formats_targets() {
        let kn = known();
        let mut ws = kn.fx.ws.clone();
        let calls = GoalMetric::ActivitiesDone {
            activity: ActivityKind::Call,
        };
        for g in [
            goal(
                None,
                None,
                GoalPeriod::Quarter,
                GoalMetric::WonValue,
                2_500_000,
            ),
            goal(
                None,
                Some(&kn.mia),
                GoalPeriod::Month,
                GoalMetric::DealsAdded,
                5,
            ),
            goal(Some(&kn.bo), None, GoalPeriod::Week, calls.clone(), 1_200),
            goal(Some(&kn.ana), None, GoalPeriod::Week, calls, 3),
        ] {
            ws.put(g.into());
        }
        let rows: Vec<(String, String, &str, String, String)> = goal_list(&ws)
            .into_iter()
            .map(|r| (r.whose, r.what, r.period, r.target, r.from))
            .collect();
        let row = |w: &str, what: &str, p: &'static str, t: &str| {
            (
                w.to_string(),
                what.to_string(),
                p,
                t.to_string(),
                "From Jan 1, 2026".to_string(),
            )
        };
        assert_eq!(
            rows,
            [
                row("Ana", "Calls done", "Each week", "3"),
                row("Bo", "Calls done", "Each week", "1,200"),
                row("Mia’s team", "Deals added", "Each month", "5"),
                row("Everyone", "Won value", "Each quarter", "$25,000"),
            ]
        );
        let whose: Vec<String> = whose_choices(&ws).into_iter().map(|(_, l)| l).collect();
        assert_eq!(whose.first().map(String::as_str), Some("Ana"));
        assert_eq!(whose.last().map(String::as_str), Some("Everyone"));
        let stages = stage_choices(&ws);
        assert!(stages.iter().any(|(_, l)| l == "Discovery"), "{stages:?}");
    }
}
