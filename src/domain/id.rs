//! Stable record ids: random (version 4) UUIDs in their canonical text form.

use std::cmp::Ordering;
use std::fmt;

/// The id of any record. Ids are created once and never change, so snapshots from
/// several browsers can be merged by id.
///
/// An id as the app writes them (a lower-case hyphenated UUID) is kept as its 16
/// bytes: a large workspace holds about two million ids (every record's, and every
/// reference to another record), and as text each was a heap string of 36 bytes plus
/// its header. Any other id (imported from another CRM) is kept as its text. Either
/// way it reads, compares, sorts and serialises as exactly the text it was made from.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Id(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Uuid([u8; 16]),
    Text(Box<str>),
}

impl Id {
    /// Builds a v4 UUID from 16 random bytes (the caller supplies the randomness:
    /// WebCrypto in the browser, a seeded generator in tests and demo data).
    pub fn from_random_bytes(bytes: [u8; 16]) -> Self {
        Id(Repr::Uuid(
            *uuid::Builder::from_random_bytes(bytes)
                .into_uuid()
                .as_bytes(),
        ))
    }

    /// Wraps an id read from storage, a snapshot or a URL.
    pub fn from_string(s: impl Into<String>) -> Self {
        let s = s.into();
        match canonical_uuid(&s) {
            Some(b) => Id(Repr::Uuid(b)),
            None => Id(Repr::Text(s.into_boxed_str())),
        }
    }

    /// Like `from_string`, without allocating for a UUID.
    pub fn from_text(s: &str) -> Self {
        match canonical_uuid(s) {
            Some(b) => Id(Repr::Uuid(b)),
            None => Id(Repr::Text(s.into())),
        }
    }

    /// The id's text ("0b5c9a3e-…"): a UUID is spelled out on the stack.
    pub fn as_str(&self) -> IdText<'_> {
        match &self.0 {
            Repr::Uuid(b) => {
                let mut buf = [0u8; 36];
                uuid::Uuid::from_bytes(*b)
                    .hyphenated()
                    .encode_lower(&mut buf);
                IdText(TextRepr::Spelled(buf))
            }
            Repr::Text(t) => IdText(TextRepr::Borrowed(t)),
        }
    }

    /// The number an id written as the app writes them spells (one number per such
    /// id); `None` for any other id. Indexes keep these instead of the ids.
    pub fn uuid_key(&self) -> Option<u128> {
        match &self.0 {
            Repr::Uuid(b) => Some(u128::from_be_bytes(*b)),
            Repr::Text(_) => None,
        }
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

/// A lower-case hyphenated UUID's 16 bytes, or `None` for any other text (upper
/// case, braces or no hyphens keep their spelling as text).
fn canonical_uuid(s: &str) -> Option<[u8; 16]> {
    let t = s.as_bytes();
    if t.len() != 36 {
        return None;
    }
    let mut out = [0u8; 16];
    let mut n = 0;
    let mut i = 0;
    while i < 36 {
        if matches!(i, 8 | 13 | 18 | 23) {
            if t[i] != b'-' {
                return None;
            }
            i += 1;
            continue;
        }
        let nibble = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        out[n] = (nibble(t[i])? << 4) | nibble(t[i + 1])?;
        n += 1;
        i += 2;
    }
    Some(out)
}

/// An id's text, borrowed or spelled out; reads as a `&str`.
pub struct IdText<'a>(TextRepr<'a>);

enum TextRepr<'a> {
    Spelled([u8; 36]),
    Borrowed(&'a str),
}

impl std::ops::Deref for IdText<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.0 {
            // Written by `encode_lower`: ASCII hex digits and hyphens.
            TextRepr::Spelled(b) => std::str::from_utf8(b).expect("a UUID is ASCII"),
            TextRepr::Borrowed(s) => s,
        }
    }
}

impl AsRef<str> for IdText<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq<str> for IdText<'_> {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for IdText<'_> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl PartialEq<String> for IdText<'_> {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl fmt::Display for IdText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for IdText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({:?})", &*self.as_str())
    }
}

