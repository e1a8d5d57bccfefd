use super::*;
use crate::domain::deal_rules::change_stage;
use crate::domain::entities::{Activity, ActivityKind, Deal, Lead, LeadStatus};
use crate::domain::id::SeededIds;
use crate::domain::workspace::tests::{account, call, deal, now, seeded};
use crate::domain::{Change, Record};
use chrono::{Duration, NaiveDate};

fn today() -> Date {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Commits `changes` the way the app does: automation's changes join the action.
fn commit(ws: &mut Workspace, ids: &mut SeededIds, changes: Vec<Change>, now: Timestamp) -> usize {
    let extra = after_changes(ws, &changes, || ids.next_id(), now, now.date_naive());
    let n = extra.len();
    ws.apply(changes);
    ws.apply(extra);
    n
}

fn tasks_of(ws: &Workspace, deal: &Id) -> Vec<Activity> {
    let mut v: Vec<Activity> = ws
        .activities
        .values()
        .filter(|a| a.deal_id.as_ref() == Some(deal))
        .cloned()
        .collect();
    v.sort_by(|a, b| a.subject.cmp(&b.subject));
    v
}

fn move_to(ws: &mut Workspace, ids: &mut SeededIds, d: &Id, stage: usize, at: Timestamp) {
    let p = ws.default_pipeline().unwrap().clone();
    let moved = change_stage(
        ws.deals.get(d).unwrap(),
        &p,
        &p.stages[stage].id,
        None,
        None,
        at,
        at.date_naive(),
    )
    .unwrap();
    commit(ws, ids, vec![Change::Put(Record::Deal(moved))], at);
}

fn ready_deal(ws: &Workspace, ids: &mut SeededIds) -> Deal {
    let mut d = deal(ws, ids.next_id(), None);
    d.expected_close = Some(today() + chrono::Days::new(30));
    d.owner_id = Some(Id::from_string("rep-1"));
    d
}

#[test]
fn entering_a_stage_makes_its_playbook_tasks_once_even_after_leaving_and_coming_back() {
    let (mut ws, mut ids) = seeded();
    let d = ready_deal(&ws, &mut ids);
    let id = d.id.clone();
    // Created in Prospecting: its two tasks.
    commit(
        &mut ws,
        &mut ids,
        vec![Change::Insert(Record::Deal(d))],
        now(),
    );
    assert_eq!(tasks_of(&ws, &id).len(), 2);

    // Into Proposal (index 3): two more, due 1 and 3 days after entering, for the owner.
    let t1 = now() + Duration::days(2);
    move_to(&mut ws, &mut ids, &id, 3, t1);
    let tasks = tasks_of(&ws, &id);
    assert_eq!(tasks.len(), 4);
    let send = tasks
        .iter()
        .find(|a| a.subject == "Send the proposal")
        .unwrap();
    assert_eq!(send.kind, ActivityKind::Task);
    assert_eq!(
        send.due.unwrap().date(),
        t1.date_naive() + chrono::Days::new(1)
    );
    assert_eq!(send.owner_id, Some(Id::from_string("rep-1")));
    assert_eq!(send.notes.as_deref(), Some("Made by Proposal playbook."));
    let walk = tasks
        .iter()
        .find(|a| a.subject == "Walk the buyer through the proposal")
        .unwrap();
    assert_eq!(
        walk.due.unwrap().date(),
        t1.date_naive() + chrono::Days::new(3)
    );

    // Back to Qualification (one new task), then into Proposal again: nothing repeats.
    move_to(&mut ws, &mut ids, &id, 1, t1 + Duration::hours(1));
    assert_eq!(tasks_of(&ws, &id).len(), 5);
    move_to(&mut ws, &mut ids, &id, 3, t1 + Duration::hours(2));
    move_to(&mut ws, &mut ids, &id, 1, t1 + Duration::hours(3));
    assert_eq!(tasks_of(&ws, &id).len(), 5);
    // Each task has its cause in the log.
    assert_eq!(ws.automation_log.len(), 5);
    assert!(ws
        .automation_log
        .values()
        .all(|e| e.cause.starts_with(&format!("playbook:{id}:"))));

    // Deleting a task does not bring it back on the next entry either.
    let send_id = send.id.clone();
    ws.apply(vec![Change::Delete(crate::domain::Kind::Activity, send_id)]);
    move_to(&mut ws, &mut ids, &id, 3, t1 + Duration::hours(4));
    assert_eq!(tasks_of(&ws, &id).len(), 4);
}

#[test]
fn editing_a_deal_without_moving_it_makes_nothing() {
    let (mut ws, mut ids) = seeded();
    let d = ready_deal(&ws, &mut ids);
    commit(
        &mut ws,
        &mut ids,
        vec![Change::Insert(Record::Deal(d.clone()))],
        now(),
    );
    let mut renamed = d.clone();
    renamed.name = "Renamed".into();
    let n = commit(
        &mut ws,
        &mut ids,
        vec![Change::Put(Record::Deal(renamed))],
        now(),
    );
    assert_eq!(n, 0);
}

#[test]
fn a_missing_required_field_stops_the_move_with_the_reason() {
    let (ws, mut ids) = seeded();
    let p = ws.default_pipeline().unwrap().clone();
    let mut d = deal(&ws, ids.next_id(), None);
    d.amount = None;
    let err = change_stage(&d, &p, &p.stages[3].id, None, None, now(), today()).unwrap_err();
    assert_eq!(
        err.get("stage_id"),
        Some("Proposal needs an amount and an expected close date before a deal enters it")
    );
    d.amount = Some(500);
    let err = change_stage(&d, &p, &p.stages[3].id, None, None, now(), today()).unwrap_err();
    assert_eq!(
        err.get("stage_id"),
        Some("Proposal needs an expected close date before a deal enters it")
    );
    d.expected_close = Some(today());
    assert!(change_stage(&d, &p, &p.stages[3].id, None, None, now(), today()).is_ok());
    // Stages without requirements take anything.
    d.amount = None;
    assert!(change_stage(&d, &p, &p.stages[1].id, None, None, now(), today()).is_ok());
}

#[test]
fn playbook_text_round_trips_and_bad_lines_are_named() {
    let tasks =
        playbooks::parse_playbook("Call | First call | 2\n\n e-mail|Send deck|0 days").unwrap();
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[1].kind, ActivityKind::Email);
    assert_eq!(tasks[1].due_in_days, 0);
    assert_eq!(
        playbooks::parse_playbook(&playbooks::format_playbook(&tasks)).unwrap(),
        tasks
    );
    assert_eq!(
        playbooks::parse_playbook("Call | x | 2\nVisit | y | 1").unwrap_err(),
        "Playbook line 2: the kind is call, meeting, demo, e-mail, task or note"
    );
    assert!(playbooks::parse_playbook("Call | x").is_err());
    assert!(playbooks::parse_playbook("Call | x | soon").is_err());
}

