//! Scopes: whose numbers a page shows. Everyone, one rep or a manager's team, narrowed
//! by territory, segment and pipeline (all that are set must hold). The rule for which
//! deals, activities, leads and accounts are in a scope is written here once:
//!
//! - people: a deal, an activity, a lead and an account belong to their owner; a
//!   manager's team is the manager and everyone who reports to them, directly or not.
//! - territory: a deal is in its account's territory, or its owner's when the account
//!   has none; an account in its own; an activity in its deal's (else its account's,
//!   else its owner's); a lead in its owner's.
//! - segment: a deal has its account's segment, or the segment of the account's
//!   territory; an activity its deal's or account's; leads have no segment.
//! - pipeline: a deal's pipeline; an activity's deal's; leads and accounts have none.
//!
//! Where a kind of record cannot be placed by a filter (leads by segment or pipeline,
//! accounts by pipeline), `leads_apply` / `accounts_apply` say so and the page shows
//! the metric as "—" with that reason instead of a number computed from everyone.

use crate::domain::{Account, Activity, Deal, Id, Lead, Segment, Workspace};
use std::collections::HashSet;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum People {
    #[default]
    Everyone,
    Rep(Id),
    /// A manager and everyone who reports to them, directly or not.
    Team(Id),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Scope {
    pub people: People,
    pub territory: Option<Id>,
    pub segment: Option<Segment>,
    pub pipeline: Option<Id>,
}

impl Scope {
    pub fn everyone() -> Scope {
        Scope::default()
    }

    pub fn rep(id: Id) -> Scope {
        Scope {
            people: People::Rep(id),
            ..Scope::default()
        }
    }

    pub fn team(manager: Id) -> Scope {
        Scope {
            people: People::Team(manager),
            ..Scope::default()
        }
    }

    /// The scope as address parameters: `rep=…`, `team=…`, `territory=…`,
    /// `segment=SaaS`, `pipeline=…` (empty for everyone).
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q = Vec::new();
        match &self.people {
            People::Everyone => {}
            People::Rep(id) => q.push(("rep", id.to_string())),
            People::Team(id) => q.push(("team", id.to_string())),
        }
        if let Some(t) = &self.territory {
            q.push(("territory", t.to_string()));
        }
        if let Some(s) = self.segment {
            q.push(("segment", s.label().to_string()));
        }
        if let Some(p) = &self.pipeline {
            q.push(("pipeline", p.to_string()));
        }
        q
    }

    /// The scope from address parameters (`get` reads one); unknown values are
    /// ignored rather than guessed.
    pub fn from_query<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Scope {
        let id = |k: &str| get(k).filter(|v| !v.is_empty()).map(Id::from_string);
        let people = match (id("rep"), id("team")) {
            (Some(r), _) => People::Rep(r),
            (None, Some(t)) => People::Team(t),
            _ => People::Everyone,
        };
        Scope {
            people,
            territory: id("territory"),
            segment: get("segment").and_then(Segment::from_label),
            pipeline: id("pipeline"),
        }
    }

    /// Whether only people are chosen (leads and accounts can be placed).
    pub fn is_everyone(&self) -> bool {
        *self == Scope::default()
    }

    /// A name for the page header: "Everyone", "Ana Lima", "Ana Lima's team · EMEA ·
    /// SaaS · Renewals".
    pub fn label(&self, ws: &Workspace) -> String {
        let mut parts = vec![match &self.people {
            People::Everyone => "Everyone".to_string(),
            People::Rep(id) => ws.rep_name(Some(id)).unwrap_or("Unknown rep").to_string(),
            People::Team(id) => format!(
                "{}’s team",
                ws.rep_name(Some(id)).unwrap_or("Unknown manager")
            ),
        }];
        if let Some(t) = self.territory.as_ref().and_then(|t| ws.territories.get(t)) {
            parts.push(t.name.clone());
        }
        if let Some(s) = self.segment {
            parts.push(s.label().to_string());
        }
        if let Some(p) = self.pipeline.as_ref().and_then(|p| ws.pipelines.get(p)) {
            parts.push(p.name.clone());
        }
        parts.join(" · ")
    }

    /// The scope resolved against a workspace, ready to test records.
    pub fn resolve<'a>(&self, ws: &'a Workspace) -> InScope<'a> {
        let people = match &self.people {
            People::Everyone => None,
            People::Rep(id) => Some(HashSet::from([id.clone()])),
            People::Team(m) => Some(team_of(ws, m)),
        };
        InScope {
            ws,
            people,
            territory: self.territory.clone(),
            segment: self.segment,
            pipeline: self.pipeline.clone(),
        }
    }
}

