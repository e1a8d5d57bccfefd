//! Next best actions for My day: a short ranked list across my deals, leads and
//! one-on-one action items, each with its reason and the one action that answers it.
//!
//! The ranking rule (the help page states it, `RANKING_RULE`): first by kind, in the
//! order of `ActionKind` (a promise already broken comes before a risk), then within
//! a kind by money at stake — weighted value (amount × stage probability, in home
//! currency at today's rate) for deals, score for leads — then by how late it is, then
//! by name, so the order never flickers.

use super::lead_scoring::facts;
use crate::domain::automation::automation_tasks;
use crate::domain::{Date, Id, LeadStatus, Rates, StageKind, Timestamp, Workspace};
use std::collections::{HashMap, HashSet};

pub const RANKING_RULE: &str = "Suggestions are ranked first by kind — overdue next steps, then deals whose expected close date has passed, then hot leads (a score of 50 or more) not contacted yet, then action items from one-on-ones that are due, then stalled deals — and within a kind by the money at stake (weighted value: amount × stage probability, in your home currency at today's rate; a lead's score), then by how many days late, then by name. The ten highest show.";

/// A lead scores "hot" from this many points.
pub const HOT_LEAD: u8 = 50;
/// My day shows this many.
pub const SHOWN: usize = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionKind {
    OverdueNextStep,
    ClosePassed,
    HotLead,
    ActionItem,
    Stalled,
}

/// The one-click answer to a suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Act {
    /// Log a call on this deal (opens the deal with the call form).
    LogCall { deal: Id },
    /// An overdue next step: log the call in one click, or set the next one.
    LogCallOrSetNextStep { deal: Id },
    /// Set the next step or close date: open the deal.
    OpenDeal { deal: Id },
    /// Call the lead: open it.
    OpenLead { lead: Id },
    /// Mark a one-on-one action item done: (coaching note, item index).
    OpenNote { note: Id },
}

impl Act {
    /// The deal a one-click "Log a call" button logs on, when this answer offers one.
    pub fn call_on(&self) -> Option<&Id> {
        match self {
            Act::LogCall { deal } | Act::LogCallOrSetNextStep { deal } => Some(deal),
            _ => None,
        }
    }

