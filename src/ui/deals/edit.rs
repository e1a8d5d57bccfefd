//! Deals: the list and the create/edit page with stage history.

use super::activities::{ActivityTimeline, LogActivity};
use super::form_support::{owner_options, plural, save_record, DeleteRecord};
use crate::analytics::stalled::StalledReason;
use crate::analytics::totals::DealTotals;
use crate::domain::activity_forms::Links;
use crate::domain::forms::{date_label, DealForm};
use crate::domain::money::COMMON_CURRENCIES;
use crate::domain::time::format_date;
use crate::domain::{ForecastCategory, Id, StageKind, Workspace};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::layout::{EmptyState, PageHeader, RecordNotFound};
use crate::ui::components::table::{filter_select, Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use std::collections::HashMap;

/// Source leads listed at once in the deal form's menu.
const LEAD_CHOICES: usize = 200;

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
                    super::form_support::owner_filter_options(w)
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

#[component]
pub fn DealEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let id = params.with(|p| p.get("id"));
        let account = query.with_untracked(|q| q.get("account"));
        view! { <DealEditor id=id account=account/> }
    }
}

#[component]
fn DealEditor(id: Option<String>, account: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.deals.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! { <RecordNotFound kind="deal" list="deals"/> }.into_any();
    }
    let is_new = existing.is_none();
    let record_id = StoredValue::new(
        existing
            .as_ref()
            .map(|d| d.id.clone())
            .unwrap_or_else(platform::new_id),
    );
    let initial = match &existing {
        Some(d) => DealForm::from_deal(d),
        None => state.ws.with_untracked(|w| {
            let account = account
                .map(Id::from_string)
                .filter(|a| w.accounts.contains(a));
            DealForm::new(w, account.as_ref())
        }),
    };
    let form = FormState::new(initial);
    let saving = RwSignal::new(false);
    let existing = StoredValue::new(existing);

    // A stage must belong to the chosen pipeline: switching pipelines picks the new
    // pipeline's first open stage.
    Effect::new(move |_| {
        let pipeline_id = form.values.with(|f| f.pipeline_id.clone());
        let stage_ok = state.ws.with_untracked(|w| {
            let stage = form
                .values
                .with_untracked(|f| Id::from_string(f.stage_id.clone()));
            w.pipelines
                .get(&Id::from_string(pipeline_id.clone()))
                .map(|p| {
                    (
                        p.stage(&stage).is_some(),
                        p.first_open_stage().map(|s| s.id.to_string()),
                    )
                })
        });
        if let Some((false, Some(first))) = stage_ok {
            form.values.update(|f| f.stage_id = first);
        }
    });
    let stage_kind = Memo::new(move |_| {
        let (p, s) = form
            .values
            .with(|f| (f.pipeline_id.clone(), f.stage_id.clone()));
        state.ws.with(|w| {
            w.pipelines
                .get(&Id::from_string(p))
                .and_then(|p| p.stage(&Id::from_string(s)))
                .map(|s| s.kind)
                .unwrap_or(StageKind::Open)
        })
    });

    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let navigate = navigate.clone();
            save_record(
                state,
                form,
                saving,
                is_new,
                |w, f| {
                    existing.with_value(|e| {
                        f.to_record(
                            w,
                            e.as_ref(),
                            record_id.get_value(),
                            platform::now(),
                            platform::today(),
                        )
                    })
                },
                move |deal: crate::domain::Deal| {
                    existing.set_value(Some(deal.clone()));
                    if is_new {
                        navigate(
                            &format!("/deals/{}", record_id.get_value()),
                            Default::default(),
                        );
                    } else {
                        form.values.set(DealForm::from_deal(&deal));
                    }
                },
            );
        }
    };

    let delete_changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w.deals.get(&id).map(|d| d.name.clone()).unwrap_or_default();
            (
                w.delete_deal_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });
    let delete_message = Signal::derive(move || {
        state.ws.with(|w| {
            let id = record_id.get_value();
            let n = w
                .activities
                .values()
                .filter(|a| a.deal_id.as_ref() == Some(&id))
                .count();
            let name = w.deals.get(&id).map(|d| d.name.clone()).unwrap_or_default();
            if n == 0 {
                format!("Delete the deal {name}?")
            } else {
                format!(
                    "Delete the deal {name} and its {}?",
                    plural(n, "activity", "activities")
                )
            }
        })
    });

    let title = if is_new {
        "New deal".to_string()
    } else {
        existing.with_value(|e| e.as_ref().map(|d| d.name.clone()).unwrap_or_default())
    };
    let account_options = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "No account".to_string())];
            v.extend(
                w.accounts_by_name()
                    .into_iter()
                    .map(|a| (a.id.to_string(), a.name.clone())),
            );
            v
        })
    };
    let currency_options = move || {
        let current = form.values.with(|f| f.currency.clone());
        let mut v: Vec<(String, String)> = COMMON_CURRENCIES
            .iter()
            .map(|c| (c.to_string(), c.to_string()))
            .collect();
        if !current.is_empty() && !COMMON_CURRENCIES.contains(&current.as_str()) {
            v.push((current.clone(), current));
        }
        v
    };
    let pipeline_options = move || {
        state.ws.with(|w| {
            w.pipelines_in_order()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect()
        })
    };
    let stage_options = move || {
        let p = form.values.with(|f| f.pipeline_id.clone());
        state.ws.with(|w| {
            w.pipelines
                .get(&Id::from_string(p))
                .map(|p| {
                    p.stages
                        .iter()
                        .map(|s| (s.id.to_string(), format!("{} · {}%", s.name, s.probability)))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };
    // Qualified and converted leads (the ones deals come from), narrowed by what is
    // typed in "Find a source lead": a large workspace has tens of thousands.
    let lead_query = RwSignal::new(String::new());
    let lead_choices = Memo::new(move |_| {
        let current = form.values.with(|f| f.source_lead_id.clone());
        lead_query.with(|q| {
            state
                .ws
                .with(|w| crate::domain::leads::source_lead_choices(w, &current, q, LEAD_CHOICES))
        })
    });
    let lead_options = move || lead_choices.with(|(choices, _)| choices.clone());
    let lead_hint = move || {
        lead_choices.with(|(_, matched)| match *matched {
            0 => "No qualified lead matches.".to_string(),
            n if n > LEAD_CHOICES => format!(
                "{} match; the list shows the first {LEAD_CHOICES}. Type more to narrow it.",
                plural(n, "lead", "leads")
            ),
            n => format!("{} in the list.", plural(n, "lead", "leads")),
        })
    };
    let category_options = move || {
        let mut v = vec![(String::new(), "Stage default".to_string())];
        v.extend(
            ForecastCategory::ALL
                .iter()
                .map(|c| (c.key().to_string(), c.label().to_string())),
        );
        v
    };

    view! {
        <PageHeader title=title>
            {(!is_new).then(|| view! {
                <DeleteRecord label="Delete deal" message=delete_message changes=delete_changes back="/deals"/>
            })}
        </PageHeader>
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Deal name").required().placeholder("Acme — 50 seats"), lens!(name))}
                {select_field(form, FieldSpec::new("account_id", "Account"), lens!(account_id), account_options)}
                {text_field(form, FieldSpec::new("amount", "Amount").required().placeholder("12,500.00").hint("Type it as you like: 12,500.00 · €12.500,00 · $12,500"), lens!(amount))}
                {select_field(form, FieldSpec::new("currency", "Currency"), lens!(currency), currency_options)}
                {select_field(form, FieldSpec::new("pipeline_id", "Pipeline"), lens!(pipeline_id), pipeline_options)}
                {select_field(form, FieldSpec::new("stage_id", "Stage"), lens!(stage_id), stage_options)}
                {select_field(form, FieldSpec::new("owner_id", "Owner"), lens!(owner_id), owners)}
                {text_field(form, FieldSpec::new("expected_close", "Expected close").kind("date"), lens!(expected_close))}
                {select_field(form, FieldSpec::new("forecast_category", "Forecast category"), lens!(forecast_category), category_options)}
                {text_field(form, FieldSpec::new("mrr", "Monthly recurring revenue").placeholder("Subscriptions only"), lens!(mrr))}
                {text_field(form, FieldSpec::new("next_step", "Next step").placeholder("Send the proposal"), lens!(next_step))}
                {text_field(form, FieldSpec::new("next_step_due", "Next step due").kind("date"), lens!(next_step_due))}
                <Show when=move || stage_kind.get() != StageKind::Open>
                    {text_field(form, FieldSpec::new("closed_on", "Closed on").kind("date").hint("Today unless you set another date"), lens!(closed_on))}
                </Show>
                <Show when=move || stage_kind.get() == StageKind::Lost>
                    {text_field(form, FieldSpec::new("lost_reason", "Lost reason").required().placeholder("Price, timing, competitor…").suggestions("lost-reasons"), lens!(lost_reason))}
                </Show>
                <div class="field">
                    <label for="source-lead-search">"Find a source lead"</label>
                    <input
                        id="source-lead-search"
                        type="search"
                        placeholder="Name or company"
                        aria-describedby="source-lead-search-hint"
                        prop:value=move || lead_query.get()
                        on:input=move |ev| lead_query.set(event_target_value(&ev))
                    />
                    <p class="field-hint" id="source-lead-search-hint" aria-live="polite">{lead_hint}</p>
                </div>
                {select_field(form, FieldSpec::new("source_lead_id", "Source lead"), lens!(source_lead_id), lead_options)}
            </div>
            <LostReasons/>
            <DealContacts form=form/>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {if is_new { "Create deal" } else { "Save deal" }}
                </button>
                <A href=href("/deals")><span class="btn">"Back to deals"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let (links, about) = state.ws.with_untracked(|w| {
                let d = w.deals.get(&id);
                let about = d
                    .and_then(|d| w.account_name(d.account_id.as_ref()))
                    .map(str::to_string)
                    .or_else(|| d.map(|d| d.name.clone()))
                    .unwrap_or_default();
                (Links::for_deal(w, &id), about)
            });
            view! {
                <LogActivity links=links about=about/>
                <ActivityTimeline filter=|a, id| a.deal_id.as_ref() == Some(id) id=id.clone()/>
                <StageHistory deal_id=id/>
            }
        })}
    }
    .into_any()
}

