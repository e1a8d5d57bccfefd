//! The pipeline board: a column per stage, with filters by pipeline, owner, territory
//! and expected close period.

use super::column::board_column;
use super::moves::{commit_move, MoveDialog};
use crate::analytics::board::board;
use crate::analytics::board_view::{board_filter, open_totals, plan_move, CardsShown, MovePlan};
use crate::analytics::lists::team::territories_by_name;
use crate::analytics::periods::PeriodChoice;
use crate::analytics::text::plural;
use crate::analytics::totals::format_full;
use crate::domain::Id;
use crate::platform;
use crate::ui::components::form_support::owner_filter_options;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::lost_reasons::LostReasons;
use crate::ui::components::missing_rates::MissingRates;
use crate::ui::components::table::{chosen_id, filter_select};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

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
    let pending = RwSignal::new(None::<MovePlan>);
    let shown = RwSignal::new(CardsShown::default());

    let columns = Memo::new(move |_| {
        let today = platform::today();
        let pid = Id::from_string(pipeline_id.get());
        let (owner, territory) = (chosen_id(&owner.get()), chosen_id(&territory.get()));
        let period = PeriodChoice::from_key(&period.get());
        state.ws.with(|w| {
            let fiscal_start = w.settings.fiscal_year_start_month;
            let filter = board_filter(owner, territory, period, today, fiscal_start);
            // Cards for as many as the longest column shows; counts cover everything.
            let max_cards = shown.with(CardsShown::to_build);
            state
                .with_deal_index(w, |ix| board(w, ix, &pid, &filter, today, max_cards))
                .unwrap_or_default()
        })
    });
    let home = Memo::new(move |_| state.ws.with(|w| w.settings.home_currency.clone()));

    // Starts a move: straight away, or through the dialog (see `MovePlan::needs_dialog`).
    let request_move = Callback::new(move |(deal_id, to): (Id, Id)| {
        let Some(plan) = state.ws.with_untracked(|w| plan_move(w, &deal_id, &to)) else {
            return;
        };
        if let Some(why) = plan.blocked.clone() {
            state.notify(crate::ui::state::NoticeKind::Error, why);
        } else if plan.needs_dialog() {
            pending.set(Some(plan));
        } else {
            commit_move(state, plan.deal_id, plan.to, None);
        }
    });

    let owner_options = move || state.ws.with(owner_filter_options);
    let territory_options = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "All territories".to_string())];
            v.extend(
                territories_by_name(w)
                    .into_iter()
                    .map(|t| (t.id.to_string(), t.name.clone())),
            );
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
        let open = columns.with(|cols| open_totals(cols));
        format!(
            "{} · {} weighted",
            plural(open.count, "open deal", "open deals"),
            home.with(|h| format_full(&open.weighted, h))
        )
    });

    view! {
        <PageHeader title="Pipeline".to_string() subtitle=subtitle>
            <A href=href("/deals/new")><span class="btn btn-primary">"New deal"</span></A>
        </PageHeader>
        <MissingRates/>
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
        // Focusable, so a board wider than the window scrolls with the arrow keys even
        // when no column has a card to focus (axe: scrollable-region-focusable).
        <div class="board" role="region" aria-label="Pipeline board" tabindex="0">
            <For
                each=move || columns.with(|cols| cols.iter().map(|c| c.stage_id.clone()).collect::<Vec<_>>())
                key=|id| id.clone()
                children=move |stage_id| board_column(stage_id, columns, shown, home, request_move)
            />
        </div>
        {move || pending.get().map(|p| view! { <MoveDialog plan=p pending=pending/> })}
        <LostReasons/>
    }
}
