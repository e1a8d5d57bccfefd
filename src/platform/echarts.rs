//! ECharts, loaded when the first chart is shown and never by a page without one.
//!
//! `load` adds `<script src="{base}/vendor/echarts/echarts.min.js?v={BUILD}">` to the
//! page once (the trimmed build of `scripts/echarts-entry.mjs`, copied to dist/ by
//! index.html; `BUILD` is its version and content hash, so a browser never runs an
//! older copy from its cache) and waits for it; every later chart gets the same wait.
//! A failed load (offline, blocked, a script error, no answer within 20 s) is reported,
//! and the next chart tries again.
//!
//! Everything here reaches ECharts through `window.echarts` at the time of the call
//! (`Reflect`), never through a `#[wasm_bindgen]` import of `echarts.*`: an import with
//! only `JsValue` arguments is looked up when the wasm module starts, before the script
//! is there, and the app would not start. charming's `WasmRenderer` is not used:
//! its `update` merges options (a removed series would stay drawn), and it has no
//! `dispose` and no events.

use js_sys::{Array, Function, Object, Promise, Reflect, JSON};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Version and content hash of the vendored build (`scripts/build-echarts.mjs`).
const BUILD: &str = include_str!("../../public/vendor/echarts/BUILD");

/// How long a load may take before the chart gives up and shows its table.
const TIMEOUT_MS: i32 = 20_000;

/// The address of the script, under the prefix the app is served from.
pub fn script_url() -> String {
    format!(
        "{}/vendor/echarts/echarts.min.js?v={}",
        super::base_path(),
        BUILD.trim()
    )
}

thread_local! {
    /// The load under way or done (`None`: not started, or the last one failed).
    static LOADING: RefCell<Option<Promise>> = const { RefCell::new(None) };
}

fn window() -> Result<web_sys::Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_string())
}

/// `window.echarts`, when it is there and has `init`.
fn global() -> Option<JsValue> {
    let w: JsValue = window().ok()?.into();
    let ec = Reflect::get(&w, &"echarts".into()).ok()?;
    let init = Reflect::get(&ec, &"init".into()).ok()?;
    init.is_function().then_some(ec)
}

fn message(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// Calls `target[name](...args)`.
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = Reflect::get(target, &name.into())
        .map_err(|e| message(&e))?
        .dyn_into()
        .map_err(|_| format!("ECharts has no {name}"))?;
    let list: Array = args.iter().collect();
    f.apply(target, &list).map_err(|e| message(&e))
}