fn turn_on(
    ws: &mut Workspace,
    ids: &mut SeededIds,
    kind: RuleKind,
    n: u32,
    at: Timestamp,
) -> usize {
    let mut s = ws.settings.clone();
    for r in &mut s.automation.rules {
        if r.kind == kind {
            r.on = true;
            r.n = n;
            r.on_since = Some(at);
        }
    }
    commit(ws, ids, vec![Change::Settings(s)], at)
}

/// Deals created without automation (as an old workspace holds them).
fn put_plain(ws: &mut Workspace, d: Deal) {
    ws.put(d.into());
}

#[test]
fn no_activity_rule_fires_after_n_quiet_days_once_per_quiet_spell() {
    let (mut ws, mut ids) = seeded();
    let mut stale = ready_deal(&ws, &mut ids);
    stale.created_at = now() - Duration::days(30);
    let stale_id = stale.id.clone();
    put_plain(&mut ws, stale.clone());
    ws.put(call(ids.next_id(), &stale_id, 10).into());
    let mut fresh = ready_deal(&ws, &mut ids);
    fresh.created_at = now() - Duration::days(30);
    let fresh_id = fresh.id.clone();
    put_plain(&mut ws, fresh);
    ws.put(call(ids.next_id(), &fresh_id, 3).into());

    // Off: nothing. On with 7 days: one task for the deal quiet for 10 days.
    assert!(on_open(&ws, || ids.next_id(), now(), today()).is_empty());
    let made = turn_on(&mut ws, &mut ids, RuleKind::NoActivity, 7, now());
    assert_eq!(made, 2, "one task and its log entry");
    let t = tasks_of(&ws, &stale_id);
    let task = t.iter().find(|a| !a.done).unwrap();
    assert_eq!(
        task.subject,
        "Follow up on Deal: nothing happened for 10 days"
    );
    assert_eq!(
        task.notes.as_deref(),
        Some("Made by the rule “No activity for 7 days”.")
    );
    assert!(tasks_of(&ws, &fresh_id).iter().all(|a| a.done));

    // Opening again, later the same day or the next: still one.
    assert!(on_open(&ws, || ids.next_id(), now() + Duration::hours(5), today()).is_empty());
    // Five days on, the fresh deal is 8 days quiet: its own task, the stale one none.
    let later = now() + Duration::days(5);
    let extra = on_open(&ws, || ids.next_id(), later, later.date_naive());
    assert_eq!(extra.len(), 2);
    ws.apply(extra);
    assert_eq!(
        tasks_of(&ws, &fresh_id).iter().filter(|a| !a.done).count(),
        1
    );

    // A call on the stale deal ends its quiet spell; 7 days later a new one starts.
    ws.put(call(ids.next_id(), &stale_id, 0).into());
    let week = now() + Duration::days(7);
    let extra = on_open(&ws, || ids.next_id(), week, week.date_naive());
    let new_tasks = extra
        .iter()
        .filter(|c| matches!(c, Change::Insert(Record::Activity(a)) if a.deal_id.as_ref() == Some(&stale_id)))
        .count();
    assert_eq!(new_tasks, 1);
}

