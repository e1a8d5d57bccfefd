//! Activities: what reps did (calls, meetings, demos, emails, notes, tasks done) and
//! what they still have to do (open tasks, some overdue).

use super::names;
use super::plan::work_minute;
use super::State;
use crate::domain::{Activity, ActivityKind, Id, Timestamp};
use chrono::Duration;

/// What an activity is about.
#[derive(Clone, Debug, Default)]
pub(super) struct Links {
    pub deal: Option<Id>,
    pub account: Option<Id>,
    pub contact: Option<Id>,
    pub lead: Option<Id>,
}

fn scheduled(kind: ActivityKind) -> bool {
    matches!(
        kind,
        ActivityKind::Meeting | ActivityKind::Demo | ActivityKind::Task
    )
}

/// A completed activity on `day` (a past day).
pub(super) fn done(
    st: &mut State,
    kind: ActivityKind,
    subject: &str,
    day: i64,
    owner: &Id,
    links: &Links,
) -> Activity {
    let minute = work_minute(&mut st.rng);
    let at = st.clock.ts(day, minute);
    // Meetings, demos and tasks were booked a few days before; calls and emails are
    // logged as they happen.
    let created = if scheduled(kind) {
        at - Duration::days(st.rng.between(1, 6)) - Duration::minutes(st.rng.between(0, 240))
    } else {
        at
    };
    let outcome = match kind {
        ActivityKind::Call => Some(st.rng.pick(names::CALL_OUTCOMES).to_string()),
        ActivityKind::Meeting | ActivityKind::Demo => Some("Held".to_string()),
        _ => None,
    };
    let notes = (kind == ActivityKind::Note || st.rng.chance(0.2))
        .then(|| st.rng.pick(names::NOTES).to_string());
    let due = if matches!(kind, ActivityKind::Email | ActivityKind::Note) {
        None
    } else {
        Some(at.naive_utc())
    };
    Activity {
        id: st.ids.next_id(),
        kind,
        subject: subject.to_string(),
        notes,
        due,
        done: true,
        done_at: Some(at),
        outcome,
        owner_id: Some(owner.clone()),
        deal_id: links.deal.clone(),
        account_id: links.account.clone(),
        contact_id: links.contact.clone(),
        lead_id: links.lead.clone(),
        created_at: created,
        updated_at: at,
    }
}

/// An activity still to do, due on `due_day` (past days make it overdue), written down
/// on `created_day` (a past day).
pub(super) fn planned(
    st: &mut State,
    kind: ActivityKind,
    subject: &str,
    due_day: i64,
    created_day: i64,
    owner: &Id,
    links: &Links,
) -> Activity {
    // Due at a round quarter hour of the working day.
    let due_minute = st.rng.between(9 * 4, 17 * 4) * 15;
    let created: Timestamp = st.clock.ts(created_day, work_minute(&mut st.rng));
    Activity {
        id: st.ids.next_id(),
        kind,
        subject: subject.to_string(),
        notes: None,
        due: Some(st.clock.local(due_day, due_minute)),
        done: false,
        done_at: None,
        outcome: None,
        owner_id: Some(owner.clone()),
        deal_id: links.deal.clone(),
        account_id: links.account.clone(),
        contact_id: links.contact.clone(),
        lead_id: links.lead.clone(),
        created_at: created,
        updated_at: created,
    }
}

/// The activity that marks a deal entering open stage `stage` of the sales pipeline (or
/// of the renewals pipeline).
pub(super) fn stage_activities(
    renewal: bool,
    stage: usize,
) -> &'static [(ActivityKind, &'static str)] {
    use ActivityKind::*;
    if renewal {
        return match stage {
            0 => &[(Call, "Renewal check-in")],
            _ => &[(Email, "Renewal quote sent")],
        };
    }
    match stage {
        0 => &[(Email, "Intro email")],
        1 => &[(Call, "Qualification call")],
        2 => &[(Meeting, "Discovery meeting")],
        3 => &[(Demo, "Product demo"), (Email, "Proposal sent")],
        _ => &[(Call, "Pricing negotiation"), (Meeting, "Contract review")],
    }
}

/// The next thing to do on an open deal in `stage`: (activity, next-step text).
pub(super) fn next_step(renewal: bool, stage: usize) -> (ActivityKind, &'static str) {
    use ActivityKind::*;
    if renewal {
        return match stage {
            0 => (Meeting, "Review usage and renewal terms"),
            _ => (Task, "Chase the signed renewal"),
        };
    }
    match stage {
        0 => (Call, "Book a first meeting"),
        1 => (Call, "Confirm budget and timeline"),
        2 => (Demo, "Demo for the wider team"),
        3 => (Task, "Follow up on the proposal"),
        _ => (Task, "Send the contract for signature"),
    }
}
