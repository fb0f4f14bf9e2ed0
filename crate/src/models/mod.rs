//! Networks built from the engine's ops, generic over the backend they run on.

pub mod cnn;
pub mod safetensors;
