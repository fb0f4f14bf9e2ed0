//! Networks built from the engine's ops, generic over the backend they run on.

pub mod mnist_cnn;
