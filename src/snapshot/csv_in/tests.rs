//! Whole imports: file text in, planned changes and row errors out.

use super::*;
use crate::domain::id::SeededIds;
use crate::domain::workspace::tests::{account, deal, now, seeded};
use crate::domain::{
    Activity, ActivityKind, Change, Contact, Currency, Deal, Id, Lead, LeadStatus, Record, Rep,
    RepRole, Segment, Workspace,
};
use chrono::{NaiveDate, TimeZone, Utc};

pub(super) fn run(
    ws: &Workspace,
    target: Target,
    text: &str,
    tweak: impl FnOnce(&mut ImportOptions),
) -> (CsvTable, ImportPlan) {
    let table = read(text).unwrap();
    let mut options = ImportOptions::guess(target, &table, ws);
    tweak(&mut options);
    let mut ids = SeededIds::new(7);
    let plan = plan(&table, &options, ws, now(), &mut || ids.next_id());
    (table, plan)
}

pub(super) fn records(plan: &ImportPlan) -> impl Iterator<Item = &Record> {
    plan.changes.iter().map(|c| match c {
        // A pipeline that gets the file's new stages is updated in the same transaction.
        Change::Insert(r) | Change::Put(r @ Record::Pipeline(_)) => r,
        other => panic!("imports only insert, got {other:?}"),
    })
}

/// The imported records of one type.
pub(super) fn of<'a, T>(plan: &'a ImportPlan) -> Vec<&'a T>
where
    &'a T: TryFrom<&'a Record>,
{
    records(plan).filter_map(|r| r.try_into().ok()).collect()
}

pub(super) fn deals(plan: &ImportPlan) -> Vec<&Deal> {
    of(plan)
}

pub(super) fn reps(plan: &ImportPlan) -> Vec<&Rep> {
    of(plan)
}

pub(super) fn stage_id(ws: &Workspace, name: &str) -> Id {
    let p = ws.default_pipeline().unwrap();
    p.stages.iter().find(|s| s.name == name).unwrap().id.clone()
}

