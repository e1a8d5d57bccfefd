//! Mapping the values of a column, not just the column: the stage names and owner names
//! of another CRM become this workspace's stages and reps.

use super::fields::Field;
use super::guess::normalize;
use super::read::CsvTable;
use crate::domain::{Id, Pipeline, Rep, StageKind, Workspace};
use std::collections::{HashMap, HashSet};

/// What to do with one owner name of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OwnerChoice {
    /// It is this rep.
    Rep(Id),
    /// Create one new active rep with this name (once, however many rows name it).
    CreateRep,
    /// Import the rows without an owner.
    Leave,
}

/// The user's decisions about column values, keyed by the trimmed raw value as
/// `distinct_values` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ValueMap {
    /// Raw stage → stage of the default pipeline. A raw stage without an entry
    /// rejects its row, so nothing lands in a stage nobody chose, unless the import
    /// may create stages (`ImportOptions::new_stages`).
    pub stages: HashMap<String, Id>,
    /// Raw owner → what to do. A raw owner without an entry gets the guessed rep, or none.
    pub owners: HashMap<String, OwnerChoice>,
}

/// The different non-empty values of one column, trimmed, in first-seen order: the list
/// the value mapping screen shows.
pub fn distinct_values(table: &CsvTable, column: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(v) = row.get(column).map(|c| c.trim()) else {
            continue;
        };
        if !v.is_empty() && seen.insert(v) {
            out.push(v.to_string());
        }
    }
    out
}

/// Stage names of other CRMs' default pipelines (normalized), and the stage of the
/// default Salesdeck pipeline each corresponds to.
const STAGE_ALIASES: &[(&str, &str)] = &[
    // HubSpot internal names and labels.
    ("appointmentscheduled", "Prospecting"),
    ("qualifiedtobuy", "Qualification"),
    ("presentationscheduled", "Discovery"),
    ("decisionmakerboughtin", "Proposal"),
    ("contractsent", "Negotiation"),
    // Salesforce's default opportunity stages.
    ("needsanalysis", "Discovery"),
    ("valueproposition", "Discovery"),
    ("iddecisionmakers", "Discovery"),
    ("perceptionanalysis", "Discovery"),
    ("proposalpricequote", "Proposal"),
    ("negotiationreview", "Negotiation"),
    // Pipedrive's default pipeline.
    ("leadin", "Prospecting"),
    ("qualified", "Qualification"),
    ("contactmade", "Qualification"),
    ("demoscheduled", "Discovery"),
    ("proposalmade", "Proposal"),
    ("negotiationsstarted", "Negotiation"),
];

pub(super) const WON_WORDS: &[&str] = &["won", "closedwon", "win", "closedwin", "signed"];
pub(super) const LOST_WORDS: &[&str] = &["lost", "closedlost", "lose", "dead", "closeddead"];

/// The stage of `pipeline` a raw stage most likely means: the same name (any case),
/// the won or lost stage for "Closed Won"/"closedlost", the matching stage for the
/// default stages of HubSpot, Salesforce and Pipedrive, else a stage whose name the raw
/// text contains ("Negotiation/Review"). `None` when nothing fits: the user chooses.
pub fn guess_stage(raw: &str, pipeline: &Pipeline) -> Option<Id> {
    let n = normalize(raw);
    if n.is_empty() {
        return None;
    }
    let by_name = |name: &str| {
        let name = normalize(name);
        pipeline
            .stages
            .iter()
            .find(|s| normalize(&s.name) == name)
            .map(|s| s.id.clone())
    };
    let by_kind = |kind: StageKind| {
        pipeline
            .stages
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.id.clone())
    };
    if let Some(id) = by_name(&n) {
        return Some(id);
    }
    if WON_WORDS.contains(&n.as_str()) {
        return by_kind(StageKind::Won);
    }
    if LOST_WORDS.contains(&n.as_str()) {
        return by_kind(StageKind::Lost);
    }
    if let Some((_, name)) = STAGE_ALIASES.iter().find(|(alias, _)| *alias == n) {
        if let Some(id) = by_name(name) {
            return Some(id);
        }
    }
    // The longest stage name the raw text contains, so "Closed Won" style stays exact.
    pipeline
        .stages
        .iter()
        .map(|s| (normalize(&s.name), s))
        .filter(|(name, _)| name.len() >= 3 && n.contains(name.as_str()))
        .max_by_key(|(name, _)| name.len())
        .map(|(_, s)| s.id.clone())
}

