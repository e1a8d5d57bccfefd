//! Follow-up rules the user turns on: each finds what needs a follow-up and makes one
//! task per cause (the cause names the record and the fact, so a rule never makes
//! the same task twice, and a new fact, like a later close date that passes too,
//! makes a new one).

use super::tasks::{NewTask, TaskMaker};
use crate::domain::entities::{ActivityKind, Deal, LeadStatus};
use crate::domain::time::local_day;
use crate::domain::{Id, StageKind, Timestamp, Workspace};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// No activity on an open deal for `n` days.
    NoActivity,
    /// A new lead not contacted within `n` hours.
    LeadNotContacted,
    /// An open deal's expected close date has passed.
    ClosePassed,
    /// A won deal: an onboarding task for the account, due `n` days after the win.
    WonOnboarding,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [
        RuleKind::NoActivity,
        RuleKind::LeadNotContacted,
        RuleKind::ClosePassed,
        RuleKind::WonOnboarding,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RuleKind::NoActivity => "no_activity",
            RuleKind::LeadNotContacted => "lead_not_contacted",
            RuleKind::ClosePassed => "close_passed",
            RuleKind::WonOnboarding => "won_onboarding",
        }
    }

    /// What `n` counts, for the settings field ("days", "hours"); `None` when unused.
    pub fn unit(self) -> Option<&'static str> {
        match self {
            RuleKind::NoActivity => Some("days without activity"),
            RuleKind::LeadNotContacted => Some("hours to make contact"),
            RuleKind::ClosePassed => None,
            RuleKind::WonOnboarding => Some("days to onboard"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRule {
    pub kind: RuleKind,
    pub on: bool,
    pub n: u32,
    /// When the rule was last turned on: the won rule only follows deals won since, so
    /// turning it on does not flood My day with years of old wins.
    #[serde(
        default,
        deserialize_with = "crate::domain::time::stored::optional_timestamp"
    )]
    pub on_since: Option<Timestamp>,
}

impl FollowUpRule {
    /// The rule in words, as its tasks and the log name it.
    pub fn name(&self) -> String {
        let n = self.n;
        let s = |one: &str, many: &str| {
            if n == 1 {
                one.to_string()
            } else {
                format!("{n} {many}")
            }
        };
        match self.kind {
            RuleKind::NoActivity => format!("No activity for {}", s("1 day", "days")),
            RuleKind::LeadNotContacted => {
                format!("New lead not contacted within {}", s("1 hour", "hours"))
            }
            RuleKind::ClosePassed => "Close date passed".to_string(),
            RuleKind::WonOnboarding => "Won deal: onboard the account".to_string(),
        }
    }
}

/// The rules every workspace starts with, all off.
pub fn default_rules() -> Vec<FollowUpRule> {
    let r = |kind, n| FollowUpRule {
        kind,
        on: false,
        n,
        on_since: None,
    };
    vec![
        r(RuleKind::NoActivity, 7),
        r(RuleKind::LeadNotContacted, 24),
        r(RuleKind::ClosePassed, 0),
        r(RuleKind::WonOnboarding, 3),
    ]
}

/// Which records a pass looks at.
pub enum Scope<'a, 'b> {
    /// Everything (on open, and when the rules change).
    All,
    /// What one change touched (after an edit), with the workspace as it will be.
    Touched(&'a Touched<'b>),
}

/// The activities of one deal or lead, as the change leaves them.
pub type ActivitiesOf<'a> = Box<dyn Fn(&Id) -> Vec<&'a crate::domain::Activity> + 'a>;

/// The deals and leads one change touched, in their new versions, and a view of
/// their activities after the change; built by `automation::after_changes`.
pub struct Touched<'a> {
    pub deals: Vec<&'a Deal>,
    pub leads: Vec<&'a crate::domain::Lead>,
    /// A deal's activities after the change.
    pub deal_activities: ActivitiesOf<'a>,
    pub lead_activities: ActivitiesOf<'a>,
    pub made_by_automation: Box<dyn Fn(&Id) -> bool + 'a>,
}

fn is_open(ws: &Workspace, d: &Deal) -> bool {
    ws.pipelines
        .get(&d.pipeline_id)
        .and_then(|p| p.stage(&d.stage_id))
        .is_some_and(|s| s.kind == StageKind::Open)
}

