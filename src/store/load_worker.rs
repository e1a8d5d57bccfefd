//! Opening a workspace through a Web Worker (`load_worker.js`). Rebuilding 370,000
//! IndexedDB rows as JS objects and stringifying them took as long as decoding them
//! in wasm, and both ran on the page's thread one after the other. The worker does the
//! first half beside the page and sends chunks of JSON bytes, which the page decodes
//! while the worker reads the next ones.

use futures::channel::mpsc;
use futures::StreamExt;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

const SOURCE: &str = include_str!("load_worker.js");

/// Rows per message: once the worker is done, one chunk is all that is left to decode.
const CHUNK: u32 = 20_000;

/// What the worker sent.
pub enum Message {
    /// One chunk of a store's rows, as a UTF-8 JSON array. It stays in JS until it is
    /// decoded: the worker reads faster than the page decodes, and chunks copied into
    /// wasm on arrival would all sit in its memory at once (which never shrinks).
    Rows {
        store: String,
        json: js_sys::Uint8Array,
    },
    /// How many rows a store holds (sent before its rows).
    Count {
        store: String,
        count: u32,
    },
    Done,
    Failed(String),
}

pub struct LoadWorker {
    worker: Worker,
    url: String,
    messages: mpsc::UnboundedReceiver<Message>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl LoadWorker {
    /// Starts reading `stores` of database `db` in one read-only transaction. `Err` if
    /// this page cannot start a worker; the caller then reads on this thread.
    pub fn start(db: &str, stores: &[&str]) -> Result<LoadWorker, JsValue> {
        let parts = js_sys::Array::of1(&JsValue::from_str(SOURCE));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let worker = match Worker::new(&url) {
            Ok(w) => w,
            Err(e) => {
                let _ = web_sys::Url::revoke_object_url(&url);
                return Err(e);
            }
        };
        let (sender, messages) = mpsc::unbounded();
        let on_message = {
            let sender = sender.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let _ = sender.unbounded_send(Message::from_js(&e.data()));
            })
        };
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let _ = sender.unbounded_send(Message::Failed("the loading worker stopped".into()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let this = LoadWorker {
            worker,
            url,
            messages,
            _on_message: on_message,
            _on_error: on_error,
        };
        let request = js_sys::Object::new();
        let names: js_sys::Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        Reflect::set(&request, &"db".into(), &db.into())?;
        Reflect::set(&request, &"stores".into(), &names)?;
        Reflect::set(&request, &"chunk".into(), &CHUNK.into())?;
        this.worker.post_message(&request)?;
        Ok(this)
    }

    pub async fn next(&mut self) -> Message {
        self.messages
            .next()
            .await
            .unwrap_or_else(|| Message::Failed("the loading worker stopped".into()))
    }
}

impl Drop for LoadWorker {
    fn drop(&mut self) {
        self.worker.terminate();
        let _ = web_sys::Url::revoke_object_url(&self.url);
    }
}

impl Message {
    fn from_js(data: &JsValue) -> Message {
        let get = |key: &str| Reflect::get(data, &JsValue::from_str(key)).unwrap_or_default();
        if let Some(error) = get("error").as_string() {
            return Message::Failed(error);
        }
        if get("done").is_truthy() {
            return Message::Done;
        }
        if let (Some(store), Some(count)) = (get("store").as_string(), get("count").as_f64()) {
            return Message::Count {
                store,
                count: count as u32,
            };
        }
        match (
            get("store").as_string(),
            get("bytes").dyn_into::<js_sys::Uint8Array>(),
        ) {
            (Some(store), Ok(json)) => Message::Rows { store, json },
            _ => Message::Failed("the loading worker sent something unexpected".into()),
        }
    }
}
