//! Moving in from another CRM without losing rows: legacy encodings, open deals without
//! an amount, stages the pipeline does not have, deals that remember their CRM id.

use super::tests::{day, deals, run};
use super::*;
use crate::domain::id::SeededIds;
use crate::domain::workspace::tests::{now, seeded};
use crate::domain::{
    Change, Currency, ForecastCategory, Pipeline, Record, StageKind, Workspace, NO_AMOUNT,
};

/// Plans `bytes` read in the encoding detected, with the guessed options.
fn run_bytes(
    ws: &Workspace,
    target: Target,
    bytes: &[u8],
    tweak: impl FnOnce(&mut ImportOptions),
) -> (Encoding, ImportPlan) {
    let encoding = detect_encoding(bytes);
    let table = read_bytes(bytes, encoding).unwrap();
    let mut options = ImportOptions::guess(target, &table, ws);
    tweak(&mut options);
    let mut ids = SeededIds::new(7);
    (
        encoding,
        plan(&table, &options, ws, now(), &mut || ids.next_id()),
    )
}

fn names(plan: &ImportPlan) -> Vec<&str> {
    deals(plan).iter().map(|d| d.name.as_str()).collect()
}

fn messages(plan: &ImportPlan) -> Vec<(usize, String)> {
    plan.errors
        .iter()
        .map(|e| (e.row, e.messages.join(" | ")))
        .collect()
}

/// The pipeline the plan writes (inserted or updated).
fn planned_pipeline(plan: &ImportPlan) -> &Pipeline {
    plan.changes
        .iter()
        .find_map(|c| match c {
            Change::Insert(Record::Pipeline(p)) | Change::Put(Record::Pipeline(p)) => Some(p),
            _ => None,
        })
        .expect("a pipeline change")
}

/// The workspace after the plan is committed is a valid snapshot: every reference
/// (stages of new pipelines included) resolves.
fn assert_applies_cleanly(mut ws: Workspace, plan: ImportPlan) -> Workspace {
    ws.apply(plan.changes);
    let json = crate::snapshot::format::to_json(&ws, now()).to_string();
    if let Err(problems) = crate::snapshot::validate::parse(&json, "2026-11-22T10:00:00Z") {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!("{}", list.join("\n"));
    }
    ws
}

#[test]
fn a_windows_1252_salesforce_export_keeps_its_accents() {
    let (ws, _) = seeded();
    let bytes: &[u8] = b"Opportunity Name;Account Name;Amount;Stage;Opportunity Owner\r\n\
        Contrat Soci\xe9t\xe9 G\xe9n\xe9rale;Soci\xe9t\xe9 G\xe9n\xe9rale;\x801.000,00;Proposal;Fran\xe7ois M\xfcller\r\n\
        M\xfcller GmbH \x96 Rahmenvertrag;M\xfcller GmbH;500;Proposal;Fran\xe7ois M\xfcller\r\n\
        Se\xf1or Pago;Se\xf1or S.A.;200;Proposal;\r\n";
    let (encoding, plan) = run_bytes(&ws, Target::Deals, bytes, |_| {});
    assert_eq!(encoding, Encoding::Windows1252);
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(
        names(&plan),
        [
            "Contrat Société Générale",
            "Müller GmbH – Rahmenvertrag",
            "Señor Pago"
        ]
    );
    assert_eq!(
        plan.new_accounts,
        ["Société Générale", "Müller GmbH", "Señor S.A."]
    );
    assert_eq!(plan.new_reps, ["François Müller"]);
    let first = deals(&plan)[0];
    assert_eq!(
        (first.amount, first.currency.code()),
        (Some(100_000), "EUR"),
        "the euro sign is byte 0x80 in Windows-1252"
    );

    // Read as UTF-8 instead (the user's override), the names show the mistake.
    let table = read_bytes(bytes, Encoding::Utf8).unwrap();
    assert!(
        table.rows[0][0].contains('\u{FFFD}'),
        "{}",
        table.rows[0][0]
    );
}

