//! Accounts: the list and the create/edit page (with the account's deals).

use super::activities::{ActivityTimeline, LogActivity};
use super::form_support::{focus_first_invalid, owner_options, plural, ConfirmDelete};
use crate::analytics::totals::DealTotals;
use crate::domain::activity_forms::Links;
use crate::domain::forms::{date_label, AccountForm};
use crate::domain::{Change, CustomerStatus, Id, Record, Segment};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[derive(Clone, PartialEq)]
struct AccountRow {
    id: Id,
    name: String,
    domain: String,
    status: CustomerStatus,
    owner: String,
    open_deals: usize,
    open_amount: String,
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        state.ws.with(|ws| {
            let totals = DealTotals::per_account(ws);
            let home = &ws.settings.home_currency;
            ws.accounts_by_name()
                .into_iter()
                .map(|a| {
                    let t = totals.get(&a.id).cloned().unwrap_or_default();
                    AccountRow {
                        id: a.id.clone(),
                        name: a.name.clone(),
                        domain: a.domain.clone().unwrap_or_default(),
                        status: a.status,
                        owner: ws.rep_name(a.owner_id.as_ref()).unwrap_or("—").to_string(),
                        open_deals: t.open_count,
                        open_amount: DealTotals::format_sum(&t.open, home),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let subtitle = Signal::derive(move || plural(rows.with(|r| r.len()), "account", "accounts"));
    view! {
        <PageHeader title="Accounts".to_string() subtitle=subtitle>
            <A href=href("/accounts/new")>
                <span class="btn btn-primary">"New account"</span>
            </A>
        </PageHeader>
        <Show
            when=move || rows.with(|r| !r.is_empty())
            fallback=|| {
                view! {
                    <EmptyState
                        title="No accounts yet"
                        text="Accounts are the companies you sell to. Add one, then track its deals, contacts and activities."
                        action_label="Add your first account"
                        action_href=href("/accounts/new")
                    />
                }
            }
        >
            <div class="card table-card">
                <table class="data-table">
                    <thead>
                        <tr>
                            <th scope="col">"Account"</th>
                            <th scope="col">"Domain"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Owner"</th>
                            <th scope="col" class="num">"Open deals"</th>
                            <th scope="col" class="num">"Open pipeline"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.get()
                            key=|r| (r.id.clone(), r.name.clone(), r.open_amount.clone(), r.owner.clone(), r.domain.clone(), r.status)
                            children=move |r| {
                                view! {
                                    <tr>
                                        <td>
                                            <A href=href(&format!("/accounts/{}", r.id))>{r.name.clone()}</A>
                                        </td>
                                        <td class="muted">{r.domain.clone()}</td>
                                        <td>
                                            <span class=format!("badge badge-{}", r.status.key())>{r.status.label()}</span>
                                        </td>
                                        <td>{r.owner.clone()}</td>
                                        <td class="num">{r.open_deals}</td>
                                        <td class="num">{r.open_amount.clone()}</td>
                                    </tr>
                                }
                            }
                        />
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
pub fn AccountEditPage() -> impl IntoView {
    let params = use_params_map();
    // Re-create the form when the URL's id changes (e.g. after saving a new account).
    move || {
        let id = params.with(|p| p.get("id"));
        view! { <AccountEditor id=id/> }
    }
}

#[component]
fn AccountEditor(id: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.accounts.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! {
            <PageHeader title="Account not found".to_string()/>
            <section class="card">
                <p>"This account does not exist (it may have been deleted)."</p>
                <A href=href("/accounts")>"Back to accounts"</A>
            </section>
        }
        .into_any();
    }
    let is_new = existing.is_none();
    let record_id = existing
        .as_ref()
        .map(|a| a.id.clone())
        .unwrap_or_else(platform::new_id);
    let initial = match &existing {
        Some(a) => AccountForm::from_account(a),
        None => state
            .ws
            .with_untracked(|w| AccountForm::new(w.settings.me.as_ref())),
    };
    let form = FormState::new(initial);
    let saving = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let existing = StoredValue::new(existing);
    let record_id = StoredValue::new(record_id);

    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if saving.get_untracked() {
                return;
            }
            let built = state.ws.with_untracked(|w| {
                form.values.with_untracked(|f| {
                    existing.with_value(|e| {
                        f.to_record(
                            w,
                            e.as_ref(),
                            record_id.get_value(),
                            platform::now(),
                            platform::today(),
                        )
                    })
                })
            });
            match built {
                Err(errors) => {
                    form.errors.set(errors);
                    focus_first_invalid();
                }
                Ok(account) => {
                    let name = account.name.clone();
                    let change = if is_new {
                        Change::Insert(Record::Account(account))
                    } else {
                        Change::Put(Record::Account(account))
                    };
                    saving.set(true);
                    let navigate = navigate.clone();
                    spawn_local(async move {
                        match state.commit(vec![change]).await {
                            Ok(()) => {
                                state.notify(NoticeKind::Info, format!("Saved {name}"));
                                if is_new {
                                    navigate(
                                        &format!("/accounts/{}", record_id.get_value()),
                                        Default::default(),
                                    );
                                }
                            }
                            Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                        }
                        saving.set(false);
                    });
                }
            }
        }
    };

    let delete_message = Signal::derive(move || {
        state.ws.with(|w| {
            let id = record_id.get_value();
            let deals = w.deals_of_account(&id).len();
            let contacts = w.contacts.values().filter(|c| c.account_id == id).count();
            let name = w
                .account_name(Some(&id))
                .unwrap_or("this account")
                .to_string();
            if deals + contacts == 0 {
                format!("Delete {name}?")
            } else {
                format!(
                    "Delete {name} with its {} and {}? Their activities are deleted too.",
                    plural(deals, "deal", "deals"),
                    plural(contacts, "contact", "contacts")
                )
            }
        })
    });
    let do_delete = {
        let navigate = navigate.clone();
        Callback::new(move |_| {
            let changes = state.ws.with_untracked(|w| {
                w.delete_account_changes(&record_id.get_value(), platform::now())
            });
            let navigate = navigate.clone();
            spawn_local(async move {
                match state.commit(changes).await {
                    Ok(()) => {
                        state.notify(NoticeKind::Info, "Account deleted");
                        navigate("/accounts", Default::default());
                    }
                    Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                }
            });
        })
    };

    let title = if is_new {
        "New account".to_string()
    } else {
        existing.with_value(|e| e.as_ref().map(|a| a.name.clone()).unwrap_or_default())
    };
    let segment_options = || {
        let mut v = vec![(String::new(), "—".to_string())];
        v.extend(
            Segment::ALL
                .iter()
                .map(|s| (s.label().to_string(), s.label().to_string())),
        );
        v
    };
    let status_options = || {
        CustomerStatus::ALL
            .iter()
            .map(|s| (s.key().to_string(), s.label().to_string()))
            .collect()
    };
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };

    view! {
        <PageHeader title=title>
            {(!is_new).then(|| view! {
                <button class="btn btn-ghost-danger" on:click=move |_| confirming.set(true)>"Delete account"</button>
            })}
        </PageHeader>
        <Show when=move || confirming.get()>
            <ConfirmDelete
                message=delete_message
                confirm_label="Delete account"
                on_confirm=do_delete
                on_cancel=Callback::new(move |_| confirming.set(false))
            />
        </Show>
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Name").required().placeholder("Acme Inc."), lens!(name))}
                {text_field(form, FieldSpec::new("domain", "Domain").placeholder("acme.com"), lens!(domain))}
                {text_field(form, FieldSpec::new("industry", "Industry").placeholder("Manufacturing"), lens!(industry))}
                {select_field(form, FieldSpec::new("segment", "Segment"), lens!(segment), segment_options)}
                {select_field(form, FieldSpec::new("status", "Customer status"), lens!(status), status_options)}
                {select_field(form, FieldSpec::new("owner_id", "Owner"), lens!(owner_id), owners)}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {if is_new { "Create account" } else { "Save account" }}
                </button>
                <A href=href("/accounts")><span class="btn">"Back to accounts"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let about = state.ws.with_untracked(|w| w.account_name(Some(&id)).unwrap_or_default().to_string());
            let links = Links { account_id: Some(id.clone()), ..Default::default() };
            view! {
                <AccountDeals account_id=id.clone()/>
                <LogActivity links=links about=about/>
                <ActivityTimeline filter=|a, id| a.account_id.as_ref() == Some(id) id=id/>
            }
        })}
    }
    .into_any()
}