/// Ordered as their text: two UUIDs by their bytes, which is the same order (hex
/// digits sort as the nibbles they spell; the hyphens are in the same places).
impl Ord for Id {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Uuid(a), Repr::Uuid(b)) => a.cmp(b),
            _ => self.as_str().cmp(&other.as_str()),
        }
    }
}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Id {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an id (a string)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::from_text(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id::from_string(v))
            }
        }
        d.deserialize_str(Text)
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
        let parsed = uuid::Uuid::parse_str(&id.as_str()).unwrap();
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
    fn an_id_reads_sorts_and_serialises_as_the_text_it_was_made_from() {
        let texts = [
            "0b5c9a3e-1d2f-4c6b-9a7e-3f2d1c0b9a8e",
            "0B5C9A3E-1D2F-4C6B-9A7E-3F2D1C0B9A8E",
            "0b5c9a3e1d2f4c6b9a7e3f2d1c0b9a8e",
            "006Hs00001AbCdEIAZ",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "00000000-0000-0000-0000-000000000000",
            "0b5c9a3e-1d2f-4c6b-9a7e-3f2d1c0b9a8",
            "0b5c9a3e-1d2f-4c6b-9a7e-3f2d1c0b9a8g",
            "d1",
            "",
        ];
        let ids: Vec<Id> = texts.iter().map(|t| Id::from_string(*t)).collect();
        for (id, t) in ids.iter().zip(texts) {
            assert_eq!(&*id.as_str(), t);
            assert_eq!(id.to_string(), t);
            assert_eq!(serde_json::to_string(id).unwrap(), format!("\"{t}\""));
            let back: Id = serde_json::from_str(&format!("\"{t}\"")).unwrap();
            assert_eq!(&back, id);
            assert_eq!(Id::from_text(t), *id);
        }
        // Only the canonical spelling becomes a number; the others stay distinct.
        assert!(ids[0].uuid_key().is_some());
        assert_eq!(ids[1].uuid_key(), None);
        assert_ne!(ids[0], ids[1]);
        assert_eq!(ids[6].uuid_key(), None);
        assert_eq!(ids[7].uuid_key(), None);
        // Sorted as their texts, whatever their kept form.
        let mut by_id = ids.clone();
        by_id.sort();
        let mut by_text: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        by_text.sort();
        let got: Vec<String> = by_id.iter().map(|i| i.to_string()).collect();
        assert_eq!(got, by_text);
        // Random ones too (both UUIDs: compared by their bytes).
        let mut g = SeededIds::new(3);
        let mut r: Vec<Id> = (0..200).map(|_| g.next_id()).collect();
        let mut t: Vec<String> = r.iter().map(|i| i.to_string()).collect();
        r.sort();
        t.sort();
        assert_eq!(r.iter().map(|i| i.to_string()).collect::<Vec<_>>(), t);
    }

    #[test]
    fn a_uuid_id_is_kept_in_place_and_an_optional_one_costs_nothing_more() {
        // 16 bytes and a tag (20 on wasm32, 24 here), not a 24-byte string header
        // plus 36 bytes on the heap.
        assert!(std::mem::size_of::<Id>() <= 24);
        assert_eq!(std::mem::size_of::<Option<Id>>(), std::mem::size_of::<Id>());
        assert!(matches!(Id::from_random_bytes([7; 16]).0, Repr::Uuid(_)));
    }

    #[test]
    fn only_ids_as_the_app_writes_them_become_numbers() {
        let id = Id::from_random_bytes([0xab; 16]);
        assert!(id.uuid_key().is_some());
        let upper = Id::from_string(id.as_str().to_uppercase());
        assert_eq!(
            upper.uuid_key(),
            None,
            "another spelling of the same number"
        );
        let bare = Id::from_string(id.as_str().replace('-', ""));
        assert_eq!(bare.uuid_key(), None);
        assert_eq!(Id::from_string("d1").uuid_key(), None);
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