#[test]
fn utf16_and_utf8_with_a_bom_read_like_plain_utf8() {
    let (ws, _) = seeded();
    let text = "Deal Name,Amount,Deal Stage\r\nMüller,5,Proposal\r\nÅsa Öberg,7,Proposal\r\n";
    let mut utf16le = vec![0xFF, 0xFE];
    let mut utf16be = vec![0xFE, 0xFF];
    for u in text.encode_utf16() {
        utf16le.extend(u.to_le_bytes());
        utf16be.extend(u.to_be_bytes());
    }
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend(text.as_bytes());
    for (bytes, want) in [
        (&utf16le, Encoding::Utf16Le),
        (&utf16be, Encoding::Utf16Be),
        (&bom, Encoding::Utf8),
    ] {
        let (encoding, plan) = run_bytes(&ws, Target::Deals, bytes, |_| {});
        assert_eq!(encoding, want);
        assert!(plan.errors.is_empty(), "{want:?}: {:?}", plan.errors);
        assert_eq!(names(&plan), ["Müller", "Åsa Öberg"], "{want:?}");
    }
    // `read` of text keeps working, the BOM stripped as before.
    let table = read(&format!("\u{feff}{text}")).unwrap();
    assert_eq!(table.headers[0], "Deal Name");
}

#[test]
fn open_deals_without_an_amount_import_and_won_deals_need_one() {
    let (ws, _) = seeded();
    let (table, plan) = run(
        &ws,
        Target::Deals,
        "Name,Stage,Amount,Close date\n\
         Open one,Proposal,,\n\
         Won one,Won,,2024-03-01\n\
         Lost one,Lost,,2024-03-01\n\
         Won paid,Won,100,2024-03-01\n\
         Bad amount,Proposal,abc,\n",
        |_| {},
    );
    assert_eq!(names(&plan), ["Open one", "Lost one", "Won paid"]);
    let d = deals(&plan);
    assert_eq!(d[0].amount, None);
    assert_eq!(d[0].amount_text(), NO_AMOUNT);
    assert_eq!(
        d[0].currency,
        Currency::usd(),
        "the home currency, for later"
    );
    assert_eq!(d[1].amount, None, "a lost deal may have none either");
    assert_eq!(d[2].amount, Some(10_000));
    assert_eq!(
        messages(&plan),
        [
            (3, "Amount: required for a won deal".to_string()),
            (
                6,
                "Amount: “abc” is not an amount; use digits, e.g. 1,234.50".to_string()
            ),
        ]
    );
    assert_eq!(rejects_csv(&table, &plan.errors).lines().count(), 3);

    // A file without an amount column at all may be imported.
    let table = read("Name,Stage\nA,Proposal\n").unwrap();
    let options = ImportOptions::guess(Target::Deals, &table, &ws);
    assert!(missing_required(Target::Deals, &options.mapping).is_empty());
}

/// The shape of the public 8,800-deal CRM export (snake_case headers, open deals
/// without a close date or value, an "Engaging" stage no default pipeline has).
const PUBLIC_EXPORT: &str =
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n\
    1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\n\
    Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Won,2016-10-25,2017-03-11,4514\n\
    EC4QE1BX,Darcel Schlecht,MG Special,Cancity,Won,2016-10-25,2017-03-07,50\n\
    MV1LWRNH,Moses Frase,GTX Basic,Codehow,Lost,2016-10-25,2017-03-09,0\n\
    PE84CX4O,Zane Levy,GTX Basic,Hatfan,Engaging,2017-10-17,,\n\
    ZNBS69V1,Anna Snelling,MG Advanced,Ron-tech,Prospecting,,,\n\
    9NDJ5U0X,Moses Frase,GTX Plus Pro,,Engaging,2017-11-02,,\n";

