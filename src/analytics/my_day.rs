//! "My day": my overdue, today's and upcoming activities (deal next steps count as
//! tasks), and my open deals without a next step.

use crate::domain::entities::Activity;
use crate::domain::{Date, Deal, Id, StageKind, Workspace};

/// Something to do: an activity, or a deal's next step.
#[derive(Clone, Debug, PartialEq)]
pub enum Todo<'a> {
    Activity(&'a Activity),
    NextStep(&'a Deal),
}

impl Todo<'_> {
    pub fn due_date(&self) -> Option<Date> {
        match self {
            Todo::Activity(a) => a.due.map(|d| d.date()),
            Todo::NextStep(d) => d.next_step_due,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MyDay<'a> {
    pub overdue: Vec<Todo<'a>>,
    pub today: Vec<Todo<'a>>,
    /// Due in the next 7 days.
    pub upcoming: Vec<Todo<'a>>,
    pub deals_without_next_step: Vec<&'a Deal>,
}

fn mine(owner: Option<&Id>, me: Option<&Id>) -> bool {
    // With no "me" set, everything is mine (a solo seller who skipped Settings).
    me.is_none() || owner == me
}

pub fn my_day<'a>(ws: &'a Workspace, me: Option<&Id>, today: Date) -> MyDay<'a> {
    let mut out = MyDay::default();
    let horizon = today + chrono::Days::new(7);
    let mut todos: Vec<Todo> = ws
        .activities
        .values()
        .filter(|a| !a.done && a.due.is_some() && mine(a.owner_id.as_ref(), me))
        .map(Todo::Activity)
        .collect();
    for d in ws.deals.values() {
        let open = ws.stage_of(d).is_some_and(|s| s.kind == StageKind::Open);
        if !open || !mine(d.owner_id.as_ref(), me) {
            continue;
        }
        if d.next_step.is_some() && d.next_step_due.is_some() {
            todos.push(Todo::NextStep(d));
        } else if d.next_step.is_none() {
            out.deals_without_next_step.push(d);
        }
    }
    todos.sort_by_key(|t| t.due_date());
    for t in todos {
        let due = t.due_date().expect("only dated todos");
        if due < today {
            out.overdue.push(t);
        } else if due == today {
            out.today.push(t);
        } else if due <= horizon {
            out.upcoming.push(t);
        }
    }
    out.deals_without_next_step
        .sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::entities::ActivityKind;
    use crate::domain::workspace::tests::{deal, now, seeded};
    use chrono::NaiveDate;

    fn day(d: u32) -> Date {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn task(id: Id, owner: Option<Id>, due: Date, done: bool) -> Activity {
        Activity {
            id,
            kind: ActivityKind::Task,
            subject: "Task".into(),
            notes: None,
            due: Some(due.and_hms_opt(10, 0, 0).unwrap()),
            done,
            done_at: None,
            outcome: None,
            owner_id: owner,
            deal_id: None,
            account_id: None,
            contact_id: None,
            lead_id: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn sorts_my_todos_into_overdue_today_and_upcoming() {
        let (mut ws, mut ids) = seeded();
        let me = ids.next_id();
        let other = ids.next_id();
        ws.put(task(ids.next_id(), Some(me.clone()), day(20), false).into());
        ws.put(task(ids.next_id(), Some(me.clone()), day(22), false).into());
        ws.put(task(ids.next_id(), Some(me.clone()), day(22), true).into());
        ws.put(task(ids.next_id(), Some(me.clone()), day(25), false).into());
        ws.put(task(ids.next_id(), Some(me.clone()), day(30), false).into());
        ws.put(task(ids.next_id(), Some(other), day(22), false).into());
        let mut with_step = deal(&ws, ids.next_id(), None);
        with_step.owner_id = Some(me.clone());
        with_step.next_step = Some("Call back".into());
        with_step.next_step_due = Some(day(22));
        ws.put(with_step.clone().into());
        let mut without = deal(&ws, ids.next_id(), None);
        without.owner_id = Some(me.clone());
        ws.put(without.clone().into());

        let d = my_day(&ws, Some(&me), day(22));
        assert_eq!(d.overdue.len(), 1);
        assert_eq!(d.today.len(), 2, "a task and a deal's next step");
        assert!(d
            .today
            .contains(&Todo::NextStep(ws.deals.get(&with_step.id).unwrap())));
        assert_eq!(d.upcoming.len(), 1, "day 30 is beyond the week");
        assert_eq!(d.deals_without_next_step.len(), 1);
        assert_eq!(d.deals_without_next_step[0].id, without.id);
    }
}
