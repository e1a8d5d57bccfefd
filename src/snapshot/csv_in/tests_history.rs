//! Deal histories from another CRM: deals imported first, then their change history,
//! so `as_of` answers for every day the file covers.

use super::tests::day;
use super::*;
use crate::domain::deal_log::{as_of, status_of, FieldChange};
use crate::domain::id::SeededIds;
use crate::domain::workspace::tests::{deal, now, seeded};
use crate::domain::{Change, Deal, ForecastCategory, Id, Record, StageKind, Timestamp, Workspace};
use chrono::{Duration, TimeZone, Utc};

const DEALS: &str =
    "Opportunity ID,Opportunity Name,Account Name,Amount,Stage,Close Date,Created Date\n\
    006A00000000001AAA,Acme renewal,Acme,650,Proposal,2024-06-30,2024-01-05\n\
    006A00000000002AAA,Globex expansion,Globex,1200,Closed Won,2024-04-15,2024-01-10\n\
    006A00000000003AAA,Initech pilot,Initech,300,Prospecting,2024-05-31,2024-02-01\n";

/// Salesforce's OpportunityHistory as exported, rows out of order. Acme's close date is
/// pushed twice and its amount goes up; Globex (named by its 15-character id) is won;
/// Initech's last row disagrees with the deal (amount 250, Commit) .
const HISTORY: &str = "Id,OpportunityId,CreatedDate,StageName,Amount,CloseDate,Probability,ForecastCategory,CurrencyIsoCode,PrevAmount,PrevCloseDate\n\
    0081,006A00000000001AAA,2024-03-20T11:00:00.000Z,Proposal,650,2024-06-30,60,BestCase,USD,650,2024-04-30\n\
    0082,006A00000000001AAA,2024-01-05T09:00:00.000Z,Prospecting,500,2024-03-31,10,Pipeline,USD,,\n\
    0083,006A00000000001AAA,2024-02-10T15:00:00.000Z,Prospecting,650,2024-04-30,10,Pipeline,USD,500,2024-03-31\n\
    0084,006A00000000002,2024-01-10T10:00:00.000Z,Qualification,1000,2024-03-31,20,Pipeline,USD,,\n\
    0085,006A00000000002,2024-04-15T16:00:00.000Z,Closed Won,1200,2024-04-15,100,Closed,USD,1000,2024-03-31\n\
    0086,006A00000000003AAA,2024-02-01T08:00:00.000Z,Prospecting,250,2024-05-31,10,Commit,USD,,\n";

fn plan_at(
    ws: &Workspace,
    target: Target,
    bytes: &[u8],
    at: Timestamp,
    tweak: impl FnOnce(&mut ImportOptions),
) -> (CsvTable, ImportPlan) {
    let table = read_bytes(bytes, detect_encoding(bytes)).unwrap();
    let mut options = ImportOptions::guess(target, &table, ws);
    tweak(&mut options);
    let mut ids = SeededIds::new(at.timestamp() as u64);
    let plan = plan(&table, &options, ws, at, &mut || ids.next_id());
    (table, plan)
}

/// A workspace with the three deals of `DEALS` imported.
fn with_deals() -> Workspace {
    let (mut ws, _) = seeded();
    let (_, plan) = plan_at(&ws, Target::Deals, DEALS.as_bytes(), now(), |_| {});
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    ws.apply(plan.changes);
    ws
}

fn named<'a>(ws: &'a Workspace, name: &str) -> &'a Deal {
    ws.deals.values().find(|d| d.name == name).unwrap()
}

fn stage(ws: &Workspace, name: &str) -> Id {
    super::tests::stage_id(ws, name)
}