#[test]
fn the_public_crm_export_moves_in_without_losing_rows() {
    let (ws, _) = seeded();
    // Refusing unknown stages rejects the Engaging deals, and says why.
    let (_, refused) = run(&ws, Target::Deals, PUBLIC_EXPORT, |_| {});
    assert_eq!(refused.imported, 5, "{:?}", refused.errors);
    assert_eq!(
        messages(&refused),
        [
            (6, "Stage: “Engaging” is not mapped to a stage".to_string()),
            (8, "Stage: “Engaging” is not mapped to a stage".to_string()),
        ]
    );
    let table = read(PUBLIC_EXPORT).unwrap();
    let options = ImportOptions::guess(Target::Deals, &table, &ws);
    assert_eq!(unknown_stages(&table, &options, &ws), ["Engaging"]);

    // Adding them to the pipeline imports every row.
    let (_, plan) = run(&ws, Target::Deals, PUBLIC_EXPORT, |o| {
        o.new_stages = NewStages::AddToPipeline
    });
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.imported, 7);
    assert!(
        matches!(&plan.changes[0], Change::Put(Record::Pipeline(_))),
        "the pipeline first, in the same changes"
    );
    let p = planned_pipeline(&plan);
    let board: Vec<&str> = p.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        board,
        [
            "Prospecting",
            "Qualification",
            "Discovery",
            "Proposal",
            "Negotiation",
            "Engaging",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(plan.pipelines.len(), 1);
    let added = &plan.pipelines[0].added;
    assert_eq!(added.len(), 1);
    assert_eq!(
        (
            added[0].name.as_str(),
            added[0].kind,
            added[0].position,
            added[0].probability_from_file
        ),
        ("Engaging", StageKind::Open, 5, false)
    );

    let d = deals(&plan);
    let by_id = |x: &str| {
        *d.iter()
            .find(|d| d.external_id.as_deref() == Some(x))
            .unwrap()
    };
    // The export has no deal names: deals are named after their account and id.
    assert_eq!(by_id("PE84CX4O").name, "Hatfan (PE84CX4O)");
    assert_eq!(by_id("9NDJ5U0X").name, "9NDJ5U0X");
    let engaging = by_id("PE84CX4O");
    assert_eq!(engaging.stage_id, p.stages[5].id);
    assert_eq!(engaging.amount, None);
    assert_eq!(engaging.created_at, super::tests::midnight(2017, 10, 17));
    let won = by_id("1C1I7A6R");
    assert_eq!(won.amount, Some(105_400));
    assert_eq!(won.closed_on, Some(day(2017, 3, 1)));
    assert!(won.owner_id.is_some());
    // Closed deals walk the pipeline as it will be, new stage included.
    assert!(won
        .stage_history
        .iter()
        .any(|h| h.stage_id == p.stages[5].id));
    assert_eq!(by_id("MV1LWRNH").amount, Some(0));
    assert_eq!(by_id("ZNBS69V1").stage_id, p.stages[0].id);
    assert_eq!(plan.new_reps.len(), 4);
    assert_applies_cleanly(ws, plan);
}

#[test]
fn unknown_stages_are_added_where_the_files_probabilities_put_them() {
    let (ws, _) = seeded();
    let text = "Opportunity Name,Amount,Stage,Probability (%),Close Date\n\
                a,100,Needs Assessment,25,2025-01-31\n\
                b,100,Verbal Commit,90,2025-01-31\n\
                c,100,Needs Assessment,35,2025-01-31\n\
                d,100,On Hold,,2025-01-31\n\
                e,100,Closed Won,100,2024-12-01\n\
                f,100,Proposal,60%,2025-01-31\n";
    let (_, plan) = run(&ws, Target::Deals, text, |o| {
        o.new_stages = NewStages::AddToPipeline
    });
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let p = planned_pipeline(&plan);
    let board: Vec<(&str, u8, ForecastCategory)> = p
        .stages
        .iter()
        .map(|s| (s.name.as_str(), s.probability, s.forecast_category))
        .collect();
    use ForecastCategory::*;
    assert_eq!(
        board,
        [
            ("Prospecting", 10, Pipeline),
            ("Qualification", 20, Pipeline),
            ("Needs Assessment", 30, Pipeline),
            ("Discovery", 40, BestCase),
            ("Proposal", 60, BestCase),
            ("Negotiation", 80, Commit),
            ("Verbal Commit", 90, Commit),
            ("On Hold", 95, Commit),
            ("Won", 100, Commit),
            ("Lost", 0, Omitted),
        ]
    );
    let from_file: Vec<(&str, bool)> = plan.pipelines[0]
        .added
        .iter()
        .map(|a| (a.name.as_str(), a.probability_from_file))
        .collect();
    assert_eq!(
        from_file,
        [
            ("Needs Assessment", true),
            ("Verbal Commit", true),
            ("On Hold", false)
        ]
    );
    let stage_of = |n: &str| {
        let d = deals(&plan);
        let deal = d.iter().find(|d| d.name == n).unwrap();
        p.stage(&deal.stage_id).unwrap().name.clone()
    };
    assert_eq!(stage_of("a"), "Needs Assessment");
    assert_eq!(stage_of("c"), "Needs Assessment", "one stage for both rows");
    assert_eq!(stage_of("e"), "Won", "mapped stages stay mapped");
    let ws = assert_applies_cleanly(ws, plan);
    assert_eq!(ws.pipelines.len(), 1);
    assert_eq!(ws.default_pipeline().unwrap().stages.len(), 10);

    // A bad probability is reported like any bad cell.
    let (_, bad) = run(
        &ws,
        Target::Deals,
        "Name,Stage,Probability\nx,Proposal,lots\n",
        |_| {},
    );
    assert_eq!(
        messages(&bad),
        [(2, "Probability (%): “lots” is not a number".to_string())]
    );
}

