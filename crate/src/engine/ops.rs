//! What each op computes, independent of where it runs: shapes, layouts, padding and output sizes.
//!
//! Layouts: activations NHWC, convolution weights HWIO ([kernel_h, kernel_w, in_channels / groups,
//! out_channels]), matrices row-major. Every backend reads these descriptions the same way; the scalar
//! backend (`scalar.rs`) is their executable definition.

/// C[m, n] = op(A) · op(B), with op(X) = X or Xᵀ.
/// A is stored [m, k] (or [k, m] when `transpose_a`), B [k, n] (or [n, k] when `transpose_b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Matmul {
    pub m: usize,
    pub n: usize,
    pub k: usize,
    pub transpose_a: bool,
    pub transpose_b: bool,
}

impl Matmul {
    pub fn new(m: usize, n: usize, k: usize) -> Self {
        Self { m, n, k, transpose_a: false, transpose_b: false }
    }

    /// (row stride, column stride) of op(A) as an [m, k] matrix in A's storage.
    pub fn a_strides(&self) -> (usize, usize) {
        if self.transpose_a {
            (1, self.m)
        } else {
            (self.k, 1)
        }
    }

    /// (row stride, column stride) of op(B) as a [k, n] matrix in B's storage.
    pub fn b_strides(&self) -> (usize, usize) {
        if self.transpose_b {
            (1, self.k)
        } else {
            (self.n, 1)
        }
    }

    pub fn flops(&self) -> f64 {
        2.0 * (self.m * self.n * self.k) as f64
    }
}

/// How a window op pads its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Padding {
    /// TensorFlow's SAME: output = ceil(input / stride); the padding, split with the extra cell at the
    /// bottom/right, is what that takes. Darknet's stride-1 size-2 maxpool is this too.
    Same,
    /// No padding: only windows that fit.
    Valid,
    Explicit {
        top: usize,
        bottom: usize,
        left: usize,
        right: usize,
    },
}

/// Output size and padding before (top or left) along one axis.
fn window_axis(
    input: usize,
    kernel: usize,
    stride: usize,
    padding: Padding,
    explicit: (usize, usize),
) -> (usize, usize) {
    match padding {
        Padding::Same => {
            let output = input.div_ceil(stride);
            let total = ((output - 1) * stride + kernel).saturating_sub(input);
            (output, total / 2)
        }
        Padding::Valid => ((input.saturating_sub(kernel)) / stride + 1, 0),
        Padding::Explicit { .. } => ((input + explicit.0 + explicit.1 - kernel) / stride + 1, explicit.0),
    }
}

/// The geometry shared by convolutions and pools: a kernel window sliding over an NHWC image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub batch: usize,
    pub height: usize,
    pub width: usize,
    pub kernel_h: usize,
    pub kernel_w: usize,
    pub stride_h: usize,
    pub stride_w: usize,
    pub padding: Padding,
}

/// Where a window op's output lands: its size and how far its first window starts before the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowOutput {
    pub height: usize,
    pub width: usize,
    pub pad_top: usize,
    pub pad_left: usize,
}

impl Window {
    /// A window with the same stride along both axes.
    pub fn new(
        batch: usize,
        height: usize,
        width: usize,
        kernel: (usize, usize),
        stride: usize,
        padding: Padding,
    ) -> Self {
        Self {
            batch,
            height,
            width,
            kernel_h: kernel.0,
            kernel_w: kernel.1,
            stride_h: stride,
            stride_w: stride,
            padding,
        }
    }

    pub fn output(&self) -> WindowOutput {
        let (vertical, horizontal) = match self.padding {
            Padding::Explicit { top, bottom, left, right } => ((top, bottom), (left, right)),
            _ => ((0, 0), (0, 0)),
        };
        let (height, pad_top) = window_axis(self.height, self.kernel_h, self.stride_h, self.padding, vertical);
        let (width, pad_left) = window_axis(self.width, self.kernel_w, self.stride_w, self.padding, horizontal);
        WindowOutput { height, width, pad_top, pad_left }
    }

    fn validate(&self) {
        assert!(self.stride_h > 0 && self.stride_w > 0, "{self:?}: stride 0");
        let (pad_h, pad_w) = match self.padding {
            Padding::Explicit { top, bottom, left, right } => (top + bottom, left + right),
            _ => (0, 0),
        };
        if self.padding != Padding::Same {
            assert!(self.height + pad_h >= self.kernel_h, "{self:?}: kernel taller than the padded input");
            assert!(self.width + pad_w >= self.kernel_w, "{self:?}: kernel wider than the padded input");
        }
    }
}

/// 2-D convolution of NHWC input with HWIO weights, channels split into `groups` independent groups
/// (groups = in_channels = out_channels / multiplier is a depthwise convolution).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conv2d {
    pub window: Window,
    pub in_channels: usize,
    pub out_channels: usize,
    pub groups: usize,
}

