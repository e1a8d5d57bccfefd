//! Reading a snapshot: everything is checked before anything is written, and every
//! problem is reported by path (`deals[12].amount: expected an integer`), not just the
//! first. Older schema versions are migrated forward; newer ones are refused.

use super::format::FORMAT;
use super::json_rows::ArrayRows;
use super::migrate::{migrate_record, Context, DATA_VERSION};
use crate::domain::{Id, Kind, Record, Settings, Workspace};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;

/// At most this many problems are listed; the rest are counted.
const MAX_PROBLEMS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: `deals[12].amount`, or empty for the whole file.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A snapshot that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub workspace: Workspace,
    pub schema_version: u32,
    pub exported_at: Option<String>,
}

#[derive(Default)]
struct Problems(Vec<Problem>, usize);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.0.len() < MAX_PROBLEMS {
            self.0.push(Problem {
                path: path.into(),
                message: message.into(),
            });
        } else {
            self.1 += 1;
        }
    }

    fn finish(mut self) -> Vec<Problem> {
        if self.1 > 0 {
            self.0.push(Problem {
                path: String::new(),
                message: format!("…and {} more problems", self.1),
            });
        }
        self.0
    }
}

fn whole(message: impl Into<String>) -> Vec<Problem> {
    vec![Problem {
        path: String::new(),
        message: message.into(),
    }]
}

/// Turns serde's wording into plain words: "expected an integer".
fn plain(message: &str) -> String {
    // Errors read from text carry a position ("… at line 1 column 57"); the path says
    // where already.
    let message = match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => &message[..at],
        _ => message,
    };
    let mut m = message.to_string();
    for (from, to) in [
        ("expected i64", "expected an integer"),
        ("expected i32", "expected an integer"),
        ("expected u64", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected a sequence", "expected a list"),
        ("invalid type: string", "found the text"),
        ("invalid type: floating point", "found the number"),
        ("invalid type: integer", "found the number"),
        ("invalid type: null", "found null"),
        ("invalid type: map", "found an object"),
        ("invalid type: sequence", "found a list"),
        ("invalid type: boolean", "found"),
    ] {
        m = m.replace(from, to);
    }
    // serde quotes numbers in backticks: "found the number `42`".
    if let Some((found, rest)) = m.split_once(", expected ") {
        if found.starts_with("found") {
            m = format!("{}, expected {rest}", found.replace('`', ""));
        }
    }
    // "found the text \"x\", expected an integer" reads better the other way round.
    if let Some((found, expected)) = m.split_once(", expected ") {
        if found.starts_with("found") {
            return format!("expected {expected}, {found}");
        }
    }
    m
}

fn join(parent: &str, child: &str) -> String {
    let child = child.trim_start_matches('.');
    let parent = parent.trim_end_matches('.');
    match (parent.is_empty(), child.is_empty()) {
        (_, true) => parent.to_string(),
        (true, false) => child.to_string(),
        (false, false) => format!("{parent}.{child}"),
    }
}

/// Parses and checks a snapshot file. `now` stamps records an older version left
/// without timestamps.
pub fn parse(text: &str, now: &str) -> Result<Parsed, Vec<Problem>> {
    let mut v = Validator::new(text.to_string(), now)?;
    while !v.step(usize::MAX) {}
    v.finish()
}

/// The checks of `parse`, a chunk of rows at a time, so a large snapshot is validated
/// with a progress bar and the page stays responsive. Nothing is written meanwhile.
///
/// The text is kept as it is: serde_json checks its syntax and finds where each
/// top-level member lies (without building a tree), then each row is read straight into
/// its record type from its slice of the text (`json_rows`).
pub struct Validator {
    text: String,
    /// Where each top-level member's value lies in `text`.
    members: HashMap<String, (usize, usize)>,
    /// What older versions' records are migrated with (it learns the pipelines).
    migration: Context,
    version: u32,
    p: Problems,
    ws: Workspace,
    /// Where each id was first seen, for duplicate reports.
    seen: HashMap<(Kind, Id), usize>,
    /// Ids of rows that are in the file but failed their own checks: references to
    /// them are not reported a second time.
    invalid: std::collections::HashSet<(Kind, Id)>,
    kind: usize,
    rows: Option<ArrayRows>,
    row: usize,
    /// Bytes of record lists checked (finished kinds), and in all.
    done: usize,
    total: usize,
    /// Where the current kind's list starts.
    list_start: usize,
}

