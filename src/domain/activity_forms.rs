//! The activity form: one form for logging from any record's page.

use super::entities::*;
use super::time::parse_iso_date;
use super::validation::{optional, required};
use super::{FieldErrors, Id, Timestamp, Workspace};

/// What an activity is linked to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Links {
    pub deal_id: Option<Id>,
    pub account_id: Option<Id>,
    pub contact_id: Option<Id>,
    pub lead_id: Option<Id>,
}

impl Links {
    /// The links implied by logging from a deal: the deal and its account.
    pub fn for_deal(ws: &Workspace, deal_id: &Id) -> Links {
        Links {
            deal_id: Some(deal_id.clone()),
            account_id: ws.deals.get(deal_id).and_then(|d| d.account_id.clone()),
            ..Default::default()
        }
    }

    /// A label of what is linked, for the form's title: "Acme · Rockets".
    pub fn describe(&self, ws: &Workspace) -> String {
        let mut parts = Vec::new();
        if let Some(a) = ws.account_name(self.account_id.as_ref()) {
            parts.push(a.to_string());
        }
        if let Some(d) = self.deal_id.as_ref().and_then(|d| ws.deals.get(d)) {
            parts.push(d.name.clone());
        }
        if let Some(c) = self.contact_id.as_ref().and_then(|c| ws.contacts.get(c)) {
            parts.push(c.name.clone());
        }
        if let Some(l) = self.lead_id.as_ref().and_then(|l| ws.leads.get(l)) {
            parts.push(l.name.clone());
        }
        parts.join(" · ")
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityForm {
    pub kind: String,
    pub subject: String,
    pub notes: String,
    pub due_date: String,
    pub due_time: String,
    pub done: bool,
    pub outcome: String,
    pub owner_id: String,
}

impl ActivityForm {
    /// A prefilled form: "Call with Acme", done (logging what happened), owned by me.
    pub fn quick(kind: ActivityKind, about: &str, me: Option<&Id>) -> Self {
        let subject = match kind {
            ActivityKind::Call => format!("Call with {about}"),
            ActivityKind::Meeting => format!("Meeting with {about}"),
            ActivityKind::Demo => format!("Demo for {about}"),
            ActivityKind::Email => format!("E-mail to {about}"),
            ActivityKind::Task => format!("Follow up with {about}"),
            ActivityKind::Note => format!("Note on {about}"),
        };
        ActivityForm {
            kind: kind.key().into(),
            subject,
            done: kind != ActivityKind::Task,
            owner_id: me.map(|i| i.to_string()).unwrap_or_default(),
            ..Default::default()
        }
    }

    pub fn to_record(
        &self,
        ws: &Workspace,
        links: &Links,
        id: Id,
        now: Timestamp,
    ) -> Result<Activity, FieldErrors> {
        let mut e = FieldErrors::new();
        let kind = ActivityKind::from_key(&self.kind).unwrap_or_else(|| {
            e.add("kind", "Choose a kind of activity");
            ActivityKind::Note
        });
        let subject = required(&mut e, "subject", &self.subject, "Subject");
        let date = optional(&self.due_date).and_then(|d| match parse_iso_date(&d) {
            Ok(d) => Some(d),
            Err(m) => {
                e.add("due_date", m);
                None
            }
        });
        let time = optional(&self.due_time).and_then(|t| {
            match chrono::NaiveTime::parse_from_str(&t, "%H:%M") {
                Ok(t) => Some(t),
                Err(_) => {
                    e.add("due_time", "Enter a time like 14:30");
                    None
                }
            }
        });
        if time.is_some() && date.is_none() && e.get("due_date").is_none() {
            e.add("due_date", "Pick a date for this time");
        }
        let due = date.map(|d| d.and_time(time.unwrap_or(chrono::NaiveTime::MIN)));
        let owner_id = optional(&self.owner_id).map(Id::from_string);
        if let Some(o) = &owner_id {
            if !ws.reps.contains(o) {
                e.add("owner_id", "That owner no longer exists");
            }
        }
        if links
            .deal_id
            .as_ref()
            .is_some_and(|d| !ws.deals.contains(d))
            || links
                .account_id
                .as_ref()
                .is_some_and(|a| !ws.accounts.contains(a))
            || links
                .contact_id
                .as_ref()
                .is_some_and(|c| !ws.contacts.contains(c))
            || links
                .lead_id
                .as_ref()
                .is_some_and(|l| !ws.leads.contains(l))
        {
            e.add(
                "links",
                "The record this activity belongs to no longer exists",
            );
        }
        e.into_result(Activity {
            id,
            kind,
            subject,
            notes: optional(&self.notes),
            due,
            done: self.done,
            done_at: self.done.then_some(now),
            outcome: optional(&self.outcome),
            owner_id,
            deal_id: links.deal_id.clone(),
            account_id: links.account_id.clone(),
            contact_id: links.contact_id.clone(),
            lead_id: links.lead_id.clone(),
            created_at: now,
            updated_at: now,
        })
    }
}

/// Marks an activity done or not done.
pub fn set_done(a: &Activity, done: bool, now: Timestamp) -> Activity {
    let mut a = a.clone();
    a.done = done;
    a.done_at = done.then_some(now);
    a.updated_at = now;
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, deal, now, seeded};

    #[test]
    fn quick_forms_are_ready_to_save() {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        let d = deal(&ws, ids.next_id(), Some(acme.clone()));
        ws.put(d.clone().into());
        let links = Links::for_deal(&ws, &d.id);
        assert_eq!(links.account_id.as_ref(), Some(&acme));
        assert_eq!(links.describe(&ws), "Acme · Deal");
        let a = ActivityForm::quick(ActivityKind::Call, "Acme", None)
            .to_record(&ws, &links, ids.next_id(), now())
            .unwrap();
        assert_eq!(a.subject, "Call with Acme");
        assert!(a.done);
        assert_eq!(a.done_at, Some(now()));
        let t = ActivityForm::quick(ActivityKind::Task, "Acme", None)
            .to_record(&ws, &links, ids.next_id(), now())
            .unwrap();
        assert!(!t.done);
    }

    #[test]
    fn due_date_and_time_are_validated() {
        let (ws, mut ids) = seeded();
        let mut f = ActivityForm::quick(ActivityKind::Task, "x", None);
        f.due_time = "25:00".into();
        f.due_date = "2026-13-01".into();
        let e = f
            .to_record(&ws, &Links::default(), ids.next_id(), now())
            .unwrap_err();
        assert!(e.get("due_time").is_some());
        assert!(e.get("due_date").is_some());
        f.due_date = "2026-11-22".into();
        f.due_time = "14:30".into();
        let a = f
            .to_record(&ws, &Links::default(), ids.next_id(), now())
            .unwrap();
        assert_eq!(a.due.unwrap().to_string(), "2026-11-22 14:30:00");
        let gone = Links {
            deal_id: Some(ids.next_id()),
            ..Default::default()
        };
        assert!(f
            .to_record(&ws, &gone, ids.next_id(), now())
            .unwrap_err()
            .get("links")
            .is_some());
    }
}