impl Conv2d {
    pub fn in_per_group(&self) -> usize {
        self.in_channels / self.groups
    }

    pub fn out_per_group(&self) -> usize {
        self.out_channels / self.groups
    }

    pub fn input_len(&self) -> usize {
        self.window.batch * self.window.height * self.window.width * self.in_channels
    }

    pub fn weights_len(&self) -> usize {
        self.window.kernel_h * self.window.kernel_w * self.in_per_group() * self.out_channels
    }

    pub fn output_len(&self) -> usize {
        let out = self.window.output();
        self.window.batch * out.height * out.width * self.out_channels
    }

    pub fn is_depthwise(&self) -> bool {
        self.groups > 1 && self.groups == self.in_channels
    }

    pub fn flops(&self) -> f64 {
        let out = self.window.output();
        let per_output = self.window.kernel_h * self.window.kernel_w * self.in_per_group();
        2.0 * (self.window.batch * out.height * out.width * self.out_channels * per_output) as f64
    }

    /// The matrix product this convolution is, when it is a 1 × 1 one of stride 1 in one group: NHWC
    /// pixels (rows) times HWIO weights, which are then a channels-in × channels-out matrix. Its input
    /// gradient is then dy · Wᵀ and its filter gradient Xᵀ · dy.
    pub fn as_matmul(&self) -> Option<Matmul> {
        let w = &self.window;
        let pointwise = (w.kernel_h, w.kernel_w, w.stride_h, w.stride_w) == (1, 1, 1, 1) && self.groups == 1;
        pointwise.then(|| Matmul::new(w.batch * w.height * w.width, self.out_channels, self.in_channels))
    }

    /// Panics with the reason when the description is impossible.
    pub fn validate(&self) {
        assert!(self.groups > 0 && self.in_channels.is_multiple_of(self.groups), "{self:?}: in_channels % groups != 0");
        assert!(self.out_channels.is_multiple_of(self.groups), "{self:?}: out_channels % groups != 0");
        self.window.validate();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum PoolKind {
    Max,
    /// The mean over the window's cells that lie inside the input (padding is not counted).
    Average,
}

/// Max or average pooling over each channel of an NHWC input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool2d {
    pub window: Window,
    pub channels: usize,
    pub kind: PoolKind,
}

impl Pool2d {
    pub fn input_len(&self) -> usize {
        self.window.batch * self.window.height * self.window.width * self.channels
    }

    pub fn output_len(&self) -> usize {
        let out = self.window.output();
        self.window.batch * out.height * out.width * self.channels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(size: usize, kernel: usize, stride: usize, padding: Padding) -> Window {
        Window::new(1, size, size, (kernel, kernel), stride, padding)
    }

    #[test]
    fn same_padding_matches_tensorflow() {
        // 416 → 414 is VALID 3×3; SAME keeps 416 with one cell each side.
        assert_eq!(window(416, 3, 1, Padding::Valid).output().height, 414);
        let same = window(416, 3, 1, Padding::Same).output();
        assert_eq!((same.height, same.pad_top), (416, 1));
        // Stride 2 on an even size pads only at the bottom/right.
        let strided = window(56, 3, 2, Padding::Same).output();
        assert_eq!((strided.height, strided.pad_top), (28, 0));
        // Darknet's size-2 stride-1 maxpool: same size, the extra cell after.
        let darknet = window(13, 2, 1, Padding::Same).output();
        assert_eq!((darknet.height, darknet.pad_top), (13, 0));
    }

    #[test]
    fn explicit_padding_can_be_asymmetric() {
        let out = window(10, 3, 2, Padding::Explicit { top: 2, bottom: 0, left: 1, right: 1 }).output();
        assert_eq!((out.height, out.width, out.pad_top, out.pad_left), (5, 5, 2, 1));
    }
}

/// An NHWC tensor's shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Image {
    pub batch: usize,
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

impl Image {
    pub fn len(&self) -> usize {
        self.batch * self.height * self.width * self.channels
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn pixels(&self) -> usize {
        self.batch * self.height * self.width
    }

    /// The same image with every side doubled: the output of a nearest ×2 upsample.
    pub fn doubled(&self) -> Self {
        Self { height: 2 * self.height, width: 2 * self.width, ..*self }
    }
}

/// Where bilinear resizing samples the input for an output pixel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResizeMode {
    /// Pixel centres line up: source = (destination + 0.5) · input / output − 0.5 (TensorFlow's
    /// half_pixel_centers, PyTorch's align_corners=False).
    HalfPixel,
    /// Corner pixels line up: source = destination · (input − 1) / (output − 1).
    AlignCorners,
    /// Top-left corners line up: source = destination · input / output (TensorFlow's legacy default, as
    /// face-api.js resizes; ONNX's "asymmetric").
    Asymmetric,
}

impl ResizeMode {
    pub const ALL: [ResizeMode; 3] = [ResizeMode::HalfPixel, ResizeMode::AlignCorners, ResizeMode::Asymmetric];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resize {
    pub input: Image,
    pub out_height: usize,
    pub out_width: usize,
    pub mode: ResizeMode,
}

impl Resize {
    pub fn output(&self) -> Image {
        Image { height: self.out_height, width: self.out_width, ..self.input }
    }