#[test]
fn lead_not_contacted_rule_waits_n_hours_and_stops_once_contacted() {
    let (mut ws, mut ids) = seeded();
    let lead = |id: Id, name: &str, hours_ago: i64| Lead {
        id,
        name: name.into(),
        company: Some("Acme".into()),
        email: None,
        phone: None,
        title: None,
        company_size: None,
        source: None,
        status: LeadStatus::New,
        disqualified_reason: None,
        score: None,
        owner_id: None,
        conversion: None,
        created_at: now() - Duration::hours(hours_ago),
        updated_at: now(),
    };
    let old = lead(ids.next_id(), "Old", 30);
    let young = lead(ids.next_id(), "Young", 5);
    let mut called = lead(ids.next_id(), "Called", 30);
    called.status = LeadStatus::New;
    ws.put(old.clone().into());
    ws.put(young.into());
    ws.put(called.clone().into());
    let mut c = call(ids.next_id(), &Id::from_string("none"), 1);
    c.deal_id = None;
    c.lead_id = Some(called.id.clone());
    ws.put(c.into());

    turn_on(&mut ws, &mut ids, RuleKind::LeadNotContacted, 24, now());
    let tasks: Vec<&Activity> = ws.activities.values().filter(|a| !a.done).collect();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].lead_id, Some(old.id.clone()));
    assert_eq!(tasks[0].subject, "Contact the new lead Old (Acme)");
    // A day later the young lead is due too; the old one is not repeated.
    let later = now() + Duration::hours(20);
    let extra = on_open(&ws, || ids.next_id(), later, later.date_naive());
    assert_eq!(extra.len(), 2);
    ws.apply(extra);
    assert!(on_open(&ws, || ids.next_id(), later, later.date_naive()).is_empty());
}

