//! Help: every metric's definition as the engine computes it (the same text the
//! dashboard's info buttons show), and the rules that decide what counts where.

use crate::analytics::kpi::MetricKey;
use crate::ui::components::layout::PageHeader;
use leptos::prelude::*;

#[component]
pub fn HelpPage() -> impl IntoView {
    // A client-side navigation to /help#key does not scroll by itself.
    Effect::new(move |_| {
        let Some(w) = web_sys::window() else { return };
        let hash = w.location().hash().unwrap_or_default();
        if let Some(id) = hash.strip_prefix('#') {
            if let Some(el) = w.document().and_then(|d| d.get_element_by_id(id)) {
                el.scroll_into_view();
            }
        }
    });
    view! {
        <PageHeader title="Definitions".to_string() subtitle=Signal::derive(|| "How every number in Salesdeck is computed".to_string())/>
        <section class="card section help">
            <h2>"What counts where"</h2>
            <ul>
                <li>"A period is a month, a fiscal quarter or year (your fiscal year starts in the month set in Settings), a custom range, or all time; each is compared with the period of the same length just before it."</li>
                <li>"The date that puts a record in a period: the close date for won and lost deals, the creation day for new deals and leads, the completion day for activities. Days are days in your browser's time zone."</li>
                <li>"Scope: a deal, activity, lead or account belongs to its owner; a manager's team is the manager and everyone who reports to them, directly or not. A deal is in its account's territory (its owner's when the account has none) and has its account's segment; an activity sits where its deal sits; leads have no segment or pipeline."</li>
                <li>"Money: amounts in other currencies are converted to your home currency with the rate in force on the day that decides (the close date for won deals, today for open pipeline). An amount whose currency has no rate is never added: it is reported beside the number."</li>
                <li>"A number that cannot be computed shows “—” with the reason, never 0 or an error."</li>
            </ul>
        </section>
        <section class="card section help" id="next-best-actions" aria-labelledby="next-best-actions-title">
            <h2 id="next-best-actions-title">"Next best actions (My day)"</h2>
            <p>{crate::analytics::automation::next_actions::RANKING_RULE}</p>
            <p>{crate::analytics::automation::lead_scoring::SCORING_RULE}</p>
        </section>
        {MetricKey::ALL.into_iter().map(|m| {
            let d = m.definition();
            view! {
                <section class="card section help" id=m.key() aria-labelledby=format!("{}-title", m.key())>
                    <h2 id=format!("{}-title", m.key())>{m.label()}</h2>
                    <dl class="definition">
                        <dt>"Formula"</dt><dd>{d.formula}</dd>
                        <dt>"What counts"</dt><dd>{d.counts}</dd>
                        <dt>"Left out"</dt><dd>{d.left_out}</dd>
                        <dt>"Which date"</dt><dd>{d.date}</dd>
                    </dl>
                </section>
            }
        }).collect_view()}
    }
}
