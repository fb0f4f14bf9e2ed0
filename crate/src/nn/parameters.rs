//! A network's named parameters and the optimisers that step them.
//!
//! A parameter keeps its name (the key in safetensors files, so saved networks keep loading), its role, a
//! trainable flag and a learning-rate multiplier. Graphs of any batch size share one `Parameters`: the
//! CNN lab trains at batch 32, evaluates at 250 and classifies the drawn digit at 1 with the same weights.
//! Gradients and optimiser moments are made on first use, so an inference-only network never holds them.

use crate::engine::ops::Adam;
use crate::engine::Backend;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// What a parameter is for: initialisers, weight decay and the inside views tell weights from the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Weight,
    Bias,
    NormScale,
    NormShift,
    /// Batch statistics: updated by the forward pass in training mode, never by an optimiser.
    RunningMean,
    RunningVariance,
}

/// A parameter's index in its `Parameters`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParameterId(pub(crate) usize);

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Optimiser {
    Sgd {
        #[serde(rename = "learningRate")]
        learning_rate: f32,
        momentum: f32,
    },
    Adam {
        #[serde(rename = "learningRate")]
        learning_rate: f32,
        /// The first moment's decay: 0.9 as Kingma and Ba's default; GANs take 0.5, so that the momentum
        /// follows an opponent that moves (Radford et al.).
        beta1: f32,
    },
}

impl Optimiser {
    /// Adam with Kingma and Ba's defaults.
    pub fn adam(learning_rate: f32) -> Self {
        Self::Adam { learning_rate, beta1: 0.9 }
    }
}

pub struct Parameter<Buffer> {
    pub name: String,
    pub shape: Vec<usize>,
    pub role: Role,
    /// Frozen parameters are never stepped and get no gradient: their values stay bit-identical.
    pub trainable: bool,
    /// Scales the optimiser's learning rate for this parameter (fine-tuning trains a head faster).
    pub learning_rate_multiplier: f32,
    /// The strength λ of an L1 penalty λ · Σ|value| added to the loss (pruning's sparsity pressure): each
    /// step adds λ · sign(value) to the gradient. Zero: none.
    pub l1: f32,
    pub(crate) value: Buffer,
    /// ∂loss/∂value from the last backward pass that reached this parameter.
    pub(crate) grad: Option<Buffer>,
    /// Whether `grad` was written since the last optimiser step: a parameter the last backward pass did
    /// not reach holds an old gradient, which must not be applied again.
    pub(crate) fresh: bool,
    /// SGD's velocity, or Adam's first and second moments.
    moments: Option<(Buffer, Buffer)>,
    /// sign(value), then the penalised gradient before it swaps in: made on the first penalised step.
    penalty: Option<(Buffer, Buffer)>,
}

impl<Buffer> Parameter<Buffer> {
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn check_len(&self, values: &[f32]) -> Result<(), String> {
        match values.len() == self.len() {
            true => Ok(()),
            false => {
                Err(format!("{}: {} values, its shape {:?} needs {}", self.name, values.len(), self.shape, self.len()))
            }
        }
    }
}

pub struct Parameters<B: Backend> {
    entries: Vec<Parameter<B::Buffer>>,
    adam_steps: u32,
}

/// He-uniform weights of `shape` (uniform in ±√(6 / fan-in)), the fan-in being every dimension but the
/// last: a convolution's [kh, kw, in, out] or a dense layer's [in, out]. Activations then keep their scale
/// through a deep stack of ReLUs.
pub fn he_uniform(rng: &mut Rng, shape: &[usize]) -> Vec<f32> {
    let fan_in: usize = shape[..shape.len() - 1].iter().product();
    let limit = (6.0 / fan_in as f32).sqrt();
    (0..shape.iter().product()).map(|_| rng.uniform_in(-limit, limit)).collect()
}

impl<B: Backend> Default for Parameters<B> {
    fn default() -> Self {
        Self { entries: Vec::new(), adam_steps: 0 }
    }
}