/// A manager and everyone reporting to them, directly or not (a cycle in the
/// reporting lines cannot loop: each rep is visited once).
pub fn team_of(ws: &Workspace, manager: &Id) -> HashSet<Id> {
    let mut team = HashSet::from([manager.clone()]);
    let mut frontier = vec![manager.clone()];
    while let Some(m) = frontier.pop() {
        for r in ws.reps.values() {
            if r.manager_id.as_ref() == Some(&m) && team.insert(r.id.clone()) {
                frontier.push(r.id.clone());
            }
        }
    }
    team
}

/// A scope against one workspace.
pub struct InScope<'a> {
    ws: &'a Workspace,
    people: Option<HashSet<Id>>,
    territory: Option<Id>,
    segment: Option<Segment>,
    pipeline: Option<Id>,
}

impl InScope<'_> {
    fn owner_ok(&self, owner: Option<&Id>) -> bool {
        match &self.people {
            None => true,
            Some(set) => owner.is_some_and(|o| set.contains(o)),
        }
    }

    fn owner_territory(&self, owner: Option<&Id>) -> Option<&Id> {
        owner
            .and_then(|o| self.ws.reps.get(o))
            .and_then(|r| r.territory_id.as_ref())
    }

    fn account_segment(&self, a: &Account) -> Option<Segment> {
        a.segment.or_else(|| {
            a.territory_id
                .as_ref()
                .and_then(|t| self.ws.territories.get(t))
                .and_then(|t| t.segment)
        })
    }

    /// The rep ids in scope (`None` when everyone is).
    pub fn people(&self) -> Option<&HashSet<Id>> {
        self.people.as_ref()
    }

    pub fn deal(&self, d: &Deal) -> bool {
        self.deal_owned_by(d, d.owner_id.as_ref())
    }

    /// `deal` with the owner it had on some day (`as_of`), for history.
    pub fn deal_owned_by(&self, d: &Deal, owner: Option<&Id>) -> bool {
        if !self.owner_ok(owner) {
            return false;
        }
        if let Some(p) = &self.pipeline {
            if &d.pipeline_id != p {
                return false;
            }
        }
        if self.territory.is_none() && self.segment.is_none() {
            return true;
        }
        let account = d.account_id.as_ref().and_then(|a| self.ws.accounts.get(a));
        if let Some(t) = &self.territory {
            let territory = account
                .and_then(|a| a.territory_id.as_ref())
                .or_else(|| self.owner_territory(owner));
            if territory != Some(t) {
                return false;
            }
        }
        if let Some(s) = self.segment {
            if account.and_then(|a| self.account_segment(a)) != Some(s) {
                return false;
            }
        }
        true
    }

    pub fn activity(&self, a: &Activity) -> bool {
        if !self.owner_ok(a.owner_id.as_ref()) {
            return false;
        }
        if self.pipeline.is_none() && self.territory.is_none() && self.segment.is_none() {
            return true;
        }
        let deal = a.deal_id.as_ref().and_then(|d| self.ws.deals.get(d));
        if let Some(p) = &self.pipeline {
            if deal.map(|d| &d.pipeline_id) != Some(p) {
                return false;
            }
        }
        let account = deal
            .and_then(|d| d.account_id.as_ref())
            .or(a.account_id.as_ref())
            .and_then(|id| self.ws.accounts.get(id));
        if let Some(t) = &self.territory {
            let territory = account
                .and_then(|acc| acc.territory_id.as_ref())
                .or_else(|| self.owner_territory(a.owner_id.as_ref()));
            if territory != Some(t) {
                return false;
            }
        }
        if let Some(s) = self.segment {
            if account.and_then(|acc| self.account_segment(acc)) != Some(s) {
                return false;
            }
        }
        true
    }

    /// Whether leads can be placed in this scope (not by segment or pipeline).
    pub fn leads_apply(&self) -> bool {
        self.segment.is_none() && self.pipeline.is_none()
    }

    /// Whether `lead` is in scope (always false where leads do not apply).
    pub fn lead(&self, l: &Lead) -> bool {
        if !self.leads_apply() || !self.owner_ok(l.owner_id.as_ref()) {
            return false;
        }
        match &self.territory {
            None => true,
            Some(t) => self.owner_territory(l.owner_id.as_ref()) == Some(t),
        }
    }

    /// Whether accounts can be placed in this scope (not by pipeline).
    pub fn accounts_apply(&self) -> bool {
        self.pipeline.is_none()
    }

    pub fn account(&self, a: &Account) -> bool {
        if !self.accounts_apply() || !self.owner_ok(a.owner_id.as_ref()) {
            return false;
        }
        if let Some(t) = &self.territory {
            if a.territory_id.as_ref() != Some(t) {
                return false;
            }
        }
        if let Some(s) = self.segment {
            if self.account_segment(a) != Some(s) {
                return false;
            }
        }
        true
    }

    /// Whether a rep is in scope (for quotas and activity tables).
    pub fn rep(&self, id: &Id) -> bool {
        self.owner_ok(Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, deal, now, seeded};
    use crate::domain::{ActivityKind, Rep, RepRole, Territory};

    fn rep(id: &Id, name: &str, manager: Option<&Id>, territory: Option<&Id>) -> Rep {
        Rep {
            id: id.clone(),
            name: name.into(),
            email: None,
            role: RepRole::Rep,
            manager_id: manager.cloned(),
            territory_id: territory.cloned(),
            active: true,
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn a_managers_team_is_everyone_below_them_and_no_one_else() {
        let (mut ws, mut ids) = seeded();
        let [vp, m1, a, b, c, outsider] = std::array::from_fn(|_| ids.next_id());
        ws.put(rep(&vp, "VP", None, None).into());
        ws.put(rep(&m1, "Manager", Some(&vp), None).into());
        ws.put(rep(&a, "A", Some(&m1), None).into());
        ws.put(rep(&b, "B", Some(&m1), None).into());
        ws.put(rep(&c, "C", Some(&a), None).into());
        ws.put(rep(&outsider, "Out", None, None).into());
        assert_eq!(
            team_of(&ws, &m1),
            HashSet::from([m1.clone(), a.clone(), b.clone(), c.clone()])
        );
        assert_eq!(team_of(&ws, &vp).len(), 5);
        assert_eq!(team_of(&ws, &c), HashSet::from([c.clone()]));
        // A reporting cycle does not loop.
        let mut looped = rep(&vp, "VP", Some(&c), None);
        looped.manager_id = Some(c.clone());
        ws.put(looped.into());
        assert_eq!(team_of(&ws, &m1).len(), 5);
        let mut mine = |owner: &Id| {
            let mut d = deal(&ws, ids.next_id(), None);
            d.owner_id = Some(owner.clone());
            d
        };
        let team = Scope::team(m1.clone());
        let s = team.resolve(&ws);
        assert!(s.deal(&mine(&c)) && s.deal(&mine(&m1)));
        assert!(!s.deal(&mine(&outsider)));
        assert!(
            !s.deal(&deal(&ws, ids.next_id(), None)),
            "an unowned deal is nobody's team's"
        );
        assert!(Scope::everyone()
            .resolve(&ws)
            .deal(&deal(&ws, ids.next_id(), None)));
    }

    #[test]
    fn territory_segment_and_pipeline_place_deals_activities_leads_and_accounts() {
        let (mut ws, mut ids) = seeded();
        let [west, east, ana, acme, plain] = std::array::from_fn(|_| ids.next_id());
        for (id, name, seg) in [(&west, "West", Some(Segment::SaaS)), (&east, "East", None)] {
            ws.put(
                Territory {
                    id: id.clone(),
                    name: name.into(),
                    region: None,
                    segment: seg,
                    created_at: now(),
                    updated_at: now(),
                }
                .into(),
            );
        }
        ws.put(rep(&ana, "Ana", None, Some(&east)).into());
        let mut a = account(acme.clone(), "Acme");
        a.territory_id = Some(west.clone());
        ws.put(a.into());
        ws.put(account(plain.clone(), "Plain").into());
        let mut in_acme = deal(&ws, ids.next_id(), Some(acme.clone()));
        in_acme.owner_id = Some(ana.clone());
        let mut no_account = deal(&ws, ids.next_id(), None);
        no_account.owner_id = Some(ana.clone());
        ws.put(in_acme.clone().into());

        let west_scope = Scope {
            territory: Some(west.clone()),
            ..Scope::default()
        };
        let s = west_scope.resolve(&ws);
        assert!(s.deal(&in_acme), "the account's territory");
        assert!(!s.deal(&no_account), "the owner's territory is East");
        let east_scope = Scope {
            territory: Some(east.clone()),
            ..Scope::default()
        };
        assert!(east_scope.resolve(&ws).deal(&no_account));
        // Segment: Acme has none of its own, its territory is SaaS.
        let saas = Scope {
            segment: Some(Segment::SaaS),
            ..Scope::default()
        };
        let s = saas.resolve(&ws);
        assert!(s.deal(&in_acme) && !s.deal(&no_account));
        assert!(s.account(ws.accounts.get(&acme).unwrap()));
        assert!(!s.account(ws.accounts.get(&plain).unwrap()));
        assert!(!s.leads_apply());
        // Pipeline: another pipeline's deal is out; accounts cannot be placed.
        let other = Scope {
            pipeline: Some(ids.next_id()),
            ..Scope::default()
        };
        let s = other.resolve(&ws);
        assert!(!s.deal(&in_acme) && !s.accounts_apply());
        // An activity follows its deal.
        let act = Activity {
            id: ids.next_id(),
            kind: ActivityKind::Call,
            subject: "Call".into(),
            notes: None,
            due: None,
            done: true,
            done_at: Some(now()),
            outcome: None,
            owner_id: Some(ana.clone()),
            deal_id: Some(in_acme.id.clone()),
            account_id: None,
            contact_id: None,
            lead_id: None,
            created_at: now(),
            updated_at: now(),
        };
        assert!(west_scope.resolve(&ws).activity(&act));
        assert!(!east_scope.resolve(&ws).activity(&act));
        let pipe = Scope {
            pipeline: Some(in_acme.pipeline_id.clone()),
            ..Scope::default()
        };
        assert!(pipe.resolve(&ws).activity(&act));
    }

    #[test]
    fn scopes_round_trip_through_the_address_and_read_well() {
        let (mut ws, mut ids) = seeded();
        let m = ids.next_id();
        ws.put(rep(&m, "Ana Lima", None, None).into());
        let p = ws.default_pipeline().unwrap().id.clone();
        let s = Scope {
            people: People::Team(m.clone()),
            territory: None,
            segment: Some(Segment::SaaS),
            pipeline: Some(p),
        };
        let q = s.to_query();
        let back = Scope::from_query(|k| q.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str()));
        assert_eq!(back, s);
        assert_eq!(s.label(&ws), "Ana Lima’s team · SaaS · Sales");
        assert_eq!(Scope::from_query(|_| None), Scope::everyone());
        assert_eq!(
            Scope::from_query(|k| (k == "segment").then_some("Nope")).segment,
            None
        );
        assert!(Scope::everyone().to_query().is_empty());
    }
}
