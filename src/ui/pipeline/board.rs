//! The pipeline board: a column per stage, with filters by pipeline, owner, territory
//! and expected close period.

use super::column::{board_column, PAGE};
use super::moves::{commit_move, MoveDialog, PendingMove};
use crate::analytics::board::board;
use crate::analytics::board::BoardFilter;
use crate::analytics::periods::PeriodChoice;
use crate::analytics::totals::DealTotals;
use crate::domain::{Id, StageKind};
use crate::platform;
use crate::ui::components::form_support::{owner_filter_options, plural};
use crate::ui::components::layout::PageHeader;
use crate::ui::components::lost_reasons::LostReasons;
use crate::ui::components::table::filter_select;
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

    let owner_options = move || state.ws.with(owner_filter_options);
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
        <LostReasons/>
    }
}