impl Validator {
    /// Checks the JSON and reads its header; fails at once if it is not a readable
    /// snapshot.
    pub fn new(mut text: String, now: &str) -> Result<Validator, Vec<Problem>> {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        if text.trim().is_empty() {
            return Err(whole("The file is empty."));
        }
        let members = member_ranges(&text)?;
        let member = |key: &str| members.get(key).map(|&(a, b)| &text[a..b]);
        let string = |key: &str| member(key).and_then(|t| serde_json::from_str::<String>(t).ok());
        match string("format").as_deref() {
            Some(FORMAT) => {}
            Some(super::encrypted::ENCRYPTED_FORMAT) => {
                return Err(whole(
                    "This snapshot is encrypted: open it from the import screen and enter its passphrase.",
                ))
            }
            _ => {
                return Err(whole(
                    "This file is not a Salesdeck snapshot (its “format” is missing or different).",
                ))
            }
        }
        let version =
            match member("schema_version").and_then(|t| serde_json::from_str::<u64>(t).ok()) {
                Some(v) => v as u32,
                None => return Err(whole("schema_version: expected a whole number")),
            };
        if version > DATA_VERSION {
            return Err(whole(format!(
                "This snapshot comes from a newer version of Salesdeck (schema {version}; this app reads up to {DATA_VERSION}). Update the app, then import it again."
            )));
        }
        let mut p = Problems::default();
        let mut ws = Workspace::default();
        match member("settings") {
            None => p.add("settings", "is missing"),
            Some(t) => match crate::domain::json_path::from_json_with_path::<Settings>(t) {
                Ok(mut s) => {
                    if let Some(g) = s.gross_margin_pct {
                        if (0.0..=100.0).contains(&g) {
                            // Kept to the hundredth: any more digits would not read
                            // back as the same number once written (tests/fuzz.rs).
                            s.gross_margin_pct = Some((g * 100.0).round() / 100.0);
                        } else {
                            p.add("settings.gross_margin_pct", "must be from 0 to 100");
                        }
                    }
                    ws.settings = s;
                }
                Err((path, message)) => p.add(join("settings", &path), plain(&message)),
            },
        }
        let total = Kind::ALL
            .iter()
            .filter_map(|k| members.get(k.store_name()))
            .map(|&(a, b)| b - a)
            .sum();
        Ok(Validator {
            text,
            members,
            migration: Context::new(now),
            version,
            p,
            ws,
            seen: HashMap::new(),
            invalid: Default::default(),
            kind: 0,
            rows: None,
            row: 0,
            done: 0,
            total,
            list_start: 0,
        })
    }

    /// Share of the record lists checked, 0.0 to 1.0.
    pub fn progress(&self) -> f32 {
        if self.total == 0 {
            return 1.0;
        }
        let current = self
            .rows
            .as_ref()
            .map_or(0, |r| r.position().saturating_sub(self.list_start));
        ((self.done + current) as f32 / self.total as f32).min(1.0)
    }

    /// Checks up to `budget` rows; returns true when every row has been checked.
    pub fn step(&mut self, budget: usize) -> bool {
        let mut left = budget.max(1);
        loop {
            let Some(kind) = Kind::ALL.get(self.kind).copied() else {
                return true;
            };
            let name = kind.store_name();
            if self.rows.is_none() {
                match self.members.get(name).copied() {
                    None => {} // an older version without this kind
                    Some((a, b)) => match ArrayRows::new(&self.text, a, b) {
                        Some(rows) => {
                            self.rows = Some(rows);
                            self.list_start = a;
                        }
                        None => self.p.add(name, "expected a list"),
                    },
                }
            }
            if let Some(mut rows) = self.rows.take() {
                while let Some(range) = rows.next_range(&self.text) {
                    let i = self.row;
                    self.row += 1;
                    self.check_row(kind, i, range);
                    left -= 1;
                    if left == 0 {
                        self.rows = Some(rows);
                        return false;
                    }
                }
            }
            if let Some(&(a, b)) = self.members.get(name) {
                self.done += b - a;
            }
            self.kind += 1;
            self.row = 0;
        }
    }