pub(super) fn stage_name(ws: &Workspace, id: &Id) -> String {
    ws.default_pipeline()
        .unwrap()
        .stage(id)
        .unwrap()
        .name
        .clone()
}

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn midnight(y: i32, m: u32, d: u32) -> crate::domain::Timestamp {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

pub(super) fn rep(id: Id, name: &str, email: &str) -> Rep {
    Rep {
        id,
        name: name.into(),
        email: Some(email.into()),
        role: RepRole::Rep,
        manager_id: None,
        territory_id: None,
        active: true,
        created_at: now(),
        updated_at: now(),
    }
}

#[test]
fn closed_won_and_lost_deals_keep_their_dates_and_walk_the_pipeline() {
    let (ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Deals,
        "Deal,Amount,Stage,Created,Closed,Lost reason,Win reason\n\
         Big win,\"$12,000\",Closed Won,2024-01-01,2024-03-01,,Product fit\n\
         Lost one,500,Closed Lost,2024-02-01,2024-02-11,Price,Not a win\n\
         Still open,700,Proposal,2024-02-01,,,\n",
        |_| {},
    );
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let d = deals(&plan);
    let open_names = [
        "Prospecting",
        "Qualification",
        "Discovery",
        "Proposal",
        "Negotiation",
    ];

    let won = d[0];
    assert_eq!(stage_name(&ws, &won.stage_id), "Won");
    assert_eq!(won.amount, Some(1_200_000));
    assert_eq!(won.created_at, midnight(2024, 1, 1));
    assert_eq!(won.closed_on, Some(day(2024, 3, 1)));
    let names: Vec<String> = won
        .stage_history
        .iter()
        .map(|h| stage_name(&ws, &h.stage_id))
        .collect();
    assert_eq!(names[..5], open_names);
    assert_eq!(names[5], "Won");
    assert_eq!(won.stage_history[0].at, won.created_at);
    assert_eq!(won.stage_history.last().unwrap().at, midnight(2024, 3, 1));
    assert!(won.stage_history.windows(2).all(|w| w[0].at < w[1].at));
    assert_eq!(won.lost_reason, None);
    // "Win reason" is guessed as the won reason; it is kept on won deals only.
    assert_eq!(won.won_reason.as_deref(), Some("Product fit"));

    let lost = d[1];
    assert_eq!(stage_name(&ws, &lost.stage_id), "Lost");
    assert_eq!(lost.closed_on, Some(day(2024, 2, 11)));
    assert_eq!(lost.stage_history.len(), 6);
    assert_eq!(lost.stage_history[0].at, midnight(2024, 2, 1));
    let last = lost.stage_history.last().unwrap();
    assert_eq!(
        (stage_name(&ws, &last.stage_id).as_str(), last.at),
        ("Lost", midnight(2024, 2, 11))
    );
    assert_eq!(lost.lost_reason.as_deref(), Some("Price"));
    assert_eq!(lost.won_reason, None);
    assert_eq!(
        (last.at - lost.created_at).num_days(),
        10,
        "the cycle length survives"
    );

    let open = d[2];
    assert_eq!(open.closed_on, None);
    assert_eq!(open.stage_history.len(), 1);
    assert_eq!(open.stage_history[0].stage_id, stage_id(&ws, "Proposal"));
    assert_eq!(open.stage_history[0].at, midnight(2024, 2, 1));
    assert!(d.iter().all(|x| x.updated_at == now()));
}

#[test]
fn a_status_column_closes_deals_after_the_stage_they_reached() {
    let (ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Deals,
        "Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Lost time\n\
         A,100,EUR,Proposal Made,lost,2024-01-01,,2024-01-31 10:12:00\n\
         B,200,EUR,Negotiations Started,won,2024-01-01,2024-02-01 09:00:00,\n",
        |_| {},
    );
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let d = deals(&plan);
    let names = |deal: &Deal| -> Vec<String> {
        deal.stage_history
            .iter()
            .map(|h| stage_name(&ws, &h.stage_id))
            .collect()
    };
    assert_eq!(
        names(d[0]),
        [
            "Prospecting",
            "Qualification",
            "Discovery",
            "Proposal",
            "Lost"
        ]
    );
    assert_eq!(d[0].closed_on, Some(day(2024, 1, 31)));
    assert_eq!(d[0].currency, Currency::new("EUR").unwrap());
    assert_eq!(names(d[1]).last().unwrap(), "Won");
    assert_eq!(d[1].closed_on, Some(day(2024, 2, 1)));
}

#[test]
fn bad_rows_are_reported_with_their_row_numbers_and_good_rows_still_import() {
    let (ws, _) = seeded();
    let (table, plan) = run(
        &ws,
        Target::Deals,
        "Name,Amount,Stage,Close date,Created date\n\
         Ok one,100,Proposal,,\n\
         ,abc,Proposal,,\n\
         Bad stage,100,Weird,,\n\
         \"Multi\nline\",100,Won,2024-01-05,2024-02-01\n\
         Ok two,200,Won,2024-03-01,2024-01-01\n\
         No date,100,Won,,\n\
         Bad date,100,Proposal,2024-13-01,\n",
        |_| {},
    );
    assert_eq!(plan.imported, 2);
    let names: Vec<&str> = deals(&plan).iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["Ok one", "Ok two"]);
    let rows: Vec<usize> = plan.errors.iter().map(|e| e.row).collect();
    assert_eq!(rows, [3, 4, 5, 7, 8]);
    assert_eq!(
        plan.errors[0].messages,
        [
            "Name: required",
            "Amount: “abc” is not an amount; use digits, e.g. 1,234.50"
        ]
    );
    assert_eq!(
        plan.errors[1].messages,
        ["Stage: “Weird” is not mapped to a stage"]
    );
    assert_eq!(
        plan.errors[2].messages,
        ["Closed date: 2024-01-05 is before the created date 2024-02-01"]
    );
    assert_eq!(
        plan.errors[3].messages,
        ["Closed date: required for a won or lost deal (map a closed or close date column)"]
    );
    assert_eq!(
        plan.errors[4].messages,
        ["Expected close: “2024-13-01” is not a date (expected YYYY-MM-DD)"]
    );

    // The rejects file holds exactly those rows, with their messages.
    let rejects = rejects_csv(&table, &plan.errors);
    let back = read(&rejects).unwrap();
    assert_eq!(back.headers.last().unwrap(), "Errors");
    assert_eq!(back.rows.len(), 5);
    assert_eq!(back.rows[2][0], "Multi\nline");
    assert_eq!(back.rows[1][5], "Stage: “Weird” is not mapped to a stage");
    assert_eq!(
        back.rows[0][5],
        "Name: required; Amount: “abc” is not an amount; use digits, e.g. 1,234.50"
    );
}

