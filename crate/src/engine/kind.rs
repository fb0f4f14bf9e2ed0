//! Which backend to run on, as the page, the CLI and the benchmarks name it, and the one way code that
//! is generic over the backend is dispatched from that name.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "EngineBackend"))]
pub enum BackendKind {
    Scalar,
    Simd,
    #[serde(rename = "webgpu")]
    WebGpu,
}

impl BackendKind {
    pub const ALL: [BackendKind; 3] = [BackendKind::Scalar, BackendKind::Simd, BackendKind::WebGpu];

    pub fn name(self) -> &'static str {
        match self {
            BackendKind::Scalar => "scalar",
            BackendKind::Simd => "simd",
            BackendKind::WebGpu => "webgpu",
        }
    }
}

impl FromStr for BackendKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
            .ok_or_else(|| format!("unknown backend {name}: scalar, simd or webgpu"))
    }
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A value made on one of the backends (a trainer, a detector): what is generic over the backend,
/// held where its backend is chosen at run time. `on_backend!` makes one and uses one.
pub enum PerBackend<S, M, G> {
    Scalar(S),
    Simd(M),
    WebGpu(G),
}

/// The one dispatch from a backend chosen at run time to code generic over it.
///
/// - `on_backend!(kind, gpu, |b| body)` runs `body` with `b` bound to the backend `kind` names (`gpu` is
///   evaluated only for WebGPU: how this caller reaches the GPU); every arm must have the same type.
/// - `on_backend!(make kind, gpu, |b| body)` wraps each arm's value in `PerBackend`.
/// - `on_backend!(use value, |x| body)` runs `body` with `x` bound to what a `PerBackend` holds.
#[macro_export]
macro_rules! on_backend {
    ($kind:expr, $gpu:expr, |$b:ident| $body:expr) => {
        match $kind {
            $crate::engine::BackendKind::Scalar => {
                let $b = &$crate::engine::scalar::Scalar;
                $body
            }
            $crate::engine::BackendKind::Simd => {
                let $b = &$crate::engine::simd::Simd;
                $body
            }
            $crate::engine::BackendKind::WebGpu => {
                let $b: &$crate::engine::webgpu::WebGpu = $gpu;
                $body
            }
        }
    };
    (make $kind:expr, $gpu:expr, |$b:ident| $body:expr) => {
        match $kind {
            $crate::engine::BackendKind::Scalar => {
                let $b = &$crate::engine::scalar::Scalar;
                $crate::engine::PerBackend::Scalar($body)
            }
            $crate::engine::BackendKind::Simd => {
                let $b = &$crate::engine::simd::Simd;
                $crate::engine::PerBackend::Simd($body)
            }
            $crate::engine::BackendKind::WebGpu => {
                let $b: &$crate::engine::webgpu::WebGpu = $gpu;
                $crate::engine::PerBackend::WebGpu($body)
            }
        }
    };
    (use $value:expr, |$x:ident| $body:expr) => {
        match $value {
            $crate::engine::PerBackend::Scalar($x) => $body,
            $crate::engine::PerBackend::Simd($x) => $body,
            $crate::engine::PerBackend::WebGpu($x) => $body,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_say_what_is_known() {
        for kind in BackendKind::ALL {
            assert_eq!(kind.name().parse::<BackendKind>(), Ok(kind));
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{kind}\""));
        }
        assert_eq!("gpu".parse::<BackendKind>().unwrap_err(), "unknown backend gpu: scalar, simd or webgpu");
    }
}
