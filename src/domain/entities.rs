//! The records a workspace holds (DESIGN.md, "Data model"). Every record has a stable
//! `id`, `created_at` and `updated_at`; references are ids. Amounts are integer minor
//! units with a currency code beside them.

use super::{Currency, Date, ForecastCategory, Id, Money, Timestamp};
use serde::{Deserialize, Serialize};

/// Workspace-wide settings (one per workspace).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub workspace_name: String,
    pub home_currency: Currency,
    /// 1 = January.
    pub fiscal_year_start_month: u32,
    /// The rep using this browser.
    pub me: Option<Id>,
    /// Days without activity after which an open deal counts as stalled.
    pub stalled_after_days: u32,
    /// Reasons offered when a deal is lost (editable).
    #[serde(default = "default_lost_reasons")]
    pub lost_reasons: Vec<String>,
    /// Gross margin in percent (0–100], for customer lifetime value; `None` until set.
    #[serde(default)]
    pub gross_margin_pct: Option<f64>,
    /// Follow-up rules (and, later, other automation), all off until turned on.
    #[serde(
        default,
        skip_serializing_if = "super::automation::AutomationSettings::is_default"
    )]
    pub automation: super::automation::AutomationSettings,
    /// The lead-scoring points model (Workspace › Lead scoring).
    #[serde(
        default,
        skip_serializing_if = "super::automation::scoring::PointsModel::is_default"
    )]
    pub scoring: super::automation::scoring::PointsModel,
    #[serde(default, deserialize_with = "super::time::stored::optional_timestamp")]
    pub updated_at: Option<Timestamp>,
}

