// The page's wasm keeps its relocations (`--emit-relocs`) so that scripts/wasm-split.mjs
// can cut the split points (feature `split`) out of it after Trunk's build (see Trunk.toml). Only the
// binary's link changes: dependencies, native builds and the test binaries are untouched.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
