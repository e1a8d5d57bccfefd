//! What automation did: one entry per task a playbook or a rule created, keyed by its
//! cause. The cause makes automation idempotent (a cause never creates a second
//! task, even after its task was deleted or undone), and the log is what the user
//! reads and undoes.

use crate::domain::{Id, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutomationEntry {
    pub id: Id,
    /// Why the task exists, unique per task: "playbook:<deal>:<stage>:<subject>",
    /// "rule:no_activity:<deal>:<last activity day>"…
    pub cause: String,
    /// Who made it, for people: "Proposal playbook", "Rule: No activity for 7 days".
    pub made_by: String,
    /// The task created (gone once undone or deleted).
    #[serde(default)]
    pub activity_id: Option<Id>,
    #[serde(default)]
    pub deal_id: Option<Id>,
    #[serde(default)]
    pub lead_id: Option<Id>,
    #[serde(default)]
    pub account_id: Option<Id>,
    /// When the user undid it (the task was deleted; the cause stays used).
    #[serde(
        default,
        deserialize_with = "crate::domain::time::stored::optional_timestamp"
    )]
    pub undone_at: Option<Timestamp>,
    #[serde(deserialize_with = "crate::domain::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "crate::domain::time::stored::timestamp")]
    pub updated_at: Timestamp,
}
