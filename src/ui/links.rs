//! Internal links. `<A href>` does not add the router's base, so every href is built
//! here from the base the app was served under (`<base href>`).

use leptos::prelude::*;

#[derive(Clone, Debug)]
pub struct BasePath(pub String);

/// `href("/deals")` → "/salesdeck/deals" when served under /salesdeck/.
pub fn href(path: &str) -> String {
    let base = use_context::<BasePath>().map(|b| b.0).unwrap_or_default();
    format!("{base}{path}")
}
