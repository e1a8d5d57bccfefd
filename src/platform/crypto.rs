//! Snapshot encryption with WebCrypto: PBKDF2-SHA-256 turns the passphrase into an
//! AES-256-GCM key. GCM authenticates, so a wrong passphrase (or a changed byte) fails
//! to decrypt instead of producing garbage.

use crate::snapshot::encrypted::{Envelope, IV_LEN, PBKDF2_ITERATIONS, SALT_LEN};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecryptError {
    /// Authentication failed: the passphrase is wrong or the file was altered.
    WrongPassphrase,
    Other(String),
}

fn obj(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

fn crypto() -> Result<web_sys::Crypto, String> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| "This browser has no WebCrypto.".to_string())
}

fn subtle() -> Result<SubtleCrypto, String> {
    Ok(crypto()?.subtle())
}

fn random(len: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; len];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| "Could not get random bytes.".to_string())?;
    Ok(bytes)
}

async fn promise(p: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(p?).await
}

fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

async fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, String> {
    let subtle = subtle()?;
    let usages_derive = Array::of1(&JsValue::from_str("deriveKey"));
    let raw = Uint8Array::from(passphrase.as_bytes());
    let base = promise(subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages_derive))
        .await
        .map_err(|e| js_message(&e))?;
    let params = obj(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("iterations", iterations.into()),
        ("salt", Uint8Array::from(salt).into()),
    ]);
    let aes = obj(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let key = promise(subtle.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &aes,
        false,
        &usages,
    ))
    .await
    .map_err(|e| js_message(&e))?;
    Ok(key.unchecked_into())
}

/// Encrypts `plain` with a key derived from `passphrase` (fresh salt and nonce).
pub async fn encrypt(passphrase: &str, plain: &[u8]) -> Result<Envelope, String> {
    let salt = random(SALT_LEN)?;
    let iv = random(IV_LEN)?;
    let key = derive_key(passphrase, &salt, PBKDF2_ITERATIONS).await?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv.as_slice()).into()),
    ]);
    let out = promise(subtle()?.encrypt_with_object_and_u8_array(&params, &key, plain))
        .await
        .map_err(|e| format!("Encryption failed: {}", js_message(&e)))?;
    Ok(Envelope {
        iterations: PBKDF2_ITERATIONS,
        salt,
        iv,
        data: Uint8Array::new(&out).to_vec(),
    })
}

/// Decrypts an envelope; a wrong passphrase is told apart from other failures.
pub async fn decrypt(passphrase: &str, env: &Envelope) -> Result<Vec<u8>, DecryptError> {
    let key = derive_key(passphrase, &env.salt, env.iterations)
        .await
        .map_err(DecryptError::Other)?;
    let params = obj(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(env.iv.as_slice()).into()),
    ]);
    let sub = subtle().map_err(DecryptError::Other)?;
    match promise(sub.decrypt_with_object_and_u8_array(&params, &key, &env.data)).await {
        Ok(out) => Ok(Uint8Array::new(&out).to_vec()),
        // WebCrypto reports a failed GCM tag check as an OperationError.
        Err(e)
            if Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                == Some("OperationError".into()) =>
        {
            Err(DecryptError::WrongPassphrase)
        }
        Err(e) => Err(DecryptError::Other(js_message(&e))),
    }
}