    fn check_row(&mut self, kind: Kind, i: usize, (start, end): (usize, usize)) {
        let name = kind.store_name();
        let path = format!("{name}[{i}]");
        let text = &self.text[start..end];
        if !text.starts_with('{') {
            self.p.add(path, "expected an object");
            return;
        }
        let read = if self.version == DATA_VERSION {
            Record::from_str_with_path(kind, text)
        } else {
            let row: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            let row = migrate_record(name, self.version, row, &self.migration);
            self.migration.learn(name, &row);
            Record::from_str_with_path(kind, &row.to_string())
        };
        match read {
            Err((field, msg)) => {
                let raw_id = serde_json::from_str::<Value>(text)
                    .ok()
                    .and_then(|v| v.get("id")?.as_str().map(Id::from_string));
                if let Some(id) = raw_id {
                    self.invalid.insert((kind, id));
                }
                // "missing field `name`" belongs to the field, not the record.
                match msg
                    .strip_prefix("missing field `")
                    .and_then(|m| m.split('`').next())
                {
                    Some(f) => self.p.add(join(&path, &join(&field, f)), "is missing"),
                    None => self.p.add(join(&path, &field), plain(&msg)),
                }
            }
            Ok(record) => {
                let id = record.id().clone();
                if let Some(problem) = Id::problem(&id.as_str()) {
                    self.p.add(format!("{path}.id"), problem);
                    self.invalid.insert((kind, id));
                    return;
                }
                if let Some(first) = self.seen.get(&(kind, id.clone())) {
                    self.p.add(
                        format!("{path}.id"),
                        format!("duplicate id (also {name}[{first}])"),
                    );
                    return;
                }
                self.seen.insert((kind, id), i);
                self.ws.put(record);
            }
        }
    }

    /// Checks references and values across records, then gives the workspace or
    /// every problem found.
    pub fn finish(mut self) -> Result<Parsed, Vec<Problem>> {
        check_references(&self.ws, &self.seen, &self.invalid, &mut self.p);
        check_values(&self.ws, &self.seen, &mut self.p);
        let problems = self.p.finish();
        if problems.is_empty() {
            Ok(Parsed {
                workspace: self.ws,
                schema_version: self.version,
                exported_at: self
                    .members
                    .get("exported_at")
                    .and_then(|&(a, b)| serde_json::from_str(&self.text[a..b]).ok()),
            })
        } else {
            Err(problems)
        }
    }
}

/// Checks that `text` is JSON holding an object, and where each member's value lies.
fn member_ranges(text: &str) -> Result<HashMap<String, (usize, usize)>, Vec<Problem>> {
    let members: HashMap<String, &serde_json::value::RawValue> = serde_json::from_str(text)
        .map_err(|e| {
            if e.classify() == serde_json::error::Category::Data {
                whole("This file is not a Salesdeck snapshot (expected a JSON object).")
            } else {
                whole(format!(
                    "This file is not a Salesdeck snapshot: it is not valid JSON (line {}, column {}).",
                    e.line(),
                    e.column()
                ))
            }
        })?;
    let base = text.as_ptr() as usize;
    Ok(members
        .into_iter()
        .map(|(k, v)| {
            let start = v.get().as_ptr() as usize - base;
            (k, (start, start + v.get().len()))
        })
        .collect())
}

/// Orders `deals[2].x` before `deals[10].x`: by list, row number, then the rest.
fn path_key(path: &str) -> (&str, usize, &str) {
    let (list, rest) = path.split_once('[').unwrap_or((path, ""));
    let (n, rest) = rest.split_once(']').unwrap_or(("", rest));
    (list, n.parse().unwrap_or(usize::MAX), rest)
}

fn at(index: &HashMap<(Kind, Id), usize>, kind: Kind, id: &Id) -> String {
    format!(
        "{}[{}]",
        kind.store_name(),
        index.get(&(kind, id.clone())).copied().unwrap_or(0)
    )
}