#[test]
fn close_passed_rule_fires_per_passed_date_on_open_deals_only() {
    let (mut ws, mut ids) = seeded();
    let mut d = ready_deal(&ws, &mut ids);
    d.expected_close = Some(today() - chrono::Days::new(2));
    let id = d.id.clone();
    put_plain(&mut ws, d.clone());
    let p = ws.default_pipeline().unwrap().clone();
    let mut won = ready_deal(&ws, &mut ids);
    won.expected_close = Some(today() - chrono::Days::new(2));
    won.stage_id = p.stages[5].id.clone();
    put_plain(&mut ws, won);

    turn_on(&mut ws, &mut ids, RuleKind::ClosePassed, 0, now());
    assert_eq!(ws.activities.len(), 1);
    let t = tasks_of(&ws, &id);
    assert_eq!(
        t[0].subject,
        "Update the close date of Deal (it was 2026-11-20)"
    );
    // Editing the deal again (same passed date): nothing new.
    let mut edited = ws.deals.get(&id).unwrap().clone();
    edited.name = "Deal".into();
    assert_eq!(
        commit(
            &mut ws,
            &mut ids,
            vec![Change::Put(Record::Deal(edited.clone()))],
            now()
        ),
        0
    );
    // A new close date that passes too: a new task, the moment the edit is saved.
    edited.expected_close = Some(today() - chrono::Days::new(1));
    assert_eq!(
        commit(
            &mut ws,
            &mut ids,
            vec![Change::Put(Record::Deal(edited))],
            now()
        ),
        2
    );
    assert_eq!(tasks_of(&ws, &id).len(), 2);
}

#[test]
fn won_rule_onboards_the_account_for_deals_won_after_it_was_turned_on() {
    let (mut ws, mut ids) = seeded();
    let acme = ids.next_id();
    let mut a = account(acme.clone(), "Acme");
    a.owner_id = Some(Id::from_string("csm"));
    ws.put(a.into());
    let p = ws.default_pipeline().unwrap().clone();
    let mut old_win = ready_deal(&ws, &mut ids);
    old_win.stage_id = p.stages[5].id.clone();
    old_win.closed_on = Some(today() - chrono::Days::new(100));
    old_win.account_id = Some(acme.clone());
    put_plain(&mut ws, old_win);
    assert_eq!(
        turn_on(&mut ws, &mut ids, RuleKind::WonOnboarding, 3, now()),
        0
    );

    let mut d = ready_deal(&ws, &mut ids);
    d.account_id = Some(acme.clone());
    let id = d.id.clone();
    put_plain(&mut ws, d);
    move_to(&mut ws, &mut ids, &id, 5, now() + Duration::hours(1));
    let onboarding: Vec<Activity> = tasks_of(&ws, &id)
        .into_iter()
        .filter(|a| a.subject.starts_with("Onboard"))
        .collect();
    assert_eq!(onboarding.len(), 1);
    assert_eq!(onboarding[0].subject, "Onboard Acme: kick-off and handover");
    assert_eq!(onboarding[0].account_id, Some(acme));
    assert_eq!(onboarding[0].owner_id, Some(Id::from_string("csm")));
    assert_eq!(
        onboarding[0].due.unwrap().date(),
        today() + chrono::Days::new(3)
    );
    // Reopened and won again: still one.
    move_to(&mut ws, &mut ids, &id, 4, now() + Duration::hours(2));
    move_to(&mut ws, &mut ids, &id, 5, now() + Duration::hours(3));
    assert_eq!(
        tasks_of(&ws, &id)
            .iter()
            .filter(|a| a.subject.starts_with("Onboard"))
            .count(),
        1
    );
}