    /// The source coordinate of `destination` along an axis of `input` → `output` cells, clamped into the
    /// input, split into the lower cell, the upper cell and the weight of the upper one.
    pub fn source(&self, destination: usize, input: usize, output: usize) -> (usize, usize, f32) {
        let position = match self.mode {
            ResizeMode::HalfPixel => (destination as f32 + 0.5) * input as f32 / output as f32 - 0.5,
            ResizeMode::AlignCorners if output > 1 => destination as f32 * (input - 1) as f32 / (output - 1) as f32,
            ResizeMode::AlignCorners => 0.0,
            ResizeMode::Asymmetric => destination as f32 * input as f32 / output as f32,
        };
        let position = position.clamp(0.0, (input - 1) as f32);
        let lower = position.floor() as usize;
        (lower, (lower + 1).min(input - 1), position - lower as f32)
    }
}

/// A recurrent cell: how one step's pre-activations z (the input's projection plus the last hidden state
/// times the recurrent weight) become the next hidden state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Cell {
    /// Elman's network: h = tanh(z).
    #[serde(rename = "rnn")]
    Tanh,
    /// Hochreiter and Schmidhuber's, with Gers et al.'s forget gate: z is four blocks [i, f, g, o];
    /// c = σ(f) · c₋₁ + σ(i) · tanh(g) and h = σ(o) · tanh(c).
    Lstm,
}

impl Cell {
    pub const ALL: [Cell; 2] = [Cell::Tanh, Cell::Lstm];

    /// Pre-activations per hidden unit.
    pub fn gates(self) -> usize {
        match self {
            Cell::Tanh => 1,
            Cell::Lstm => 4,
        }
    }

    /// Values per unit and step that the forward pass keeps for backward: h; or the four gates after
    /// their activations, then c.
    pub fn memory(self) -> usize {
        match self {
            Cell::Tanh => 1,
            Cell::Lstm => 5,
        }
    }

    /// Gradients per unit and step carried back through time: ∂L/∂h; and for the LSTM ∂L/∂c after it.
    pub fn state(self) -> usize {
        match self {
            Cell::Tanh => 1,
            Cell::Lstm => 2,
        }
    }
}

/// A recurrent layer over whole sequences, batch-major: every buffer is [batch, steps, values per step],
/// the pre-activations [.., gates · hidden] with the gates as blocks of `hidden`, the recurrent weight
/// [hidden, gates · hidden]. The state starts at zero in each sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recurrent {
    pub cell: Cell,
    pub batch: usize,
    pub steps: usize,
    pub hidden: usize,
}

impl Recurrent {
    /// Pre-activations per step and sequence.
    pub fn width(&self) -> usize {
        self.cell.gates() * self.hidden
    }

    fn per_step(&self, values: usize) -> usize {
        self.batch * self.steps * values * self.hidden
    }

    pub fn pre_len(&self) -> usize {
        self.per_step(self.cell.gates())
    }

    pub fn hidden_len(&self) -> usize {
        self.per_step(1)
    }

    pub fn memory_len(&self) -> usize {
        self.per_step(self.cell.memory())
    }

    pub fn state_len(&self) -> usize {
        self.per_step(self.cell.state())
    }

    pub fn weight_len(&self) -> usize {
        self.hidden * self.width()
    }
}

/// How a batch-norm divides by the running variance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VarianceNormalisation {
    /// (x − mean) / √(variance + ε): TensorFlow, PyTorch, ONNX.
    Standard { epsilon: f32 },
    /// (x − mean) / (√variance + 10⁻⁶): darknet.
    Darknet,
}

/// Batch-norm in inference form is a per-channel affine map y = x · scale + shift; this computes them.
pub fn fold_batch_norm(
    gamma: &[f32],
    beta: &[f32],
    mean: &[f32],
    variance: &[f32],
    normalisation: VarianceNormalisation,
) -> (Vec<f32>, Vec<f32>) {
    let scale: Vec<f32> = gamma
        .iter()
        .zip(variance)
        .map(|(g, v)| match normalisation {
            VarianceNormalisation::Standard { epsilon } => g / (v + epsilon).sqrt(),
            VarianceNormalisation::Darknet => g / (v.sqrt() + 1e-6),
        })
        .collect();
    let shift = beta.iter().zip(mean).zip(&scale).map(|((b, m), s)| b - m * s).collect();
    (scale, shift)
}

/// One Adam update's hyper-parameters; `step` counts from 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Adam {
    pub learning_rate: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub epsilon: f32,
    pub step: u32,
}

impl Adam {
    pub fn new(learning_rate: f32, step: u32) -> Self {
        Self { learning_rate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step }
    }
}
