//! Darknet models (`.cfg` + `.weights`), as the YOLO family and Yolo-Fastest ship: the cfg parser, the
//! weights reader and the network as engine ops.

pub mod cfg;
pub mod error;
pub mod network;
pub mod weights;

pub use error::DarknetError;
pub use network::{Darknet, DarknetModel};