/// Every stage the deal entered, newest first.
#[component]
fn StageHistory(deal_id: Id) -> impl IntoView {
    let state = use_app();
    let entries = Memo::new(move |_| {
        state.ws.with(|w| {
            let Some(d) = w.deals.get(&deal_id) else {
                return Vec::new();
            };
            let pipeline = w.pipelines.get(&d.pipeline_id);
            d.stage_history
                .iter()
                .rev()
                .map(|c| {
                    let name = pipeline
                        .and_then(|p| p.stage(&c.stage_id))
                        .map(|s| s.name.clone())
                        .unwrap_or_else(|| "A removed stage".into());
                    (
                        name,
                        format_date(c.at.with_timezone(&chrono::Local).date_naive()),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card section">
            <div class="section-header"><h2>"Stage history"</h2></div>
            <ol class="timeline">
                {move || entries.get().into_iter().map(|(stage, date)| view! {
                    <li><span class="timeline-stage">{stage}</span><span class="muted">{date}</span></li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// Suggestions for the lost reason, from Settings.
#[component]
pub fn LostReasons() -> impl IntoView {
    let state = use_app();
    view! {
        <datalist id="lost-reasons">
            {move || state.ws.with(|w| w.settings.lost_reasons.clone()).into_iter().map(|r| view! { <option value=r></option> }).collect_view()}
        </datalist>
    }
}

/// Checkboxes for the contacts of the deal's account.
#[component]
fn DealContacts(form: FormState<DealForm>) -> impl IntoView {
    let state = use_app();
    let contacts = Memo::new(move |_| {
        let account = form.values.with(|f| f.account_id.clone());
        state.ws.with(|w| {
            let mut v: Vec<(String, String)> = w
                .contacts
                .values()
                .filter(|c| c.account_id.as_str() == account)
                .map(|c| (c.id.to_string(), c.name.clone()))
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });
    view! {
        <Show when=move || contacts.with(|c| !c.is_empty())>
            <fieldset class="checklist deal-contacts">
                <legend>"Contacts on this deal"</legend>
                {move || contacts.get().into_iter().map(|(id, name)| {
                    let cid = format!("deal-contact-{id}");
                    let key = id.clone();
                    let checked = move || form.values.with(|f| f.contact_ids.contains(&key));
                    view! {
                        <div class="check">
                            <input type="checkbox" id=cid.clone() prop:checked=checked on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let id = id.clone();
                                form.values.update(|f| {
                                    f.contact_ids.retain(|c| c != &id);
                                    if on { f.contact_ids.push(id); }
                                });
                            }/>
                            <label for=cid>{name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
    }
}