pub fn default_lost_reasons() -> Vec<String> {
    [
        "Price",
        "Timing",
        "Competitor",
        "No budget",
        "No decision",
        "Missing feature",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            workspace_name: "My workspace".into(),
            home_currency: Currency::usd(),
            fiscal_year_start_month: 1,
            me: None,
            stalled_after_days: 14,
            lost_reasons: default_lost_reasons(),
            gross_margin_pct: None,
            automation: Default::default(),
            scoring: Default::default(),
            updated_at: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepRole {
    Rep,
    Manager,
}

impl RepRole {
    pub const ALL: [RepRole; 2] = [RepRole::Rep, RepRole::Manager];

    pub fn key(self) -> &'static str {
        match self {
            RepRole::Rep => "rep",
            RepRole::Manager => "manager",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RepRole::Rep => "Rep",
            RepRole::Manager => "Manager",
        }
    }

    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == k)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rep {
    pub id: Id,
    pub name: String,
    pub email: Option<String>,
    pub role: RepRole,
    pub manager_id: Option<Id>,
    pub territory_id: Option<Id>,
    pub active: bool,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Segment {
    B2C,
    B2B,
    Enterprise,
    SaaS,
}

impl Segment {
    pub const ALL: [Segment; 4] = [
        Segment::B2C,
        Segment::B2B,
        Segment::Enterprise,
        Segment::SaaS,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Segment::B2C => "B2C",
            Segment::B2B => "B2B",
            Segment::Enterprise => "Enterprise",
            Segment::SaaS => "SaaS",
        }
    }

    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.label().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Territory {
    pub id: Id,
    pub name: String,
    pub region: Option<String>,
    pub segment: Option<Segment>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Prospect,
    Customer,
    Churned,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 3] = [
        CustomerStatus::Prospect,
        CustomerStatus::Customer,
        CustomerStatus::Churned,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CustomerStatus::Prospect => "Prospect",
            CustomerStatus::Customer => "Customer",
            CustomerStatus::Churned => "Churned",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            CustomerStatus::Prospect => "prospect",
            CustomerStatus::Customer => "customer",
            CustomerStatus::Churned => "churned",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.key() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: Id,
    pub name: String,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub segment: Option<Segment>,
    pub territory_id: Option<Id>,
    pub owner_id: Option<Id>,
    pub status: CustomerStatus,
    /// When it became a customer (for churn and CAC).
    pub customer_since: Option<Date>,
    pub churned_on: Option<Date>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Id,
    pub account_id: Id,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    New,
    Working,
    Qualified,
    Disqualified,
    Converted,
}

impl LeadStatus {
    pub fn key(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Working => "working",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Disqualified => "disqualified",
            LeadStatus::Converted => "converted",
        }
    }
}

impl LeadStatus {
    /// In the order a lead moves through them.
    pub const ALL: [LeadStatus; 5] = [
        LeadStatus::New,
        LeadStatus::Working,
        LeadStatus::Qualified,
        LeadStatus::Disqualified,
        LeadStatus::Converted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            LeadStatus::New => "New",
            LeadStatus::Working => "Working",
            LeadStatus::Qualified => "Qualified",
            LeadStatus::Disqualified => "Disqualified",
            LeadStatus::Converted => "Converted",
        }
    }

    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// What a converted lead became, so lead-to-opportunity conversion can be counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadConversion {
    pub account_id: Id,
    pub contact_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub converted_on: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    pub id: Id,
    pub name: String,
    pub company: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Job title ("VP Sales"); scoring reads its keywords. Absent in older records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The company's number of employees; scoring reads its band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_size: Option<u32>,
    pub source: Option<String>,
    pub status: LeadStatus,
    pub disqualified_reason: Option<String>,
    pub score: Option<u8>,
    pub owner_id: Option<Id>,
    pub conversion: Option<LeadConversion>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// One entry of a deal's stage history: the deal entered `stage_id` at `at`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage_id: Id,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub id: Id,
    pub name: String,
    pub account_id: Option<Id>,
    #[serde(default)]
    pub contact_ids: Vec<Id>,
    pub pipeline_id: Id,
    pub stage_id: Id,
    /// Amount in minor units of `currency`; `None` while an open deal has no amount yet
    /// (it counts as a deal everywhere and adds nothing to totals). A won deal has one.
    pub amount: Option<i64>,
    pub currency: Currency,
    pub owner_id: Option<Id>,
    pub expected_close: Option<Date>,
    pub closed_on: Option<Date>,
    /// Overrides the stage's default forecast category.
    pub forecast_category: Option<ForecastCategory>,
    pub lost_reason: Option<String>,
    /// Why a won deal was won ("Product fit"), when the seller said; optional, and
    /// absent from records written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub won_reason: Option<String>,
    pub next_step: Option<String>,
    pub next_step_due: Option<Date>,
    pub source_lead_id: Option<Id>,
    /// Monthly recurring revenue in minor units of `currency`, for subscription deals.
    pub mrr: Option<i64>,
    /// The deal's id in the CRM it was imported from (Salesforce's `OpportunityId`),
    /// so a later change-history file finds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Every stage the deal entered, oldest first; the last entry is the current stage.
    #[serde(default)]
    pub stage_history: Vec<StageChange>,
    /// Every change of the tracked fields, oldest first (see `deal_log`).
    #[serde(default)]
    pub change_log: Vec<super::deal_log::DealChange>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

impl Deal {
    /// The amount with its currency, when the deal has one.
    pub fn money(&self) -> Option<Money> {
        self.amount.map(|a| Money::new(a, self.currency.clone()))
    }

    /// "$1,234.00", or "No amount" for an open deal that has none yet.
    pub fn amount_text(&self) -> String {
        self.money()
            .map_or_else(|| NO_AMOUNT.to_string(), |m| m.format())
    }
}

/// How a deal without an amount shows its amount.
pub const NO_AMOUNT: &str = "No amount";

impl Deal {}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Meeting,
    Demo,
    Email,
    Task,
    Note,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 6] = [
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Demo,
        ActivityKind::Email,
        ActivityKind::Task,
        ActivityKind::Note,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Demo => "demo",
            ActivityKind::Email => "email",
            ActivityKind::Task => "task",
            ActivityKind::Note => "note",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Call => "Call",
            ActivityKind::Meeting => "Meeting",
            ActivityKind::Demo => "Demo",
            ActivityKind::Email => "E-mail",
            ActivityKind::Task => "Task",
            ActivityKind::Note => "Note",
        }
    }

    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.key() == k)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: Id,
    pub kind: ActivityKind,
    pub subject: String,
    pub notes: Option<String>,
    /// Local date and time the activity is due ("2026-11-22T14:30").
    pub due: Option<chrono::NaiveDateTime>,
    pub done: bool,
    #[serde(default, deserialize_with = "super::time::stored::optional_timestamp")]
    pub done_at: Option<Timestamp>,
    pub outcome: Option<String>,
    pub owner_id: Option<Id>,
    pub deal_id: Option<Id>,
    pub account_id: Option<Id>,
    pub contact_id: Option<Id>,
    pub lead_id: Option<Id>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quota {
    pub id: Id,
    /// The rep it is for; `None` for a team or company quota.
    pub rep_id: Option<Id>,
    /// For a team quota (no rep): the manager whose team it is; `None` with no rep is
    /// the company's quota.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_of: Option<Id>,
    pub period: PeriodKind,
    pub period_start: Date,
    pub amount: i64,
    pub currency: Currency,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// What one forecast method said for a period, at a date; compared later with actuals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastSnapshot {
    pub id: Id,
    pub taken_on: Date,
    pub period_start: Date,
    pub period_end: Date,
    /// `None` is the team forecast.
    pub rep_id: Option<Id>,
    pub method: String,
    pub amount: i64,
    pub low: Option<i64>,
    pub high: Option<i64>,
    pub currency: Currency,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// Something agreed in a one-on-one, for someone to do by a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionItem {
    pub text: String,
    /// Who does it (the rep, or the manager); `None` for the rep the note is about.
    #[serde(default)]
    pub owner_id: Option<Id>,
    #[serde(default)]
    pub due: Option<Date>,
    /// The day it was done, once it is.
    #[serde(default)]
    pub done_on: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoachingNote {
    pub id: Id,
    pub rep_id: Id,
    /// The manager who held the one-on-one, when known.
    #[serde(default)]
    pub manager_id: Option<Id>,
    pub date: Date,
    pub notes: String,
    #[serde(default)]
    pub action_items: Vec<ActionItem>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// A period a goal is set for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalPeriod {
    Week,
    Month,
    Quarter,
}

/// What a goal counts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GoalMetric {
    /// Won value, in minor units of the goal's currency.
    WonValue,
    /// Deals created.
    DealsAdded,
    /// Deals that entered a stage.
    DealsAdvanced { stage_id: Id },
    /// Activities of a kind completed.
    ActivitiesDone { activity: ActivityKind },
}

