//! Milliseconds from a monotonic clock: `performance.now()` in the browser (where `std::time::Instant`
//! is unavailable), `Instant` natively.

#[cfg(target_arch = "wasm32")]
pub fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let performance = js_sys::Reflect::get(&global, &"performance".into()).expect("no performance object");
    let now: js_sys::Function =
        js_sys::Reflect::get(&performance, &"now".into()).expect("no performance.now").unchecked_into();
    now.call0(&performance).expect("performance.now failed").as_f64().expect("performance.now gave no number")
}

#[cfg(not(target_arch = "wasm32"))]
pub fn now_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
}
