//! Scopes: whose numbers a page shows. Everyone, one rep or a manager's team, narrowed
//! by territory, segment and pipeline (all that are set must hold). The rule for which
//! deals, activities, leads and accounts are in a scope is written here once:
//!
//! - people: a deal, an activity, a lead and an account belong to their owner; a
//!   manager's team is the manager and everyone who reports to them, directly or not.
//! - territory: a deal is in its account's territory, or its owner's when the account
//!   has none; an account in its own; a lead in its owner's.
//! - segment: a deal has its account's segment, or the segment of the account's
//!   territory; leads have no segment.
//! - pipeline: a deal's pipeline; leads and accounts have none.
//! - an activity belongs to its owner and sits where its deal sits (pipeline,
//!   territory, segment), else where its account sits, else in its owner's territory.
//!
//! Where a kind of record cannot be placed by a filter (leads by segment or pipeline,
//! accounts by pipeline), `leads_apply` / `accounts_apply` say so and the page shows
//! the metric as "—" with that reason instead of a number computed from everyone.

use crate::domain::{Account, Activity, Deal, Id, Lead, Segment, Workspace};
use std::collections::HashSet;
use std::hash::Hash;

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
        InScope {
            ws,
            m: self.matcher(ws, |id| Some(id.clone())),
        }
    }

    /// The scope as a matcher of places whose ids are keys of another kind (the KPI
    /// facts' interned numbers): `key` maps an id to its key, `None` when the id is
    /// unknown there (a filter on it then matches nothing).
    pub fn matcher<K: Eq + Hash + Clone>(
        &self,
        ws: &Workspace,
        key: impl Fn(&Id) -> Option<K>,
    ) -> Matcher<K> {
        let people = match &self.people {
            People::Everyone => None,
            People::Rep(id) => Some(key(id).into_iter().collect()),
            People::Team(m) => Some(team_of(ws, m).iter().filter_map(&key).collect()),
        };
        Matcher {
            people,
            pipeline: self.pipeline.as_ref().map(&key),
            territory: self.territory.as_ref().map(&key),
            segment: self.segment,
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

/// Where a record sits: its owner, pipeline, territory and segment (`None` where it
/// has none). The `*_place` functions below are the rules of the module's header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place<K> {
    pub owner: Option<K>,
    pub pipeline: Option<K>,
    pub territory: Option<K>,
    pub segment: Option<Segment>,
}

impl<K> Place<K> {
    /// The same place with its ids mapped to other keys.
    pub fn map<L>(self, mut f: impl FnMut(K) -> Option<L>) -> Place<L> {
        Place {
            owner: self.owner.and_then(&mut f),
            pipeline: self.pipeline.and_then(&mut f),
            territory: self.territory.and_then(&mut f),
            segment: self.segment,
        }
    }
}

fn owner_territory<'a>(ws: &'a Workspace, owner: Option<&Id>) -> Option<&'a Id> {
    owner
        .and_then(|o| ws.reps.get(o))
        .and_then(|r| r.territory_id.as_ref())
}

/// The rules, over keys of any kind (the records' ids, or the KPI facts' numbers).
pub mod rules {
    use super::{Place, Segment};

    /// A deal belongs to `owner`, is in its pipeline, and sits in its account's
    /// territory (its owner's when the account has none) and segment.
    pub fn deal<K: Copy>(
        owner: Option<K>,
        pipeline: K,
        account: Option<&Place<K>>,
        owner_territory: impl FnOnce() -> Option<K>,
    ) -> Place<K> {
        Place {
            owner,
            pipeline: Some(pipeline),
            territory: account.and_then(|a| a.territory).or_else(owner_territory),
            segment: account.and_then(|a| a.segment),
        }
    }

    /// An account is in its own territory, and has its own segment, else its
    /// territory's.
    pub fn account<K>(
        owner: Option<K>,
        territory: Option<K>,
        segment: Option<Segment>,
        territory_segment: impl FnOnce() -> Option<Segment>,
    ) -> Place<K> {
        Place {
            owner,
            pipeline: None,
            territory,
            segment: segment.or_else(territory_segment),
        }
    }

    /// An activity belongs to its owner and sits where its deal sits, else where its
    /// account sits, else in its owner's territory.
    pub fn activity<K: Copy>(
        owner: Option<K>,
        within: Option<Place<K>>,
        owner_territory: impl FnOnce() -> Option<K>,
    ) -> Place<K> {
        match within {
            Some(p) => Place { owner, ..p },
            None => Place {
                owner,
                pipeline: None,
                territory: owner_territory(),
                segment: None,
            },
        }
    }

    /// A lead belongs to its owner, in the owner's territory; it has no pipeline or
    /// segment.
    pub fn lead<K>(owner: Option<K>, owner_territory: impl FnOnce() -> Option<K>) -> Place<K> {
        Place {
            owner,
            pipeline: None,
            territory: owner_territory(),
            segment: None,
        }
    }
}

