//! A chart: its question as a heading, ECharts drawing the option the pure layer built
//! (`analytics::charts`, as a `ChartSpec`), and a "Show as table" toggle that shows the
//! same numbers as an accessible table. ECharts is loaded when the first chart mounts
//! (`platform::echarts`), initialised once per chart, given the whole new option when
//! the data changes, fitted to its box when that changes size, and disposed when the
//! chart unmounts. A click on a bar (or a table row's button) gives its key
//! (`ChartKey` text) to `on_select`. When ECharts cannot be loaded the table is shown
//! with a one-line note, never an empty box.

use crate::analytics::charts::ChartSpec;
use crate::platform::echarts::{self, EChart, SizeWatch};
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Clone, Debug, PartialEq)]
enum Status {
    /// ECharts not asked for yet, or loading.
    Loading,
    Drawn,
    /// Could not load or draw; why.
    Failed(String),
}

fn next_id() -> usize {
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[component]
pub fn Chart(
    /// What to draw: a chart's `spec()` (for instance
    /// `analytics::charts::bookings::data(…).spec()`), in a signal so the chart follows
    /// the data.
    #[prop(into)]
    spec: Signal<ChartSpec>,
    /// Called with the key of the bar or slice the user clicked, or of the table row
    /// whose button they pressed (`analytics::charts::behind` reads its records).
    #[prop(optional, into)]
    on_select: Option<Callback<String>>,
    /// The heading level of the title: 2 (the default) or 3.
    #[prop(default = 2)]
    level: u8,
    /// The drawing's height in pixels (its width is the container's).
    #[prop(default = 320)]
    height: u32,
) -> impl IntoView {
    let id = next_id();
    let title_id = format!("chart-{id}-title");
    let show_table = RwSignal::new(false);
    let status = RwSignal::new(Status::Loading);
    let node = NodeRef::<Div>::new();
    let chart: StoredValue<Option<EChart>, LocalStorage> = StoredValue::new_local(None);
    let watch: StoredValue<Option<SizeWatch>, LocalStorage> = StoredValue::new_local(None);
    let keys = StoredValue::new(Vec::<Vec<Option<String>>>::new());
    let started = StoredValue::new(false);
    let theme = super::theme::use_theme();

    // Draws the spec: once ECharts is there and the box is mounted, and again whenever
    // the spec changes. Reading the NodeRef here makes it run again once mounted.
    Effect::new(move |_| {
        let s = spec.get();
        keys.set_value(s.keys.clone());
        let Some(el) = node.get() else {
            return;
        };
        if s.empty.is_some() || matches!(status.get_untracked(), Status::Failed(_)) {
            return;
        }
        let drawn = chart.with_value(|c| c.as_ref().map(|c| c.set_option(&s.option)));
        match drawn {
            Some(Ok(())) => {}
            Some(Err(e)) => status.set(Status::Failed(e)),
            None if !started.get_value() => {
                started.set_value(true);
                leptos::task::spawn_local_scoped_with_cancellation(async move {
                    let made = echarts::load().await.and_then(|()| {
                        let mut c = EChart::init(&el, theme.and_then(|t| t.echarts_untracked()))?;
                        c.set_option(&spec.get_untracked().option)?;
                        c.on_click(move |series, index| {
                            let key = keys
                                .try_with_value(|k| k.get(series)?.get(index)?.clone())
                                .flatten();
                            if let (Some(key), Some(f)) = (key, on_select) {
                                f.run(key);
                            }
                        });
                        Ok(c)
                    });
                    match made {
                        Ok(c) => {
                            let w = SizeWatch::new(&el, move || {
                                chart.try_with_value(|c| {
                                    if let Some(c) = c {
                                        c.resize();
                                    }
                                });
                            });
                            chart.set_value(Some(c));
                            watch.set_value(Some(w));
                            status.set(Status::Drawn);
                        }
                        Err(e) => {
                            started.set_value(false);
                            status.set(Status::Failed(e));
                        }
                    }
                });
            }
            None => {}
        }
    });

    // Light or dark follows Settings › Appearance (and the system) while shown.
    Effect::new(move |_| {
        let name = theme.and_then(|t| t.echarts());
        chart.with_value(|c| {
            if let Some(c) = c {
                c.set_theme(name);
            }
        });
    });

    on_cleanup(move || {
        // Stop watching first, then dispose of the chart (its Drop calls dispose).
        let _ = watch.try_update_value(|w| w.take());
        let _ = chart.try_update_value(|c| c.take());
    });

    let failed = move || matches!(status.get(), Status::Failed(_));
    let empty = move || spec.with(|s| s.empty.clone());
    // The table is shown when asked for, and instead of a chart that could not load.
    let table_shown = move || show_table.get() || (failed() && empty().is_none());
    let title = move || spec.with(|s| s.title.clone());
    let heading = match level {
        3 => view! { <h3 class="chart-title" id=title_id.clone()>{title}</h3> }.into_any(),
        _ => view! { <h2 class="chart-title" id=title_id.clone()>{title}</h2> }.into_any(),
    };
    let table = move || {
        let s = spec.get();
        let head = s
            .table
            .headers
            .iter()
            .map(|h| view! { <th scope="col">{h.clone()}</th> })
            .collect_view();
        let rows = s
            .table
            .rows
            .into_iter()
            .map(|r| {
                let mut cells = r.cells.into_iter();
                let first = cells.next().unwrap_or_default();
                let first = match (r.key, on_select) {
                    (Some(key), Some(f)) => view! {
                        <button type="button" class="chart-row-button" on:click=move |_| f.run(key.clone())>
                            {first}
                        </button>
                    }
                    .into_any(),
                    _ => first.into_any(),
                };
                let rest = cells.map(|c| view! { <td>{c}</td> }).collect_view();
                view! {
                    <tr>
                        <th scope="row">{first}</th>
                        {rest}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="data-table compact chart-table">
                <caption>{s.table.caption}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    let note = move || match status.get() {
        Status::Failed(why) if empty().is_none() => Some(view! {
            <p class="chart-note" role="status">
                {format!("The chart could not be drawn ({why}), so here it is as a table.")}
            </p>
        }),
        _ => None,
    };

    view! {
        <section class="chart card" aria-labelledby=title_id>
            <div class="chart-head">
                <div>
                    {heading}
                    <p class="chart-subtitle">{move || spec.with(|s| s.subtitle.clone())}</p>
                </div>
                <Show when=move || !failed() && empty().is_none()>
                    <button
                        type="button"
                        class="btn btn-small chart-toggle"
                        aria-pressed=move || show_table.get().to_string()
                        on:click=move |_| show_table.update(|v| *v = !*v)
                    >
                        "Show as table"
                    </button>
                </Show>
            </div>
            {note}
            {move || empty().map(|why| view! { <p class="chart-empty">{why}</p> })}
            // The box stays in the page (ECharts keeps drawing into it); hidden while the
            // table or the empty note shows. The table is the text alternative.
            <div
                class="chart-box"
                aria-hidden="true"
                style:display=move || {
                    if table_shown() || empty().is_some() { "none" } else { "block" }
                }
            >
                <div
                    class="chart-canvas"
                    // Through the CSSOM (style:), not a style attribute, which the CSP refuses.
                    style:width="100%"
                    style:height=format!("{height}px")
                    node_ref=node
                ></div>
                <Show when=move || status.get() == Status::Loading>
                    <p class="chart-loading">"Loading the chart…"</p>
                </Show>
            </div>
            <Show when=table_shown>
                <div class="chart-table-wrap">{table}</div>
            </Show>
            <ul class="chart-notes">
                {move || {
                    spec.with(|s| {
                        s.table.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()
                    })
                }}
            </ul>
        </section>
    }
}

/// The widget in headless Chromium (`cargo test --target wasm32-unknown-unknown`):
/// first with ECharts unreachable (the table and the note show), then with the
/// vendored build on the page: drawn, redrawn, clicked, toggled and disposed.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::charts::{bookings, reps};
    use crate::analytics::kpi::fixture::{d, known, today};
    use crate::analytics::kpi::{KpiFacts, KpiInput};
    use crate::analytics::period::Period;
    use crate::analytics::scope::Scope;
    use crate::domain::Rates;
    use js_sys::Reflect;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn specs() -> (ChartSpec, ChartSpec) {
        let kn = known();
        let ws = &kn.fx.ws;
        let rates = Rates::of(ws);
        let facts = KpiFacts::build(ws);
        let scope = Scope::everyone();
        let input = KpiInput {
            ws,
            facts: &facts,
            scope: &scope,
            today: today(),
            rates: &rates,
        };
        let q4 = Period::quarter_of(d(2026, 11, 1), 1);
        (
            bookings::data(&input, q4).spec(),
            reps::data(&input, q4).spec(),
        )
    }

    async fn sleep(ms: i32) {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }

    /// Waits up to 5 s for `f` to hold.
    async fn until(what: &str, f: impl Fn() -> bool) {
        for _ in 0..100 {
            if f() {
                return;
            }
            sleep(50).await;
        }
        panic!("timed out waiting for {what}");
    }

    fn document() -> web_sys::Document {
        web_sys::window().unwrap().document().unwrap()
    }

    fn count(parent: &web_sys::Element, selector: &str) -> u32 {
        let all = call(parent, "querySelectorAll", &[selector.into()]);
        Reflect::get(&all, &"length".into())
            .unwrap()
            .as_f64()
            .unwrap() as u32
    }

    fn echarts() -> JsValue {
        Reflect::get(&web_sys::window().unwrap(), &"echarts".into()).unwrap()
    }

    fn call(target: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
        let f: js_sys::Function = Reflect::get(target, &name.into()).unwrap().unchecked_into();
        f.apply(target, &args.iter().collect()).unwrap()
    }

    #[wasm_bindgen_test]
    async fn the_chart_widget_loads_draws_clicks_and_falls_back_to_its_table() {
        let (bookings, reps) = specs();
        let spec = RwSignal::new(bookings.clone());
        let picked = RwSignal::new(Vec::<String>::new());
        let host = document().create_element("div").unwrap();
        host.set_attribute("style", "width: 640px").unwrap();
        document().body().unwrap().append_child(&host).unwrap();

        // ECharts cannot be fetched here (the test server has no vendor/ folder): the
        // table shows, with a note, and no toggle.
        let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            view! { <Chart spec=spec on_select=move |k: String| picked.update(|p| p.push(k)) /> }
        });
        until("the fallback table", || count(&host, "table caption") == 1).await;
        let text = host.text_content().unwrap_or_default();
        assert!(text.contains("could not be drawn"), "{text}");
        assert!(text.contains("October 2026"));
        assert_eq!(count(&host, "button.chart-toggle"), 0);
        assert_eq!(count(&host, "h2.chart-title"), 1);
        // Its rows drill down like the bars.
        let row: web_sys::HtmlElement = host
            .query_selector("button.chart-row-button")
            .unwrap()
            .unwrap()
            .unchecked_into();
        row.click();
        assert_eq!(picked.get_untracked(), ["month:2026-10-01"]);
        drop(handle);
        assert_eq!(host.child_element_count(), 0);

        // The vendored build on the page, as the loader's script would leave it.
        let script = document().create_element("script").unwrap();
        script.set_text_content(Some(include_str!(
            "../../../public/vendor/echarts/echarts.min.js"
        )));
        document().head().unwrap().append_child(&script).unwrap();
        assert!(crate::platform::echarts::load().await.is_ok());

        picked.set(Vec::new());
        let handle = leptos::mount::mount_to(host.clone().unchecked_into(), move || {
            view! { <Chart spec=spec level=3 on_select=move |k: String| picked.update(|p| p.push(k)) /> }
        });
        until("a canvas", || count(&host, ".chart-canvas canvas") == 1).await;
        let canvas = host.query_selector(".chart-canvas").unwrap().unwrap();
        assert!(canvas.client_height() > 0 && canvas.client_width() > 0);
        assert_eq!(count(&host, "h3.chart-title"), 1);
        assert_eq!(count(&host, ".chart-loading"), 0);
        let instance = call(&echarts(), "getInstanceByDom", &[canvas.clone().into()]);
        assert!(instance.is_object());
        let series = |i: &JsValue| {
            let o = call(i, "getOption", &[]);
            js_sys::Array::from(&Reflect::get(&o, &"series".into()).unwrap()).length()
        };
        assert_eq!(series(&instance), 2, "won and quota");

        // A click on October's bar gives its key.
        let click = js_sys::Object::new();
        Reflect::set(&click, &"componentType".into(), &"series".into()).unwrap();
        Reflect::set(&click, &"seriesIndex".into(), &0.into()).unwrap();
        Reflect::set(&click, &"dataIndex".into(), &0.into()).unwrap();
        call(&instance, "trigger", &["click".into(), click.into()]);
        assert_eq!(picked.get_untracked(), ["month:2026-10-01"]);

        // New data replaces the option whole (four series, nothing of the old kept),
        // on the same instance.
        spec.set(reps.clone());
        until("the new option", || series(&instance) == 4).await;
        let again = call(&echarts(), "getInstanceByDom", &[canvas.clone().into()]);
        assert_eq!(
            Reflect::get(&again, &"id".into()).unwrap(),
            Reflect::get(&instance, &"id".into()).unwrap()
        );

        // It follows its box's size.
        let drawn_width = || {
            host.query_selector(".chart-canvas canvas")
                .unwrap()
                .map(|c| c.client_width())
                .unwrap_or(0)
        };
        assert_eq!(drawn_width(), 640);
        host.set_attribute("style", "width: 400px").unwrap();
        until("the resize", || drawn_width() == 400).await;

        // The toggle shows the table (pressed) and back.
        let toggle: web_sys::HtmlElement = host
            .query_selector("button.chart-toggle")
            .unwrap()
            .unwrap()
            .unchecked_into();
        assert_eq!(
            toggle.get_attribute("aria-pressed").as_deref(),
            Some("false")
        );
        toggle.click();
        until("the table", || count(&host, "table caption") == 1).await;
        assert_eq!(
            toggle.get_attribute("aria-pressed").as_deref(),
            Some("true")
        );
        assert!(host
            .text_content()
            .unwrap()
            .contains("Won and lost value per rep"));
        toggle.click();
        until("the chart again", || count(&host, "table") == 0).await;

        // Unmounted: ECharts lets go of the element.
        drop(handle);
        let gone = call(&echarts(), "getInstanceByDom", &[canvas.into()]);
        assert!(gone.is_undefined(), "disposed");
        host.remove();
    }
}
