//! Accounts: the list and the create/edit page (with the account's deals).

use super::activities::LogActivity;
use super::form_support::{owner_options, plural, save_record, DeleteRecord};
use crate::analytics::timeline::account_timeline;
use crate::analytics::totals::DealTotals;
use crate::domain::activity_forms::Links;
use crate::domain::forms::{date_label, AccountForm};
use crate::domain::{CustomerStatus, Id, Segment};
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
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let sort = SortState::new("name", true);
    let rows = Memo::new(move |_| {
        let (st, ow) = (status.get(), owner.get());
        let (key, asc) = sort.get();
        state.ws.with(|ws| {
            let totals = DealTotals::per_account(ws);
            let home = &ws.settings.home_currency;
            let mut rows: Vec<(AccountRow, i64)> = ws
                .accounts
                .values()
                .filter(|a| st.is_empty() || a.status.key() == st)
                .filter(|a| {
                    ow.is_empty() || a.owner_id.as_ref().map(|o| o.as_str()) == Some(ow.as_str())
                })
                .map(|a| {
                    let t = totals.get(&a.id).cloned().unwrap_or_default();
                    let home_open = t.open.get(home).copied().unwrap_or(0);
                    (
                        AccountRow {
                            id: a.id.clone(),
                            name: a.name.clone(),
                            domain: a.domain.clone().unwrap_or_default(),
                            status: a.status,
                            owner: ws.rep_name(a.owner_id.as_ref()).unwrap_or("—").to_string(),
                            open_deals: t.open_count,
                            open_amount: DealTotals::format_sum(&t.open, home),
                        },
                        home_open,
                    )
                })
                .collect();
            rows.sort_by(|(a, ah), (b, bh)| {
                let o = match key {
                    "status" => a.status.key().cmp(b.status.key()),
                    "owner" => a.owner.cmp(&b.owner),
                    "deals" => a.open_deals.cmp(&b.open_deals),
                    "pipeline" => ah.cmp(bh),
                    "domain" => a.domain.cmp(&b.domain),
                    _ => std::cmp::Ordering::Equal,
                }
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()));
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
            rows.into_iter().map(|(r, _)| r).collect::<Vec<_>>()
        })
    });
    let any = Memo::new(move |_| state.ws.with(|w| !w.accounts.is_empty()));
    let subtitle =
        Signal::derive(move || plural(state.ws.with(|w| w.accounts.len()), "account", "accounts"));
    view! {
        <PageHeader title="Accounts".to_string() subtitle=subtitle>
            <A href=href("/accounts/new")>
                <span class="btn btn-primary">"New account"</span>
            </A>
        </PageHeader>
        <Show
            when=move || any.get()
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
            <div class="toolbar" role="group" aria-label="Account filters">
                {filter_select("account-status", "Status", status, || {
                    let mut v = vec![(String::new(), "All statuses".to_string())];
                    v.extend(CustomerStatus::ALL.iter().map(|s| (s.key().to_string(), s.label().to_string())));
                    v
                })}
                {filter_select("account-owner", "Owner", owner, move || state.ws.with(|w| {
                    super::form_support::owner_filter_options(w)
                }))}
                <CsvExport what="accounts" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.domain.clone(), r.status.label().to_string(), r.owner.clone(), r.open_deals.to_string(), r.open_amount.clone(),
                    ]).collect());
                    (vec!["Account", "Domain", "Status", "Owner", "Open deals", "Open pipeline"], rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Account", Some("name")),
                    Col("Domain", Some("domain")),
                    Col("Status", Some("status")),
                    Col("Owner", Some("owner")),
                    Col("Open deals", Some("deals")),
                    Col("Open pipeline", Some("pipeline")),
                ]
                sort=sort
                rows=rows
                row=account_row
            />
        </Show>
    }
}

fn account_row(r: AccountRow) -> impl IntoView {
    view! {
        <tr>
            <td><A href=href(&format!("/accounts/{}", r.id))>{r.name}</A></td>
            <td class="muted">{r.domain}</td>
            <td><span class=format!("badge badge-{}", r.status.key())>{r.status.label()}</span></td>
            <td>{r.owner}</td>
            <td class="num">{r.open_deals}</td>
            <td class="num">{r.open_amount}</td>
        </tr>
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
        return view! { <RecordNotFound kind="account" list="accounts"/> }.into_any();
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
    let existing = StoredValue::new(existing);
    let record_id = StoredValue::new(record_id);

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
                move |_| {
                    if is_new {
                        navigate(
                            &format!("/accounts/{}", record_id.get_value()),
                            Default::default(),
                        );
                    }
                },
            );
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
    let delete_changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w.account_name(Some(&id)).unwrap_or_default().to_string();
            (
                w.delete_account_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });

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
                <DeleteRecord label="Delete account" message=delete_message changes=delete_changes back="/accounts"/>
            })}
        </PageHeader>
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
                <AccountContacts account_id=id.clone()/>
                <LogActivity links=links about=about/>
                <AccountTimeline account_id=id/>
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

/// The people at this account.
#[component]
fn AccountContacts(account_id: Id) -> impl IntoView {
    let state = use_app();
    let link = format!("/contacts/new?account={account_id}");
    let contacts = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut v: Vec<(Id, String, String, String)> = w
                .contacts
                .values()
                .filter(|c| c.account_id == account_id)
                .map(|c| {
                    (
                        c.id.clone(),
                        c.name.clone(),
                        c.title.clone().unwrap_or_default(),
                        c.email.clone().unwrap_or_default(),
                    )
                })
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v
        })
    });
    view! {
        <section class="card section">
            <div class="section-header">
                <h2>"Contacts"</h2>
                <A href=href(&link)><span class="btn btn-small">"New contact"</span></A>
            </div>
            <Show when=move || contacts.with(|c| !c.is_empty()) fallback=|| view! { <p class="muted">"No contacts at this account yet."</p> }>
                <ul class="plain-list">
                    {move || contacts.get().into_iter().map(|(id, name, title, email)| view! {
                        <li><A href=href(&format!("/contacts/{id}"))>{name}</A><span class="muted">{[title, email].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ")}</span></li>
                    }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

/// Activities, notes, deals and stage changes at this account, newest first.
#[component]
fn AccountTimeline(account_id: Id) -> impl IntoView {
    let state = use_app();
    let items = Memo::new(move |_| state.ws.with(|w| account_timeline(w, &account_id)));
    view! {
        <section class="card section">
            <div class="section-header"><h2>"Timeline"</h2></div>
            <Show when=move || items.with(|i| !i.is_empty()) fallback=|| view! { <p class="muted">"Nothing has happened here yet."</p> }>
                <ol class="timeline" aria-label="Timeline">
                    {move || items.get().into_iter().take(200).map(|i| view! {
                        <li>
                            <span class="kind">{i.label}</span>
                            <A href=href(&i.link)>{i.text}</A>
                            <span class="muted">{date_label(Some(i.at.with_timezone(&chrono::Local).date_naive()))}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </Show>
        </section>
    }
}