/// A behavioural target for a rep or a team, per week, month or quarter (as in
/// Pipedrive): won value, deals added, deals advanced to a stage, activities done.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: Id,
    /// The rep it is for; `None` for a team goal.
    pub rep_id: Option<Id>,
    /// For a team goal: the manager whose team it is (`None`: everyone).
    #[serde(default)]
    pub team_of: Option<Id>,
    pub period: GoalPeriod,
    pub metric: GoalMetric,
    /// Per period: minor units of `currency` for won value, a count otherwise.
    pub target: i64,
    pub currency: Currency,
    /// The goal applies from this day on (until `until`, if set).
    pub from: Date,
    #[serde(default)]
    pub until: Option<Date>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// Who made a forecast call: the rep for themselves, or a manager adjusting it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum CallKind {
    /// The rep's own call.
    Rep,
    /// A manager's adjustment of the rep's number, kept apart from the rep's own.
    Manager { manager_id: Id },
}

/// A forecast call: the number a rep commits to for a period (or a manager's
/// adjustment of it), with a note; every call is kept with its date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastCall {
    pub id: Id,
    /// The rep whose number it is; `None` for a team call (`team_of`).
    pub rep_id: Option<Id>,
    #[serde(default)]
    pub team_of: Option<Id>,
    pub period_start: Date,
    pub period_end: Date,
    pub kind: CallKind,
    pub amount: i64,
    pub currency: Currency,
    #[serde(default)]
    pub note: String,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// Sales and marketing spend for a period (for CAC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spend {
    pub id: Id,
    pub period_start: Date,
    pub period_end: Date,
    pub amount: i64,
    pub currency: Currency,
    pub category: Option<String>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

#[cfg(test)]
mod label_tests {
    use crate::domain::changes::Kind;
    use crate::domain::entities::{LeadStatus, RepRole};
    use crate::domain::pipeline::StageKind;

    #[test]
    fn keys_round_trip_and_labels_are_written_once() {
        for s in LeadStatus::ALL {
            assert_eq!(LeadStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(LeadStatus::Disqualified.label(), "Disqualified");
        for r in RepRole::ALL {
            assert_eq!(RepRole::from_key(r.key()), Some(r));
        }
        assert_eq!(RepRole::Manager.label(), "Manager");
        for k in StageKind::ALL {
            assert_eq!(StageKind::from_key(k.key()), Some(k));
        }
        assert_eq!(StageKind::from_key("closed"), None);
        assert_eq!(StageKind::Won.label(), "Won");
    }

    #[test]
    fn stored_role_and_stage_kind_keys_match_serde() {
        // The keys are the serialised names, so a key read from a snapshot or a form
        // means the same thing.
        for r in RepRole::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.key())
            );
        }
        for k in StageKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.key())
            );
        }
        for s in LeadStatus::ALL {
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.key())
            );
        }
    }

    #[test]
    fn kind_titles_read_as_headings() {
        assert_eq!(Kind::Deal.plural_title(), "Deals");
        assert_eq!(Kind::ForecastSnapshot.plural_title(), "Forecast snapshots");
    }
}
