//! The service worker (`public/sw.js`) that makes the app open offline, and the news
//! that a new version is ready. A new build installs beside the running one and waits;
//! `apply_update` is the only thing that switches to it (then the page reloads once).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// How often an open tab asks the host whether a new build was deployed.
const CHECK_EVERY_MS: i32 = 30 * 60 * 1000;

/// Registers `sw.js` from the app's base path (its scope is that path), and calls
/// `on_update_ready` once a new version has installed and waits.
pub fn register(on_update_ready: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let url = format!("{}/sw.js", super::base_path());
    let on_update_ready: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(on_update_ready);
    wasm_bindgen_futures::spawn_local(async move {
        let promise = container.register(&url);
        let registration: ServiceWorkerRegistration =
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(r) if r.is_object() => r.unchecked_into(),
                // Workers blocked by the browser (a policy, Playwright's "block"): the
                // promise gives nothing to watch.
                Ok(_) => return,
                Err(e) => {
                    web_sys::console::warn_2(&"Offline use is not available:".into(), &e);
                    return;
                }
            };
        if registration.waiting().is_some() && controlled() {
            on_update_ready();
        }
        // A reload may have found the new build before this code ran: watch that one too.
        if let Some(worker) = registration.installing() {
            watch(&worker, on_update_ready.clone());
        }
        let reg = registration.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            if let Some(worker) = reg.installing() {
                watch(&worker, on_update_ready.clone());
            }
        });
        registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        let check = Closure::<dyn FnMut()>::new(move || {
            let _ = registration.update();
        });
        let _ = window.set_interval_with_callback_and_timeout_and_arguments_0(
            check.as_ref().unchecked_ref(),
            CHECK_EVERY_MS,
        );
        check.forget();
    });
}

/// Only an update waits behind a controlling worker; the first install is not news.
fn controlled() -> bool {
    web_sys::window()
        .and_then(|w| w.navigator().service_worker().controller())
        .is_some()
}

/// Calls `ready` when `worker` has installed (and waits) behind the running version.
fn watch(worker: &web_sys::ServiceWorker, ready: std::rc::Rc<dyn Fn()>) {
    let w = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if w.state() == ServiceWorkerState::Installed && controlled() {
            ready();
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Switches to the waiting version: it takes over, then the page reloads once on it.
/// Every saved record stays (IndexedDB is not the worker's).
pub fn apply_update() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let reload = Closure::<dyn FnMut()>::new(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
    reload.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let waiting = match wasm_bindgen_futures::JsFuture::from(container.get_registration()).await
        {
            Ok(r) if !r.is_undefined() => r.unchecked_into::<ServiceWorkerRegistration>().waiting(),
            _ => None,
        };
        match waiting {
            Some(w) => {
                let _ = w.post_message(&JsValue::from_str("skip-waiting"));
            }
            None => {
                let _ = window.location().reload();
            }
        }
    });
}

/// Asks the active worker to keep `url` (a file of this app the page has just loaded)
/// in its cache. On a first visit the page can fetch ECharts before the worker controls
/// it; without this, the charts would be missing offline.
pub fn keep(url: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let Ok(ready) = navigator.service_worker().ready() else {
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"keep".into(), &url.into());
            let _ = worker.post_message(&message);
        }
    });
}