/// Adds the script to the page; the promise settles when it has run, failed, or timed
/// out.
fn inject() -> Promise {
    let url = script_url();
    let loaded = Promise::new(&mut |resolve, reject| {
        let added = (|| -> Result<(), JsValue> {
            let document = window()?.document().ok_or("no document")?;
            let script = document.create_element("script")?;
            script.set_attribute("src", &url)?;
            script.set_attribute("data-salesdeck", "echarts")?;
            let ok = resolve.clone();
            let onload = Closure::once_into_js(move || {
                let _ = ok.call0(&JsValue::NULL);
            });
            let failed = reject.clone();
            let onerror = Closure::once_into_js(move || {
                let _ = failed.call1(&JsValue::NULL, &"the chart library did not load".into());
            });
            Reflect::set(&script, &"onload".into(), &onload)?;
            Reflect::set(&script, &"onerror".into(), &onerror)?;
            document
                .query_selector("head")?
                .ok_or("no head")?
                .append_child(&script)?;
            Ok(())
        })();
        if let Err(e) = added {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let timeout = Promise::new(&mut |_, reject| {
        let late = Closure::once_into_js(move || {
            let _ = reject.call1(
                &JsValue::NULL,
                &"the chart library took too long to load".into(),
            );
        });
        if let Ok(w) = window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                late.unchecked_ref(),
                TIMEOUT_MS,
            );
        }
    });
    Promise::race(&Array::of2(&loaded, &timeout))
}

/// Loads ECharts if it is not there yet (once for the page, however many charts
/// ask).
pub async fn load() -> Result<(), String> {
    if global().is_some() {
        return Ok(());
    }
    let promise = LOADING.with(|l| l.borrow_mut().get_or_insert_with(inject).clone());
    let result = JsFuture::from(promise).await;
    if global().is_some() {
        super::offline::keep(script_url());
        return Ok(());
    }
    // Failed: forget this attempt (and its script) so a later chart tries again.
    LOADING.with(|l| *l.borrow_mut() = None);
    if let Some(old) = window().ok().and_then(|w| w.document()).and_then(|d| {
        d.query_selector("script[data-salesdeck=echarts]")
            .ok()
            .flatten()
    }) {
        old.remove();
    }
    Err(match result {
        Err(e) => message(&e),
        Ok(_) => "the chart library did not start".into(),
    })
}

/// One chart drawn by ECharts in an element. Dropping it disposes of the chart.
pub struct EChart {
    instance: JsValue,
    /// Kept alive while the chart may call it.
    _click: Option<Closure<dyn FnMut(JsValue)>>,
}

impl EChart {
    /// `echarts.init(element, theme)`: call after `load`, on a mounted element.
    /// `theme` is one of ECharts' built-in themes ("dark"), or `None` for the default.
    pub fn init(element: &web_sys::Element, theme: Option<&str>) -> Result<EChart, String> {
        let ec = global().ok_or("the chart library is not loaded")?;
        let theme = theme.map_or(JsValue::NULL, JsValue::from);
        let instance = call(&ec, "init", &[element.clone().into(), theme])?;
        Ok(EChart {
            instance,
            _click: None,
        })
    }

    /// Replaces the whole option with `option` (JSON): `setOption(option, {notMerge:
    /// true})`, so series and axes that are gone disappear.
    pub fn set_option(&self, option: &str) -> Result<(), String> {
        let option = JSON::parse(option).map_err(|e| message(&e))?;
        // The page's panel shows through (the dark theme would paint its own navy).
        if Reflect::get(&option, &"backgroundColor".into()).is_ok_and(|v| v.is_undefined()) {
            let _ = Reflect::set(&option, &"backgroundColor".into(), &"transparent".into());
        }
        let settings = Object::new();
        Reflect::set(&settings, &"notMerge".into(), &JsValue::TRUE).map_err(|e| message(&e))?;
        call(&self.instance, "setOption", &[option, settings.into()]).map(|_| ())
    }

    /// Redraws with another built-in theme ("dark", or `None` for the default),
    /// keeping the option.
    pub fn set_theme(&self, theme: Option<&str>) {
        let _ = call(
            &self.instance,
            "setTheme",
            &[JsValue::from(theme.unwrap_or("default"))],
        );
    }

    /// Fits the chart to its element's size.
    pub fn resize(&self) {
        let _ = call(&self.instance, "resize", &[]);
    }

    /// Calls `f(series index, data index)` for a click on a data item (a bar, a point).
    pub fn on_click(&mut self, mut f: impl FnMut(usize, usize) + 'static) {
        let cb = Closure::<dyn FnMut(JsValue)>::new(move |params: JsValue| {
            let index = |name: &str| {
                Reflect::get(&params, &name.into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .filter(|v| *v >= 0.0)
                    .map(|v| v as usize)
            };
            if let (Some(s), Some(d)) = (index("seriesIndex"), index("dataIndex")) {
                f(s, d);
            }
        });
        let _ = call(&self.instance, "on", &["click".into(), cb.as_ref().clone()]);
        self._click = Some(cb);
    }
}

impl Drop for EChart {
    /// `echarts.dispose(chart)`: its canvas, listeners and timers go.
    fn drop(&mut self) {
        if let Some(ec) = global() {
            let _ = call(&ec, "dispose", std::slice::from_ref(&self.instance));
        }
    }
}

/// Calls a function whenever an element changes size (a `ResizeObserver`; the
/// window's resize event where there is none). Dropping it stops watching.
pub struct SizeWatch {
    observer: Option<JsValue>,
    window_listener: bool,
    callback: Closure<dyn FnMut()>,
}

impl SizeWatch {
    pub fn new(element: &web_sys::Element, f: impl FnMut() + 'static) -> SizeWatch {
        let callback = Closure::<dyn FnMut()>::new(f);
        let w = window().ok();
        let observer = w
            .as_ref()
            .and_then(|w| Reflect::get(w, &"ResizeObserver".into()).ok())
            .and_then(|c| c.dyn_into::<Function>().ok())
            .and_then(|ctor| Reflect::construct(&ctor, &Array::of1(callback.as_ref())).ok());
        let mut window_listener = false;
        match &observer {
            Some(o) => {
                let _ = call(o, "observe", &[element.clone().into()]);
            }
            None => {
                if let Some(w) = &w {
                    window_listener = w
                        .add_event_listener_with_callback(
                            "resize",
                            callback.as_ref().unchecked_ref(),
                        )
                        .is_ok();
                }
            }
        }
        SizeWatch {
            observer,
            window_listener,
            callback,
        }
    }
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            let _ = call(o, "disconnect", &[]);
        }
        if self.window_listener {
            if let Ok(w) = window() {
                let _ = w.remove_event_listener_with_callback(
                    "resize",
                    self.callback.as_ref().unchecked_ref(),
                );
            }
        }
    }
}
