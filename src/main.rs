fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        console_error_panic_hook::set_once();
        // The benchmark reads the wasm memory's size from here (JS heap + wasm memory).
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &"salesdeckWasmMemory".into(),
            &wasm_bindgen::memory(),
        );
        leptos::mount::mount_to_body(salesdeck::ui::App);
    }
}