#[test]
fn undo_removes_the_task_and_the_cause_stays_used() {
    let (mut ws, mut ids) = seeded();
    let mut d = ready_deal(&ws, &mut ids);
    d.created_at = now() - Duration::days(20);
    let id = d.id.clone();
    put_plain(&mut ws, d);
    turn_on(&mut ws, &mut ids, RuleKind::NoActivity, 7, now());
    let entry = ws.automation_log.values().next().unwrap().clone();
    assert_eq!(entry.deal_id, Some(id.clone()));
    let undo = tasks::undo_changes(&ws, &entry.id, now());
    ws.apply(undo);
    assert!(tasks_of(&ws, &id).is_empty());
    assert!(ws
        .automation_log
        .get(&entry.id)
        .unwrap()
        .undone_at
        .is_some());
    assert!(on_open(&ws, || ids.next_id(), now(), today()).is_empty());
    // Undoing twice does nothing.
    assert!(tasks::undo_changes(&ws, &entry.id, now()).is_empty());
}

#[test]
fn old_settings_and_stages_without_automation_still_read() {
    let settings: crate::domain::Settings = serde_json::from_value(serde_json::json!({
        "workspace_name": "Old", "home_currency": "USD", "fiscal_year_start_month": 1,
        "me": null, "stalled_after_days": 14
    }))
    .unwrap();
    assert!(settings.automation.is_default());
    assert!(settings.automation.rules.iter().all(|r| !r.on));
    // Default settings write no automation key, so old readers see what they knew.
    let json = serde_json::to_value(&settings).unwrap();
    assert!(json.get("automation").is_none());
    let stage: crate::domain::Stage = serde_json::from_value(serde_json::json!({
        "id": "s1", "name": "Proposal", "probability": 60, "forecast_category": "best_case",
        "kind": "open"
    }))
    .unwrap();
    assert!(stage.playbook.is_empty() && stage.required_fields.is_empty());
}

#[test]
fn rule_form_checks_numbers_and_remembers_when_a_rule_was_turned_on() {
    let old = rules::default_rules();
    let mut drafts: Vec<rules::RuleDraft> = old.iter().map(rules::RuleDraft::from_rule).collect();
    drafts[0].on = true;
    drafts[0].n = "10".into();
    let saved = rules::rules_from_drafts(&old, &drafts, now()).unwrap();
    assert!(saved[0].on);
    assert_eq!(saved[0].n, 10);
    assert_eq!(saved[0].on_since, Some(now()));
    assert_eq!(saved[0].name(), "No activity for 10 days");
    // Saved again later while on: still the first moment.
    let again = rules::rules_from_drafts(&saved, &drafts, now() + Duration::days(1)).unwrap();
    assert_eq!(again[0].on_since, Some(now()));
    drafts[1].n = "soon".into();
    let err = rules::rules_from_drafts(&old, &drafts, now()).unwrap_err();
    assert_eq!(
        err.get("rule-lead_not_contacted"),
        Some("Enter the hours to make contact as a whole number from 1")
    );
}

/// Commits the way the app does, with the activity index it keeps current.
fn commit_indexed(
    ws: &mut Workspace,
    links: &mut links::ActivityLinks,
    ids: &mut SeededIds,
    changes: Vec<Change>,
) -> Vec<Change> {
    links.refresh(ws);
    let extra = after_changes_with(ws, &changes, links, || ids.next_id(), now(), today());
    ws.apply(changes);
    ws.apply(extra.clone());
    extra
}

