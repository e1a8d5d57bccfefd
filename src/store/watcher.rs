//! Notices when another tab asks for a newer schema version. idb closes rexie's own
//! connection on `versionchange` without telling anyone, so we keep one small extra
//! connection whose only job is to hear that event, close, and tell the app.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest};

type Listeners = Rc<RefCell<Vec<Box<dyn Fn()>>>>;

pub struct VersionWatcher {
    superseded: Rc<Cell<bool>>,
    listeners: Listeners,
    db: Option<IdbDatabase>,
    _on_change: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

impl VersionWatcher {
    /// Opens a listening connection at the current version (never upgrades).
    pub async fn open(name: &str) -> Result<Self, String> {
        let superseded = Rc::new(Cell::new(false));
        let listeners: Listeners = Rc::new(RefCell::new(Vec::new()));
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or("IndexedDB is not available")?;
        let request: IdbOpenDbRequest = factory
            .open(name)
            .map_err(|e| super::codec::js_message(&e))?;
        let done = js_sys::Promise::new(&mut |resolve, reject| {
            request.set_onsuccess(Some(&resolve));
            request.set_onerror(Some(&reject));
        });
        JsFuture::from(done)
            .await
            .map_err(|e| super::codec::js_message(&e))?;
        request.set_onsuccess(None);
        request.set_onerror(None);
        let db: IdbDatabase = request
            .result()
            .map_err(|e| super::codec::js_message(&e))?
            .unchecked_into();

        let on_change = {
            let superseded = superseded.clone();
            let listeners = listeners.clone();
            let db = db.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                // Close at once so the other tab's upgrade is not blocked by us.
                db.close();
                if !superseded.replace(true) {
                    for l in listeners.borrow().iter() {
                        l();
                    }
                }
            })
        };
        db.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
        Ok(VersionWatcher {
            superseded,
            listeners,
            db: Some(db),
            _on_change: Some(on_change),
        })
    }

    pub fn is_superseded(&self) -> bool {
        self.superseded.get()
    }

    pub fn on_superseded(&self, f: impl Fn() + 'static) {
        if self.superseded.get() {
            f();
        } else {
            self.listeners.borrow_mut().push(Box::new(f));
        }
    }

    /// The listening connection, open at the current version until another tab
    /// upgrades. `Db::load_in_page` reads through it: unlike rexie, it hands back each
    /// store's rows as one JS array.
    pub fn database(&self) -> Option<&IdbDatabase> {
        self.db.as_ref().filter(|_| !self.superseded.get())
    }

    pub fn close(&mut self) {
        if let Some(db) = self.db.take() {
            db.set_onversionchange(None);
            db.close();
        }
    }
}

impl Drop for VersionWatcher {
    fn drop(&mut self) {
        self.close();
    }
}
