//! The workshop's first CNN, and the benchmark's W3: for 28 × 28 grey images,
//! conv 3×3 (8) → ReLU → max-pool 2 → conv 3×3 (16) → ReLU → max-pool 2 → dense (10) → softmax,
//! trained with SGD (momentum optional) on softmax cross-entropy. Every buffer is allocated once, so a
//! training step allocates nothing and, on the GPU, is one submission.

use crate::activation::Activation;
use crate::engine::ops::{Conv2d, Matmul, Padding, Pool2d, PoolKind, Window};
use crate::engine::Backend;
use crate::rng::Rng;

pub const SIDE: usize = 28;
pub const CLASSES: usize = 10;
const FLATTENED: usize = 7 * 7 * 16;

/// A trainable tensor with its gradient and its SGD velocity.
struct Parameter<Buffer> {
    value: Buffer,
    grad: Buffer,
    velocity: Buffer,
}

impl<Buffer> Parameter<Buffer> {
    fn new<B: Backend<Buffer = Buffer>>(backend: &B, values: Vec<f32>) -> Self {
        let zeros = vec![0.0; values.len()];
        Self { grad: backend.upload(&zeros), velocity: backend.upload(&zeros), value: backend.upload(&values) }
    }
}

/// Per batch: the activations the backward pass needs and the gradients flowing back through them.
struct Buffers<Buffer> {
    conv1: Buffer,
    pool1: Buffer,
    conv2: Buffer,
    pool2: Buffer,
    logits: Buffer,
    logits_grad: Buffer,
    pool2_grad: Buffer,
    conv2_grad: Buffer,
    conv2_pre_grad: Buffer,
    pool1_grad: Buffer,
    conv1_grad: Buffer,
    conv1_pre_grad: Buffer,
    loss: Buffer,
}

pub struct MnistCnn<'a, B: Backend> {
    backend: &'a B,
    batch: usize,
    conv1: Conv2d,
    pool1: Pool2d,
    conv2: Conv2d,
    pool2: Pool2d,
    /// [w1, b1, w2, b2, w3, b3].
    parameters: [Parameter<B::Buffer>; 6],
    buffers: Buffers<B::Buffer>,
}

fn same_conv(batch: usize, side: usize, in_channels: usize, out_channels: usize) -> Conv2d {
    let window = Window::new(batch, side, side, (3, 3), 1, Padding::Same);
    Conv2d { window, in_channels, out_channels, groups: 1 }
}

fn pool(batch: usize, side: usize, channels: usize) -> Pool2d {
    let window = Window::new(batch, side, side, (2, 2), 2, Padding::Valid);
    Pool2d { window, channels, kind: PoolKind::Max }
}