fn is_won(ws: &Workspace, d: &Deal) -> bool {
    ws.pipelines
        .get(&d.pipeline_id)
        .and_then(|p| p.stage(&d.stage_id))
        .is_some_and(|s| s.kind == StageKind::Won)
}

/// Runs every rule that is on over `scope` of `ws`.
pub fn run(ws: &Workspace, rules: &[FollowUpRule], scope: Scope, maker: &mut TaskMaker) {
    let on = |k: RuleKind| rules.iter().find(|r| r.kind == k && r.on);
    let deals: Vec<&Deal> = match &scope {
        Scope::All => ws.deals.values().collect(),
        Scope::Touched(t) => t.deals.clone(),
    };
    if let Some(rule) = on(RuleKind::ClosePassed) {
        for d in &deals {
            close_passed(ws, rule, d, maker);
        }
    }
    if let Some(rule) = on(RuleKind::WonOnboarding) {
        for d in &deals {
            won_onboarding(ws, rule, d, maker);
        }
    }
    match scope {
        Scope::All => {
            if let Some(rule) = on(RuleKind::NoActivity) {
                let last = last_touch_by_deal(ws);
                no_activity(ws, rule, &deals, |d| last.get(d).copied(), maker);
            }
            if let Some(rule) = on(RuleKind::LeadNotContacted) {
                let contacted: HashSet<&Id> = ws
                    .activities
                    .values()
                    .filter_map(|a| a.lead_id.as_ref().filter(|_| a.done))
                    .collect();
                let leads: Vec<&crate::domain::Lead> = ws.leads.values().collect();
                lead_not_contacted(rule, &leads, |l| contacted.contains(l), maker);
            }
        }
        // Only the touched deals' and leads' own activities are read.
        Scope::Touched(t) => {
            if let Some(rule) = on(RuleKind::NoActivity) {
                let last = |d: &Id| {
                    (t.deal_activities)(d)
                        .into_iter()
                        .filter(|a| a.done || !(t.made_by_automation)(&a.id))
                        .map(|a| {
                            let created = local_day(a.created_at);
                            a.done_at
                                .map_or(created, |done| created.max(local_day(done)))
                        })
                        .max()
                };
                no_activity(ws, rule, &deals, last, maker);
            }
            if let Some(rule) = on(RuleKind::LeadNotContacted) {
                let contacted = |l: &Id| (t.lead_activities)(l).iter().any(|a| a.done);
                lead_not_contacted(rule, &t.leads, contacted, maker);
            }
        }
    }
}

fn close_passed(ws: &Workspace, rule: &FollowUpRule, d: &Deal, maker: &mut TaskMaker) {
    let Some(close) = d.expected_close.filter(|c| *c < maker.today) else {
        return;
    };
    if !is_open(ws, d) {
        return;
    }
    maker.make(
        format!("rule:close_passed:{}:{close}", d.id),
        format!("the rule “{}”", rule.name()),
        NewTask {
            kind: ActivityKind::Task,
            subject: format!("Update the close date of {} (it was {close})", d.name),
            due: maker.today,
            owner_id: d.owner_id.clone(),
            deal_id: Some(d.id.clone()),
            lead_id: None,
            account_id: d.account_id.clone(),
        },
    );
}

fn won_onboarding(ws: &Workspace, rule: &FollowUpRule, d: &Deal, maker: &mut TaskMaker) {
    let Some(won) = d.closed_on else { return };
    let since = rule.on_since.map(local_day);
    if since.is_none_or(|s| won < s) || !is_won(ws, d) {
        return;
    }
    let account = d.account_id.as_ref().and_then(|a| ws.accounts.get(a));
    let who = account.map(|a| a.name.as_str()).unwrap_or(d.name.as_str());
    maker.make(
        format!("rule:won_onboarding:{}", d.id),
        format!("the rule “{}”", rule.name()),
        NewTask {
            kind: ActivityKind::Task,
            subject: format!("Onboard {who}: kick-off and handover"),
            due: won.max(maker.today) + chrono::Days::new(rule.n as u64),
            owner_id: account
                .and_then(|a| a.owner_id.clone())
                .or(d.owner_id.clone()),
            deal_id: Some(d.id.clone()),
            lead_id: None,
            account_id: d.account_id.clone(),
        },
    );
}