fn at(y: i32, m: u32, d: u32, h: u32) -> Timestamp {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

/// Every field's entries follow on from each other and end at the deal's value; the
/// stage history ends at its stage.
fn assert_chains(ws: &Workspace, d: &Deal) {
    let current = |f: &FieldChange| -> String {
        match f {
            FieldChange::Amount(..) => format!("{:?}", d.amount),
            FieldChange::Currency(..) => format!("{:?}", d.currency),
            FieldChange::ExpectedClose(..) => format!("{:?}", d.expected_close),
            FieldChange::ForecastCategory(..) => format!("{:?}", d.forecast_category),
            FieldChange::Owner(..) => format!("{:?}", d.owner_id),
            FieldChange::Pipeline(..) => format!("{:?}", d.pipeline_id),
            FieldChange::Status(..) => format!("{:?}", status_of(ws, d)),
            FieldChange::ClosedOn(..) => format!("{:?}", d.closed_on),
        }
    };
    let ends = |f: &FieldChange| -> (String, String) {
        match f {
            FieldChange::Amount(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::Currency(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::ExpectedClose(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::ForecastCategory(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::Owner(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::Pipeline(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::Status(a, b) => (format!("{a:?}"), format!("{b:?}")),
            FieldChange::ClosedOn(a, b) => (format!("{a:?}"), format!("{b:?}")),
        }
    };
    assert!(
        d.change_log.windows(2).all(|w| w[0].at <= w[1].at),
        "{}: oldest first",
        d.name
    );
    for name in [
        "amount",
        "currency",
        "expected_close",
        "forecast_category",
        "owner",
        "pipeline",
        "status",
        "closed_on",
    ] {
        let entries: Vec<_> = d
            .change_log
            .iter()
            .filter(|c| c.field.name() == name)
            .collect();
        for w in entries.windows(2) {
            assert_eq!(
                ends(&w[0].field).1,
                ends(&w[1].field).0,
                "{}: {name} chain breaks",
                d.name
            );
        }
        if let Some(last) = entries.last() {
            assert_eq!(
                ends(&last.field).1,
                current(&last.field),
                "{}: {name} ends at the current value",
                d.name
            );
        }
    }
    assert_eq!(
        d.stage_history.last().map(|h| &h.stage_id),
        Some(&d.stage_id),
        "{}",
        d.name
    );
}

#[test]
fn a_salesforce_history_fills_the_log_so_as_of_answers_every_day() {
    let mut ws = with_deals();
    let before: Vec<Deal> = ws.deals.values().cloned().collect();
    let (_, plan) = plan_at(&ws, Target::DealHistory, HISTORY.as_bytes(), now(), |_| {});
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.imported, 6);
    assert!(plan
        .changes
        .iter()
        .all(|c| matches!(c, Change::Put(Record::Deal(_)))));
    let summary = plan.history.clone().unwrap();
    assert_eq!(
        (
            summary.deals_updated,
            summary.deals_unchanged,
            summary.reconciled
        ),
        (3, 0, 1)
    );
    // Committed as is (no re-logging), as the app does with `commit_as_is`.
    ws.apply(plan.changes);

    // The current values are the deals file's.
    for old in &before {
        let new = ws.deals.get(&old.id).unwrap();
        assert_eq!(
            (
                new.amount,
                new.expected_close,
                &new.stage_id,
                new.closed_on,
                new.forecast_category
            ),
            (
                old.amount,
                old.expected_close,
                &old.stage_id,
                old.closed_on,
                old.forecast_category
            ),
            "{}",
            old.name
        );
        assert_chains(&ws, new);
    }

    // Acme: pushed on Feb 10 (amount up too) and Mar 20 (into Proposal).
    let acme = named(&ws, "Acme renewal");
    let fields: Vec<&str> = acme.change_log.iter().map(|c| c.field.name()).collect();
    assert_eq!(fields, ["amount", "expected_close", "expected_close"]);
    assert_eq!(
        acme.stage_history
            .iter()
            .map(|h| (h.stage_id.clone(), h.at))
            .collect::<Vec<_>>(),
        [
            (stage(&ws, "Prospecting"), at(2024, 1, 5, 9)),
            (stage(&ws, "Proposal"), at(2024, 3, 20, 11)),
        ],
        "the deals file's guess (Proposal since creation) is replaced"
    );
    let on = |d: &Deal, y, m, dd| {
        let s = as_of(d, day(y, m, dd)).unwrap();
        (s.amount, s.expected_close, s.stage_id.clone())
    };
    let prospecting = stage(&ws, "Prospecting");
    let proposal = stage(&ws, "Proposal");
    for (y, m, dd) in [(2024, 1, 5), (2024, 1, 20), (2024, 2, 9)] {
        assert_eq!(
            on(acme, y, m, dd),
            (Some(50_000), Some(day(2024, 3, 31)), prospecting.clone()),
            "{y}-{m}-{dd}"
        );
    }
    for (y, m, dd) in [(2024, 2, 10), (2024, 3, 1), (2024, 3, 19)] {
        assert_eq!(
            on(acme, y, m, dd),
            (Some(65_000), Some(day(2024, 4, 30)), prospecting.clone()),
            "{y}-{m}-{dd}"
        );
    }
    for (y, m, dd) in [(2024, 3, 20), (2024, 6, 1), (2026, 12, 1)] {
        assert_eq!(
            on(acme, y, m, dd),
            (Some(65_000), Some(day(2024, 6, 30)), proposal.clone()),
            "{y}-{m}-{dd}"
        );
    }

    // Globex, found by its 15-character id: won on Apr 15, with the status and close
    // date changes its stages imply.
    let globex = named(&ws, "Globex expansion");
    let fields: Vec<&str> = globex.change_log.iter().map(|c| c.field.name()).collect();
    assert_eq!(fields, ["status", "closed_on", "amount", "expected_close"]);
    let apr14 = as_of(globex, day(2024, 4, 14)).unwrap();
    assert_eq!(
        (
            apr14.amount,
            apr14.closed_on,
            apr14.status(&ws),
            apr14.stage_id
        ),
        (
            Some(100_000),
            None,
            StageKind::Open,
            &stage(&ws, "Qualification")
        )
    );
    let apr15 = as_of(globex, day(2024, 4, 15)).unwrap();
    assert_eq!(
        (apr15.amount, apr15.closed_on, apr15.status(&ws)),
        (Some(120_000), Some(day(2024, 4, 15)), StageKind::Won)
    );
    assert!(as_of(globex, day(2024, 1, 9)).is_none(), "not created yet");

    // Initech's file ends at 250 and Commit; the deal says 300 and its stage's own
    // category: those stay, and one entry each bridges at the deal's import.
    let initech = named(&ws, "Initech pilot");
    let bridges: Vec<(FieldChange, Timestamp)> = initech
        .change_log
        .iter()
        .map(|c| (c.field.clone(), c.at))
        .collect();
    assert_eq!(
        bridges,
        [
            (FieldChange::Amount(Some(25_000), Some(30_000)), now()),
            (
                FieldChange::ForecastCategory(Some(ForecastCategory::Commit), None),
                now()
            ),
        ]
    );
    let then = as_of(initech, day(2024, 3, 1)).unwrap();
    assert_eq!(then.amount, Some(25_000));
    assert_eq!(then.forecast_category(&ws), Some(ForecastCategory::Commit));
    let today = as_of(initech, day(2026, 11, 22)).unwrap();
    assert_eq!(today.amount, Some(30_000));
    assert_eq!(
        today.forecast_category(&ws),
        Some(ForecastCategory::Pipeline)
    );

    // The workspace is still a valid snapshot.
    let json = crate::snapshot::format::to_json(&ws, now()).to_string();
    assert!(crate::snapshot::validate::parse(&json, "2026-11-22T10:00:00Z").is_ok());
}

#[test]
fn reimporting_the_same_history_changes_nothing_and_keeps_later_edits() {
    let mut ws = with_deals();
    let (_, first) = plan_at(&ws, Target::DealHistory, HISTORY.as_bytes(), now(), |_| {});
    ws.apply(first.changes);
    let logged: Vec<(Id, usize, usize)> = ws
        .deals
        .values()
        .map(|d| (d.id.clone(), d.change_log.len(), d.stage_history.len()))
        .collect();

    // A day later, the same file: nothing to write, however late.
    let later = now() + Duration::days(1);
    let (_, again) = plan_at(&ws, Target::DealHistory, HISTORY.as_bytes(), later, |_| {});
    assert!(again.errors.is_empty());
    assert!(again.changes.is_empty(), "{:?}", again.changes);
    let summary = again.history.unwrap();
    assert_eq!((summary.deals_updated, summary.deals_unchanged), (0, 3));
    assert_eq!(again.imported, 6);

    // An edit made in Salesdeck after the import is kept by another re-import.
    let mut acme = named(&ws, "Acme renewal").clone();
    acme.amount = Some(70_000);
    acme.updated_at = later;
    let mut changes = vec![Change::Put(Record::Deal(acme.clone()))];
    crate::domain::deal_log::log_edits(&ws, &mut changes);
    ws.apply(changes);
    let (_, third) = plan_at(
        &ws,
        Target::DealHistory,
        HISTORY.as_bytes(),
        later + Duration::days(1),
        |_| {},
    );
    assert!(third.changes.is_empty(), "{:?}", third.changes);
    let acme = ws.deals.get(&acme.id).unwrap();
    assert_eq!(
        acme.change_log.last().unwrap().field,
        FieldChange::Amount(Some(65_000), Some(70_000))
    );
    assert_chains(&ws, acme);
    for (id, log, stages) in logged {
        if id != acme.id {
            let d = ws.deals.get(&id).unwrap();
            assert_eq!((d.change_log.len(), d.stage_history.len()), (log, stages));
        }
    }
}

#[test]
fn rows_find_deals_by_name_and_unknown_or_ambiguous_ones_are_rejected() {
    let (mut ws, mut ids) = seeded();
    // Deals imported before the id column was kept, two of them with the same name.
    for name in ["Société Générale", "Twin", "twin", "Acme renewal"] {
        let mut d = deal(&ws, ids.next_id(), None);
        d.name = name.into();
        d.created_at = at(2024, 1, 1, 0);
        d.stage_history = vec![crate::domain::StageChange {
            stage_id: d.stage_id.clone(),
            at: d.created_at,
        }];
        if name == "Acme renewal" {
            d.external_id = Some("006ACME".into());
        }
        ws.put(d.into());
    }
    // Windows-1252, as Salesforce writes it.
    let bytes: &[u8] = b"Opportunity Name;Edit Date;To Stage;Amount\r\n\
        SOCI\xc9T\xc9 G\xc9N\xc9RALE;2024-02-01;Proposal;900\r\n\
        Soci\xe9t\xe9 G\xe9n\xe9rale;2024-01-15;Qualification;800\r\n\
        Twin;2024-02-01;Proposal;1\r\n\
        Nobody;2024-02-01;Proposal;1\r\n\
        ;2024-02-01;Proposal;1\r\n\
        acme renewal;soon;Proposal;1\r\n";
    let (table, plan) = plan_at(&ws, Target::DealHistory, bytes, now(), |_| {});
    assert_eq!(plan.imported, 2);
    let errors: Vec<(usize, String)> = plan
        .errors
        .iter()
        .map(|e| (e.row, e.messages.join(" | ")))
        .collect();
    assert_eq!(
        errors,
        [
            (
                4,
                "Deal: 2 deals are named “Twin”: map a column with their ids to External id to tell them apart"
                    .to_string()
            ),
            (5, "Deal: no deal is named “Nobody”".to_string()),
            (6, "Deal: required (a deal id or name)".to_string()),
            (
                7,
                "Date of change: “soon” is not a date (expected YYYY-MM-DD)".to_string()
            ),
        ]
    );
    // The rejects download holds those rows with their reasons, names intact.
    let rejects = read(&rejects_csv(&table, &plan.errors)).unwrap();
    assert_eq!(rejects.rows.len(), 4);
    assert_eq!(rejects.rows[0][0], "Twin");
    assert_eq!(rejects.headers.last().unwrap(), "Errors");

    ws.apply(plan.changes);
    let sg = named(&ws, "Société Générale");
    let stages: Vec<Id> = sg
        .stage_history
        .iter()
        .map(|h| h.stage_id.clone())
        .collect();
    assert_eq!(
        stages,
        [
            stage(&ws, "Qualification"),
            stage(&ws, "Proposal"),
            // The deal is still where it is now (the first open stage).
            stage(&ws, "Prospecting")
        ]
    );
    assert_eq!(
        as_of(sg, day(2024, 1, 20)).unwrap().amount,
        Some(80_000),
        "the file's amount then"
    );
    assert_chains(&ws, sg);

    // By id: an unknown id is rejected; a deal with another id is not found by name,
    // one without an id is.
    let text = "OpportunityId,Opportunity Name,CreatedDate,StageName\n\
                006XYZ,,2024-02-01,Proposal\n\
                006ZZZ,Acme renewal,2024-02-01,Proposal\n\
                006NEW,Société Générale,2024-03-01,Negotiation\n\
                006ACME,,2024-03-01,Negotiation\n";
    let (_, by_id) = plan_at(&ws, Target::DealHistory, text.as_bytes(), now(), |_| {});
    let errors: Vec<String> = by_id
        .errors
        .iter()
        .map(|e| e.messages.join(" | "))
        .collect();
    assert_eq!(
        errors,
        [
            "External id: no deal has the id “006XYZ” (import the deals file first, with its id column mapped to External id)",
            "Deal: no deal has the id “006ZZZ” or is named “Acme renewal”",
        ]
    );
    assert_eq!(by_id.imported, 2);
    assert_eq!(by_id.history.unwrap().deals_updated, 2);
}

#[test]
fn history_stages_the_pipeline_lacks_are_refused_or_added() {
    let ws = with_deals();
    let text = "OpportunityId,CreatedDate,StageName,Probability\n\
                006A00000000001AAA,2024-01-05,Prospecting,10\n\
                006A00000000001AAA,2024-03-01,Verbal Commit,85\n\
                006A00000000001AAA,2024-03-02,Verbal commit,87\n\
                006A00000000001AAA,2024-03-20,Proposal,60\n";
    let (_, refused) = plan_at(&ws, Target::DealHistory, text.as_bytes(), now(), |_| {});
    assert_eq!(
        refused
            .errors
            .iter()
            .map(|e| (e.row, e.messages.join("")))
            .collect::<Vec<_>>(),
        [
            (
                3,
                "Stage: “Verbal Commit” is not mapped to a stage".to_string()
            ),
            (
                4,
                "Stage: “Verbal commit” is not mapped to a stage".to_string()
            ),
        ]
    );
    let table = read(text).unwrap();
    let options = ImportOptions::guess(Target::DealHistory, &table, &ws);
    assert_eq!(
        unknown_stages(&table, &options, &ws),
        ["Verbal Commit", "Verbal commit"]
    );

    let (_, added) = plan_at(&ws, Target::DealHistory, text.as_bytes(), now(), |o| {
        o.new_stages = NewStages::AddToPipeline
    });
    assert!(added.errors.is_empty(), "{:?}", added.errors);
    let Change::Put(Record::Pipeline(p)) = &added.changes[0] else {
        panic!("the pipeline first: {:?}", added.changes[0]);
    };
    let verbal = &p.stages[5];
    assert_eq!(
        (
            verbal.name.as_str(),
            verbal.probability,
            verbal.forecast_category
        ),
        ("Verbal Commit", 86, ForecastCategory::BestCase),
        "after Negotiation (80), with the median of the file's probabilities"
    );
    assert_eq!(added.pipelines[0].added.len(), 1);
    let Change::Put(Record::Deal(acme)) = &added.changes[1] else {
        panic!("then the deal");
    };
    let stages: Vec<&str> = acme
        .stage_history
        .iter()
        .map(|h| p.stage(&h.stage_id).unwrap().name.as_str())
        .collect();
    assert_eq!(stages, ["Prospecting", "Verbal Commit", "Proposal"]);
    // No amount column: the amount's log is left alone.
    assert!(acme.change_log.iter().all(|c| c.field.name() != "amount"));
    let mut ws = ws;
    ws.apply(added.changes.clone());
    assert_chains(&ws, ws.deals.get(&acme.id).unwrap());
}

#[test]
fn twenty_thousand_history_rows_plan_quickly() {
    let (mut ws, _) = seeded();
    let mut deals = String::from("Opportunity ID,Opportunity Name,Amount,Stage,Created Date\n");
    let mut history =
        String::from("OpportunityId,CreatedDate,StageName,Amount,CloseDate,PrevAmount\n");
    let stages = ["Prospecting", "Qualification", "Discovery", "Proposal"];
    for i in 0..5_000 {
        deals.push_str(&format!("006X{i:011},Deal {i},400,Proposal,2024-01-01\n"));
        for (k, s) in stages.iter().enumerate() {
            history.push_str(&format!(
                "006X{i:011},2024-0{}-{:02} 10:00,{s},{},2024-0{}-28,{}\n",
                k + 1,
                1 + i % 28,
                100 * (k + 1),
                k + 6,
                if k == 0 { "50" } else { "" }
            ));
        }
    }
    let (_, plan) = plan_at(&ws, Target::Deals, deals.as_bytes(), now(), |_| {});
    assert_eq!(plan.imported, 5_000);
    ws.apply(plan.changes);
    let started = std::time::Instant::now();
    let (_, plan) = plan_at(&ws, Target::DealHistory, history.as_bytes(), now(), |_| {});
    let took = started.elapsed();
    assert!(plan.errors.is_empty(), "{:?}", &plan.errors[..1]);
    assert_eq!(plan.imported, 20_000);
    let summary = plan.history.clone().unwrap();
    assert_eq!(summary.deals_updated, 5_000);
    assert_eq!(summary.stage_entries, 20_000);
    // Per deal: 50→100 and three amount changes, three close-date pushes, and a
    // bridge to the deals file's close date (none).
    assert_eq!(summary.log_entries, 5_000 * 8);
    assert_eq!(summary.reconciled, 5_000);
    // About 0.2 s natively in release, like the deals import per row; generous here
    // for debug builds and busy machines.
    assert!(took < std::time::Duration::from_secs(20), "{took:?}");
}
