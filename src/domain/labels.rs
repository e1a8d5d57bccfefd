//! Keys and labels of enums whose definitions live in `entities.rs`, `pipeline.rs` and
//! `changes.rs`, written once here so no screen spells them again. Each block belongs
//! beside its enum and can move there as it is (this file exists only because those
//! files were being changed in parallel).
//!
//! A key is what forms, filters and URLs carry ("qualified"); a label is what people
//! read ("Qualified").

use super::changes::Kind;
use super::entities::{LeadStatus, RepRole};
use super::pipeline::StageKind;

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

impl Kind {
    /// The plural heading of a kind of record, from its store name: "Deals",
    /// "Forecast snapshots".
    pub fn plural_title(self) -> String {
        let s = self.store_name().replace('_', " ");
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
