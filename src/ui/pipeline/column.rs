//! A board column (header with count, total and weighted amount; cards, "Show more")
//! and a deal card (drag it, or focus it and press → / ←).

use crate::analytics::board::Column;
use crate::analytics::board_view::CardsShown;
use crate::analytics::text::plural;
use crate::analytics::totals::format_compact;
use crate::domain::deal_rules::neighbour_stage;
use crate::domain::forms::date_label;
use crate::domain::{Id, StageKind};
use crate::ui::links::href;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use leptos_router::components::A;

/// One column of the board. Its header follows the column's own memo (which changes
/// only when this column does) and its cards are keyed by content.
pub fn board_column(
    stage_id: Id,
    columns: Memo<Vec<Column>>,
    shown: RwSignal<CardsShown>,
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
    let limit = Memo::new(move |_| shown.with(|s| s.of(&limit_id)));
    let hidden_id = stage_id.clone();
    let more = move || shown.with(|s| s.more(&hidden_id, count()));
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
                    <span title="Total amount">{move || col.with(|c| c.as_ref().map(|c| home.with(|h| format_compact(&c.total, h))).unwrap_or_default())}</span>
                    {move || (kind() == Some(StageKind::Open)).then(|| {
                        let weighted = col.with(|c| c.as_ref().map(|c| home.with(|h| format_compact(&c.weighted, h))).unwrap_or_default());
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
            {move || (more() > 0).then(|| {
                let more_id = more_id.clone();
                view! {
                    <button class="btn btn-small show-more" on:click=move |_| {
                        shown.update(|s| s.show_more(&more_id));
                    }>{format!("Show {} more", more())}</button>
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
    let amount_text = card.amount.as_ref().map_or_else(
        || crate::domain::entities::NO_AMOUNT.to_string(),
        |m| m.format(),
    );
    let what = format!("{}, {amount_text}", card.name);
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
                <span class="card-amount">{amount_text}</span>
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
