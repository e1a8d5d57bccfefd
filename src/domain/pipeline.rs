//! Pipelines: named, ordered stages with win probability, forecast category, kind,
//! exit criteria and rotting days.

use super::{Id, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

impl StageKind {
    pub const ALL: [StageKind; 3] = [StageKind::Open, StageKind::Won, StageKind::Lost];

    pub fn key(self) -> &'static str {
        match self {
            StageKind::Open => "open",
            StageKind::Won => "won",
            StageKind::Lost => "lost",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StageKind::Open => "Open",
            StageKind::Won => "Won",
            StageKind::Lost => "Lost",
        }
    }

    pub fn from_key(k: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == k)
    }
}

/// Forecast categories, from least to most certain. `Omitted` never counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastCategory {
    Omitted,
    Pipeline,
    BestCase,
    Commit,
}

impl ForecastCategory {
    pub const ALL: [ForecastCategory; 4] = [
        ForecastCategory::Pipeline,
        ForecastCategory::BestCase,
        ForecastCategory::Commit,
        ForecastCategory::Omitted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ForecastCategory::Omitted => "Omitted",
            ForecastCategory::Pipeline => "Pipeline",
            ForecastCategory::BestCase => "Best case",
            ForecastCategory::Commit => "Commit",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            ForecastCategory::Omitted => "omitted",
            ForecastCategory::Pipeline => "pipeline",
            ForecastCategory::BestCase => "best_case",
            ForecastCategory::Commit => "commit",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Id,
    pub name: String,
    /// Win probability in percent, 0–100.
    pub probability: u8,
    pub forecast_category: ForecastCategory,
    pub kind: StageKind,
    /// What must be true before a deal leaves this stage.
    #[serde(default)]
    pub exit_criteria: Vec<String>,
    /// Days a deal may sit in this stage before it counts as stalled.
    #[serde(default)]
    pub rotting_days: Option<u32>,
    /// Tasks created for the deal's owner when a deal enters this stage (once per deal
    /// and task: moving back and forth does not repeat them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub playbook: Vec<super::automation::playbooks::PlaybookTask>,
    /// Fields a deal must have before it may enter this stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_fields: Vec<super::automation::playbooks::RequiredField>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: Id,
    pub name: String,
    /// Stages in board order.
    pub stages: Vec<Stage>,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub created_at: Timestamp,
    #[serde(deserialize_with = "super::time::stored::timestamp")]
    pub updated_at: Timestamp,
}

/// A stage as written in code: (name, probability, category, kind, rotting days, exit
/// criteria).
pub type StageSpec = (
    &'static str,
    u8,
    ForecastCategory,
    StageKind,
    Option<u32>,
    &'static [&'static str],
);

impl Pipeline {
    /// A pipeline with fresh ids from stages written in code (stage ids first, then
    /// the pipeline's).
    pub fn from_spec(
        name: &str,
        spec: &[StageSpec],
        mut new_id: impl FnMut() -> Id,
        now: Timestamp,
    ) -> Pipeline {
        let stages = spec
            .iter()
            .map(|(name, p, cat, kind, rot, exit)| Stage {
                id: new_id(),
                name: name.to_string(),
                probability: *p,
                forecast_category: *cat,
                kind: *kind,
                exit_criteria: exit.iter().map(|s| s.to_string()).collect(),
                rotting_days: *rot,
                playbook: Vec::new(),
                required_fields: Vec::new(),
            })
            .collect();
        Pipeline {
            id: new_id(),
            name: name.into(),
            stages,
            created_at: now,
            updated_at: now,
        }
    }

    /// The pipeline every new workspace starts with.
    pub fn default_sales(new_id: impl FnMut() -> Id, now: Timestamp) -> Pipeline {
        use ForecastCategory::*;
        use StageKind::*;
        let spec: [StageSpec; 7] = [
            (
                "Prospecting",
                10,
                Pipeline,
                Open,
                Some(14),
                &["Decision maker identified", "First meeting booked"],
            ),
            (
                "Qualification",
                20,
                Pipeline,
                Open,
                Some(21),
                &["Budget confirmed", "Need confirmed", "Timeline known"],
            ),
            (
                "Discovery",
                40,
                BestCase,
                Open,
                Some(21),
                &["Pain and impact documented", "Success criteria agreed"],
            ),
            (
                "Proposal",
                60,
                BestCase,
                Open,
                Some(30),
                &["Proposal sent", "Pricing reviewed with the buyer"],
            ),
            (
                "Negotiation",
                80,
                Commit,
                Open,
                Some(30),
                &["Terms agreed", "Signatory confirmed"],
            ),
            ("Won", 100, Commit, Won, None, &[]),
            ("Lost", 0, Omitted, Lost, None, &[]),
        ];
        let mut p = Self::from_spec("Sales", &spec, new_id, now);
        super::automation::playbooks::add_default_playbooks(&mut p);
        p
    }

    pub fn stage(&self, id: &Id) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id)
    }

    /// The first open stage: where new deals start.
    pub fn first_open_stage(&self) -> Option<&Stage> {
        self.stages.iter().find(|s| s.kind == StageKind::Open)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id::SeededIds;
    use chrono::TimeZone;

    #[test]
    fn default_pipeline_has_the_seven_stages_in_order() {
        let mut ids = SeededIds::new(1);
        let now = chrono::Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let p = Pipeline::default_sales(|| ids.next_id(), now);
        let names: Vec<&str> = p.stages.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Prospecting",
                "Qualification",
                "Discovery",
                "Proposal",
                "Negotiation",
                "Won",
                "Lost"
            ]
        );
        assert_eq!(p.first_open_stage().unwrap().name, "Prospecting");
        assert!(p
            .stages
            .windows(2)
            .take(5)
            .all(|w| w[0].probability < w[1].probability));
        assert_eq!(p.stages[5].kind, StageKind::Won);
        assert_eq!(p.stages[6].kind, StageKind::Lost);
    }

    #[test]
    fn forecast_category_keys_round_trip() {
        for c in ForecastCategory::ALL {
            assert_eq!(ForecastCategory::from_key(c.key()), Some(c));
        }
        assert_eq!(ForecastCategory::from_key("maybe"), None);
    }
}
