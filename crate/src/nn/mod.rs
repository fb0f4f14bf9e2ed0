//! The network layer every model is written on: named parameters (`parameters`) and a graph of nodes
//! over the engine's ops whose backward pass is derived from its forward description (`graph`).
//!
//! Layers depend one way: `engine` ← `nn` ← `models` ← `labs` ← the bindings (wasm, CLI).

pub mod ctc;
pub mod graph;
pub mod parameters;
pub mod shards;

pub use graph::{BackwardRule, ConvOptions, Field, Graph, GraphBuilder, Loss, NodeId, Seed};
pub use parameters::{he_uniform, Optimiser, ParameterId, Parameters, Role};
