//! Stage changes: the one place that decides what moving a deal means.

use super::entities::{Deal, StageChange};
use super::{Date, FieldErrors, Id, Pipeline, StageKind, Timestamp};

/// Moves `deal` to stage `to` of `pipeline`. The move is appended to the stage history;
/// a won stage closes the deal (on `closed_on`, else today) and keeps `reason` as its
/// won reason if one is given; a lost stage needs `reason`; moving back to an open
/// stage reopens the deal and forgets both reasons.
pub fn change_stage(
    deal: &Deal,
    pipeline: &Pipeline,
    to: &Id,
    reason: Option<String>,
    closed_on: Option<Date>,
    now: Timestamp,
    today: Date,
) -> Result<Deal, FieldErrors> {
    let mut e = FieldErrors::new();
    let Some(stage) = pipeline.stage(to) else {
        e.add("stage_id", "Choose a stage of this pipeline");
        return Err(e);
    };
    let mut d = deal.clone();
    if d.stage_id == *to && d.pipeline_id == pipeline.id {
        return Ok(d);
    }
    let missing = super::automation::playbooks::missing_required(&d, stage);
    if let Some(m) = super::automation::playbooks::required_message(stage, &missing) {
        e.add("stage_id", m);
        return Err(e);
    }
    let reason = reason
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    match stage.kind {
        StageKind::Open => {
            d.closed_on = None;
            d.lost_reason = None;
            d.won_reason = None;
        }
        StageKind::Won => {
            d.closed_on = Some(closed_on.unwrap_or(today));
            d.lost_reason = None;
            d.won_reason = reason;
        }
        StageKind::Lost => {
            match reason {
                Some(r) => d.lost_reason = Some(r),
                None => e.add("lost_reason", "Say why the deal was lost"),
            }
            d.won_reason = None;
            d.closed_on = Some(closed_on.unwrap_or(today));
        }
    }
    d.pipeline_id = pipeline.id.clone();
    d.stage_id = to.clone();
    d.stage_history.push(StageChange {
        stage_id: to.clone(),
        at: now,
    });
    d.updated_at = now;
    e.into_result(d)
}

/// The neighbouring stage in board order (`step` = +1 next, -1 previous).
pub fn neighbour_stage(pipeline: &Pipeline, from: &Id, step: i32) -> Option<Id> {
    let i = pipeline.stages.iter().position(|s| &s.id == from)? as i32;
    let j = i + step;
    (j >= 0)
        .then(|| pipeline.stages.get(j as usize))
        .flatten()
        .map(|s| s.id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, now, seeded};
    use chrono::NaiveDate;

    fn today() -> Date {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn moves_append_history_and_close_or_reopen() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mut d = deal(&ws, ids.next_id(), None);
        // Proposal needs an amount and a close date to enter.
        d.expected_close = Some(today());
        d.stage_history = vec![StageChange {
            stage_id: p.stages[0].id.clone(),
            at: now(),
        }];
        let later = now() + chrono::Duration::hours(5);

        let moved = change_stage(&d, &p, &p.stages[3].id, None, None, later, today()).unwrap();
        assert_eq!(moved.stage_id, p.stages[3].id);
        assert_eq!(moved.stage_history.len(), 2);
        assert_eq!(moved.stage_history[1].at, later);
        assert_eq!(moved.updated_at, later);
        assert_eq!(moved.closed_on, None);

        let won = change_stage(&moved, &p, &p.stages[5].id, None, None, later, today()).unwrap();
        assert_eq!(won.closed_on, Some(today()));
        assert_eq!(won.won_reason, None, "a won reason is optional");
        let won = change_stage(
            &moved,
            &p,
            &p.stages[5].id,
            Some(" Product fit ".into()),
            None,
            later,
            today(),
        )
        .unwrap();
        assert_eq!(won.won_reason.as_deref(), Some("Product fit"));

        let err = change_stage(
            &won,
            &p,
            &p.stages[6].id,
            Some("  ".into()),
            None,
            later,
            today(),
        )
        .unwrap_err();
        assert_eq!(err.get("lost_reason"), Some("Say why the deal was lost"));
        let lost = change_stage(
            &won,
            &p,
            &p.stages[6].id,
            Some("Price".into()),
            None,
            later,
            today(),
        )
        .unwrap();
        assert_eq!(
            (lost.lost_reason.as_deref(), lost.won_reason.as_deref()),
            (Some("Price"), None),
            "a lost deal forgets why it was won"
        );

        let reopened = change_stage(&won, &p, &p.stages[1].id, None, None, later, today()).unwrap();
        assert_eq!(reopened.closed_on, None);
        assert_eq!(reopened.won_reason, None);
        assert_eq!(reopened.stage_history.len(), 4);
    }

    #[test]
    fn same_stage_is_not_a_move_and_unknown_stages_are_refused() {
        let (ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let d = deal(&ws, ids.next_id(), None);
        let same = change_stage(&d, &p, &d.stage_id, None, None, now(), today()).unwrap();
        assert_eq!(same, d);
        assert!(
            change_stage(&d, &p, &Id::from_string("nope"), None, None, now(), today()).is_err()
        );
    }

    #[test]
    fn neighbours() {
        let (ws, _) = seeded();
        let p = ws.default_pipeline().unwrap();
        assert_eq!(
            neighbour_stage(p, &p.stages[0].id, 1),
            Some(p.stages[1].id.clone())
        );
        assert_eq!(neighbour_stage(p, &p.stages[0].id, -1), None);
        assert_eq!(neighbour_stage(p, &p.stages[6].id, 1), None);
    }
}