impl<'a, B: Backend> MnistCnn<'a, B> {
    /// He-uniform weights from `seed`, zero biases, buffers for batches of `batch` images.
    pub fn new(backend: &'a B, batch: usize, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let mut he = |len: usize, fan_in: usize| {
            let limit = (6.0 / fan_in as f32).sqrt();
            (0..len).map(|_| rng.uniform_in(-limit, limit)).collect::<Vec<f32>>()
        };
        let (conv1, conv2) = (same_conv(batch, SIDE, 1, 8), same_conv(batch, 14, 8, 16));
        let (pool1, pool2) = (pool(batch, SIDE, 8), pool(batch, 14, 16));
        let parameters = [
            Parameter::new(backend, he(conv1.weights_len(), 9)),
            Parameter::new(backend, vec![0.0; 8]),
            Parameter::new(backend, he(conv2.weights_len(), 72)),
            Parameter::new(backend, vec![0.0; 16]),
            Parameter::new(backend, he(FLATTENED * CLASSES, FLATTENED)),
            Parameter::new(backend, vec![0.0; CLASSES]),
        ];
        let zeros = |len: usize| backend.upload(&vec![0.0; len]);
        let buffers = Buffers {
            conv1: zeros(conv1.output_len()),
            pool1: zeros(pool1.output_len()),
            conv2: zeros(conv2.output_len()),
            pool2: zeros(pool2.output_len()),
            logits: zeros(batch * CLASSES),
            logits_grad: zeros(batch * CLASSES),
            pool2_grad: zeros(pool2.output_len()),
            conv2_grad: zeros(conv2.output_len()),
            conv2_pre_grad: zeros(conv2.output_len()),
            pool1_grad: zeros(pool1.output_len()),
            conv1_grad: zeros(conv1.output_len()),
            conv1_pre_grad: zeros(conv1.output_len()),
            loss: zeros(1),
        };
        Self { backend, batch, conv1, pool1, conv2, pool2, parameters, buffers }
    }

    fn dense(&self) -> Matmul {
        Matmul::new(self.batch, CLASSES, FLATTENED)
    }

    /// Queues the forward pass of `images` ([batch, 28, 28, 1]); the logits land in the model's buffer.
    fn forward(&mut self, images: &B::Buffer) {
        let dense = self.dense();
        let (b, p, o) = (self.backend, &self.parameters, &mut self.buffers);
        b.conv2d(images, &p[0].value, &mut o.conv1, &self.conv1);
        b.bias_activation(&mut o.conv1, &p[1].value, 8, Activation::Relu);
        b.pool2d(&o.conv1, &mut o.pool1, &self.pool1);
        b.conv2d(&o.pool1, &p[2].value, &mut o.conv2, &self.conv2);
        b.bias_activation(&mut o.conv2, &p[3].value, 16, Activation::Relu);
        b.pool2d(&o.conv2, &mut o.pool2, &self.pool2);
        // The pooled NHWC activations are already the [batch, 784] matrix the dense layer reads.
        b.matmul(&o.pool2, &p[4].value, &mut o.logits, &dense);
        b.bias_activation(&mut o.logits, &p[5].value, CLASSES, Activation::Linear);
    }

    /// Queues one SGD step on a batch: `targets` one-hot [batch, 10]. The loss is read with `loss`.
    pub fn train_step(&mut self, images: &B::Buffer, targets: &B::Buffer, learning_rate: f32, momentum: f32) {
        self.forward(images);
        let dense = self.dense();
        let (b, p, o) = (self.backend, &mut self.parameters, &mut self.buffers);
        b.softmax_cross_entropy(&o.logits, targets, &mut o.logits_grad, &mut o.loss, CLASSES);
        // Dense: db = Σ dlogits, dW = Xᵀ · dlogits, dX = dlogits · Wᵀ.
        b.bias_backward(&o.logits_grad, &mut p[5].grad, CLASSES);
        b.matmul(
            &o.pool2,
            &o.logits_grad,
            &mut p[4].grad,
            &Matmul { m: FLATTENED, n: CLASSES, k: dense.m, transpose_a: true, transpose_b: false },
        );
        b.matmul(
            &o.logits_grad,
            &p[4].value,
            &mut o.pool2_grad,
            &Matmul { m: dense.m, n: FLATTENED, k: CLASSES, transpose_a: false, transpose_b: true },
        );
        // Second block.
        b.pool2d_backward(&o.conv2, &o.pool2_grad, &mut o.conv2_grad, &self.pool2);
        b.activation_backward(&o.conv2, &o.conv2_grad, &mut o.conv2_pre_grad, Activation::Relu);
        b.bias_backward(&o.conv2_pre_grad, &mut p[3].grad, 16);
        b.conv2d_backward_filter(&o.pool1, &o.conv2_pre_grad, &mut p[2].grad, &self.conv2);
        b.conv2d_backward_input(&o.conv2_pre_grad, &p[2].value, &mut o.pool1_grad, &self.conv2);
        // First block.
        b.pool2d_backward(&o.conv1, &o.pool1_grad, &mut o.conv1_grad, &self.pool1);
        b.activation_backward(&o.conv1, &o.conv1_grad, &mut o.conv1_pre_grad, Activation::Relu);
        b.bias_backward(&o.conv1_pre_grad, &mut p[1].grad, 8);
        b.conv2d_backward_filter(images, &o.conv1_pre_grad, &mut p[0].grad, &self.conv1);
        for parameter in p.iter_mut() {
            b.sgd_momentum(&mut parameter.value, &parameter.grad, &mut parameter.velocity, learning_rate, momentum);
        }
    }

    /// The last step's mean cross-entropy, once computed.
    pub async fn loss(&self) -> f32 {
        self.backend.read(&self.buffers.loss).await[0]
    }

    /// Class probabilities for a batch of images, [batch, 10].
    pub async fn predict(&mut self, images: &B::Buffer) -> Vec<f32> {
        self.forward(images);
        let mut probabilities = self.backend.upload(&vec![0.0; self.batch * CLASSES]);
        self.backend.softmax(&self.buffers.logits, &mut probabilities, CLASSES);
        self.backend.read(&probabilities).await
    }
}
