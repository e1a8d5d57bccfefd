//! KPI tiles: value, change in words with an arrow, why a value is missing, what it
//! was computed from, and an info button with the metric's definition.

use crate::analytics::kpi::tiles::{tile, Tile};
use crate::analytics::kpi::Kpis;
use crate::domain::Currency;
use crate::ui::links::href;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn KpiTiles(kpis: Kpis, home: Currency) -> impl IntoView {
    let tiles: Vec<Tile> = kpis
        .metrics
        .iter()
        .map(|m| tile(m, kpis.previous.as_ref(), &home))
        .collect();
    view! {
        <ul class="kpi-grid" aria-label="Key numbers">
            {tiles.into_iter().map(|t| view! { <KpiTile t=t/> }).collect_view()}
        </ul>
    }
}

#[component]
fn KpiTile(t: Tile) -> impl IntoView {
    let open = RwSignal::new(false);
    let key = t.key.key();
    let def = t.key.definition();
    let label = t.label;
    let panel_id = format!("def-{key}");
    let verdict_class = match t.verdict {
        Some("better") => "kpi-change kpi-better",
        Some(_) => "kpi-change kpi-worse",
        None => "kpi-change",
    };
    view! {
        <li class="kpi-tile" aria-label=label>
            <div class="kpi-head">
                <h2 class="kpi-label">{label}</h2>
                <button
                    type="button"
                    class="kpi-info"
                    aria-label=format!("About {label}")
                    aria-expanded=move || open.get().to_string()
                    aria-controls=panel_id.clone()
                    on:click=move |_| open.update(|o| *o = !*o)
                >"i"</button>
            </div>
            <p class="kpi-value">{t.value.clone()}</p>
            {t.reason.clone().map(|r| view! { <p class="kpi-reason">{r}</p> })}
            {t.change.clone().map(|c| view! { <p class=verdict_class>{c}{t.verdict.map(|v| format!(" ({v})"))}</p> })}
            {t.detail.clone().map(|d| view! { <p class="kpi-detail muted">{d}</p> })}
            {t.left_out.clone().map(|l| view! { <p class="kpi-left-out">{l}</p> })}
            <Show when=move || open.get()>
                <div class="kpi-definition" id=format!("def-{key}") role="region" aria-label=format!("{label}: definition")>
                    <p><strong>{def.formula}</strong></p>
                    <p>{def.counts}</p>
                    <p class="muted">{def.left_out}</p>
                    <p class="muted">{def.date}</p>
                    <A href=href(&format!("/help#{key}"))>"All definitions"</A>
                </div>
            </Show>
        </li>
    }
}
