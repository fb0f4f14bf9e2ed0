//! Networks built from the engine's ops, generic over the backend they run on.

pub mod adversarial;
pub mod autoencoder;
pub mod classifier;
pub mod cnn;
pub mod compressed;
pub mod darknet;
pub mod dcgan;
pub mod detector;
pub mod fine_tune;
pub mod layers_model;
pub mod pix2pix;
pub mod point_mlp;
pub mod recurrent;
pub mod safetensors;
pub mod served;
pub mod tfjs;
pub mod tiny_face;
pub mod yolo;
