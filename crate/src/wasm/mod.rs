//! JavaScript bindings, loaded by the web worker (`web/src/engine/worker.ts`).
//!
//! Values cross the boundary as plain objects through serde (camelCase fields) and as typed arrays where
//! they are bulk numbers. Errors become JS exceptions with a readable (English) message, and those the page
//! words in its own language carry a `problem`: `{code, ...parameters}` (`problem`). A panic aborts the wasm
//! instance, so its message is kept aside for the worker to report before the page restarts the engine.

mod autoencoder;
mod chars;
mod classify;
mod cnn;
mod compress;
mod detect;
mod engine;
mod fine_tune;
mod gan;
mod house_numbers;
mod inside;
mod labs;
mod rnn;
mod tensors;

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        LAST_PANIC.with(|last| *last.borrow_mut() = Some(info.to_string()));
        console_error_panic_hook::hook(info);
    }));
}

/// The message of the panic that aborted the last call, if one did.
#[wasm_bindgen(js_name = takePanicMessage)]
pub fn take_panic_message() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// An error the page shows as it is (English), for what it need not word itself.
fn failed(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Panics on purpose, so the environment panel (and its test) can show that a Rust panic reaches the page
/// as a message and the engine comes back.
#[wasm_bindgen(js_name = raisePanic)]
pub fn raise_panic(message: String) {
    panic!("{message}");
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("invalid argument: {e}")))
}

/// An error the page words in its own language: a JS `Error` whose message is the English sentence and
/// whose `problem` property is `{code, ...parameters}` (web/src/i18n: `problems`).
fn problem<E: serde::Serialize + std::fmt::Display>(error: E) -> JsValue {
    let exception = js_sys::Error::new(&error.to_string());
    if let Ok(problem) = to_js(&error) {
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&exception, &"problem".into(), &problem);
    }
    exception.into()
}

/// A loss that is no longer a number, as the `TrainingDiverged` problem.
fn diverged(losses: &[f32], step: usize) -> Result<(), JsValue> {
    match losses.iter().find(|l| !l.is_finite()) {
        Some(&loss) => Err(problem(crate::wire::LabProblem::TrainingDiverged { loss, step, restored: false })),
        None => Ok(()),
    }
}
