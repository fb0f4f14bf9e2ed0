//! The teaching labs of the first workshop part: a perceptron and an MLP on points in the plane.

pub mod datasets;
pub mod mlp;
pub mod perceptron;