/// Every reference points at a record in the same snapshot.
fn check_references(
    ws: &Workspace,
    index: &HashMap<(Kind, Id), usize>,
    invalid: &std::collections::HashSet<(Kind, Id)>,
    p: &mut Problems,
) {
    let mut refs: Vec<(String, &str, Option<&Id>, Kind)> = Vec::new();
    let mut stages: Vec<(String, &str)> = Vec::new();
    for d in ws.deals.values() {
        let path = at(index, Kind::Deal, &d.id);
        refs.push((
            path.clone(),
            "account_id",
            d.account_id.as_ref(),
            Kind::Account,
        ));
        refs.push((path.clone(), "owner_id", d.owner_id.as_ref(), Kind::Rep));
        refs.push((
            path.clone(),
            "source_lead_id",
            d.source_lead_id.as_ref(),
            Kind::Lead,
        ));
        for c in &d.contact_ids {
            refs.push((path.clone(), "contact_ids", Some(c), Kind::Contact));
        }
        match ws.pipelines.get(&d.pipeline_id) {
            None => stages.push((format!("{path}.pipeline_id"), "no such pipeline")),
            Some(pl) => {
                if pl.stage(&d.stage_id).is_none() {
                    stages.push((
                        format!("{path}.stage_id"),
                        "no such stage in the deal's pipeline",
                    ));
                }
            }
        }
    }
    // Records are kept by id: listed in file order, the same file always gets the same
    // report (the whole-file and the chunked validator agree, tests/fuzz.rs).
    stages.sort_by(|a, b| path_key(&a.0).cmp(&path_key(&b.0)));
    for (path, msg) in stages {
        p.add(path, msg);
    }
    for a in ws.activities.values() {
        let path = at(index, Kind::Activity, &a.id);
        refs.push((path.clone(), "deal_id", a.deal_id.as_ref(), Kind::Deal));
        refs.push((
            path.clone(),
            "account_id",
            a.account_id.as_ref(),
            Kind::Account,
        ));
        refs.push((
            path.clone(),
            "contact_id",
            a.contact_id.as_ref(),
            Kind::Contact,
        ));
        refs.push((path.clone(), "lead_id", a.lead_id.as_ref(), Kind::Lead));
        refs.push((path, "owner_id", a.owner_id.as_ref(), Kind::Rep));
    }
    for c in ws.contacts.values() {
        refs.push((
            at(index, Kind::Contact, &c.id),
            "account_id",
            Some(&c.account_id),
            Kind::Account,
        ));
    }
    for a in ws.accounts.values() {
        let path = at(index, Kind::Account, &a.id);
        refs.push((path.clone(), "owner_id", a.owner_id.as_ref(), Kind::Rep));
        refs.push((
            path,
            "territory_id",
            a.territory_id.as_ref(),
            Kind::Territory,
        ));
    }
    for l in ws.leads.values() {
        let path = at(index, Kind::Lead, &l.id);
        refs.push((path.clone(), "owner_id", l.owner_id.as_ref(), Kind::Rep));
        if let Some(c) = &l.conversion {
            refs.push((
                path.clone(),
                "conversion.account_id",
                Some(&c.account_id),
                Kind::Account,
            ));
            refs.push((
                path.clone(),
                "conversion.contact_id",
                c.contact_id.as_ref(),
                Kind::Contact,
            ));
            refs.push((path, "conversion.deal_id", c.deal_id.as_ref(), Kind::Deal));
        }
    }
    for r in ws.reps.values() {
        let path = at(index, Kind::Rep, &r.id);
        refs.push((path.clone(), "manager_id", r.manager_id.as_ref(), Kind::Rep));
        refs.push((
            path,
            "territory_id",
            r.territory_id.as_ref(),
            Kind::Territory,
        ));
    }
    for q in ws.quotas.values() {
        let path = at(index, Kind::Quota, &q.id);
        refs.push((path.clone(), "rep_id", q.rep_id.as_ref(), Kind::Rep));
        refs.push((path, "team_of", q.team_of.as_ref(), Kind::Rep));
    }
    for n in ws.coaching_notes.values() {
        let path = at(index, Kind::CoachingNote, &n.id);
        refs.push((path.clone(), "rep_id", Some(&n.rep_id), Kind::Rep));
        refs.push((path, "manager_id", n.manager_id.as_ref(), Kind::Rep));
    }
    for g in ws.goals.values() {
        let path = at(index, Kind::Goal, &g.id);
        refs.push((path.clone(), "rep_id", g.rep_id.as_ref(), Kind::Rep));
        refs.push((path, "team_of", g.team_of.as_ref(), Kind::Rep));
    }
    for c in ws.forecast_calls.values() {
        let path = at(index, Kind::ForecastCall, &c.id);
        refs.push((path.clone(), "rep_id", c.rep_id.as_ref(), Kind::Rep));
        refs.push((path, "team_of", c.team_of.as_ref(), Kind::Rep));
    }
    for f in ws.forecast_snapshots.values() {
        refs.push((
            at(index, Kind::ForecastSnapshot, &f.id),
            "rep_id",
            f.rep_id.as_ref(),
            Kind::Rep,
        ));
    }
    refs.sort_by(|a, b| path_key(&a.0).cmp(&path_key(&b.0)).then(a.1.cmp(b.1)));
    for (path, field, id, kind) in refs {
        if let Some(id) = id {
            if !ws.contains(kind, id) && !invalid.contains(&(kind, id.clone())) {
                p.add(
                    format!("{path}.{field}"),
                    format!("no such {}", kind.label()),
                );
            }
        }
    }
    if let Some(me) = &ws.settings.me {
        if !ws.reps.contains(me) {
            p.add("settings.me", "no such rep");
        }
    }
}