/// "Ana  Lima" and "ana lima" are the same person.
fn simple(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The rep a raw owner names: by name or e-mail (any case), also "Lima, Ana" for
/// "Ana Lima". The first rep that matches wins, so pass active reps first.
pub fn guess_owner(raw: &str, reps: &[&Rep]) -> Option<Id> {
    let want = simple(raw);
    if want.is_empty() {
        return None;
    }
    let flipped = want
        .split_once(',')
        .map(|(last, first)| simple(&format!("{first} {last}")));
    reps.iter()
        .find(|r| {
            let name = simple(&r.name);
            name == want
                || Some(&name) == flipped.as_ref()
                || r.email.as_deref().is_some_and(|e| simple(e) == want)
        })
        .map(|r| r.id.clone())
}

/// Reps to guess owners from: active ones first (by name), then former reps, so
/// history owned by someone who left still finds them.
pub fn reps_for_guessing(ws: &Workspace) -> Vec<&Rep> {
    let mut reps: Vec<&Rep> = ws.reps.values().collect();
    reps.sort_by_cached_key(|r| (!r.active, r.name.to_lowercase(), r.id.clone()));
    reps
}

/// The value mapping the screen starts from: each stage guessed on the default
/// pipeline (unguessed ones left for the user), each owner guessed or else created.
pub fn guess_values(table: &CsvTable, mapping: &[Option<Field>], ws: &Workspace) -> ValueMap {
    let mut values = ValueMap::default();
    let column = |f: Field| mapping.iter().position(|m| *m == Some(f));
    if let (Some(col), Some(pipeline)) = (column(Field::Stage), ws.default_pipeline()) {
        for raw in distinct_values(table, col) {
            if let Some(id) = guess_stage(&raw, pipeline) {
                values.stages.insert(raw, id);
            }
        }
    }
    if let Some(col) = column(Field::Owner) {
        let reps = reps_for_guessing(ws);
        for raw in distinct_values(table, col) {
            let choice = match guess_owner(&raw, &reps) {
                Some(id) => OwnerChoice::Rep(id),
                None => OwnerChoice::CreateRep,
            };
            values.owners.insert(raw, choice);
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{now, seeded};
    use crate::domain::RepRole;

    fn stage_name(p: &Pipeline, raw: &str) -> Option<String> {
        guess_stage(raw, p).map(|id| p.stage(&id).unwrap().name.clone())
    }

    #[test]
    fn guesses_stages_by_name_won_lost_and_other_crms() {
        let (ws, _) = seeded();
        let p = ws.default_pipeline().unwrap();
        let cases = [
            ("proposal", "Proposal"),
            ("  DISCOVERY ", "Discovery"),
            ("Closed Won", "Won"),
            ("closedwon", "Won"),
            ("won", "Won"),
            ("Closed Lost", "Lost"),
            ("closedlost", "Lost"),
            ("lost", "Lost"),
            ("appointmentscheduled", "Prospecting"),
            ("qualifiedtobuy", "Qualification"),
            ("presentationscheduled", "Discovery"),
            ("decisionmakerboughtin", "Proposal"),
            ("contractsent", "Negotiation"),
            ("Needs Analysis", "Discovery"),
            ("Proposal/Price Quote", "Proposal"),
            ("Negotiation/Review", "Negotiation"),
            ("Negotiations Started", "Negotiation"),
        ];
        for (raw, want) in cases {
            assert_eq!(stage_name(p, raw).as_deref(), Some(want), "{raw}");
        }
        assert_eq!(stage_name(p, "Something else"), None);
        assert_eq!(stage_name(p, ""), None);
    }

    fn rep(id: Id, name: &str, email: Option<&str>, active: bool) -> Rep {
        Rep {
            id,
            name: name.into(),
            email: email.map(str::to_string),
            role: RepRole::Rep,
            manager_id: None,
            territory_id: None,
            active,
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn guesses_owners_by_name_or_email() {
        let (_, mut ids) = seeded();
        let ana = rep(ids.next_id(), "Ana Lima", Some("ana@example.com"), true);
        let bo = rep(ids.next_id(), "Bo Berg", None, false);
        let reps = [&ana, &bo];
        assert_eq!(guess_owner("ana lima", &reps), Some(ana.id.clone()));
        assert_eq!(
            guess_owner(" ANA@example.com ", &reps),
            Some(ana.id.clone())
        );
        assert_eq!(guess_owner("Lima, Ana", &reps), Some(ana.id.clone()));
        assert_eq!(guess_owner("Bo  Berg", &reps), Some(bo.id.clone()));
        assert_eq!(guess_owner("Cy", &reps), None);
        assert_eq!(guess_owner("", &reps), None);
    }

    #[test]
    fn distinct_values_are_trimmed_in_first_seen_order() {
        let table = CsvTable {
            delimiter: b',',
            headers: vec!["Stage".into()],
            rows: [" Won", "Open", "", "Won ", "Lost", "Open"]
                .iter()
                .map(|s| vec![s.to_string()])
                .collect(),
            row_numbers: (2..8).collect(),
        };
        assert_eq!(distinct_values(&table, 0), ["Won", "Open", "Lost"]);
        assert!(distinct_values(&table, 3).is_empty());
    }
}