#[test]
fn amounts_take_symbols_separators_and_a_currency_column() {
    let (ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Deals,
        "Name,Amount,Currency\n\
         A,\"$1,234.50\",\n\
         B,\"€1.234,50\",\n\
         C,\"1 234,5 EUR\",\n\
         D,\"1,000\",JPY\n\
         E,\"2.500,00\",eur\n\
         F,£12,USD\n\
         G,¥1000,USD\n\
         H,-5,\n\
         I,10,XYZ\n",
        |_| {},
    );
    let got: Vec<(String, i64, String)> = deals(&plan)
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                d.amount.unwrap_or(-1),
                d.currency.code().to_string(),
            )
        })
        .collect();
    let want = [
        ("A", 123_450, "USD"),
        ("B", 123_450, "EUR"),
        ("C", 123_450, "EUR"),
        ("D", 1_000, "JPY"),
        ("E", 250_000, "EUR"),
        ("F", 1_200, "USD"),
    ];
    let want: Vec<(String, i64, String)> = want
        .iter()
        .map(|(n, a, c)| (n.to_string(), *a, c.to_string()))
        .collect();
    assert_eq!(got, want);
    let messages: Vec<(usize, String)> = plan
        .errors
        .iter()
        .map(|e| (e.row, e.messages.join(" | ")))
        .collect();
    assert_eq!(
        messages,
        [
            (
                8,
                "Amount: “¥1000” is in JPY but the currency column says USD".to_string()
            ),
            (9, "Amount: “-5” is negative".to_string()),
            (10, "Currency: “XYZ” is not a currency code".to_string()),
        ]
    );
}

#[test]
fn owners_map_to_reps_and_create_rep_makes_one_rep_per_name() {
    let (mut ws, mut ids) = seeded();
    let ana = rep(ids.next_id(), "Ana Lima", "ana@example.com");
    ws.put(ana.clone().into());
    let text = "Name,Amount,Owner\n\
                a,1,Zed\n\
                b,1,Ana Lima\n\
                c,1,zed\n\
                d,1,Yan\n\
                e,1,Zed\n\
                f,1,ANA@example.com\n\
                g,1,Xi\n";
    // The guess: known reps are matched, unknown names become new reps.
    let table = read(text).unwrap();
    let guessed = ImportOptions::guess(Target::Deals, &table, &ws);
    assert_eq!(
        guessed.values.owners["Ana Lima"],
        OwnerChoice::Rep(ana.id.clone())
    );
    assert_eq!(guessed.values.owners["Zed"], OwnerChoice::CreateRep);

    let (_, plan) = run(&ws, Target::Deals, text, |o| {
        o.values.owners.clear();
        o.values.owners.insert("Zed".into(), OwnerChoice::CreateRep);
        o.values.owners.insert("zed".into(), OwnerChoice::CreateRep);
        o.values.owners.insert("Yan".into(), OwnerChoice::Leave);
    });
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.new_reps, ["Zed"]);
    let new = reps(&plan);
    assert_eq!(new.len(), 1);
    assert!(new[0].active);
    assert_eq!(new[0].name, "Zed");
    let owner = |n: &str| {
        deals(&plan)
            .iter()
            .find(|d| d.name == n)
            .unwrap()
            .owner_id
            .clone()
    };
    let zed = Some(new[0].id.clone());
    assert_eq!(owner("a"), zed);
    assert_eq!(owner("c"), zed);
    assert_eq!(owner("e"), zed);
    assert_eq!(
        owner("b"),
        Some(ana.id.clone()),
        "unmapped: guessed by name"
    );
    assert_eq!(
        owner("f"),
        Some(ana.id.clone()),
        "unmapped: guessed by e-mail"
    );
    assert_eq!(owner("d"), None, "left without an owner");
    assert_eq!(owner("g"), None, "unknown and unmapped");
    assert!(
        matches!(plan.changes[0], Change::Insert(Record::Rep(_))),
        "reps come first"
    );
}

