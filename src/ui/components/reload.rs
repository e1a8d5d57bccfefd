//! Reloading the page: after switching workspaces, creating a demo, or when another tab
//! upgraded the database.

pub fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
