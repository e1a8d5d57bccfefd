//! Reps and territories: forms, and deactivating a rep with their open work handed to
//! another rep in the same action.

use super::changes::{Change, Record};
use super::entities::*;
use super::validation::{looks_like_email, optional, required};
use super::{FieldErrors, Id, LeadStatus, StageKind, Timestamp, Workspace};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RepForm {
    pub name: String,
    pub email: String,
    /// "rep" or "manager".
    pub role: String,
    pub manager_id: String,
    pub territory_id: String,
}

impl RepForm {
    pub fn new() -> Self {
        RepForm {
            role: "rep".into(),
            ..Default::default()
        }
    }

    pub fn from_rep(r: &Rep) -> Self {
        RepForm {
            name: r.name.clone(),
            email: r.email.clone().unwrap_or_default(),
            role: r.role.key().into(),
            manager_id: r
                .manager_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
            territory_id: r
                .territory_id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_default(),
        }
    }

    pub fn to_record(
        &self,
        ws: &Workspace,
        existing: Option<&Rep>,
        id: Id,
        now: Timestamp,
    ) -> Result<Rep, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "name", &self.name, "Name");
        let email = optional(&self.email);
        if email.as_deref().is_some_and(|m| !looks_like_email(m)) {
            e.add("email", "Enter an e-mail address like ana@example.com");
        }
        let role = match RepRole::from_key(&self.role) {
            Some(r) => r,
            None => {
                e.add("role", "Choose a role");
                RepRole::Rep
            }
        };
        let manager_id = optional(&self.manager_id).map(Id::from_string);
        if let Some(m) = &manager_id {
            if m == &id {
                e.add("manager_id", "A rep cannot manage themselves");
            } else if !ws.reps.contains(m) {
                e.add("manager_id", "That manager no longer exists");
            }
        }
        let territory_id = optional(&self.territory_id).map(Id::from_string);
        if territory_id
            .as_ref()
            .is_some_and(|t| !ws.territories.contains(t))
        {
            e.add("territory_id", "That territory no longer exists");
        }
        e.into_result(Rep {
            id,
            name,
            email,
            role,
            manager_id,
            territory_id,
            active: existing.map(|r| r.active).unwrap_or(true),
            created_at: existing.map(|r| r.created_at).unwrap_or(now),
            updated_at: now,
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TerritoryForm {
    pub name: String,
    pub region: String,
    pub segment: String,
}

impl TerritoryForm {
    pub fn to_record(
        &self,
        existing: Option<&Territory>,
        id: Id,
        now: Timestamp,
    ) -> Result<Territory, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = required(&mut e, "territory_name", &self.name, "Territory name");
        let segment = optional(&self.segment).and_then(|s| {
            let seg = Segment::from_label(&s);
            if seg.is_none() {
                e.add("segment", "Choose a segment");
            }
            seg
        });
        e.into_result(Territory {
            id,
            name,
            region: optional(&self.region),
            segment,
            created_at: existing.map(|t| t.created_at).unwrap_or(now),
            updated_at: now,
        })
    }
}

/// How much open work a rep owns: (open deals, open leads, open activities).
pub fn open_work(ws: &Workspace, rep: &Id) -> (usize, usize, usize) {
    let deals = ws
        .deals
        .values()
        .filter(|d| d.owner_id.as_ref() == Some(rep))
        .filter(|d| ws.stage_of(d).is_some_and(|s| s.kind == StageKind::Open))
        .count();
    let leads = ws
        .leads
        .values()
        .filter(|l| l.owner_id.as_ref() == Some(rep))
        .filter(|l| !matches!(l.status, LeadStatus::Converted | LeadStatus::Disqualified))
        .count();
    let activities = ws
        .activities
        .values()
        .filter(|a| a.owner_id.as_ref() == Some(rep) && !a.done)
        .count();
    (deals, leads, activities)
}

/// Deactivates `rep` and, when `to` is given, hands their open deals, open leads and
/// open activities to `to`. Closed work keeps its owner (history stays true).
pub fn deactivate(
    ws: &Workspace,
    rep: &Id,
    to: Option<&Id>,
    now: Timestamp,
) -> Result<Vec<Change>, FieldErrors> {
    let mut e = FieldErrors::new();
    let Some(r) = ws.reps.get(rep) else {
        e.add("rep", "This rep no longer exists");
        return Err(e);
    };
    if let Some(t) = to {
        if t == rep || !ws.reps.get(t).is_some_and(|x| x.active) {
            e.add("reassign_to", "Choose another active rep");
        }
    }
    if ws.settings.me.as_ref() == Some(rep) {
        e.add(
            "rep",
            "You cannot deactivate yourself; change “You” in Settings first",
        );
    }
    if !e.is_empty() {
        return Err(e);
    }
    let mut changes = Vec::new();
    if let Some(to) = to {
        for d in ws.deals.values() {
            let open = ws.stage_of(d).is_some_and(|s| s.kind == StageKind::Open);
            if open && d.owner_id.as_ref() == Some(rep) {
                let mut d = d.clone();
                d.owner_id = Some(to.clone());
                d.updated_at = now;
                changes.push(Change::Put(Record::Deal(d)));
            }
        }
        for l in ws.leads.values() {
            let open = !matches!(l.status, LeadStatus::Converted | LeadStatus::Disqualified);
            if open && l.owner_id.as_ref() == Some(rep) {
                let mut l = l.clone();
                l.owner_id = Some(to.clone());
                l.updated_at = now;
                changes.push(Change::Put(Record::Lead(l)));
            }
        }
        for a in ws.activities.values() {
            if !a.done && a.owner_id.as_ref() == Some(rep) {
                let mut a = a.clone();
                a.owner_id = Some(to.clone());
                a.updated_at = now;
                changes.push(Change::Put(Record::Activity(a)));
            }
        }
    }
    let mut r = r.clone();
    r.active = false;
    r.updated_at = now;
    changes.push(Change::Put(Record::Rep(r)));
    Ok(changes)
}

/// The settings that make `rep` "me" (the person using this browser): how someone who
/// imported the team's snapshot says which rep they are. An inactive or unknown rep
/// cannot be chosen.
pub fn set_me(ws: &Workspace, rep: &Id, now: Timestamp) -> Result<Change, &'static str> {
    match ws.reps.get(rep) {
        None => Err("That rep no longer exists"),
        Some(r) if !r.active => Err("An inactive rep cannot be you: reactivate them first"),
        Some(r) => Ok(Change::Settings(Settings {
            me: Some(r.id.clone()),
            updated_at: Some(now),
            ..ws.settings.clone()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{deal, now, seeded};

    fn rep(ws: &Workspace, id: Id, name: &str) -> Rep {
        RepForm {
            name: name.into(),
            ..RepForm::new()
        }
        .to_record(ws, None, id, now())
        .unwrap()
    }

    #[test]
    fn rep_form_rules() {
        let (ws, mut ids) = seeded();
        let id = ids.next_id();
        let e = RepForm {
            name: "".into(),
            email: "x".into(),
            manager_id: id.to_string(),
            role: "boss".into(),
            ..Default::default()
        }
        .to_record(&ws, None, id, now())
        .unwrap_err();
        assert!(e.get("name").is_some());
        assert!(e.get("email").is_some());
        assert!(e.get("role").is_some());
        assert_eq!(e.get("manager_id"), Some("A rep cannot manage themselves"));
    }

    #[test]
    fn deactivating_hands_open_work_to_another_rep_in_one_change_list() {
        let (mut ws, mut ids) = seeded();
        let bo = rep(&ws, ids.next_id(), "Bo");
        let cy = rep(&ws, ids.next_id(), "Cy");
        ws.put(bo.clone().into());
        ws.put(cy.clone().into());
        let won_stage = ws.default_pipeline().unwrap().stages[5].id.clone();
        let mut open = deal(&ws, ids.next_id(), None);
        open.owner_id = Some(bo.id.clone());
        let mut won = deal(&ws, ids.next_id(), None);
        won.owner_id = Some(bo.id.clone());
        won.stage_id = won_stage;
        ws.put(open.clone().into());
        ws.put(won.clone().into());
        assert_eq!(open_work(&ws, &bo.id), (1, 0, 0));

        let e = deactivate(&ws, &bo.id, Some(&bo.id), now()).unwrap_err();
        assert_eq!(e.get("reassign_to"), Some("Choose another active rep"));

        let changes = deactivate(&ws, &bo.id, Some(&cy.id), now()).unwrap();
        ws.apply(changes);
        assert!(!ws.reps.get(&bo.id).unwrap().active);
        assert_eq!(
            ws.deals.get(&open.id).unwrap().owner_id.as_ref(),
            Some(&cy.id)
        );
        assert_eq!(
            ws.deals.get(&won.id).unwrap().owner_id.as_ref(),
            Some(&bo.id),
            "closed work keeps its owner"
        );
        assert!(ws.active_reps().iter().all(|r| r.id != bo.id));
    }

    #[test]
    fn territories_need_a_name() {
        let (_, mut ids) = seeded();
        let e = TerritoryForm::default()
            .to_record(None, ids.next_id(), now())
            .unwrap_err();
        assert!(e.get("territory_name").is_some());
        let t = TerritoryForm {
            name: "West".into(),
            region: "EMEA".into(),
            segment: "Enterprise".into(),
        }
        .to_record(None, ids.next_id(), now())
        .unwrap();
        assert_eq!(t.segment, Some(Segment::Enterprise));
    }

    #[test]
    fn any_active_rep_can_be_set_as_me() {
        let (mut ws, mut ids) = seeded();
        let mia = rep(&ws, ids.next_id(), "Mia");
        ws.put(mia.clone().into());
        let Ok(Change::Settings(s)) = set_me(&ws, &mia.id, now()) else {
            panic!("settings expected")
        };
        assert_eq!(s.me, Some(mia.id.clone()));
        assert_eq!(s.workspace_name, ws.settings.workspace_name);
        ws.put(
            Rep {
                active: false,
                ..mia.clone()
            }
            .into(),
        );
        assert!(set_me(&ws, &mia.id, now()).is_err());
        assert_eq!(
            set_me(&ws, &Id::from_string("gone"), now()).unwrap_err(),
            "That rep no longer exists"
        );
    }
}