impl<B: Backend> Parameters<B> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a trainable parameter holding `values`; names are unique and `values` fills `shape`.
    pub fn add(&mut self, backend: &B, name: &str, shape: &[usize], role: Role, values: &[f32]) -> ParameterId {
        assert!(self.find(name).is_none(), "a parameter named {name} exists already");
        let len: usize = shape.iter().product();
        assert_eq!(values.len(), len, "{name}: {} values for shape {shape:?}", values.len());
        let trainable = !matches!(role, Role::RunningMean | Role::RunningVariance);
        self.entries.push(Parameter {
            name: name.to_owned(),
            shape: shape.to_vec(),
            role,
            trainable,
            learning_rate_multiplier: 1.0,
            l1: 0.0,
            value: backend.upload(values),
            grad: None,
            fresh: false,
            moments: None,
            penalty: None,
        });
        ParameterId(self.entries.len() - 1)
    }

    /// The same parameters, values and flags, with no gradient or optimiser state yet: what a shard of a
    /// batch reads its values from and writes its gradient to (`nn::shards`).
    pub(crate) fn replica(&self, backend: &B) -> Self {
        let entries = self
            .entries
            .iter()
            .map(|p| Parameter {
                name: p.name.clone(),
                shape: p.shape.clone(),
                value: backend.zeros(p.len()),
                grad: None,
                fresh: false,
                moments: None,
                penalty: None,
                ..*p
            })
            .collect();
        let mut replica = Self { entries, adam_steps: 0 };
        replica.copy_values(backend, self);
        replica
    }

    /// Copies the values and flags of `source` (of which this is a replica) into these: what is trainable
    /// decides which gradients a backward pass writes.
    pub(crate) fn copy_values(&mut self, backend: &B, source: &Self) {
        for (p, from) in self.entries.iter_mut().zip(&source.entries) {
            backend.scale(&from.value, 1.0, &mut p.value);
            (p.trainable, p.learning_rate_multiplier, p.l1) = (from.trainable, from.learning_rate_multiplier, from.l1);
        }
    }

    /// Adds the gradients a replica's backward pass wrote (the fresh ones) to these, through one scratch
    /// buffer per parameter (made on first use); a parameter with no fresh gradient of its own takes the
    /// replica's.
    pub(crate) fn add_gradients(&mut self, backend: &B, replica: &Self, scratch: &mut Vec<Option<B::Buffer>>) {
        scratch.resize_with(self.entries.len(), || None);
        for ((p, from), sum) in self.entries.iter_mut().zip(&replica.entries).zip(scratch) {
            let Some(added) = from.grad.as_ref().filter(|_| from.fresh) else { continue };
            let len = p.len();
            let grad = p.grad.get_or_insert_with(|| backend.zeros(len));
            if p.fresh {
                let sum = sum.get_or_insert_with(|| backend.zeros(len));
                backend.add(grad, added, sum);
                std::mem::swap(grad, sum);
            } else {
                backend.scale(added, 1.0, grad);
                p.fresh = true;
            }
        }
    }

    pub fn find(&self, name: &str) -> Option<ParameterId> {
        self.entries.iter().position(|p| p.name == name).map(ParameterId)
    }

    pub fn get(&self, id: ParameterId) -> &Parameter<B::Buffer> {
        &self.entries[id.0]
    }

    pub fn get_mut(&mut self, id: ParameterId) -> &mut Parameter<B::Buffer> {
        &mut self.entries[id.0]
    }

    pub(crate) fn entries_mut(&mut self) -> &mut [Parameter<B::Buffer>] {
        &mut self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every parameter, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = (ParameterId, &Parameter<B::Buffer>)> {
        self.entries.iter().enumerate().map(|(i, p)| (ParameterId(i), p))
    }

    pub fn value(&self, id: ParameterId) -> &B::Buffer {
        &self.entries[id.0].value
    }

    pub async fn read(&self, backend: &B, id: ParameterId) -> Vec<f32> {
        backend.read(&self.entries[id.0].value).await
    }

    /// Every parameter's value, in order, read together (`Backend::read_all`).
    pub async fn read_all(&self, backend: &B) -> Vec<Vec<f32>> {
        let values: Vec<&B::Buffer> = self.entries.iter().map(|entry| &entry.value).collect();
        backend.read_all(&values).await
    }

    /// The gradient the last backward pass wrote, if one reached this parameter.
    pub async fn read_gradient(&self, backend: &B, id: ParameterId) -> Option<Vec<f32>> {
        match &self.entries[id.0].grad {
            Some(grad) if self.entries[id.0].fresh => Some(backend.read(grad).await),
            _ => None,
        }
    }

    /// Overwrites a parameter's values (`values` fills its shape).
    pub fn write(&mut self, backend: &B, id: ParameterId, values: &[f32]) -> Result<(), String> {
        let parameter = &mut self.entries[id.0];
        parameter.check_len(values)?;
        backend.write(&mut parameter.value, values);
        Ok(())
    }

    /// Overwrites every parameter, in the order they were added; writes nothing unless every tensor
    /// fills its parameter's shape.
    pub fn write_all(&mut self, backend: &B, values: &[Vec<f32>]) -> Result<(), String> {
        if values.len() != self.entries.len() {
            return Err(format!("{} tensors given, the network has {}", values.len(), self.entries.len()));
        }
        for (parameter, values) in self.entries.iter().zip(values) {
            parameter.check_len(values)?;
        }
        for (parameter, values) in self.entries.iter_mut().zip(values) {
            backend.write(&mut parameter.value, values);
        }
        Ok(())
    }

    /// Replaces every parameter (as `write_all`) and restarts the optimiser: new weights start afresh.
    pub fn load(&mut self, backend: &B, values: &[Vec<f32>]) -> Result<(), String> {
        self.write_all(backend, values)?;
        self.reset_optimiser();
        Ok(())
    }

    /// Forgets the optimiser's moments and step count, as after loading new weights.
    fn reset_optimiser(&mut self) {
        self.adam_steps = 0;
        for parameter in &mut self.entries {
            parameter.moments = None;
            parameter.fresh = false;
        }
    }

    /// One optimiser step on every trainable parameter the last backward pass reached.
    /// Scales the gradients the next `step` applies so that their joint L2 norm is at most `max_norm`
    /// (0: no limit), and returns the norm they had. It reads them: on WebGPU, one wait for the GPU.
    pub async fn clip_gradient_norm(&mut self, backend: &B, max_norm: f32) -> f32 {
        let due: Vec<&mut Parameter<B::Buffer>> =
            self.entries.iter_mut().filter(|p| p.trainable && p.fresh && p.grad.is_some()).collect();
        let buffers: Vec<&B::Buffer> = due.iter().map(|p| p.grad.as_ref().expect("filtered")).collect();
        let gradients = backend.read_all(&buffers).await;
        let squares: f64 = gradients.iter().flatten().map(|&g| f64::from(g) * f64::from(g)).sum();
        let norm = squares.sqrt() as f32;
        if max_norm > 0.0 && norm > max_norm {
            let factor = max_norm / norm;
            for (p, gradient) in due.into_iter().zip(gradients) {
                let scaled: Vec<f32> = gradient.iter().map(|g| g * factor).collect();
                backend.write(p.grad.as_mut().expect("filtered"), &scaled);
            }
        }
        norm
    }

    pub fn step(&mut self, backend: &B, optimiser: Optimiser) {
        self.adam_steps += u32::from(matches!(optimiser, Optimiser::Adam { .. }));
        for p in &mut self.entries {
            if !p.trainable || !p.fresh {
                continue;
            }
            p.fresh = false;
            let len = p.len();
            if p.l1 != 0.0 {
                let grad = p.grad.as_mut().expect("a fresh gradient");
                let (sign, penalised) = p.penalty.get_or_insert_with(|| (backend.zeros(len), backend.zeros(len)));
                backend.sign(&p.value, sign);
                backend.axpby(1.0, grad, p.l1, sign, penalised);
                std::mem::swap(grad, penalised);
            }
            let grad = p.grad.as_ref().expect("a fresh gradient");
            let (first, second) = p.moments.get_or_insert_with(|| (backend.zeros(len), backend.zeros(len)));
            match optimiser {
                Optimiser::Sgd { learning_rate, momentum } => {
                    let rate = learning_rate * p.learning_rate_multiplier;
                    backend.sgd_momentum(&mut p.value, grad, first, rate, momentum)
                }
                Optimiser::Adam { learning_rate, beta1 } => {
                    let rate = learning_rate * p.learning_rate_multiplier;
                    let op = Adam { beta1, ..Adam::new(rate, self.adam_steps) };
                    backend.adam(&mut p.value, grad, first, second, &op)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scalar::Scalar;

    #[test]
    fn an_l1_penalty_pulls_each_value_towards_zero_by_its_strength() {
        let mut parameters = Parameters::new();
        let id = parameters.add(&Scalar, "w", &[3], Role::Weight, &[0.5, -2.0, 0.0]);
        let p = parameters.get_mut(id);
        p.l1 = 0.1;
        // A zero gradient from the loss: the step is the penalty's alone, λ · sign(w) at learning rate 1.
        (p.grad, p.fresh) = (Some(Scalar.zeros(3)), true);
        parameters.step(&Scalar, Optimiser::Sgd { learning_rate: 1.0, momentum: 0.0 });
        let values = pollster::block_on(parameters.read(&Scalar, id));
        assert!(values.iter().zip([0.4, -1.9, 0.0]).all(|(v, e)| (v - e).abs() < 1e-6), "{values:?}");
    }

    #[test]
    fn clipping_scales_the_gradients_to_the_norm_and_leaves_smaller_ones_alone() {
        let mut parameters = Parameters::new();
        let (a, b) = (
            parameters.add(&Scalar, "a", &[2], Role::Weight, &[0.0; 2]),
            parameters.add(&Scalar, "b", &[1], Role::Weight, &[0.0]),
        );
        let set = |parameters: &mut Parameters<Scalar>, id, values: &[f32]| {
            let p = parameters.get_mut(id);
            (p.grad, p.fresh) = (Some(Scalar.upload(values)), true);
        };
        // (3, 4) and (12): a joint norm of 13, clipped to 6.5, halves them.
        set(&mut parameters, a, &[3.0, 4.0]);
        set(&mut parameters, b, &[12.0]);
        assert_eq!(pollster::block_on(parameters.clip_gradient_norm(&Scalar, 6.5)), 13.0);
        assert_eq!(parameters.get(a).grad.as_deref().map(Vec::as_slice), Some(&[1.5, 2.0][..]));
        assert_eq!(parameters.get(b).grad.as_deref().map(Vec::as_slice), Some(&[6.0][..]));
        assert_eq!(pollster::block_on(parameters.clip_gradient_norm(&Scalar, 10.0)), 6.5);
        assert_eq!(parameters.get(b).grad.as_deref().map(Vec::as_slice), Some(&[6.0][..]));
    }

    #[test]
    fn adam_takes_the_first_moment_s_decay_it_is_given() {
        let mut parameters = Parameters::new();
        let id = parameters.add(&Scalar, "w", &[1], Role::Weight, &[1.0]);
        for g in [0.5, -1.0] {
            let p = parameters.get_mut(id);
            (p.grad, p.fresh) = (Some(Scalar.upload(&[g])), true);
            parameters.step(&Scalar, Optimiser::Adam { learning_rate: 0.1, beta1: 0.5 });
        }
        // Step 1 moves by the learning rate. Step 2, g = −1: m = 0.5 · 0.25 − 0.5 = −0.375, m̂ = −0.375 / 0.75;
        // v = 0.00124975, v̂ = v / 0.001999 = 0.6251876: w = 0.9 + 0.1 · 0.5 / 0.7906881 (β₁ 0.9 gives 0.93661).
        let value = pollster::block_on(parameters.read(&Scalar, id))[0];
        assert!((value - 0.963_236_06).abs() < 1e-6, "{value}");
    }
}