/// The last day something happened on each deal, as stalled deals count it (an
/// activity logged or completed; automation's open reminders do not count).
fn last_touch_by_deal(ws: &Workspace) -> HashMap<&Id, crate::domain::Date> {
    let made = super::automation_tasks(ws);
    let mut m: HashMap<&Id, crate::domain::Date> = HashMap::new();
    for a in ws.activities.values() {
        if let (Some(d), Some(day)) = (a.deal_id.as_ref(), super::touch_day(a, &made)) {
            let e = m.entry(d).or_insert(day);
            *e = (*e).max(day);
        }
    }
    m
}

fn no_activity(
    ws: &Workspace,
    rule: &FollowUpRule,
    deals: &[&Deal],
    last: impl Fn(&Id) -> Option<crate::domain::Date>,
    maker: &mut TaskMaker,
) {
    for d in deals {
        if !is_open(ws, d) {
            continue;
        }
        // Quiet since its latest activity, or since it was created.
        let created = local_day(d.created_at);
        let day = last(&d.id).unwrap_or(created).max(created);
        let quiet = (maker.today - day).num_days();
        if quiet < rule.n as i64 {
            continue;
        }
        maker.make(
            format!("rule:no_activity:{}:{day}", d.id),
            format!("the rule “{}”", rule.name()),
            NewTask {
                kind: ActivityKind::Call,
                subject: format!("Follow up on {}: nothing happened for {quiet} days", d.name),
                due: maker.today,
                owner_id: d.owner_id.clone(),
                deal_id: Some(d.id.clone()),
                lead_id: None,
                account_id: d.account_id.clone(),
            },
        );
    }
}

fn lead_not_contacted(
    rule: &FollowUpRule,
    leads: &[&crate::domain::Lead],
    contacted: impl Fn(&Id) -> bool,
    maker: &mut TaskMaker,
) {
    let limit = chrono::Duration::hours(rule.n as i64);
    for l in leads {
        if l.status != LeadStatus::New || contacted(&l.id) || maker.now - l.created_at < limit {
            continue;
        }
        let who = match &l.company {
            Some(c) => format!("{} ({c})", l.name),
            None => l.name.clone(),
        };
        maker.make(
            format!("rule:lead_not_contacted:{}", l.id),
            format!("the rule “{}”", rule.name()),
            NewTask {
                kind: ActivityKind::Call,
                subject: format!("Contact the new lead {who}"),
                due: maker.today,
                owner_id: l.owner_id.clone(),
                deal_id: None,
                lead_id: Some(l.id.clone()),
                account_id: None,
            },
        );
    }
}

/// A rule as the settings form holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDraft {
    pub kind: RuleKind,
    pub on: bool,
    pub n: String,
}

impl RuleDraft {
    pub fn from_rule(r: &FollowUpRule) -> Self {
        RuleDraft {
            kind: r.kind,
            on: r.on,
            n: r.n.to_string(),
        }
    }
}

/// The rules to save from the form: `n` must be a whole number from 1 (the close
/// date rule has none); a rule turned on now remembers when.
pub fn rules_from_drafts(
    old: &[FollowUpRule],
    drafts: &[RuleDraft],
    now: Timestamp,
) -> Result<Vec<FollowUpRule>, crate::domain::FieldErrors> {
    let mut e = crate::domain::FieldErrors::new();
    let mut out = Vec::new();
    for d in drafts {
        let before = old.iter().find(|r| r.kind == d.kind);
        let n = match d.kind.unit() {
            None => 0,
            Some(unit) => match d.n.trim().parse::<u32>() {
                Ok(n) if (1..=10_000).contains(&n) => n,
                _ => {
                    e.add(
                        &format!("rule-{}", d.kind.key()),
                        format!("Enter the {unit} as a whole number from 1"),
                    );
                    0
                }
            },
        };
        let on_since = match before {
            Some(b) if b.on && d.on => b.on_since,
            _ if d.on => Some(now),
            _ => before.and_then(|b| b.on_since),
        };
        out.push(FollowUpRule {
            kind: d.kind,
            on: d.on,
            n,
            on_since,
        });
    }
    e.into_result(out)
}
