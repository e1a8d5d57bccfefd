//! Split points: functions that scripts/wasm-split.mjs cuts, with everything only they
//! use, out of the first download into wasm pieces fetched on first call.

/// Declares a split point (`#[split(..)]` first, then its doc). The function must return `Result<T, SplitLoaderError>`;
/// callers get an `async fn` with the same arguments. `fallible`: a piece that cannot be
/// fetched is an `Err` (a panic would abort the whole module), and the failure is not
/// kept, so the next call tries again. `preload = name` also makes `async fn name()`,
/// which fetches the piece without calling the function.
///
/// Without the `split` feature (every build but Trunk's: native, the wasm32 test
/// binaries) the function is an ordinary `async fn`: those binaries are never cut, and
/// an unresolved piece import would stop them from loading.
macro_rules! split_fn {
    (
        #[split($module:ident $(, preload = $preload:ident)?)]
        $(#[$attr:meta])*
        $vis:vis fn $name:ident($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty $body:block
    ) => {
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible
            $(, preload(#[doc(hidden)] #[allow(non_snake_case)] $preload))?
        )]
        $vis fn $name($($arg: $ty),*) -> $ret $body

        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)]
        $vis async fn $name($($arg: $ty),*) -> $ret $body

        $(
            #[cfg(not(feature = "split"))]
            #[allow(non_snake_case, dead_code)]
            async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
                Ok(())
            }
        )?
    };
}
pub(crate) use split_fn;
