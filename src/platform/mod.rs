//! The little the app needs from its host besides storage: fresh ids, the clock, and
//! the URL prefix it is served under. Native builds (tests) get simple stand-ins.

use crate::domain::{Date, Id, Timestamp};

#[cfg(target_arch = "wasm32")]
pub mod crypto;
#[cfg(target_arch = "wasm32")]
pub mod echarts;
#[cfg(target_arch = "wasm32")]
pub mod offline;
pub mod theme;

/// A new random record id (WebCrypto in the browser).
pub fn new_id() -> Id {
    Id::from_random_bytes(random_bytes())
}

#[cfg(target_arch = "wasm32")]
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .expect("WebCrypto is available in every supported browser");
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("getRandomValues works for 16 bytes");
    bytes
}

#[cfg(not(target_arch = "wasm32"))]
fn random_bytes() -> [u8; 16] {
    use std::cell::RefCell;
    thread_local! {
        static IDS: RefCell<crate::domain::id::SeededIds> = RefCell::new(
            crate::domain::id::SeededIds::new(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos() as u64)
                    .unwrap_or(1),
            ),
        );
    }
    IDS.with(|g| {
        let id = g.borrow_mut().next_id();
        id.uuid_key().expect("seeded ids are uuids").to_be_bytes()
    })
}

pub fn now() -> Timestamp {
    chrono::Utc::now()
}

/// Today in the user's time zone.
pub fn today() -> Date {
    crate::domain::time::local_day(now())
}

/// The browser's time zone as the pure layers read it: its UTC offset over 1990–2060,
/// probed weekly, with each change found to the second. About 6,000 probes of
/// `Date.getTimezoneOffset`, once at start.
#[cfg(target_arch = "wasm32")]
pub fn local_tz() -> crate::domain::time::LocalTz {
    let offset = |secs: i64| -> i32 {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(secs as f64 * 1000.0));
        -(d.get_timezone_offset() * 60.0) as i32
    };
    let start = 631_152_000i64; // 1990-01-01
    let end = 2_840_140_800i64; // 2060-01-01
    let step = 604_800i64; // a week: no zone changes its clock twice within one
    let mut spans = vec![(start, offset(start))];
    let mut t = start;
    while t < end {
        let next = t + step;
        let (a, b) = (offset(t), offset(next));
        if a != b {
            // The change lies in (t, next]: bisect to the second.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(mid) == a {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            spans.push((hi, b));
        }
        t = next;
    }
    crate::domain::time::LocalTz::from_spans(spans)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn local_tz() -> crate::domain::time::LocalTz {
    crate::domain::time::LocalTz::utc()
}

/// Offers `text` to the user as a downloaded file.
#[cfg(target_arch = "wasm32")]
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_bytes(file_name, mime, text.as_bytes())
}

/// Offers bytes (UTF-8 text already encoded) as a downloaded file, without copying
/// them into a JavaScript string first: a 100 MB snapshot stays one buffer.
#[cfg(target_arch = "wasm32")]
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
        .map_err(|_| "could not build the file".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "could not offer the file".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.click();
    // Revoking at once can cancel the download in some browsers; give it a moment.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    Ok(())
}

/// Gives the browser a turn (paint, input) between chunks of long work.
#[cfg(target_arch = "wasm32")]
pub async fn yield_now() {
    sleep_ms(0).await;
}

/// Resolves after `ms` milliseconds (a timer; other work runs meanwhile).
#[cfg(target_arch = "wasm32")]
pub async fn sleep_ms(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}

/// Milliseconds since the page loaded (for chunk budgets and timings).
#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

/// Runs `f` and records how long it took as a User Timing measure named `name`
/// (`performance.getEntriesByName(name)`), so the benchmark reads what the work cost
/// inside the page.
#[cfg(target_arch = "wasm32")]
pub fn timed<R>(name: &str, f: impl FnOnce() -> R) -> R {
    let perf = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &perf {
        let _ = p.mark(&start);
    }
    let out = f();
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(name, &start);
    }
    out
}

/// Records a User Timing measure named `name` from the mark `start` to now (work that
/// spans several turns of the browser, such as the stepped backtest).
#[cfg(target_arch = "wasm32")]
pub fn measure_from(name: &str, start: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
}

/// Records a User Timing mark (`performance.getEntriesByName(name)`): the benchmark
/// splits the cold open at these points.
#[cfg(target_arch = "wasm32")]
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Reads a file the user picked or dropped, as text.
#[cfg(target_arch = "wasm32")]
pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("Could not read {}", file.name()))?
        .as_string()
        .ok_or_else(|| format!("{} is not a text file", file.name()))
}

