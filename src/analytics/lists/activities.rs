//! The activities list (filter by kind, owner and status; latest or earliest first) and
//! a record's activities on its page.

use super::owner_matches;
use crate::domain::{Activity, ActivityKind, Workspace};

/// "Show": to do, done, or all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityStatus {
    Open,
    Done,
    All,
}

impl ActivityStatus {
    /// In the order the filter offers them ("To do" is the list's default).
    pub const ALL: [ActivityStatus; 3] = [
        ActivityStatus::Open,
        ActivityStatus::Done,
        ActivityStatus::All,
    ];

    /// "" for all.
    pub fn key(self) -> &'static str {
        match self {
            ActivityStatus::Open => "open",
            ActivityStatus::Done => "done",
            ActivityStatus::All => "",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityStatus::Open => "To do",
            ActivityStatus::Done => "Done",
            ActivityStatus::All => "All",
        }
    }

    /// Unknown keys show all.
    pub fn from_key(k: &str) -> ActivityStatus {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or(ActivityStatus::All)
    }
}

/// "Order": by when the activity is due (or was logged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityOrder {
    Newest,
    Oldest,
}

impl ActivityOrder {
    pub const ALL: [ActivityOrder; 2] = [ActivityOrder::Newest, ActivityOrder::Oldest];

    pub fn key(self) -> &'static str {
        match self {
            ActivityOrder::Newest => "newest",
            ActivityOrder::Oldest => "oldest",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityOrder::Newest => "Latest first",
            ActivityOrder::Oldest => "Earliest first",
        }
    }

    /// Unknown keys: earliest first.
    pub fn from_key(k: &str) -> ActivityOrder {
        if k == ActivityOrder::Newest.key() {
            ActivityOrder::Newest
        } else {
            ActivityOrder::Oldest
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityFilter {
    pub kind: Option<ActivityKind>,
    pub owner: Option<crate::domain::Id>,
    pub status: ActivityStatus,
}

/// When an activity sorts: its due date and time, else when it was logged (UTC).
fn when(a: &Activity) -> chrono::NaiveDateTime {
    a.due.unwrap_or(a.created_at.naive_utc())
}

/// The activities that pass `filter`, in `order`.
pub fn activity_rows(
    ws: &Workspace,
    filter: &ActivityFilter,
    order: ActivityOrder,
) -> Vec<Activity> {
    let mut v: Vec<Activity> = ws
        .activities
        .values()
        .filter(|a| filter.kind.is_none_or(|k| a.kind == k))
        .filter(|a| owner_matches(filter.owner.as_ref(), a.owner_id.as_ref()))
        .filter(|a| match filter.status {
            ActivityStatus::Open => !a.done,
            ActivityStatus::Done => a.done,
            ActivityStatus::All => true,
        })
        .cloned()
        .collect();
    v.sort_by_key(when);
    if order == ActivityOrder::Newest {
        v.reverse();
    }
    v
}

/// A record's activities (those `belongs` keeps), latest first.
pub fn record_activities(ws: &Workspace, belongs: impl Fn(&Activity) -> bool) -> Vec<Activity> {
    let mut v: Vec<Activity> = ws
        .activities
        .values()
        .filter(|a| belongs(a))
        .cloned()
        .collect();
    v.sort_by_key(|a| std::cmp::Reverse(when(a)));
    v
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;
    use crate::domain::Id;
    use chrono::NaiveDate;

    fn workspace() -> (Workspace, Id) {
        let (mut ws, mut ids) = seeded();
        let ana = ids.next_id();
        let deal_id = ids.next_id();
        for (subject, kind, day, done, owner) in [
            ("call", ActivityKind::Call, 3, false, None),
            ("demo", ActivityKind::Demo, 1, true, Some(ana.clone())),
            ("task", ActivityKind::Task, 2, false, Some(ana.clone())),
        ] {
            let mut a = activity(ids.next_id(), subject);
            a.kind = kind;
            a.due = NaiveDate::from_ymd_opt(2026, 12, day).and_then(|d| d.and_hms_opt(9, 0, 0));
            a.done = done;
            a.owner_id = owner;
            a.deal_id = (subject != "task").then(|| deal_id.clone());
            ws.put(a.into());
        }
        // Undated: sorts by when it was logged (2026-11-22), before December.
        let mut note = activity(ids.next_id(), "note");
        note.kind = ActivityKind::Note;
        note.deal_id = Some(deal_id.clone());
        ws.put(note.into());
        (ws, ana)
    }

    fn subjects(v: &[Activity]) -> String {
        v.iter()
            .map(|a| a.subject.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn filters_and_orders() {
        let (ws, ana) = workspace();
        let rows = |kind, owner, status, order| {
            let f = ActivityFilter {
                kind,
                owner,
                status,
            };
            subjects(&activity_rows(&ws, &f, order))
        };
        assert_eq!(
            rows(None, None, ActivityStatus::All, ActivityOrder::Oldest),
            "note,demo,task,call"
        );
        assert_eq!(
            rows(None, None, ActivityStatus::Open, ActivityOrder::Newest),
            "call,task,note"
        );
        assert_eq!(
            rows(None, None, ActivityStatus::Done, ActivityOrder::Newest),
            "demo"
        );
        assert_eq!(
            rows(
                Some(ActivityKind::Task),
                None,
                ActivityStatus::All,
                ActivityOrder::Newest
            ),
            "task"
        );
        assert_eq!(
            rows(None, Some(ana), ActivityStatus::All, ActivityOrder::Oldest),
            "demo,task"
        );
    }

    #[test]
    fn a_records_activities_latest_first() {
        let (ws, _) = workspace();
        let deal = ws
            .activities
            .values()
            .find(|a| a.subject == "call")
            .and_then(|a| a.deal_id.clone())
            .unwrap();
        let v = record_activities(&ws, |a| a.deal_id.as_ref() == Some(&deal));
        assert_eq!(subjects(&v), "call,demo,note");
    }

    #[test]
    fn filter_keys() {
        for s in ActivityStatus::ALL {
            assert_eq!(ActivityStatus::from_key(s.key()), s);
        }
        for o in ActivityOrder::ALL {
            assert_eq!(ActivityOrder::from_key(o.key()), o);
        }
        assert_eq!(ActivityStatus::Open.label(), "To do");
    }
}