/// Values the types allow but the app does not.
fn check_values(ws: &Workspace, index: &HashMap<(Kind, Id), usize>, p: &mut Problems) {
    let mut found: Vec<(String, &str)> = Vec::new();
    for d in ws.deals.values() {
        if d.amount.is_some_and(|a| a < 0) {
            found.push((
                format!("{}.amount", at(index, Kind::Deal, &d.id)),
                "cannot be negative",
            ));
        }
        let won = ws
            .pipelines
            .get(&d.pipeline_id)
            .and_then(|p| p.stage(&d.stage_id))
            .is_some_and(|s| s.kind == crate::domain::StageKind::Won);
        if won && d.amount.is_none() {
            found.push((
                format!("{}.amount", at(index, Kind::Deal, &d.id)),
                "a won deal needs an amount",
            ));
        }
        if d.name.trim().is_empty() {
            found.push((format!("{}.name", at(index, Kind::Deal, &d.id)), "is empty"));
        }
    }
    for a in ws.accounts.values() {
        if a.name.trim().is_empty() {
            found.push((
                format!("{}.name", at(index, Kind::Account, &a.id)),
                "is empty",
            ));
        }
    }
    for pl in ws.pipelines.values() {
        if pl.stages.iter().any(|s| s.probability > 100) {
            found.push((
                format!("{}.stages", at(index, Kind::Pipeline, &pl.id)),
                "a probability is above 100",
            ));
        }
    }
    found.sort_by(|a, b| path_key(&a.0).cmp(&path_key(&b.0)).then(a.1.cmp(b.1)));
    for (path, msg) in found {
        p.add(path, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, deal, now, seeded};
    use crate::snapshot::format::to_json;

    const NOW: &str = "2026-11-22T10:00:00Z";

    fn sample() -> (Workspace, Value) {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        for _ in 0..3 {
            ws.put(deal(&ws, ids.next_id(), Some(acme.clone())).into());
        }
        let doc = to_json(&ws, now());
        (ws, doc)
    }

    fn messages(r: Result<Parsed, Vec<Problem>>) -> Vec<String> {
        r.unwrap_err().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_snapshot_round_trips_exactly() {
        let (ws, doc) = sample();
        let parsed = parse(&doc.to_string(), NOW).unwrap();
        assert_eq!(parsed.workspace, ws);
        assert_eq!(parsed.schema_version, DATA_VERSION);
        // With a byte-order mark, as some editors save it.
        assert!(parse(&format!("\u{feff}{doc}"), NOW).is_ok());
        // Pretty-printed (rows split over lines and indented) reads the same.
        let pretty = serde_json::to_string_pretty(&doc).unwrap();
        assert_eq!(parse(&pretty, NOW).unwrap().workspace, ws);
    }

    #[test]
    fn a_row_that_is_not_an_object_is_reported_by_its_index() {
        let (_, mut doc) = sample();
        doc["deals"]
            .as_array_mut()
            .unwrap()
            .insert(1, Value::from(7));
        let m = messages(parse(&doc.to_string(), NOW));
        assert!(
            m.contains(&"deals[1]: expected an object".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn checking_in_small_steps_gives_the_same_result_with_rising_progress() {
        let (ws, doc) = sample();
        let mut v = Validator::new(doc.to_string(), NOW).unwrap();
        assert_eq!(v.progress(), 0.0);
        let mut steps = 0;
        while !v.step(1) {
            steps += 1;
            assert!(v.progress() > 0.0);
        }
        assert!(steps >= 2, "one row per step");
        assert_eq!(v.progress(), 1.0);
        assert_eq!(v.finish().unwrap().workspace, ws);
    }

    #[test]
    fn encrypted_snapshots_are_sent_to_the_passphrase_prompt() {
        let text = r#"{"format":"salesdeck-encrypted-snapshot","version":1}"#;
        assert!(messages(parse(text, NOW))[0].contains("enter its passphrase"));
    }

    #[test]
    fn rejects_files_that_are_not_snapshots() {
        assert_eq!(messages(parse("", NOW)), ["The file is empty."]);
        assert_eq!(messages(parse("  \n", NOW)), ["The file is empty."]);
        assert!(messages(parse("{not json", NOW))[0].contains("not valid JSON (line 1, column 2)"));
        assert!(messages(parse("[1,2]", NOW))[0].contains("expected a JSON object"));
        assert!(
            messages(parse(r#"{"format":"other"}"#, NOW))[0].contains("not a Salesdeck snapshot")
        );
        assert_eq!(
            messages(parse(r#"{"format":"salesdeck-snapshot"}"#, NOW)),
            ["schema_version: expected a whole number"]
        );
    }

    #[test]
    fn refuses_a_newer_schema_with_a_clear_message() {
        let (_, mut doc) = sample();
        doc["schema_version"] = Value::from(DATA_VERSION + 1);
        let m = messages(parse(&doc.to_string(), NOW));
        assert_eq!(m.len(), 1);
        assert!(m[0].contains("newer version of Salesdeck"));
        assert!(m[0].contains("Update the app"));
    }

    #[test]
    fn a_won_reason_round_trips_and_snapshots_without_one_still_load() {
        let (mut ws, _) = sample();
        let mut d = ws.deals.values().next().unwrap().clone();
        d.won_reason = Some("Product fit".into());
        ws.put(d.clone().into());
        let doc = to_json(&ws, now());
        let rows = doc["deals"].as_array().unwrap();
        let i = rows.iter().position(|r| r["id"] == *d.id.as_str()).unwrap();
        assert_eq!(rows[i]["won_reason"], Value::from("Product fit"));
        assert_eq!(parse(&doc.to_string(), NOW).unwrap().workspace, ws);
        // Written before won reasons existed: the field is absent, the deal has none.
        assert_eq!(
            rows.iter()
                .filter(|r| r.get("won_reason").is_none())
                .count(),
            2
        );
        let mut old = doc.clone();
        old["deals"][i]
            .as_object_mut()
            .unwrap()
            .remove("won_reason");
        let parsed = parse(&old.to_string(), NOW).unwrap();
        assert_eq!(parsed.workspace.deals.get(&d.id).unwrap().won_reason, None);
        // A won reason that is not text is named by its path.
        let mut bad = doc.clone();
        bad["deals"][i]["won_reason"] = Value::from(5);
        let m = messages(parse(&bad.to_string(), NOW));
        let want = format!("deals[{i}].won_reason: expected");
        assert!(m.iter().any(|x| x.starts_with(&want)), "{m:?}");
    }

    #[test]
    fn lists_every_problem_by_path() {
        let (_, mut doc) = sample();
        doc["deals"][1]["amount"] = Value::from("12");
        doc["deals"][2].as_object_mut().unwrap().remove("name");
        doc["accounts"][0]["status"] = Value::from("vip");
        doc["contacts"] = Value::from("nope");
        let m = messages(parse(&doc.to_string(), NOW));
        assert!(
            m.contains(&"deals[1].amount: expected an integer, found the text \"12\"".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"deals[2].name: is missing".to_string()),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|x| x.starts_with("accounts[0].status: unknown variant `vip`")),
            "{m:?}"
        );
        assert!(
            m.contains(&"contacts: expected a list".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn numbers_are_shown_without_serde_backticks() {
        let (_, mut doc) = sample();
        doc["accounts"][0]["name"] = Value::from(42);
        let m = messages(parse(&doc.to_string(), NOW));
        let want = "accounts[0].name: expected a string, found the number 42";
        assert!(m.contains(&want.to_string()), "{m:?}");
    }

    #[test]
    fn scoring_weights_and_lead_titles_and_sizes_round_trip_and_older_leads_load() {
        let (mut ws, mut ids) = seeded();
        let mut l = crate::analytics::lists::fixtures::lead(ids.next_id(), "Ana");
        l.title = Some("VP Sales".into());
        l.company_size = Some(1200);
        ws.put(l.into());
        ws.settings.scoring.title_keywords = vec![("VP".into(), 40)];
        ws.settings.scoring.half_life_days = 5;
        let doc = to_json(&ws, now());
        assert_eq!(doc["leads"][0]["company_size"], Value::from(1200));
        assert_eq!(parse(&doc.to_string(), NOW).unwrap().workspace, ws);
        // A snapshot from before titles, sizes and editable weights.
        let mut old = doc.clone();
        old["leads"][0].as_object_mut().unwrap().remove("title");
        old["leads"][0]
            .as_object_mut()
            .unwrap()
            .remove("company_size");
        old["settings"].as_object_mut().unwrap().remove("scoring");
        let back = parse(&old.to_string(), NOW).unwrap().workspace;
        let lead = back.leads.values().next().unwrap();
        assert_eq!((lead.title.as_ref(), lead.company_size), (None, None));
        assert!(back.settings.scoring.is_default());
        // A size that is not a count is refused by path.
        let mut bad = doc;
        bad["leads"][0]["company_size"] = Value::from(-3);
        let m = messages(parse(&bad.to_string(), NOW));
        assert!(
            m.iter().any(|x| x.starts_with("leads[0].company_size")),
            "{m:?}"
        );
    }

    #[test]
    fn finds_duplicates_and_dangling_references() {
        let (_, mut doc) = sample();
        let first = doc["deals"][0].clone();
        doc["deals"].as_array_mut().unwrap().push(first);
        doc["deals"][1]["account_id"] = Value::from("gone");
        doc["deals"][2]["stage_id"] = Value::from("gone");
        doc["settings"]["me"] = Value::from("nobody");
        doc["activities"] = serde_json::json!([{
            "id": "a1", "kind": "call", "subject": "x", "notes": null, "due": null, "done": false,
            "done_at": null, "outcome": null, "owner_id": null, "deal_id": "missing-deal",
            "account_id": null, "contact_id": null, "lead_id": null,
            "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
        }]);
        let m = messages(parse(&doc.to_string(), NOW));
        assert!(
            m.contains(&"deals[3].id: duplicate id (also deals[0])".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"deals[1].account_id: no such account".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"deals[2].stage_id: no such stage in the deal's pipeline".to_string()),
            "{m:?}"
        );
        assert!(
            m.contains(&"activities[0].deal_id: no such deal".to_string()),
            "{m:?}"
        );
        assert!(m.contains(&"settings.me: no such rep".to_string()), "{m:?}");
    }

    #[test]
    fn wrong_types_in_many_places_are_all_reported() {
        let (_, mut doc) = sample();
        for i in 0..3 {
            doc["deals"][i]["amount"] = Value::from(1.5);
        }
        doc["deals"][0]["amount"] = Value::from(-3);
        let m = messages(parse(&doc.to_string(), NOW));
        assert_eq!(
            m.iter().filter(|x| x.contains(".amount")).count(),
            3,
            "{m:?}"
        );
        assert!(
            m.contains(&"deals[0].amount: cannot be negative".to_string()),
            "{m:?}"
        );
    }

    #[test]
    fn migrates_an_older_snapshot_forward() {
        let (_, mut doc) = sample();
        doc["schema_version"] = Value::from(0);
        // The prototype wrote amounts as text and no timestamps.
        let deal = doc["deals"][0].as_object_mut().unwrap();
        deal.insert("amount".into(), Value::from("1,234.50"));
        deal.remove("updated_at");
        let parsed = parse(&doc.to_string(), NOW).unwrap();
        assert_eq!(parsed.schema_version, 0);
        let id = Id::from_string(doc["deals"][0]["id"].as_str().unwrap());
        let d = parsed.workspace.deals.get(&id).unwrap();
        assert_eq!(d.amount, Some(123_450));
    }

    #[test]
    fn a_version_1_snapshot_gains_change_logs_and_a_version_2_one_keeps_its_own() {
        use crate::domain::deal_log::{DealChange, FieldChange};
        use crate::domain::{StageChange, StageKind};
        let (mut ws, mut ids) = seeded();
        let p = ws.default_pipeline().unwrap().clone();
        let won = p.stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
        let mut d = deal(&ws, ids.next_id(), None);
        d.stage_history = vec![
            StageChange {
                stage_id: p.stages[0].id.clone(),
                at: now() - chrono::Duration::days(30),
            },
            StageChange {
                stage_id: won.id.clone(),
                at: now(),
            },
        ];
        d.stage_id = won.id.clone();
        d.closed_on = Some(now().date_naive());
        d.created_at = now() - chrono::Duration::days(30);
        ws.put(d.clone().into());
        let mut doc = to_json(&ws, now());
        doc["schema_version"] = Value::from(1);
        doc["deals"][0]
            .as_object_mut()
            .unwrap()
            .remove("change_log");
        let parsed = parse(&doc.to_string(), NOW).unwrap();
        let got = parsed.workspace.deals.get(&d.id).unwrap();
        let fields: Vec<&str> = got.change_log.iter().map(|c| c.field.name()).collect();
        assert_eq!(fields, ["status", "closed_on"]);
        // A current snapshot's log is read as it is.
        let mut d2 = d.clone();
        d2.change_log = vec![DealChange {
            at: now(),
            field: FieldChange::Amount(Some(1), Some(10_000)),
        }];
        ws.put(d2.clone().into());
        let parsed = parse(&to_json(&ws, now()).to_string(), NOW).unwrap();
        assert_eq!(
            parsed.workspace.deals.get(&d.id).unwrap().change_log,
            d2.change_log
        );
        // A damaged entry is reported by its path.
        let mut doc = to_json(&ws, now());
        doc["deals"][0]["change_log"][0]["to"] = Value::from("ten");
        let problems = messages(parse(&doc.to_string(), NOW));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("deals[0].change_log[0]"),
            "{problems:?}"
        );
    }

    #[test]
    fn ids_that_would_break_addresses_are_refused_by_path() {
        let (ws, _) = sample();
        for bad in ["a/b", "why?", "x#y", "has space"] {
            let mut doc = to_json(&ws, now());
            doc["accounts"][0]["id"] = Value::from(bad);
            let problems = messages(parse(&doc.to_string(), NOW));
            assert!(
                problems
                    .iter()
                    .any(|p| p.starts_with("accounts[0].id: an id may hold only")),
                "{bad}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_won_deal_without_an_amount_is_refused_and_an_open_one_is_not() {
        let (ws, _) = sample();
        let mut doc = to_json(&ws, now());
        doc["deals"][0]["amount"] = Value::Null;
        assert!(
            parse(&doc.to_string(), NOW).is_ok(),
            "an open deal may have no amount"
        );
        let won = ws
            .default_pipeline()
            .unwrap()
            .stages
            .iter()
            .find(|s| s.kind == crate::domain::StageKind::Won)
            .unwrap()
            .id
            .clone();
        doc["deals"][0]["stage_id"] = Value::from(&*won.as_str());
        let problems = messages(parse(&doc.to_string(), NOW));
        assert!(
            problems
                .iter()
                .any(|p| p.ends_with(".amount: a won deal needs an amount")),
            "{problems:?}"
        );
    }
}