fn subjects(extra: &[Change]) -> Vec<String> {
    extra
        .iter()
        .filter_map(|c| match c {
            Change::Insert(Record::Activity(a)) => Some(a.subject.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn an_ordinary_change_rechecks_the_quiet_deals_and_uncontacted_leads_it_touched() {
    let (mut ws, mut ids) = seeded();
    let mut d = ready_deal(&ws, &mut ids);
    d.created_at = now() - Duration::days(20);
    let did = d.id.clone();
    put_plain(&mut ws, d.clone());
    let deal_call = call(ids.next_id(), &did, 2);
    ws.put(deal_call.clone().into());
    let mut lead = crate::analytics::lists::fixtures::lead(ids.next_id(), "Lia");
    lead.created_at = now() - Duration::hours(48);
    let lid = lead.id.clone();
    ws.put(lead.into());
    let mut lead_call = call(ids.next_id(), &did, 1);
    lead_call.deal_id = None;
    lead_call.lead_id = Some(lid.clone());
    ws.put(lead_call.clone().into());
    turn_on(&mut ws, &mut ids, RuleKind::NoActivity, 7, now());
    turn_on(&mut ws, &mut ids, RuleKind::LeadNotContacted, 24, now());
    assert!(ws.activities.values().all(|a| a.done), "nothing is due yet");
    // An old quiet deal that no change touches: only a full pass (on open) sees it.
    let mut other = ready_deal(&ws, &mut ids);
    other.created_at = now() - Duration::days(40);
    put_plain(&mut ws, other);

    let mut links = links::ActivityLinks::build(&ws);
    // Deleting the deal's only call leaves it quiet since it was created.
    let extra = commit_indexed(
        &mut ws,
        &mut links,
        &mut ids,
        vec![Change::Delete(
            crate::domain::Kind::Activity,
            deal_call.id.clone(),
        )],
    );
    assert_eq!(
        subjects(&extra),
        ["Follow up on Deal: nothing happened for 20 days"]
    );
    // Editing the deal again makes nothing more (one task per quiet spell).
    let mut renamed = ws.deals.get(&did).unwrap().clone();
    renamed.next_step = Some("Call back".into());
    let extra = commit_indexed(
        &mut ws,
        &mut links,
        &mut ids,
        vec![Change::Put(renamed.into())],
    );
    assert!(subjects(&extra).is_empty(), "{extra:?}");
    // Moving the lead's call off the lead (an edit) leaves the lead uncontacted.
    let mut moved = lead_call.clone();
    moved.lead_id = None;
    let extra = commit_indexed(
        &mut ws,
        &mut links,
        &mut ids,
        vec![Change::Put(moved.into())],
    );
    assert_eq!(subjects(&extra), ["Contact the new lead Lia"]);
    // A lead imported two days old with no contact gets its task at once; one made
    // now waits its 24 hours.
    let mut imported = crate::analytics::lists::fixtures::lead(ids.next_id(), "Ivo");
    imported.created_at = now() - Duration::hours(50);
    let mut fresh = crate::analytics::lists::fixtures::lead(ids.next_id(), "Fay");
    fresh.created_at = now();
    let extra = commit_indexed(
        &mut ws,
        &mut links,
        &mut ids,
        vec![
            Change::Insert(imported.into()),
            Change::Insert(fresh.into()),
        ],
    );
    assert_eq!(subjects(&extra), ["Contact the new lead Ivo"]);
    // A call logged on the deal counts at once: deleting the follow-up's cause again
    // would need a new quiet spell. The untouched old deal still has no task.
    let today_call = call(ids.next_id(), &did, 0);
    let extra = commit_indexed(
        &mut ws,
        &mut links,
        &mut ids,
        vec![Change::Insert(today_call.into())],
    );
    assert!(subjects(&extra).is_empty());
    assert_eq!(
        ws.activities.values().filter(|a| !a.done).count(),
        3,
        "the deal's follow-up and two lead calls; none for the untouched deal"
    );
    // The index kept up record by record matches one built afresh.
    links.refresh(&ws);
    let fresh_links = links::ActivityLinks::build(&ws);
    let sorted = |l: &links::ActivityLinks| {
        let mut v: Vec<&Id> = l.of_deal(&did).collect();
        v.sort();
        v.into_iter().cloned().collect::<Vec<_>>()
    };
    assert_eq!(sorted(&links), sorted(&fresh_links));
    assert_eq!(
        sorted(&links).len(),
        2,
        "the new call and the follow-up task"
    );
}
