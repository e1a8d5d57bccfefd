//! The pipeline board: a column per stage, drag and drop or arrow keys to move a
//! deal, the stage's exit criteria shown when a deal leaves it.

use super::form_support::plural;
use crate::analytics::board::{board, BoardFilter, Column};
use crate::analytics::periods::PeriodChoice;
use crate::analytics::totals::DealTotals;
use crate::domain::deal_rules::{change_stage, neighbour_stage};
use crate::domain::forms::date_label;
use crate::domain::{Change, Id, Record, StageKind};
use crate::platform;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::table::filter_select;
use crate::ui::links::href;
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

/// Cards rendered per column before "Show more": keeps the board smooth with
/// thousands of open deals.
const PAGE: usize = 40;

/// A move waiting for the user: the exit checklist of the stage being left and,
/// for a lost stage, a reason.
#[derive(Clone, Debug, PartialEq)]
struct PendingMove {
    deal_id: Id,
    deal_name: String,
    to: Id,
    to_name: String,
    to_kind: StageKind,
    leaving: String,
    checklist: Vec<String>,
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let state = use_app();
    let pipeline_id = RwSignal::new(
        state
            .ws
            .with_untracked(|w| w.default_pipeline().map(|p| p.id.to_string()))
            .unwrap_or_default(),
    );
    let owner = RwSignal::new(String::new());
    let territory = RwSignal::new(String::new());
    let period = RwSignal::new(String::new());
    let pending = RwSignal::new(None::<PendingMove>);
    let shown = RwSignal::new(std::collections::HashMap::<Id, usize>::new());

    let columns = Memo::new(move |_| {
        let today = platform::today();
        let pid = Id::from_string(pipeline_id.get());
        let (owner, territory, period) = (owner.get(), territory.get(), period.get());
        state.ws.with(|w| {
            let (close_from, close_to) = PeriodChoice::from_key(&period)
                .map(|p| p.range(today, w.settings.fiscal_year_start_month))
                .map(|(a, b)| (Some(a), Some(b)))
                .unwrap_or((None, None));
            let filter = BoardFilter {
                owner: (!owner.is_empty()).then(|| Id::from_string(owner)),
                territory: (!territory.is_empty()).then(|| Id::from_string(territory)),
                close_from,
                close_to,
            };
            // Cards for as many as the longest column shows; counts cover everything.
            let max_cards = shown.with(|s| s.values().copied().max().unwrap_or(PAGE).max(PAGE));
            state
                .with_deal_index(w, |ix| board(w, ix, &pid, &filter, today, max_cards))
                .unwrap_or_default()
        })
    });
    let home = Memo::new(move |_| state.ws.with(|w| w.settings.home_currency.clone()));

    // Starts a move: straight away, or through the dialog when the stage being left
    // has exit criteria or the target is a lost stage.
    let request_move = Callback::new(move |(deal_id, to): (Id, Id)| {
        let plan = state.ws.with_untracked(|w| {
            let d = w.deals.get(&deal_id)?;
            if d.stage_id == to {
                return None;
            }
            let p = w.pipelines.get(&d.pipeline_id)?;
            let from = p.stage(&d.stage_id)?;
            let target = p.stage(&to)?;
            Some(PendingMove {
                deal_id: deal_id.clone(),
                deal_name: d.name.clone(),
                to: to.clone(),
                to_name: target.name.clone(),
                to_kind: target.kind,
                leaving: from.name.clone(),
                checklist: from.exit_criteria.clone(),
            })
        });
        let Some(plan) = plan else { return };
        if plan.checklist.is_empty() && plan.to_kind != StageKind::Lost {
            commit_move(state, plan.deal_id, plan.to, None);
        } else {
            pending.set(Some(plan));
        }
    });