#[test]
fn missing_accounts_are_created_once_per_name_before_the_rows() {
    let (mut ws, mut ids) = seeded();
    let acme = ids.next_id();
    ws.put(account(acme.clone(), "Acme").into());
    let text = "Name,Amount,Account Name\n\
                a,1,ACME\n\
                b,1,Globex\n\
                c,1, globex \n\
                d,1,Initech\n\
                e,1,Globex\n\
                f,1,\n";
    let (_, plan) = run(&ws, Target::Deals, text, |_| {});
    assert_eq!(plan.new_accounts, ["Globex", "Initech"]);
    let created: Vec<(usize, &crate::domain::Account)> = records(&plan)
        .enumerate()
        .filter_map(|(i, r)| match r {
            Record::Account(a) => Some((i, a)),
            _ => None,
        })
        .collect();
    assert_eq!(created.len(), 2);
    assert_eq!(
        created.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        [0, 1],
        "accounts before deals"
    );
    let account_of = |n: &str| {
        deals(&plan)
            .iter()
            .find(|d| d.name == n)
            .unwrap()
            .account_id
            .clone()
    };
    assert_eq!(account_of("a"), Some(acme.clone()));
    assert_eq!(account_of("b"), Some(created[0].1.id.clone()));
    assert_eq!(account_of("c"), account_of("b"));
    assert_eq!(account_of("e"), account_of("b"));
    assert_eq!(account_of("d"), Some(created[1].1.id.clone()));
    assert_eq!(account_of("f"), None);

    // Without creating accounts, deals keep no account; contacts are rejected.
    let (_, plan) = run(&ws, Target::Deals, text, |o| {
        o.create_missing_accounts = false
    });
    assert_eq!(plan.imported, 6);
    assert!(plan.new_accounts.is_empty());
    assert_eq!(account_of_plan(&plan, "b"), None);
    assert_eq!(account_of_plan(&plan, "a"), Some(acme.clone()));
    let (_, contacts) = run(
        &ws,
        Target::Contacts,
        "Name,Company\nAna,Acme\nBo,Globex\n",
        |o| o.create_missing_accounts = false,
    );
    assert_eq!(contacts.imported, 1);
    assert_eq!(contacts.errors[0].row, 3);
    assert!(contacts.errors[0].messages[0].starts_with("Account: no account is named “Globex”"));
}

fn account_of_plan(plan: &ImportPlan, name: &str) -> Option<Id> {
    deals(plan)
        .iter()
        .find(|d| d.name == name)
        .unwrap()
        .account_id
        .clone()
}