/// Reads a file the user picked or dropped, as bytes (for files whose text encoding is
/// decided afterwards, such as CSV exports).
#[cfg(target_arch = "wasm32")]
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("Could not read {}", file.name()))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Browser storage status: bytes used, quota, and whether it is persistent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StorageStatus {
    pub usage: Option<f64>,
    pub quota: Option<f64>,
    pub persisted: bool,
}

#[cfg(target_arch = "wasm32")]
fn storage_manager() -> Option<web_sys::StorageManager> {
    web_sys::window().map(|w| w.navigator().storage())
}

#[cfg(target_arch = "wasm32")]
async fn await_promise(
    p: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Option<wasm_bindgen::JsValue> {
    wasm_bindgen_futures::JsFuture::from(p.ok()?).await.ok()
}

/// Reads usage, quota and persistence (best effort: missing APIs read as unknown).
#[cfg(target_arch = "wasm32")]
pub async fn storage_status() -> StorageStatus {
    let Some(m) = storage_manager() else {
        return StorageStatus::default();
    };
    let estimate = await_promise(m.estimate()).await;
    let num = |key: &str| {
        estimate
            .as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &key.into()).ok())
            .and_then(|v| v.as_f64())
    };
    let persisted = await_promise(m.persisted())
        .await
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    StorageStatus {
        usage: num("usage"),
        quota: num("quota"),
        persisted,
    }
}

/// Asks the browser not to evict this site's data; returns whether it agreed.
#[cfg(target_arch = "wasm32")]
pub async fn request_persistence() -> bool {
    match storage_manager() {
        Some(m) => await_promise(m.persist())
            .await
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        None => false,
    }
}

/// Small per-browser preferences (never workspace data) in localStorage.
#[cfg(target_arch = "wasm32")]
pub mod prefs {
    use gloo_storage::{LocalStorage, Storage};

    pub const LAST_EXPORT: &str = "salesdeck.last-export";
    pub const REMINDER_SNOOZED: &str = "salesdeck.export-reminder-snoozed";
    pub const PERSIST_ASKED: &str = "salesdeck.persist-asked";

    pub fn get_date(key: &str) -> Option<crate::domain::Date> {
        LocalStorage::get::<String>(key)
            .ok()
            .and_then(|s| crate::domain::time::parse_iso_date(&s).ok())
    }

    pub fn set_date(key: &str, d: crate::domain::Date) {
        let _ = LocalStorage::set(key, d.format("%Y-%m-%d").to_string());
    }

    pub fn get_flag(key: &str) -> bool {
        LocalStorage::get::<bool>(key).unwrap_or(false)
    }

    pub fn set_flag(key: &str) {
        let _ = LocalStorage::set(key, true);
    }

    pub const WORKSPACES: &str = "salesdeck.workspaces";

    /// The local workspaces and which one is open (remembered across visits).
    pub fn load_registry() -> crate::store::registry::Registry {
        LocalStorage::get::<crate::store::registry::Registry>(WORKSPACES)
            .unwrap_or_default()
            .normalized()
    }

    pub fn save_registry(r: &crate::store::registry::Registry) {
        let _ = LocalStorage::set(WORKSPACES, r);
    }
}

/// The path prefix the app is served under, from `<base href>` ("" at the root,
/// "/tools/salesdeck" under a sub-path). Trunk writes it from `--public-url`.
#[cfg(target_arch = "wasm32")]
pub fn base_path() -> String {
    let href = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("base").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_else(|| "/".into());
    normalize_base(&href)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn base_path() -> String {
    String::new()
}

/// Reloads the page (the service worker serves it offline).
pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// The address's path without the base path ("/salesdeck/deals/1" → "/deals/1").
pub fn location_path() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let base = base_path();
    match path.strip_prefix(&base) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_string(),
        _ => path,
    }
}

/// "/a/b/" → "/a/b", "/" → "", "https://host/x/" → "/x".
pub fn normalize_base(href: &str) -> String {
    let path = match href.find("://") {
        Some(i) => {
            let rest = &href[i + 3..];
            rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
        }
        None => href,
    };
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() || trimmed == "." {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_string()
    } else {
        format!("/{trimmed}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base("/salesdeck/"), "/salesdeck");
        assert_eq!(normalize_base("/a/b"), "/a/b");
        assert_eq!(normalize_base("https://example.com/x/y/"), "/x/y");
        assert_eq!(normalize_base("https://example.com"), "");
    }

    #[test]
    fn new_ids_differ() {
        assert_ne!(new_id(), new_id());
    }
}
