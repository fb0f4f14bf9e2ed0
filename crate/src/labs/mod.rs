//! The teaching labs: a perceptron and an MLP on points in the plane, and the CNN lab's training loop.

pub mod autoencoder;
pub mod chars;
pub mod cnn;
pub mod compress;
pub mod datasets;
pub mod dcgan;
pub mod digit_gan;
pub mod few_labels;
pub mod gan;
pub mod house_numbers;
pub mod inside;
pub mod mlp;
pub mod perceptron;
pub mod pix2pix;
pub mod rnn;
pub mod transfer;