#[test]
fn contacts_join_first_and_last_names_and_need_an_account() {
    let (ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Contacts,
        "First Name,Last Name,Company name,Email,Job Title\n\
         Ana,Lima,Acme,ana@acme.com,CFO\n\
         Bo,,Globex,bo@globex,\n\
         ,,Acme,x@acme.com,\n\
         Cy,Berg,,cy@x.com,\n\
         ,Solo,Acme,,\n",
        |_| {},
    );
    let contacts: Vec<&Contact> = of(&plan);
    let names: Vec<&str> = contacts.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Ana Lima", "Solo"]);
    assert_eq!(contacts[0].title.as_deref(), Some("CFO"));
    assert_eq!(
        contacts[0].account_id, contacts[1].account_id,
        "one Acme for both"
    );
    // Globex was only named by a rejected row, so it is not created.
    assert_eq!(plan.new_accounts, ["Acme"]);
    let errors: Vec<(usize, Vec<String>)> = plan
        .errors
        .iter()
        .map(|e| (e.row, e.messages.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                3,
                vec!["Email: “bo@globex” is not an e-mail address".to_string()]
            ),
            (4, vec!["Name: required".to_string()]),
            (5, vec!["Account: required".to_string()]),
        ]
    );
}

#[test]
fn leads_read_statuses_scores_and_split_names() {
    let (ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Leads,
        "First Name,Last Name,Company,Lead Status,Lead Score,Lead Source,Created Date\n\
         Ana,Lima,Acme,Working - Contacted,85,Web,03/05/2024\n\
         Bo,Berg,Globex,Unqualified,,Referral,31/12/2024\n\
         Cy,Ode,Initech,Closed - Converted,150,,\n",
        |_| {},
    );
    let leads: Vec<&Lead> = of(&plan);
    assert_eq!(leads.len(), 2);
    assert_eq!(leads[0].name, "Ana Lima");
    assert_eq!(leads[0].status, LeadStatus::Working);
    assert_eq!(leads[0].score, Some(85));
    assert_eq!(leads[0].source.as_deref(), Some("Web"));
    // 31/12/2024 makes the column day-first, so 03/05/2024 is 3 May.
    assert_eq!(leads[0].created_at, midnight(2024, 5, 3));
    assert_eq!(leads[1].status, LeadStatus::Disqualified);
    assert_eq!(leads[1].company.as_deref(), Some("Globex"));
    assert_eq!(plan.errors.len(), 1);
    assert_eq!(plan.errors[0].row, 4);
    assert_eq!(
        plan.errors[0].messages,
        ["Score: “150” is not between 0 and 100"]
    );
}

#[test]
fn accounts_are_not_imported_twice() {
    let (mut ws, mut ids) = seeded();
    ws.put(account(ids.next_id(), "Acme").into());
    let (_, plan) = run(
        &ws,
        Target::Accounts,
        "Account Name,Website,Industry,Segment,Type\n\
         acme,acme.com,,,\n\
         Globex,https://www.globex.com/x,Energy,enterprise,Customer\n\
         GLOBEX,,,,\n\
         Initech,,,Mid-market,\n",
        |_| {},
    );
    let accounts: Vec<&crate::domain::Account> = of(&plan);
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].domain.as_deref(), Some("globex.com"));
    assert_eq!(accounts[0].segment, Some(Segment::Enterprise));
    assert_eq!(accounts[0].status, crate::domain::CustomerStatus::Customer);
    assert!(
        plan.new_accounts.is_empty(),
        "rows are the accounts, not extras"
    );
    let errors: Vec<(usize, String)> = plan
        .errors
        .iter()
        .map(|e| (e.row, e.messages.join(" | ")))
        .collect();
    assert_eq!(
        errors,
        [
            (
                2,
                "Name: an account named “acme” already exists".to_string()
            ),
            (
                4,
                "Name: an account named “GLOBEX” already exists".to_string()
            ),
            (
                5,
                "Segment: “Mid-market” is not B2C, B2B, Enterprise or SaaS".to_string()
            ),
        ]
    );
}

