//! The little the app needs from its host besides storage: fresh ids, the clock, and
//! the URL prefix it is served under. Native builds (tests) get simple stand-ins.

use crate::domain::{Date, Id, Timestamp};

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
        *uuid::Uuid::parse_str(id.as_str())
            .expect("seeded ids are uuids")
            .as_bytes()
    })
}

pub fn now() -> Timestamp {
    chrono::Utc::now()
}

/// Today in the user's time zone.
pub fn today() -> Date {
    chrono::Local::now().date_naive()
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