/// The account's deals, open first, with totals.
#[component]
fn AccountDeals(account_id: Id) -> impl IntoView {
    let state = use_app();
    let account_for_link = account_id.clone();
    let data = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut deals = w.deals_of_account(&account_id);
            deals.sort_by(|a, b| {
                a.closed_on
                    .is_some()
                    .cmp(&b.closed_on.is_some())
                    .then(a.expected_close.cmp(&b.expected_close))
            });
            let totals = DealTotals::of(w, deals.iter().copied());
            let home = &w.settings.home_currency;
            let rows: Vec<(Id, String, String, String, String)> = deals
                .iter()
                .map(|d| {
                    (
                        d.id.clone(),
                        d.name.clone(),
                        w.stage_of(d).map(|s| s.name.clone()).unwrap_or_default(),
                        d.money().format(),
                        date_label(d.closed_on.or(d.expected_close)),
                    )
                })
                .collect();
            let summary = format!(
                "{} open · {} · won {}",
                totals.open_count,
                DealTotals::format_sum(&totals.open, home),
                DealTotals::format_sum(&totals.won, home)
            );
            (rows, summary)
        })
    });
    view! {
        <section class="card section">
            <div class="section-header">
                <h2>"Deals"</h2>
                <span class="muted">{move || data.with(|d| d.1.clone())}</span>
                <A href=href(&format!("/deals/new?account={account_for_link}"))>
                    <span class="btn btn-small">"New deal"</span>
                </A>
            </div>
            <Show
                when=move || data.with(|d| !d.0.is_empty())
                fallback=|| view! { <p class="muted">"No deals with this account yet."</p> }
            >
                <table class="data-table compact">
                    <thead>
                        <tr>
                            <th scope="col">"Deal"</th>
                            <th scope="col">"Stage"</th>
                            <th scope="col" class="num">"Amount"</th>
                            <th scope="col">"Close date"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            data.get()
                                .0
                                .into_iter()
                                .map(|(id, name, stage, amount, close)| {
                                    view! {
                                        <tr>
                                            <td><A href=href(&format!("/deals/{id}"))>{name}</A></td>
                                            <td>{stage}</td>
                                            <td class="num">{amount}</td>
                                            <td>{close}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
