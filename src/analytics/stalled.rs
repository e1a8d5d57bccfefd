//! Stalled deals: open deals with no activity for N days (a setting), or in their
//! stage longer than the stage's rotting days.

use crate::domain::time::local_day;
use crate::domain::{Activity, Date, Deal, Id, Stage, StageKind, Workspace};
use std::collections::HashMap;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StalledReason {
    NoActivity { days: i64 },
    TooLongInStage { days: i64, limit: u32 },
}

impl fmt::Display for StalledReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StalledReason::NoActivity { days } => write!(f, "No activity for {days} days"),
            StalledReason::TooLongInStage { days, limit } => {
                write!(f, "{days} days in this stage (limit {limit})")
            }
        }
    }
}

/// The day an activity last touched its deal: created, or completed if later.
pub fn activity_day(a: &Activity) -> Date {
    let created = local_day(a.created_at);
    a.done_at
        .map_or(created, |done| created.max(local_day(done)))
}

/// Why `deal` is stalled on `today`, if it is. `last_activity` falls back to the day
/// the deal was created.
pub fn stalled_reasons(
    deal: &Deal,
    stage: &Stage,
    last_activity: Option<Date>,
    today: Date,
    stalled_after_days: u32,
) -> Vec<StalledReason> {
    if stage.kind != StageKind::Open {
        return Vec::new();
    }
    let mut reasons = Vec::new();
    let touched = last_activity.unwrap_or_else(|| local_day(deal.created_at));
    let idle = (today - touched).num_days();
    if idle >= stalled_after_days as i64 {
        reasons.push(StalledReason::NoActivity { days: idle });
    }
    if let Some(limit) = stage.rotting_days {
        let entered = local_day(
            deal.stage_history
                .last()
                .map(|c| c.at)
                .unwrap_or(deal.created_at),
        );
        let days = (today - entered).num_days();
        if days > limit as i64 {
            reasons.push(StalledReason::TooLongInStage { days, limit });
        }
    }
    reasons
}

/// Every stalled open deal with its reasons, straight from the records: the reference
/// `DealIndex::stalled_deals` is checked against (the app reads the index).
pub fn stalled_deals(ws: &Workspace, today: Date) -> HashMap<Id, Vec<StalledReason>> {
    let mut last: HashMap<&Id, Date> = HashMap::new();
    let made = crate::domain::automation::automation_tasks(ws);
    for a in ws.activities.values() {
        if let Some(deal) = &a.deal_id {
            let Some(day) = crate::domain::automation::touch_day(a, &made) else {
                continue;
            };
            let e = last.entry(deal).or_insert(day);
            *e = (*e).max(day);
        }
    }
    ws.deals
        .values()
        .filter_map(|d| {
            let stage = ws.stage_of(d)?;
            let r = stalled_reasons(
                d,
                stage,
                last.get(&d.id).copied(),
                today,
                ws.settings.stalled_after_days,
            );
            (!r.is_empty()).then(|| (d.id.clone(), r))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entities::StageChange;
    use crate::domain::workspace::tests::{call, deal, now, seeded};
    use chrono::{Duration, NaiveDate};

    fn day(d: u32) -> Date {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn no_activity_for_the_threshold_flags_a_deal() {
        let (mut ws, mut ids) = seeded();
        ws.settings.stalled_after_days = 14;
        let mut d = deal(&ws, ids.next_id(), None);
        d.created_at = now() - Duration::days(30);
        d.stage_history = vec![StageChange {
            stage_id: d.stage_id.clone(),
            at: now() - Duration::days(5),
        }];
        ws.put(d.clone().into());
        let a = call(ids.next_id(), &d.id, 20);
        ws.put(a.into());
        let today = day(22);
        let stalled = stalled_deals(&ws, today);
        assert_eq!(stalled[&d.id], vec![StalledReason::NoActivity { days: 20 }]);
        assert_eq!(stalled[&d.id][0].to_string(), "No activity for 20 days");

        // A recent activity clears it.
        ws.put(call(ids.next_id(), &d.id, 2).into());
        assert!(stalled_deals(&ws, today).is_empty());
    }

    #[test]
    fn rotting_in_stage_flags_a_deal() {
        let (mut ws, mut ids) = seeded();
        let mut d = deal(&ws, ids.next_id(), None);
        // Prospecting rots after 14 days.
        d.stage_history = vec![StageChange {
            stage_id: d.stage_id.clone(),
            at: now() - Duration::days(15),
        }];
        ws.put(d.clone().into());
        ws.put(call(ids.next_id(), &d.id, 1).into());
        let r = stalled_deals(&ws, day(22));
        assert_eq!(
            r[&d.id],
            vec![StalledReason::TooLongInStage {
                days: 15,
                limit: 14
            }]
        );
        // On day 14 it is not stalled yet.
        assert!(stalled_deals(&ws, day(21)).is_empty());
    }

    #[test]
    fn closed_deals_are_never_stalled() {
        let (mut ws, mut ids) = seeded();
        let won = ws.default_pipeline().unwrap().stages[5].id.clone();
        let mut d = deal(&ws, ids.next_id(), None);
        d.stage_id = won;
        d.created_at = now() - Duration::days(400);
        ws.put(d.into());
        assert!(stalled_deals(&ws, day(22)).is_empty());
    }
}