#[test]
fn activities_link_to_existing_deals_and_accounts_by_name() {
    let (mut ws, mut ids) = seeded();
    let acme = ids.next_id();
    ws.put(account(acme.clone(), "Acme").into());
    let mut big = deal(&ws, ids.next_id(), Some(acme.clone()));
    big.name = "Big deal".into();
    ws.put(big.clone().into());
    let (_, plan) = run(
        &ws,
        Target::Activities,
        "Subject,Type,Due Date,Completed,Deal Name,Company\n\
         Call Ana,Outbound call,2024-03-05 14:30,yes,big deal,Acme\n\
         Send deck,Email,,no,Unknown deal,Nowhere\n\
         Lunch,Lunch,3/5/2024,maybe,,\n\
         ,Task,,,,\n",
        |_| {},
    );
    let acts: Vec<&Activity> = of(&plan);
    assert_eq!(acts.len(), 2);
    assert_eq!(acts[0].kind, ActivityKind::Call);
    assert_eq!(acts[0].due.unwrap().to_string(), "2024-03-05 14:30:00");
    assert!(acts[0].done);
    assert_eq!(
        acts[0].done_at,
        Some(Utc.with_ymd_and_hms(2024, 3, 5, 14, 30, 0).unwrap())
    );
    assert_eq!(acts[0].deal_id, Some(big.id.clone()));
    assert_eq!(acts[0].account_id, Some(acme.clone()));
    assert_eq!(acts[1].kind, ActivityKind::Email);
    assert!(!acts[1].done && acts[1].done_at.is_none());
    assert_eq!(
        (acts[1].deal_id.clone(), acts[1].account_id.clone()),
        (None, None)
    );
    assert!(
        plan.new_accounts.is_empty(),
        "activities never create accounts"
    );
    let errors: Vec<(usize, Vec<String>)> = plan
        .errors
        .iter()
        .map(|e| (e.row, e.messages.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (4, vec!["Done: “maybe” is not yes or no".to_string()]),
            (5, vec!["Subject: required".to_string()]),
        ]
    );
}

#[test]
fn a_hubspot_export_imports_with_guessed_settings_and_validates() {
    let (mut ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Deals,
        "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Associated Company\n\
         1,Alpha,closedwon,5000,2024-02-10 12:00,2024-01-10 09:30,Ana Lima,Acme\n\
         2,Beta,appointmentscheduled,1000,2024-06-01,2024-01-11 09:30,Ana Lima,Globex\n\
         3,Gamma,contractsent,2000,2024-06-01,2024-01-12 09:30,Bo Berg,Acme\n\
         4,Delta,closedlost,3000,2024-03-01,2024-01-13 09:30,,\n",
        |_| {},
    );
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let stages: Vec<String> = deals(&plan)
        .iter()
        .map(|d| stage_name(&ws, &d.stage_id))
        .collect();
    assert_eq!(stages, ["Won", "Prospecting", "Negotiation", "Lost"]);
    let alpha = deals(&plan)[0];
    assert_eq!(alpha.closed_on, Some(day(2024, 2, 10)));
    assert_eq!(alpha.expected_close, Some(day(2024, 2, 10)));
    assert_eq!(alpha.created_at, midnight(2024, 1, 10));
    assert_eq!(plan.new_reps, ["Ana Lima", "Bo Berg"]);
    assert_eq!(plan.new_accounts, ["Acme", "Globex"]);

    // Applied, the workspace is a valid snapshot: every reference resolves.
    ws.apply(plan.changes);
    assert_eq!(ws.deals.len(), 4);
    let json = crate::snapshot::format::to_json(&ws, now()).to_string();
    if let Err(problems) = crate::snapshot::validate::parse(&json, "2026-11-22T10:00:00Z") {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!("{}", list.join("\n"));
    }
}

