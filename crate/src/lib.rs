//! Core of the in-browser deep-learning playground.
//!
//! The same code runs natively (the `playground` command-line tool and `cargo test`) and as the wasm module
//! the web page's worker loads (`wasm`). Layout:
//! - `engine`: the tensor engine (ops on scalar, SIMD and WebGPU backends);
//! - `nn`: the network graph every model is written on (parameters, forward, derived backward);
//! - `models`: networks written on the graph, generic over the backend;
//! - `heads`: classical classifiers (linear SVM, softmax regression, k-NN) on a network's features;
//! - `labs`: the teaching labs' models, small enough to read in one sitting;
//! - `bench`: the benchmark workloads W1–W4 and the backends lab's sweeps;
//! - `data`: datasets (idx files, image sets, the chunks the site serves) and `augment`, their augmentations;
//! - `activation`, `rng`, `clock`: pieces the labs share;
//! - `backends`: what compute the native build finds on this machine;
//! - `wire`: the values that cross to the page, from which the page's types are generated;
//! - `wasm`: the JavaScript-facing bindings, compiled only for wasm32.

pub mod activation;
pub mod augment;
#[cfg(not(target_arch = "wasm32"))]
pub mod backends;
pub mod bench;
pub mod clock;
pub mod compress;
pub mod data;
pub mod engine;
pub mod heads;
pub mod labs;
pub mod models;
pub mod nn;
pub mod rng;
#[cfg(target_arch = "wasm32")]
mod wasm;
pub mod wire;

/// The crate version, shown by the CLI's `info` and the page's environment panel.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
