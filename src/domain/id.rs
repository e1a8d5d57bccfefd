//! Stable record ids: random (version 4) UUIDs in their canonical text form.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of any record. Ids are created once and never change, so snapshots from
/// several browsers can be merged by id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Builds a v4 UUID from 16 random bytes (the caller supplies the randomness:
    /// WebCrypto in the browser, a seeded generator in tests and demo data).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Id(uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string())
    }

    /// Wraps an id read from storage, a snapshot or a URL.
    pub fn from_string(s: impl Into<String>) -> Self {
        Id(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Why `s` cannot be an id, if it cannot: ids go into addresses (`/deals/<id>`)
    /// and file names, so only letters, digits and `-`, `_`, `.`, `~`, `:` are
    /// allowed, at most 128 of them.
    pub fn problem(s: &str) -> Option<String> {
        if s.is_empty() {
            return Some("an id cannot be empty".into());
        }
        if s.len() > 128 {
            return Some("an id has at most 128 characters".into());
        }
        let bad = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | ':')));
        bad.map(|c| {
            let shown = if c == ' ' {
                "a space".to_string()
            } else {
                format!("“{c}”")
            };
            format!("an id may hold only letters, digits, -, _, ., ~ and : (this one has {shown})")
        })
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The next number of a splitmix64 sequence (Steele, Lea and Flood): small, fast and
/// the same on every platform. Seeded ids and the demo's random source share it.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A small deterministic id source (splitmix64) for tests and seeded demo data.
#[derive(Clone, Debug)]
pub struct SeededIds {
    state: u64,
}

impl SeededIds {
    pub fn new(seed: u64) -> Self {
        SeededIds { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        splitmix64(&mut self.state)
    }

    pub fn next_id(&mut self) -> Id {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_u64().to_le_bytes());
        Id::from_random_bytes(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_canonical_v4_uuids() {
        let id = Id::from_random_bytes([0xAB; 16]);
        let parsed = uuid::Uuid::parse_str(id.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(id.as_str().len(), 36);
    }

    #[test]
    fn seeded_ids_are_deterministic_and_distinct() {
        let a: Vec<Id> = (0..100)
            .scan(SeededIds::new(7), |g, _| Some(g.next_id()))
            .collect();
        let b: Vec<Id> = (0..100)
            .scan(SeededIds::new(7), |g, _| Some(g.next_id()))
            .collect();
        assert_eq!(a, b);
        let unique: std::collections::HashSet<_> = a.iter().collect();
        assert_eq!(unique.len(), 100);
    }

    #[test]
    fn ids_that_would_break_an_address_are_refused() {
        assert_eq!(Id::problem("0b5c9a3e-1d2f-4c6b-9a7e-3f2d1c0b9a8e"), None);
        assert_eq!(Id::problem("006Hs00001AbCdEIAZ"), None);
        for bad in ["a/b", "a?b", "a#b", "a b", "", "é"] {
            assert!(Id::problem(bad).is_some(), "{bad}");
        }
        assert!(Id::problem("a b")
            .unwrap()
            .ends_with("(this one has a space)"));
        assert!(Id::problem(&"x".repeat(129)).is_some());
    }
}