#[test]
fn ten_thousand_rows_plan_quickly() {
    let (ws, _) = seeded();
    let stages = [
        "Prospecting",
        "Proposal",
        "Closed Won",
        "Closed Lost",
        "Negotiation",
    ];
    let mut text = String::from(
        "Opportunity Name,Amount,Stage,Opportunity Owner,Account Name,Created Date,Closed Date\n",
    );
    for i in 0..10_000 {
        let closed = if i % 5 == 2 || i % 5 == 3 {
            "2024-06-30"
        } else {
            ""
        };
        text.push_str(&format!(
            "Deal {i},\"${},{:03}.50\",{},Rep {},Account {},2024-01-{:02},{closed}\n",
            1 + i % 90,
            i % 1000,
            stages[i % 5],
            i % 7,
            i % 50,
            1 + i % 28
        ));
    }
    let (table, plan) = run(&ws, Target::Deals, &text, |_| {});
    assert_eq!(table.rows.len(), 10_000);
    assert!(
        plan.errors.is_empty(),
        "{:?}",
        &plan.errors[..plan.errors.len().min(3)]
    );
    assert_eq!(plan.imported, 10_000);
    assert_eq!(plan.new_reps.len(), 7);
    assert_eq!(plan.new_accounts.len(), 50);
    assert_eq!(plan.changes.len(), 10_000 + 7 + 50);
    let won = deals(&plan)
        .iter()
        .filter(|d| d.closed_on.is_some())
        .count();
    assert_eq!(won, 4_000);
}

#[test]
fn leads_read_job_titles_and_employee_counts_and_ranges() {
    let (ws, _) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Leads,
        "Name,Title,No. of Employees\n\
         Ana Lima,VP Sales,\"1,200\"\n\
         Bo Berg,,51-200\n\
         Cy Ode,CFO,lots\n",
        |_| {},
    );
    let leads: Vec<&Lead> = of(&plan);
    let got: Vec<(&str, Option<&str>, Option<u32>)> = leads
        .iter()
        .map(|l| (l.name.as_str(), l.title.as_deref(), l.company_size))
        .collect();
    assert_eq!(
        got,
        [
            ("Ana Lima", Some("VP Sales"), Some(1200)),
            ("Bo Berg", None, Some(51))
        ]
    );
    assert_eq!(plan.errors[0].row, 4);
    assert_eq!(
        plan.errors[0].messages,
        ["Employees: “lots” is not a number of employees"]
    );
}

#[test]
fn imported_open_deals_get_their_playbook_tasks_once_never_overdue() {
    let (mut ws, mut ids) = seeded();
    let (_, plan) = run(
        &ws,
        Target::Deals,
        "Deal Name,Stage,Amount,Created Date\n\
         Alpha,Prospecting,100,2024-01-05\n\
         Beta,Prospecting,200,2024-02-05\n\
         Gamma,Proposal,300,2024-03-05\n",
        |_| {},
    );
    assert_eq!(of::<Deal>(&plan).len(), 3);
    let tasks = |extra: &[Change]| {
        extra
            .iter()
            .filter_map(|c| match c {
                Change::Insert(Record::Activity(a)) => Some((a.subject.clone(), a.due)),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let today = now().date_naive();
    // Imported deals enter their stage like any other entry: two Prospecting tasks
    // each and two Proposal tasks, due today at the earliest (not born overdue from
    // a 2024 stage date).
    let extra = crate::domain::automation::after_changes(
        &ws,
        &plan.changes,
        || ids.next_id(),
        now(),
        today,
    );
    let made = tasks(&extra);
    assert_eq!(made.len(), 6, "{made:?}");
    assert!(made.iter().all(|(_, due)| due.unwrap().date() >= today));
    // Once written, the same deals entering the workspace again make nothing more.
    let mut all = plan.changes.clone();
    all.extend(extra);
    ws.apply(all);
    let again = crate::domain::automation::after_changes(
        &ws,
        &plan.changes,
        || ids.next_id(),
        now(),
        today,
    );
    assert!(tasks(&again).is_empty(), "{again:?}");
}
