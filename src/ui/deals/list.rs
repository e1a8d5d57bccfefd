//! Deals: the filtered, sorted, paged list with its totals.

use crate::analytics::stalled::StalledReason;
use crate::analytics::totals::DealTotals;
use crate::domain::forms::date_label;
use crate::domain::{Id, StageKind, Workspace};
use crate::platform;
use crate::ui::components::form_support::{owner_filter_options, plural};
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{filter_select, Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::HashMap;

#[derive(Clone, PartialEq)]
struct DealRow {
    id: Id,
    name: String,
    account: String,
    stage: String,
    stage_order: usize,
    kind: StageKind,
    amount: i64,
    amount_text: String,
    amount_decimal: String,
    currency: String,
    close: Option<chrono::NaiveDate>,
    owner: String,
    stalled: String,
}

/// Filtered, sorted rows for the deals list (one pass to build, one sort).
fn deal_rows(
    ws: &Workspace,
    f: &DealFilter,
    stalled: &HashMap<Id, Vec<StalledReason>>,
) -> Vec<DealRow> {
    let mut rows: Vec<DealRow> = ws
        .deals
        .values()
        .filter_map(|d| {
            let pipeline = ws.pipelines.get(&d.pipeline_id);
            let stage = pipeline.and_then(|p| p.stage(&d.stage_id));
            let kind = stage.map(|s| s.kind).unwrap_or(StageKind::Open);
            let keep = match f.status.as_str() {
                "open" => kind == StageKind::Open,
                "won" => kind == StageKind::Won,
                "lost" => kind == StageKind::Lost,
                "stalled" => stalled.contains_key(&d.id),
                _ => true,
            } && (f.owner.is_empty()
                || d.owner_id.as_ref().map(|o| o.as_str()) == Some(f.owner.as_str()));
            keep.then(|| DealRow {
                id: d.id.clone(),
                name: d.name.clone(),
                account: ws
                    .account_name(d.account_id.as_ref())
                    .unwrap_or("—")
                    .to_string(),
                stage: stage.map(|s| s.name.clone()).unwrap_or_else(|| "?".into()),
                stage_order: pipeline
                    .and_then(|p| p.stages.iter().position(|s| s.id == d.stage_id))
                    .unwrap_or(0),
                kind,
                amount: d.amount,
                amount_text: d.money().format(),
                amount_decimal: d.money().decimal(),
                currency: d.currency.code().to_string(),
                close: d.closed_on.or(d.expected_close),
                owner: ws.rep_name(d.owner_id.as_ref()).unwrap_or("—").to_string(),
                stalled: stalled
                    .get(&d.id)
                    .map(|r| {
                        r.iter()
                            .map(|r| r.to_string())
                            .collect::<Vec<_>>()
                            .join("; ")
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        let o = match f.sort {
            "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            "account" => a.account.to_lowercase().cmp(&b.account.to_lowercase()),
            "stage" => a.stage_order.cmp(&b.stage_order),
            "amount" => a.amount.cmp(&b.amount),
            "owner" => a.owner.cmp(&b.owner),
            // Close date: undated last.
            _ => (a.close.is_none(), a.close).cmp(&(b.close.is_none(), b.close)),
        };
        let o = o.then_with(|| a.name.cmp(&b.name));
        if f.ascending {
            o
        } else {
            o.reverse()
        }
    });
    rows
}

struct DealFilter {
    status: String,
    owner: String,
    sort: &'static str,
    ascending: bool,
}

fn kind_class(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Open => "badge badge-open",
        StageKind::Won => "badge badge-won",
        StageKind::Lost => "badge badge-lost",
    }
}

#[component]
pub fn DealsPage() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let sort = SortState::new("close", true);
    let rows = Memo::new(move |_| {
        let (key, asc) = sort.get();
        let f = DealFilter {
            status: status.get(),
            owner: owner.get(),
            sort: key,
            ascending: asc,
        };
        state.ws.with(|w| {
            let stalled = state.stalled_deals(w, platform::today());
            deal_rows(w, &f, &stalled)
        })
    });
    let any = Memo::new(move |_| state.ws.with(|w| !w.deals.is_empty()));
    let summary = Signal::derive(move || {
        state.ws.with(|w| {
            let t = DealTotals::of(w, w.deals.values());
            let home = &w.settings.home_currency;
            format!(
                "{} · {} open pipeline · {} won",
                plural(t.open_count, "open deal", "open deals"),
                DealTotals::format_sum(&t.open, home),
                DealTotals::format_sum(&t.won, home)
            )
        })
    });
    view! {
        <PageHeader title="Deals".to_string() subtitle=summary>
            <A href=href("/deals/new")>
                <span class="btn btn-primary">"New deal"</span>
            </A>
        </PageHeader>
        <Show
            when=move || any.get()
            fallback=|| {
                view! {
                    <EmptyState
                        title="No deals yet"
                        text="A deal is an opportunity you are working to close. Add one with its amount and expected close date to start your pipeline."
                        action_label="Add your first deal"
                        action_href=href("/deals/new")
                    />
                }
            }
        >
            <div class="toolbar" role="group" aria-label="Deal filters">
                {filter_select("deal-status", "Show", status, || vec![
                    (String::new(), "All deals".into()),
                    ("open".into(), "Open".into()),
                    ("won".into(), "Won".into()),
                    ("lost".into(), "Lost".into()),
                    ("stalled".into(), "Stalled".into()),
                ])}
                {filter_select("deal-owner", "Owner", owner, move || state.ws.with(|w| {
                    owner_filter_options(w)
                }))}
                <CsvExport what="deals" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.account.clone(), r.stage.clone(), r.amount_decimal.clone(), r.currency.clone(),
                        r.close.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(), r.owner.clone(), r.stalled.clone(),
                    ]).collect());
                    (vec!["Deal", "Account", "Stage", "Amount", "Currency", "Close date", "Owner", "Stalled"], rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Deal", Some("name")),
                    Col("Account", Some("account")),
                    Col("Stage", Some("stage")),
                    Col("Amount", Some("amount")),
                    Col("Close date", Some("close")),
                    Col("Owner", Some("owner")),
                ]
                sort=sort
                rows=rows
                row=deal_row
            />
        </Show>
    }
}

fn deal_row(r: DealRow) -> impl IntoView {
    let stalled = (!r.stalled.is_empty()).then(|| r.stalled.clone());
    view! {
        <tr>
            <td>
                <A href=href(&format!("/deals/{}", r.id))>{r.name}</A>
                {stalled.map(|s| view! { <span class="flag flag-stalled" title=s.clone()>{format!("Stalled: {s}")}</span> })}
            </td>
            <td>{r.account}</td>
            <td><span class=kind_class(r.kind)>{r.stage}</span></td>
            <td class="num">{r.amount_text}</td>
            <td>{date_label(r.close)}</td>
            <td>{r.owner}</td>
        </tr>
    }
}