pub fn account_place<'a>(ws: &'a Workspace, a: &'a Account) -> Place<&'a Id> {
    rules::account(
        a.owner_id.as_ref(),
        a.territory_id.as_ref(),
        a.segment,
        || {
            a.territory_id
                .as_ref()
                .and_then(|t| ws.territories.get(t))
                .and_then(|t| t.segment)
        },
    )
}

/// A deal's place, with `owner` its owner (now, or on some past day).
pub fn deal_place<'a>(ws: &'a Workspace, d: &'a Deal, owner: Option<&'a Id>) -> Place<&'a Id> {
    let account = d
        .account_id
        .as_ref()
        .and_then(|a| ws.accounts.get(a))
        .map(|a| account_place(ws, a));
    rules::deal(owner, &d.pipeline_id, account.as_ref(), || {
        owner_territory(ws, owner)
    })
}

pub fn activity_place<'a>(ws: &'a Workspace, a: &'a Activity) -> Place<&'a Id> {
    let within = match a.deal_id.as_ref().and_then(|d| ws.deals.get(d)) {
        Some(d) => Some(deal_place(ws, d, d.owner_id.as_ref())),
        None => a
            .account_id
            .as_ref()
            .and_then(|id| ws.accounts.get(id))
            .map(|acc| account_place(ws, acc)),
    };
    let owner = a.owner_id.as_ref();
    rules::activity(owner, within, || owner_territory(ws, owner))
}

pub fn lead_place<'a>(ws: &'a Workspace, l: &'a Lead) -> Place<&'a Id> {
    let owner = l.owner_id.as_ref();
    rules::lead(owner, || owner_territory(ws, owner))
}

/// A scope ready to test places: every filter that is set must hold.
#[derive(Clone, Debug)]
pub struct Matcher<K> {
    /// `None`: everyone.
    people: Option<HashSet<K>>,
    /// `Some(None)`: a filter on something unknown, which nothing matches.
    pipeline: Option<Option<K>>,
    territory: Option<Option<K>>,
    segment: Option<Segment>,
}

impl<K: Eq + Hash> Matcher<K> {
    /// The one rule: is a record at `place` in scope?
    pub fn holds(&self, place: &Place<K>) -> bool {
        fn same<K: Eq>(filter: &Option<Option<K>>, value: &Option<K>) -> bool {
            match filter {
                None => true,
                Some(f) => f.is_some() && f == value,
            }
        }
        let people_ok = match &self.people {
            None => true,
            Some(set) => place.owner.as_ref().is_some_and(|o| set.contains(o)),
        };
        people_ok
            && same(&self.pipeline, &place.pipeline)
            && same(&self.territory, &place.territory)
            && self.segment.is_none_or(|s| place.segment == Some(s))
    }

    /// Whether only people are chosen: a record's owner alone decides.
    pub fn people_only(&self) -> bool {
        self.pipeline.is_none() && self.territory.is_none() && self.segment.is_none()
    }

    /// Whether leads can be placed (they have no segment or pipeline).
    pub fn leads_apply(&self) -> bool {
        self.segment.is_none() && self.pipeline.is_none()
    }

    /// Whether accounts can be placed (they have no pipeline).
    pub fn accounts_apply(&self) -> bool {
        self.pipeline.is_none()
    }

    /// Whether a rep is among the people in scope.
    pub fn has_person(&self, person: &K) -> bool {
        self.people.as_ref().is_none_or(|set| set.contains(person))
    }
}

/// A scope against one workspace, testing records.
pub struct InScope<'a> {
    ws: &'a Workspace,
    m: Matcher<Id>,
}

impl InScope<'_> {
    fn holds(&self, place: Place<&Id>) -> bool {
        // Places borrow ids; the matcher owns its own: compare through clones of the
        // few that are set.
        self.m.holds(&place.map(|id| Some(id.clone())))
    }

    pub fn deal(&self, d: &Deal) -> bool {
        self.holds(deal_place(self.ws, d, d.owner_id.as_ref()))
    }

    /// `deal` with the owner it had on some day (`as_of`), for history.
    pub fn deal_owned_by(&self, d: &Deal, owner: Option<&Id>) -> bool {
        self.holds(deal_place(self.ws, d, owner))
    }

    pub fn activity(&self, a: &Activity) -> bool {
        self.holds(activity_place(self.ws, a))
    }

    pub fn leads_apply(&self) -> bool {
        self.m.leads_apply()
    }

    pub fn lead(&self, l: &Lead) -> bool {
        self.leads_apply() && self.holds(lead_place(self.ws, l))
    }

    pub fn accounts_apply(&self) -> bool {
        self.m.accounts_apply()
    }

    pub fn account(&self, a: &Account) -> bool {
        self.accounts_apply() && self.holds(account_place(self.ws, a))
    }

    /// Whether a rep is in scope (for quotas and activity tables).
    pub fn rep(&self, id: &Id) -> bool {
        self.m.has_person(id)
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