#[test]
fn a_pipeline_of_its_own_is_made_of_the_files_stages() {
    let (ws, _) = seeded();
    let text = "Opportunity Name,Amount,Stage,Probability,Created Date,Close Date\n\
                a,100,Prospecting,10,2024-01-01,2025-01-31\n\
                b,100,Needs Analysis,25,2024-01-01,2025-01-31\n\
                c,100,Closed Won,100,2024-01-01,2024-06-01\n\
                d,100,Closed Lost,0,2024-01-01,2024-06-01\n";
    let (_, plan) = run(&ws, Target::Deals, text, |o| {
        o.new_stages = NewStages::NewPipeline("Salesforce".into())
    });
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert!(matches!(
        &plan.changes[0],
        Change::Insert(Record::Pipeline(_))
    ));
    let p = planned_pipeline(&plan).clone();
    assert_eq!(p.name, "Salesforce");
    let board: Vec<(&str, StageKind)> =
        p.stages.iter().map(|s| (s.name.as_str(), s.kind)).collect();
    assert_eq!(
        board,
        [
            ("Prospecting", StageKind::Open),
            ("Needs Analysis", StageKind::Open),
            ("Closed Won", StageKind::Won),
            ("Closed Lost", StageKind::Lost),
        ],
        "no extra Won or Lost: the file has both"
    );
    assert!(plan.pipelines[0].created);
    assert!(deals(&plan).iter().all(|d| d.pipeline_id == p.id));
    let won = deals(&plan)[2];
    let walked: Vec<&str> = won
        .stage_history
        .iter()
        .map(|h| p.stage(&h.stage_id).unwrap().name.as_str())
        .collect();
    assert_eq!(walked, ["Prospecting", "Needs Analysis", "Closed Won"]);
    let ws = assert_applies_cleanly(ws, plan);
    assert_eq!(
        ws.default_pipeline().unwrap().name,
        "Sales",
        "still the default"
    );

    // A second file into the same pipeline (any case) adds only what it lacks.
    let (_, again) = run(
        &ws,
        Target::Deals,
        "Name,Stage\ne,Needs Analysis\nf,Negotiation\n",
        |o| o.new_stages = NewStages::NewPipeline("salesforce".into()),
    );
    assert!(again.errors.is_empty(), "{:?}", again.errors);
    assert!(!again.pipelines[0].created);
    let added: Vec<&str> = again.pipelines[0]
        .added
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(added, ["Negotiation"]);
    assert!(matches!(&again.changes[0], Change::Put(Record::Pipeline(q)) if q.id == p.id));

    // Only closed stages in the file: the pipeline still gets its own Won and Lost.
    let (_, closed) = run(
        &ws,
        Target::Deals,
        "Name,Amount,Stage,Close date\ng,5,Signed,2024-01-01\n",
        |o| o.new_stages = NewStages::NewPipeline("Renewals".into()),
    );
    let board: Vec<&str> = planned_pipeline(&closed)
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    // "Signed" is a won stage; the file has no lost one.
    assert_eq!(board, ["Signed", "Lost"]);
}

#[test]
fn deals_keep_their_crm_id_and_are_not_imported_twice() {
    let (ws, _) = seeded();
    let text = "Id,Name,Amount,Stage,Forecast Category\n\
                006A,Alpha,100,Proposal,Commit\n\
                006B,Beta,100,Proposal,Best Case\n\
                006A,Alpha again,100,Proposal,\n\
                ,Gamma,100,Proposal,Maybe\n";
    let (_, plan) = run(&ws, Target::Deals, text, |_| {});
    let d = deals(&plan);
    let got: Vec<(&str, Option<&str>, Option<ForecastCategory>)> = d
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.external_id.as_deref(),
                d.forecast_category,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Alpha", Some("006A"), Some(ForecastCategory::Commit)),
            // Best case is Proposal's own category: no override.
            ("Beta", Some("006B"), None),
        ]
    );
    assert_eq!(
        messages(&plan),
        [
            (
                4,
                "External id: a deal with the id “006A” is already imported".to_string()
            ),
            (
                5,
                "Forecast category: “Maybe” is not a forecast category (Pipeline, Best case, Commit or Omitted)"
                    .to_string()
            ),
        ]
    );
    let ws = assert_applies_cleanly(ws, plan);
    let (_, again) = run(&ws, Target::Deals, text, |_| {});
    assert_eq!(again.imported, 0, "every id is in the workspace already");
}