    /// Where the answer's link goes (an app path, before the sub-path) and what it says.
    pub fn link(&self) -> (String, &'static str) {
        match self {
            Act::LogCall { deal } => (format!("/deals/{deal}"), "Open the deal"),
            Act::LogCallOrSetNextStep { deal } => (format!("/deals/{deal}"), "Set the next step"),
            Act::OpenDeal { deal } => (format!("/deals/{deal}"), "Update the deal"),
            Act::OpenLead { lead } => (format!("/leads/{lead}"), "Open the lead"),
            Act::OpenNote { .. } => ("/team".to_string(), "Open the team"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub kind: ActionKind,
    pub title: String,
    pub reason: String,
    pub act: Act,
    /// What the rank compares within a kind (home minor units, or a score).
    pub weight: i64,
    pub days_late: i64,
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// My suggestions on `today`, ranked; `me` = `None` means everything (a solo seller).
pub fn next_actions(
    ws: &Workspace,
    me: Option<&Id>,
    now: Timestamp,
    today: Date,
    stalled: &HashMap<Id, Vec<crate::analytics::stalled::StalledReason>>,
) -> Vec<Suggestion> {
    let mine = |o: Option<&Id>| me.is_none() || o == me;
    let rates = Rates::of(ws);
    let home = ws.settings.home_currency.clone();
    let mut out = Vec::new();
    for d in ws.deals.values() {
        let Some(stage) = ws.stage_of(d) else {
            continue;
        };
        if stage.kind != StageKind::Open || !mine(d.owner_id.as_ref()) {
            continue;
        }
        let weighted = d
            .amount
            .and_then(|a| rates.to_home(a, &d.currency, today))
            .map(|a| a * stage.probability as i64 / 100)
            .unwrap_or(0);
        let value = crate::domain::Money::new(weighted, home.clone()).format();
        if let (Some(step), Some(due)) = (&d.next_step, d.next_step_due) {
            if due < today {
                let late = (today - due).num_days();
                out.push(Suggestion {
                    kind: ActionKind::OverdueNextStep,
                    title: format!("{}: {step}", d.name),
                    reason: format!("Next step {} overdue · {value} weighted", days(late)),
                    act: Act::LogCallOrSetNextStep { deal: d.id.clone() },
                    weight: weighted,
                    days_late: late,
                });
                continue;
            }
        }
        if let Some(close) = d.expected_close.filter(|c| *c < today) {
            let late = (today - close).num_days();
            out.push(Suggestion {
                kind: ActionKind::ClosePassed,
                title: d.name.clone(),
                reason: format!(
                    "Expected to close {} ago, still open · {value} weighted",
                    days(late)
                ),
                act: Act::OpenDeal { deal: d.id.clone() },
                weight: weighted,
                days_late: late,
            });
            continue;
        }
        if let Some(r) = stalled.get(&d.id).and_then(|r| r.first()) {
            out.push(Suggestion {
                kind: ActionKind::Stalled,
                title: d.name.clone(),
                reason: format!("Stalled: {r} · {value} weighted"),
                act: Act::LogCall { deal: d.id.clone() },
                weight: weighted,
                days_late: 0,
            });
        }
    }
    // Hot leads nobody has talked to: no completed activity (automation's reminders
    // do not count as contact).
    let made = automation_tasks(ws);
    let contacted: HashSet<&Id> = ws
        .activities
        .values()
        .filter(|a| a.done || !made.contains(&a.id))
        .filter_map(|a| a.lead_id.as_ref())
        .collect();
    let model = &ws.settings.scoring;
    let lead_facts = facts(ws, now);
    for l in ws.leads.values() {
        if !matches!(l.status, LeadStatus::New | LeadStatus::Working)
            || !mine(l.owner_id.as_ref())
            || contacted.contains(&l.id)
        {
            continue;
        }
        let Some(f) = lead_facts.get(&l.id) else {
            continue;
        };
        let s = model.score(f);
        if s.value < HOT_LEAD {
            continue;
        }
        let waiting = (today - crate::domain::time::local_day(l.created_at)).num_days();
        out.push(Suggestion {
            kind: ActionKind::HotLead,
            title: l.name.clone(),
            reason: format!(
                "Scores {} and nobody has contacted them yet ({})",
                s.value,
                s.explain()
            ),
            act: Act::OpenLead { lead: l.id.clone() },
            weight: s.value as i64,
            days_late: waiting,
        });
    }
    for n in ws.coaching_notes.values() {
        for item in n.action_items.iter().filter(|i| i.done_on.is_none()) {
            let owner = item.owner_id.as_ref().unwrap_or(&n.rep_id);
            let Some(due) = item.due.filter(|d| *d <= today) else {
                continue;
            };
            if !mine(Some(owner)) {
                continue;
            }
            let late = (today - due).num_days();
            out.push(Suggestion {
                kind: ActionKind::ActionItem,
                title: item.text.clone(),
                reason: if late == 0 {
                    format!("From the one-on-one of {}, due today", n.date)
                } else {
                    format!("From the one-on-one of {}, {} overdue", n.date, days(late))
                },
                act: Act::OpenNote { note: n.id.clone() },
                weight: 0,
                days_late: late,
            });
        }
    }
    out.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.weight.cmp(&a.weight))
            .then(b.days_late.cmp(&a.days_late))
            .then(a.title.cmp(&b.title))
    });
    out.truncate(SHOWN);
    out
}

/// "Log a call" in one click: a completed call on the deal, owned by its owner.
pub fn log_call_changes(
    ws: &Workspace,
    deal: &Id,
    id: Id,
    now: Timestamp,
) -> Vec<crate::domain::Change> {
    let Some(d) = ws.deals.get(deal) else {
        return Vec::new();
    };
    vec![crate::domain::Change::Insert(
        crate::domain::Record::Activity(crate::domain::Activity {
            id,
            kind: crate::domain::ActivityKind::Call,
            subject: format!("Call about {}", d.name),
            notes: None,
            due: None,
            done: true,
            done_at: Some(now),
            outcome: None,
            owner_id: d.owner_id.clone(),
            deal_id: Some(d.id.clone()),
            account_id: d.account_id.clone(),
            contact_id: None,
            lead_id: None,
            created_at: now,
            updated_at: now,
        }),
    )]
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
    fn ranks_by_kind_then_weighted_value_then_lateness() {
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let mk = |ws: &Workspace,
                  ids: &mut crate::domain::id::SeededIds,
                  name: &str,
                  amount: i64,
                  stage: usize| {
            let mut d = deal(ws, ids.next_id(), None);
            d.name = name.into();
            d.amount = Some(amount);
            d.stage_id = p.stages[stage].id.clone();
            d
        };
        // Overdue next steps: the bigger weighted value first (10% of 50,000 < 60% of 20,000).
        let mut small = mk(&ws, &mut ids, "Small overdue", 50_000, 0);
        small.next_step = Some("Call".into());
        small.next_step_due = Some(today() - chrono::Days::new(9));
        let mut big = mk(&ws, &mut ids, "Big overdue", 20_000, 3);
        big.next_step = Some("Send terms".into());
        big.next_step_due = Some(today() - chrono::Days::new(1));
        let mut passed = mk(&ws, &mut ids, "Passed", 1_000_000, 4);
        passed.expected_close = Some(today() - chrono::Days::new(3));
        let stale = mk(&ws, &mut ids, "Stale", 5_000, 1);
        let mut won = mk(&ws, &mut ids, "Won", 9_000_000, 5);
        won.expected_close = Some(today() - chrono::Days::new(3));
        for d in [&small, &big, &passed, &stale, &won] {
            ws.put(d.clone().into());
        }
        let mut stalled = HashMap::new();
        stalled.insert(
            stale.id.clone(),
            vec![crate::analytics::stalled::StalledReason::NoActivity { days: 20 }],
        );
        let got = next_actions(&ws, None, now(), today(), &stalled);
        let names: Vec<&str> = got.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            names,
            [
                "Big overdue: Send terms",
                "Small overdue: Call",
                "Passed",
                "Stale"
            ]
        );
        assert_eq!(got[0].reason, "Next step 1 day overdue · $120.00 weighted");
        assert_eq!(
            got[0].act,
            Act::LogCallOrSetNextStep {
                deal: big.id.clone()
            }
        );
        assert_eq!(
            got[2].reason,
            "Expected to close 3 days ago, still open · $8,000.00 weighted"
        );
        assert_eq!(
            got[3].reason,
            "Stalled: No activity for 20 days · $10.00 weighted"
        );
        // Someone else's deals are not mine.
        let me = Id::from_string("me");
        assert!(next_actions(&ws, Some(&me), now(), today(), &stalled).is_empty());
    }

    #[test]
    fn each_answer_says_where_it_leads_and_which_offer_a_call() {
        let d = Id::from_string("d1");
        let overdue = Act::LogCallOrSetNextStep { deal: d.clone() };
        assert_eq!(overdue.call_on(), Some(&d));
        assert_eq!(
            overdue.link(),
            ("/deals/d1".to_string(), "Set the next step")
        );
        let call = Act::LogCall { deal: d.clone() };
        assert_eq!(call.call_on(), Some(&d));
        assert_eq!(call.link().1, "Open the deal");
        let lead = Act::OpenLead {
            lead: Id::from_string("l1"),
        };
        assert_eq!(lead.call_on(), None);
        assert_eq!(lead.link(), ("/leads/l1".to_string(), "Open the lead"));
        assert_eq!(Act::OpenDeal { deal: d }.call_on(), None);
    }
}