    let owner_options = move || state.ws.with(super::form_support::owner_filter_options);
    let territory_options = move || {
        state.ws.with(|w| {
            let mut v: Vec<(String, String)> = w
                .territories
                .values()
                .map(|t| (t.id.to_string(), t.name.clone()))
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v.insert(0, (String::new(), "All territories".to_string()));
            v
        })
    };
    let pipeline_options = move || {
        state.ws.with(|w| {
            w.pipelines_in_order()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let subtitle = Signal::derive(move || {
        columns.with(|cols| {
            let open: usize = cols
                .iter()
                .filter(|c| c.kind == StageKind::Open)
                .map(|c| c.count)
                .sum();
            let mut weighted = std::collections::BTreeMap::new();
            for c in cols.iter().filter(|c| c.kind == StageKind::Open) {
                for (cur, v) in &c.weighted {
                    *weighted.entry(cur.clone()).or_insert(0) += v;
                }
            }
            format!(
                "{} · {} weighted",
                plural(open, "open deal", "open deals"),
                home.with(|h| DealTotals::format_sum(&weighted, h))
            )
        })
    });

    view! {
        <PageHeader title="Pipeline".to_string() subtitle=subtitle>
            <A href=href("/deals/new")><span class="btn btn-primary">"New deal"</span></A>
        </PageHeader>
        <div class="toolbar" role="group" aria-label="Board filters">
            {filter_select("board-pipeline", "Pipeline", pipeline_id, pipeline_options)}
            {filter_select("board-owner", "Owner", owner, owner_options)}
            {filter_select("board-territory", "Territory", territory, territory_options)}
            {filter_select("board-period", "Expected close", period, move || {
                let mut v = vec![(String::new(), "Any time".to_string())];
                v.extend(PeriodChoice::ALL.iter().map(|p| (p.key().to_string(), p.label().to_string())));
                v
            })}
            <p class="toolbar-hint muted">"Drag a card to another stage, or focus it and press → or ←."</p>
        </div>
        // Keyed by stage, and each column's cards by their content: a move re-renders
        // the two cards and headers it changed, not the whole board.
        <div class="board" aria-label="Pipeline board">
            <For
                each=move || columns.with(|cols| cols.iter().map(|c| c.stage_id.clone()).collect::<Vec<_>>())
                key=|id| id.clone()
                children=move |stage_id| board_column(stage_id, columns, shown, home, request_move)
            />
        </div>
        {move || pending.get().map(|p| view! { <MoveDialog plan=p pending=pending/> })}
        <super::deals::LostReasons/>
    }
}

/// One column of the board. Its header follows the column's own memo (which changes
/// only when this column does) and its cards are keyed by content.
fn board_column(
    stage_id: Id,
    columns: Memo<Vec<Column>>,
    shown: RwSignal<std::collections::HashMap<Id, usize>>,
    home: Memo<crate::domain::Currency>,
    request_move: Callback<(Id, Id)>,
) -> impl IntoView {
    let state = use_app();
    let id = stage_id.clone();
    let col =
        Memo::new(move |_| columns.with(|cols| cols.iter().find(|c| c.stage_id == id).cloned()));
    let read =
        move |f: fn(&Column) -> String| move || col.with(|c| c.as_ref().map(f).unwrap_or_default());
    let kind = move || col.with(|c| c.as_ref().map(|c| c.kind));
    let count = move || col.with(|c| c.as_ref().map_or(0, |c| c.count));
    let limit_id = stage_id.clone();
    let limit = Memo::new(move |_| shown.with(|s| s.get(&limit_id).copied().unwrap_or(PAGE)));
    let hidden = move || count().saturating_sub(limit.get());
    let over = RwSignal::new(false);
    let drop_target = stage_id.clone();
    let more_id = stage_id.clone();
    let card_stage = stage_id.clone();
    view! {
        <section
            class=move || match kind() {
                Some(StageKind::Won) => "column column-won",
                Some(StageKind::Lost) => "column column-lost",
                _ => "column",
            }
            class:column-over=move || over.get()
            aria-label=move || col.with(|c| format!("{} stage", c.as_ref().map_or("", |c| c.name.as_str())))
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(false);
                let id = ev.data_transfer().and_then(|t| t.get_data("text/plain").ok()).unwrap_or_default();
                if !id.is_empty() {
                    request_move.run((Id::from_string(id), drop_target.clone()));
                }
            }
        >
            <header class="column-head">
                <h2>{read(|c| c.name.clone())}<span class="column-prob">{read(|c| format!("{}%", c.probability))}</span></h2>
                <div class="column-stats">
                    <span class="column-count">{move || plural(count(), "deal", "deals")}</span>
                    <span title="Total amount">{move || col.with(|c| c.as_ref().map(|c| home.with(|h| DealTotals::format_sum_compact(&c.total, h))).unwrap_or_default())}</span>
                    {move || (kind() == Some(StageKind::Open)).then(|| {
                        let weighted = col.with(|c| c.as_ref().map(|c| home.with(|h| DealTotals::format_sum_compact(&c.weighted, h))).unwrap_or_default());
                        view! { <span class="muted" title="Weighted by stage probability">{format!("{weighted} weighted")}</span> }
                    })}
                </div>
            </header>
            <ul class="cards">
                <For
                    each=move || col.with(|c| c.as_ref().map(|c| c.cards.iter().take(limit.get()).cloned().collect::<Vec<_>>()).unwrap_or_default())
                    key=|card| card.clone()
                    children=move |card| deal_card(state, card, card_stage.clone(), col, request_move)
                />
            </ul>
            {move || (hidden() > 0).then(|| {
                let more_id = more_id.clone();
                view! {
                    <button class="btn btn-small show-more" on:click=move |_| {
                        shown.update(|s| { *s.entry(more_id.clone()).or_insert(PAGE) += PAGE * 5; });
                    }>{format!("Show {} more", hidden().min(PAGE * 5))}</button>
                }
            })}
            {move || (count() == 0).then(|| view! { <p class="column-empty">"Drop deals here"</p> })}
        </section>
    }
}

fn deal_card(
    state: AppState,
    card: crate::analytics::board::Card,
    stage_id: Id,
    col: Memo<Option<Column>>,
    request_move: Callback<(Id, Id)>,
) -> impl IntoView {
    let id = card.id.clone();
    let drag_id = id.to_string();
    let key_id = id.clone();
    let stalled = card.stalled.join("; ");
    let is_stalled = !card.stalled.is_empty();
    // The stage name is read live: a card keeps its element when its stage is renamed.
    let what = format!("{}, {}", card.name, card.amount.format());
    let label =
        move || col.with(|c| format!("{what}, {}", c.as_ref().map_or("", |c| c.name.as_str())));
    view! {
        <li
            class="deal-card"
            id=format!("card-{}", id)
            tabindex="0"
            draggable="true"
            aria-label=label
            aria-keyshortcuts="ArrowRight ArrowLeft"
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(t) = ev.data_transfer() {
                    let _ = t.set_data("text/plain", &drag_id);
                    t.set_effect_allowed("move");
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                let step = match ev.key().as_str() {
                    "ArrowRight" => 1,
                    "ArrowLeft" => -1,
                    _ => return,
                };
                ev.prevent_default();
                let next = state.ws.with_untracked(|w| {
                    w.deals.get(&key_id).and_then(|d| w.pipelines.get(&d.pipeline_id)).and_then(|p| neighbour_stage(p, &stage_id, step))
                });
                if let Some(to) = next {
                    request_move.run((key_id.clone(), to));
                }
            }
        >
            <div class="card-top">
                <A href=href(&format!("/deals/{}", id))>{card.name.clone()}</A>
                <span class="card-amount">{card.amount.format()}</span>
            </div>
            <div class="card-meta">{card.account.clone().unwrap_or_default()}</div>
            <div class="card-meta">
                <span>{card.owner.clone().unwrap_or_else(|| "Unassigned".into())}</span>
                <span>{date_label(card.expected_close)}</span>
            </div>
            {(is_stalled || card.next_step_overdue).then(|| view! {
                <div class="card-flags">
                    {is_stalled.then(|| view! { <span class="flag flag-stalled" title=stalled.clone()>{format!("Stalled: {stalled}")}</span> })}
                    {card.next_step_overdue.then(|| view! { <span class="flag flag-overdue">"Next step overdue"</span> })}
                </div>
            })}
        </li>
    }
}

/// Saves a move (one transaction), then keeps the card focused in its new column.
fn commit_move(state: AppState, deal_id: Id, to: Id, lost_reason: Option<String>) {
    let built = state.ws.with_untracked(|w| {
        let d = w.deals.get(&deal_id)?;
        let p = w.pipelines.get(&d.pipeline_id)?;
        Some(change_stage(
            d,
            p,
            &to,
            lost_reason,
            None,
            platform::now(),
            platform::today(),
        ))
    });
    let Some(built) = built else { return };
    match built {
        Err(e) => state.notify(NoticeKind::Error, e.to_string()),
        Ok(deal) => {
            let name = deal.name.clone();
            let stage = state.ws.with_untracked(|w| {
                w.stage_of(&deal)
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            });
            spawn_local(async move {
                match state.commit(vec![Change::Put(Record::Deal(deal))]).await {
                    Ok(()) => {
                        state.notify(NoticeKind::Info, format!("Moved {name} to {stage}"));
                        let id = format!("card-{deal_id}");
                        request_animation_frame(move || {
                            if let Some(el) = web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id(&id))
                                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                            {
                                let _ = el.focus();
                            }
                        });
                    }
                    Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                }
            });
        }
    }
}

#[component]
fn MoveDialog(plan: PendingMove, pending: RwSignal<Option<PendingMove>>) -> impl IntoView {
    let state = use_app();
    let checked = RwSignal::new(vec![false; plan.checklist.len()]);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let lost = plan.to_kind == StageKind::Lost;
    let all_checked = move || checked.with(|c| c.iter().all(|x| *x));
    let plan_for_confirm = plan.clone();
    let confirm = move || {
        let r = reason.get_untracked();
        if lost && r.trim().is_empty() {
            reason_error.set(Some("Say why the deal was lost".into()));
            return;
        }
        pending.set(None);
        commit_move(
            state,
            plan_for_confirm.deal_id.clone(),
            plan_for_confirm.to.clone(),
            lost.then_some(r),
        );
    };
    let confirm_click = confirm.clone();
    let title = format!("Move {} to {}", plan.deal_name, plan.to_name);
    let button_label = plan.to_name.clone();
    // Escape cancels wherever focus is.
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            pending.set(None);
        }
    });
    on_cleanup(move || esc.remove());
    Effect::new(move |_| {
        request_animation_frame(|| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(".dialog input, .dialog button")
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    });
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="move-title"
            >
                <h2 id="move-title">{title}</h2>
                {(!plan.checklist.is_empty()).then(|| view! {
                    <fieldset class="checklist">
                        <legend>{format!("Before leaving {}:", plan.leaving)}</legend>
                        {plan.checklist.iter().enumerate().map(|(i, item)| {
                            let id = format!("exit-{i}");
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone()
                                        prop:checked=move || checked.with(|c| c[i])
                                        on:change=move |ev| {
                                            let v = event_target_checked(&ev);
                                            checked.update(|c| c[i] = v);
                                        }
                                    />
                                    <label for=id>{item.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                {lost.then(|| view! {
                    <div class="field" class:field-invalid=move || reason_error.get().is_some()>
                        <label for="lost-reason">"Lost reason"</label>
                        <input id="lost-reason" type="text" list="lost-reasons" placeholder="Price, timing, competitor…"
                            prop:value=move || reason.get()
                            on:input=move |ev| { reason.set(event_target_value(&ev)); reason_error.set(None); }
                            on:keydown={
                                let confirm = confirm.clone();
                                move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); confirm(); }
                            }
                            aria-invalid=move || reason_error.get().map(|_| "true")
                        />
                        {move || reason_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                })}
                <div class="dialog-actions">
                    <button class="btn btn-primary" on:click=move |_| confirm_click()>
                        {move || if all_checked() { format!("Move to {button_label}") } else { format!("Move to {button_label} anyway") }}
                    </button>
                    <button class="btn" on:click=move |_| pending.set(None)>"Cancel"</button>
                </div>
            </div>
        </div>
    }
}
