//! Passphrase-protected snapshots. The snapshot's bytes are encrypted in the browser
//! (WebCrypto: PBKDF2-SHA-256 derives an AES-256-GCM key from the passphrase); this
//! module only writes and reads the envelope around the ciphertext, so it is pure.
//!
//! The envelope is a small JSON document so people (and the import screen) can tell
//! an encrypted snapshot from a damaged one:
//! `{"format":"salesdeck-encrypted-snapshot","version":1,"kdf":{…},"cipher":{…},"data":"…"}`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};

pub const ENCRYPTED_FORMAT: &str = "salesdeck-encrypted-snapshot";
const ENVELOPE_VERSION: u32 = 1;

/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (the issue asks for at least 310,000).
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Files asking for fewer are refused as weak; more than this is refused as absurd
/// (it would freeze the tab for minutes).
const MIN_ITERATIONS: u32 = 310_000;
const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_LEN: usize = 16;
/// AES-GCM's standard 96-bit nonce.
pub const IV_LEN: usize = 12;

/// What decryption needs besides the passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub iterations: u32,
    pub salt: Vec<u8>,
    pub iv: Vec<u8>,
    /// Ciphertext with the GCM tag appended (as WebCrypto returns it).
    pub data: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct Kdf {
    name: String,
    hash: String,
    iterations: u32,
    salt: String,
}

#[derive(Serialize, Deserialize)]
struct Cipher {
    name: String,
    iv: String,
}

#[derive(Serialize, Deserialize)]
struct Doc {
    format: String,
    version: u32,
    kdf: Kdf,
    cipher: Cipher,
    data: String,
}

impl Envelope {
    pub fn to_text(&self) -> String {
        let doc = Doc {
            format: ENCRYPTED_FORMAT.into(),
            version: ENVELOPE_VERSION,
            kdf: Kdf {
                name: "PBKDF2".into(),
                hash: "SHA-256".into(),
                iterations: self.iterations,
                salt: B64.encode(&self.salt),
            },
            cipher: Cipher {
                name: "AES-GCM".into(),
                iv: B64.encode(&self.iv),
            },
            data: B64.encode(&self.data),
        };
        serde_json::to_string(&doc).expect("envelopes serialise")
    }
}

/// Whether `text` looks like an encrypted snapshot. Cheap: it looks only at the start,
/// where `to_text` puts the format name, so a large plain snapshot is not parsed twice.
pub fn is_encrypted(text: &str) -> bool {
    let head: String = text.chars().take(200).collect();
    head.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
        && head.contains(ENCRYPTED_FORMAT)
}

/// Reads an envelope, refusing anything this version cannot decrypt safely.
pub fn parse_envelope(text: &str) -> Result<Envelope, String> {
    let bad = |why: &str| format!("This encrypted snapshot cannot be read: {why}.");
    let doc: Doc = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| bad(&format!("the file is damaged ({e})")))?;
    if doc.format != ENCRYPTED_FORMAT {
        return Err(bad("it is not a Salesdeck encrypted snapshot"));
    }
    if doc.version > ENVELOPE_VERSION {
        return Err(
            "This encrypted snapshot was made by a newer version of Salesdeck. Update the app to open it."
                .into(),
        );
    }
    if doc.kdf.name != "PBKDF2" || doc.kdf.hash != "SHA-256" || doc.cipher.name != "AES-GCM" {
        return Err(bad(&format!(
            "it uses {} with {} and {}, which this version does not support",
            doc.kdf.name, doc.kdf.hash, doc.cipher.name
        )));
    }
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&doc.kdf.iterations) {
        return Err(bad(&format!(
            "its key derivation uses {} iterations (expected {MIN_ITERATIONS} to {MAX_ITERATIONS})",
            doc.kdf.iterations
        )));
    }
    let decode = |field: &str, s: &str| {
        B64.decode(s)
            .map_err(|_| bad(&format!("its {field} is not valid base64")))
    };
    let salt = decode("salt", &doc.kdf.salt)?;
    let iv = decode("nonce", &doc.cipher.iv)?;
    let data = decode("data", &doc.data)?;
    if salt.len() < SALT_LEN || iv.len() != IV_LEN {
        return Err(bad("its salt or nonce has the wrong length"));
    }
    // The GCM tag alone is 16 bytes.
    if data.len() < 16 {
        return Err(bad("it is truncated"));
    }
    Ok(Envelope {
        iterations: doc.kdf.iterations,
        salt,
        iv,
        data,
    })
}

/// A passphrase worth using: long enough that PBKDF2 is not the only defence.
pub fn check_passphrase(passphrase: &str, confirm: &str) -> Result<(), String> {
    if passphrase.chars().count() < 8 {
        return Err("Use a passphrase of at least 8 characters.".into());
    }
    if passphrase != confirm {
        return Err("The two passphrases differ.".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Envelope {
        Envelope {
            iterations: PBKDF2_ITERATIONS,
            salt: vec![7; SALT_LEN],
            iv: vec![9; IV_LEN],
            data: (0..=255).collect(),
        }
    }

    #[test]
    fn envelopes_round_trip_and_are_recognised() {
        let text = sample().to_text();
        assert!(is_encrypted(&text));
        assert!(text.starts_with(r#"{"format":"salesdeck-encrypted-snapshot""#));
        assert_eq!(parse_envelope(&text).unwrap(), sample());
    }

    #[test]
    fn plain_snapshots_are_not_taken_for_encrypted_ones() {
        assert!(!is_encrypted(
            r#"{"format":"salesdeck-snapshot","schema_version":1}"#
        ));
        assert!(!is_encrypted(""));
        assert!(!is_encrypted("name,amount\nx,1"));
    }

    #[test]
    fn weak_damaged_or_newer_envelopes_are_refused_with_reasons() {
        let mut weak = sample();
        weak.iterations = 1000;
        let e = parse_envelope(&weak.to_text()).unwrap_err();
        assert!(e.contains("1000 iterations"), "{e}");

        let text = sample().to_text();
        let damaged = text.replace(r#""data":""#, r#""data":"!!"#);
        assert!(parse_envelope(&damaged).unwrap_err().contains("base64"));

        let cut = &text[..text.len() / 2];
        assert!(parse_envelope(cut).unwrap_err().contains("damaged"));

        let newer = text.replace(r#""version":1"#, r#""version":2"#);
        assert!(parse_envelope(&newer)
            .unwrap_err()
            .contains("newer version"));

        let other = text.replace("AES-GCM", "AES-CBC");
        assert!(parse_envelope(&other).unwrap_err().contains("AES-CBC"));

        let mut short = sample();
        short.iv = vec![1; 8];
        assert!(parse_envelope(&short.to_text())
            .unwrap_err()
            .contains("wrong length"));
    }

    #[test]
    fn passphrases_must_be_long_enough_and_confirmed() {
        assert!(check_passphrase("short", "short").is_err());
        assert!(check_passphrase("long enough", "long enougH")
            .unwrap_err()
            .contains("differ"));
        assert!(check_passphrase("long enough", "long enough").is_ok());
    }
}
