//! The WebGPU backend: the ops as WGSL compute pipelines (`shaders/*.wgsl`) through wgpu, which drives
//! Vulkan, Metal or DX12 natively (Mesa's lavapipe on a machine without a GPU).
//!
//! - Pipelines are compiled once per (shader, entry point) and cached.
//! - Ops are recorded into one command encoder and submitted together when a result is read or `finish`
//!   is called, so a whole network is one submission.
//! - Each distinct set of a dispatch's parameters is written once into a small uniform buffer, and each
//!   dispatch's bind group is made once and cached with the buffers it binds, so steady-state loops make
//!   neither (`commands.rs`).
//! - A submission's dispatches share one compute pass.
//! - Results are read back through mappable buffers that are pooled too, so a webcam loop reading the
//!   same outputs every frame creates no buffers once warm.
//! - Reading back is the only synchronisation, and it is asynchronous: in the browser the GPU answers
//!   through the event loop (`signal.rs`); natively `Device::poll` waits for it.

mod codes;
mod commands;
mod elementwise;
mod epilogue;
mod layout;
mod losses;
mod matmul;
mod normalisation;
mod optimisers;
mod pass_clock;
mod recurrent;
mod shader;
mod signal;
mod window;

use super::backend::Backend;
use super::ops::{Adam, Conv2d, Image, Matmul, Pool2d, Recurrent, Resize};
use crate::activation::Activation;
use epilogue::Epilogue;
pub use matmul::{ProductKernel, ProductKernels, TunedKernels};
use pass_clock::PassClock;
use signal::Signal;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A tensor in GPU memory.
pub struct GpuBuffer {
    buffer: wgpu::Buffer,
    len: usize,
}

pub struct WebGpu {
    device: wgpu::Device,
    queue: wgpu::Queue,
    adapter: String,
    modules: RefCell<HashMap<&'static str, wgpu::ShaderModule>>,
    /// Compiled pipelines.
    pipelines: RefCell<HashMap<commands::PipelineKey, wgpu::ComputePipeline>>,
    encoder: RefCell<Option<wgpu::CommandEncoder>>,
    /// The open compute pass of `encoder`, if any.
    pass: RefCell<Option<wgpu::ComputePass<'static>>>,
    /// Uniform buffers by the parameter values they hold (`params_buffer`).
    params: RefCell<HashMap<Vec<u8>, wgpu::Buffer>>,
    bind_groups: RefCell<commands::BindGroups>,
    /// Scratch buffers ready for use, and those used by the commands not yet submitted (`scratch`).
    free_scratch: RefCell<Vec<wgpu::Buffer>>,
    used_scratch: RefCell<Vec<wgpu::Buffer>>,
    /// Readback buffers not in use (`staging_buffer`).
    free_staging: RefCell<Vec<wgpu::Buffer>>,
    /// The first error the device reported outside any error scope (an invalid shader or dispatch). A
    /// browser reports these only to the console and runs nothing, so `read` and `finish` turn them into a
    /// panic with the message — which the page shows — rather than return stale values.
    device_error: Arc<Mutex<Option<String>>>,
    /// Whether the device is gone (a driver reset, an adapter unplugged, `destroy`): not a bug but an
    /// event a lab recovers from, so reads answer NaN instead of panicking and the lab asks `lost`.
    lost: Arc<Mutex<Loss>>,
    /// Tensors made so far (`upload`): a warm training step or webcam frame makes none.
    tensors_made: std::cell::Cell<usize>,
    /// Command buffers submitted so far: a training step records into one.
    submissions: std::cell::Cell<usize>,
    /// Bind groups made so far (a new parameter set makes one too): a warm SGD step makes none.
    bind_groups_made: std::cell::Cell<usize>,
    /// The kernels for deep matrix products on this adapter (`matmul::autotune`).
    products: std::cell::Cell<ProductKernels>,
    /// Names this adapter and the kernels' source for a remembered choice (`TunedKernels::key`), and
    /// whether `products` is one.
    tuning_key: String,
    remembered: bool,
    /// Timestamps around compute passes, where the adapter writes them (`Backend::finish_timed`).
    clock: Option<PassClock>,
    /// Whether the sums over a workgroup go by subgroups (`shader::Shader::reducing`): where the device
    /// has them (`has_subgroups`).
    subgroups: std::cell::Cell<bool>,
}

/// A wgpu instance on the primary backends: WebGPU in the browser; Vulkan, Metal or DX12 natively (GL
/// would only add a second view of the same device).
pub fn instance() -> wgpu::Instance {
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle();
    descriptor.backends = wgpu::Backends::PRIMARY;
    wgpu::Instance::new(descriptor)
}

/// Whether `device` has subgroups. Natively wgpu asked for them where the adapter has them; in the browser
/// it cannot yet (gfx-rs/wgpu#5555), and the engine worker asks for them on its behalf
/// (web/src/engine/subgroups.ts), so there the browser's own device says.
fn has_subgroups(device: &wgpu::Device) -> bool {
    #[cfg(target_arch = "wasm32")]
    if let Some(device) = device.as_webgpu() {
        return device.features().has("subgroups");
    }
    device.features().contains(wgpu::Features::SUBGROUP)
}

impl WebGpu {
    /// Opens the best adapter wgpu finds (WebGPU in the browser; Vulkan, Metal or DX12 natively), or says
    /// why there is none; its product kernels are tuned on it (`tuned`).
    pub async fn connect() -> Result<Self, String> {
        Self::connect_remembering(|_| None).await
    }

    /// `connect`, except that where `remembered` has kernels for the adapter's `TunedKernels::key` (what an
    /// earlier connection's `tuned` gave) they are used, and the autotune does not run.
    pub async fn connect_remembering(remembered: impl FnOnce(&str) -> Option<ProductKernels>) -> Result<Self, String> {
        let instance = instance();
        let options = wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            ..Default::default()
        };
        let adapter = instance.request_adapter(&options).await.map_err(|e| format!("no GPU adapter ({e})"))?;
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("playground"),
                required_features: adapter.features() & (wgpu::Features::TIMESTAMP_QUERY | wgpu::Features::SUBGROUP),
                required_limits: adapter.limits(),
                ..Default::default()
            })
            .await
            .map_err(|e| format!("the GPU adapter refused a device: {e}"))?;
        let info = adapter.get_info();
        let tuning_key = matmul::tuning_key(&info);
        let kept = remembered(&tuning_key);
        let device_error = Arc::new(Mutex::new(None));
        let first_error = device_error.clone();
        device.on_uncaptured_error(Arc::new(move |error: wgpu::Error| {
            first_error.lock().expect("error slot poisoned").get_or_insert_with(|| error.to_string());
        }));
        let lost = Arc::new(Mutex::new(Loss::default()));
        let on_loss = lost.clone();
        device.set_device_lost_callback(move |reason, message| {
            Loss::happened(&on_loss, format!("{reason:?}: {message}"));
        });
        let gpu = Self {
            clock: PassClock::new(&device, &queue),
            subgroups: std::cell::Cell::new(has_subgroups(&device)),
            device,
            queue,
            adapter: format!("{} ({:?})", info.name, info.backend),
            tensors_made: std::cell::Cell::new(0),
            submissions: std::cell::Cell::new(0),
            bind_groups_made: std::cell::Cell::new(0),
            products: std::cell::Cell::new(kept.unwrap_or(ProductKernels::all(ProductKernel::Staged))),
            tuning_key,
            remembered: kept.is_some(),
            modules: RefCell::default(),
            pipelines: RefCell::default(),
            encoder: RefCell::default(),
            pass: RefCell::default(),
            params: RefCell::default(),
            bind_groups: RefCell::default(),
            free_scratch: RefCell::default(),
            used_scratch: RefCell::default(),
            free_staging: RefCell::default(),
            device_error,
            lost,
        };
        if kept.is_none() {
            gpu.products.set(matmul::autotune(&gpu).await);
        }
        Ok(gpu)
    }

    /// Why the device was lost, once it was; nothing computed since is to be trusted.
    pub fn lost(&self) -> Option<String> {
        self.lost.lock().expect("loss lock poisoned").reason.clone()
    }

    /// Destroys the device, as a driver reset would: for tests of what the labs do when a GPU goes away.
    pub fn destroy(&self) {
        self.device.destroy();
        // The browser reports the loss a moment later; nothing may run on the device meanwhile.
        Loss::happened(&self.lost, "Destroyed: destroyed on request".into());
    }

    /// Waits for `signal`, or for the device's loss, whichever comes first.
    async fn unless_lost(&self, signal: Signal) {
        if self.lost.lock().expect("loss lock poisoned").wait_with(signal.clone()) {
            signal.await;
        }
    }

    /// Panics with the device's first error, if it reported one.
    fn check_device(&self) {
        if let Some(error) = self.device_error.lock().expect("error slot poisoned").as_ref() {
            panic!("the GPU reported an error: {error}");
        }
    }

    /// `connect`, waiting for it: for native code.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new() -> Result<Self, String> {
        pollster::block_on(Self::connect())
            .map_err(|e| format!("{e}; on Debian, apt-get install mesa-vulkan-drivers gives a CPU Vulkan driver"))
    }

    /// Natively, runs the device until the GPU has done all submitted work (and fired its callbacks). In
    /// the browser the event loop does this by itself.
    fn wait_natively(&self) {
        #[cfg(not(target_arch = "wasm32"))]
        if let Err(error) = self.device.poll(wgpu::PollType::wait_indefinitely()) {
            Loss::happened(&self.lost, format!("waiting for the GPU failed: {error}"));
        }
    }

    /// Submits what is recorded (copies into `staging` among it), waits for the GPU to finish it, and
    /// reads `staging`'s bytes with `read`; `staging` returns to the pool. None once the device is lost.
    async fn read_staging<T>(&self, staging: wgpu::Buffer, read: impl FnOnce(&[u8]) -> T) -> Option<T> {
        self.submit();
        let mapped = Signal::default();
        let signal = mapped.clone();
        let lost = self.lost.clone();
        staging.slice(..).map_async(wgpu::MapMode::Read, move |result| {
            // A buffer of ours fails to map only when the device has gone.
            if let Err(error) = result {
                Loss::happened(&lost, format!("reading a result failed: {error}"));
            }
            signal.fire();
        });
        self.wait_natively();
        self.unless_lost(mapped).await;
        if self.lost().is_some() {
            return None;
        }
        self.check_device();
        let view = staging.slice(..).get_mapped_range().expect("the readback buffer is mapped");
        let value = read(&view);
        drop(view);
        staging.unmap();
        self.free_staging.borrow_mut().push(staging);
        Some(value)
    }

    /// How many tensors (`Backend::upload`, `Backend::zeros`) this backend has made.
    pub fn tensors_made(&self) -> usize {
        self.tensors_made.get()
    }

    /// How many command buffers this backend has submitted.
    pub fn submissions(&self) -> usize {
        self.submissions.get()
    }

    /// The kernels deep matrix products run on this adapter.
    pub fn products(&self) -> ProductKernels {
        self.products.get()
    }

    /// The kernels this connection chose, with what an earlier connection needs to find them again.
    pub fn tuned(&self) -> TunedKernels {
        TunedKernels { key: self.tuning_key.clone(), kernels: self.products.get(), remembered: self.remembered }
    }

    /// Makes deep matrix products run `kernels`, whichever are faster here: for tests of every kernel.
    pub fn choose_products(&self, kernels: ProductKernels) {
        self.products.set(kernels);
    }

    /// Whether sums over a workgroup go by subgroups.
    pub fn subgroups(&self) -> bool {
        self.subgroups.get()
    }

    /// Makes sums over a workgroup go through workgroup memory, as where the device has no subgroups: for
    /// tests of both ways on a device that has them. The modules compiled so far are compiled again.
    pub fn reduce_without_subgroups(&self) {
        self.subgroups.set(false);
        self.forget_compiled();
    }

    /// How many bind groups this backend has made.
    pub fn bind_groups_made(&self) -> usize {
        self.bind_groups_made.get()
    }
}

/// The device's loss, and the waits it ends.
#[derive(Default)]
struct Loss {
    reason: Option<String>,
    waiting: Vec<Signal>,
}

impl Loss {
    /// Records the first reason and ends every wait.
    fn happened(loss: &Mutex<Loss>, reason: String) {
        let mut loss = loss.lock().expect("loss lock poisoned");
        loss.reason.get_or_insert(reason);
        loss.waiting.drain(..).for_each(|signal| signal.fire());
    }

    /// Whether `signal` is worth waiting for: false once the device is lost; otherwise the loss will fire it.
    fn wait_with(&mut self, signal: Signal) -> bool {
        // Signals that fired long ago stay listed until the loss: a few per read, dropped on the next read.
        self.waiting.retain(|waiting| !waiting.has_fired());
        if self.reason.is_some() {
            return false;
        }
        self.waiting.push(signal);
        true
    }
}

impl Backend for WebGpu {
    type Buffer = GpuBuffer;

    fn name(&self) -> String {
        format!("webgpu: {}", self.adapter)
    }

    fn upload(&self, data: &[f32]) -> GpuBuffer {
        self.tensors_made.set(self.tensors_made.get() + 1);
        // A zero-sized binding is invalid; an empty tensor still gets one (unused) element.
        let contents: &[f32] = if data.is_empty() { &[0.0] } else { data };
        // A queue write rather than a buffer mapped at creation: on a lost device the write goes nowhere,
        // where mapping fails outright (natively).
        let buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("tensor"),
            size: std::mem::size_of_val(contents) as u64,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        self.queue.write_buffer(&buffer, 0, bytemuck::cast_slice(contents));
        GpuBuffer { buffer, len: data.len() }
    }

    fn len(&self, buffer: &GpuBuffer) -> usize {
        buffer.len
    }

    fn write(&self, buffer: &mut GpuBuffer, data: &[f32]) {
        assert_eq!(buffer.len, data.len(), "write: the data and the buffer differ in length");
        // Queue writes run before the next submission: submit what is recorded so far, so that ops queued
        // earlier still read the old contents.
        self.submit();
        if !data.is_empty() {
            self.queue.write_buffer(&buffer.buffer, 0, bytemuck::cast_slice(data));
        }
    }

    async fn read(&self, buffer: &GpuBuffer) -> Vec<f32> {
        self.read_all(&[buffer]).await.pop().expect("one buffer read")
    }

    async fn read_all(&self, buffers: &[&GpuBuffer]) -> Vec<Vec<f32>> {
        // Every buffer copied into one staging buffer, each at its own (4-aligned) offset.
        let lens: Vec<usize> = buffers.iter().map(|b| b.len.max(1)).collect();
        let size = (lens.iter().sum::<usize>().max(1) * 4) as u64;
        let staging = self.staging_buffer(size);
        self.with_encoder(|encoder| {
            let mut offset = 0;
            for (buffer, len) in buffers.iter().zip(&lens) {
                encoder.copy_buffer_to_buffer(&buffer.buffer, 0, &staging, offset, (len * 4) as u64);
                offset += (len * 4) as u64;
            }
        });
        let values = self.read_staging(staging, |bytes| {
            let all = bytemuck::cast_slice::<u8, f32>(bytes);
            let mut offset = 0;
            let values = buffers.iter().zip(&lens).map(|(buffer, len)| {
                let values = all[offset..offset + buffer.len].to_vec();
                offset += len;
                values
            });
            values.collect()
        });
        values.await.unwrap_or_else(|| buffers.iter().map(|b| vec![f32::NAN; b.len]).collect())
    }

    async fn finish(&self) {
        self.submit();
        let done = Signal::default();
        let signal = done.clone();
        self.queue.on_submitted_work_done(move || signal.fire());
        self.wait_natively();
        self.unless_lost(done).await;
        if self.lost().is_none() {
            self.check_device();
        }
    }

    fn start_clock(&self) {
        if let Some(clock) = &self.clock {
            // The open pass began untimed: later dispatches go into a new one.
            self.pass.borrow_mut().take();
            clock.start();
        }
    }

    async fn finish_timed(&self) -> Option<f64> {
        // Submitting copies the last passes' timestamps after the others.
        self.submit();
        let Some((clock, stamps)) = self.clock.as_ref().and_then(|clock| Some((clock, clock.stop()?))) else {
            self.finish().await;
            return None;
        };
        let size = (stamps.max(1) * 8) as u64;
        let staging = self.staging_buffer(size);
        self.with_encoder(|encoder| encoder.copy_buffer_to_buffer(clock.times(), 0, &staging, 0, size));
        let ticks = |bytes: &[u8]| {
            let ticks = bytes.chunks_exact(8).take(stamps);
            ticks.map(|tick| u64::from_le_bytes(tick.try_into().expect("8 bytes"))).collect::<Vec<_>>()
        };
        Some(clock.pass_ms(&self.read_staging(staging, ticks).await?))
    }

    fn forget_compiled(&self) {
        self.pipelines.borrow_mut().clear();
        self.modules.borrow_mut().clear();
        // A bind group fits only the pipeline whose layout made it.
        self.bind_groups.borrow_mut().clear();
    }

    fn matmul(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer, op: &Matmul) {
        matmul::matmul(self, a, b, out, op, Epilogue::NONE);
    }

    /// The bias and activation in the product's own dispatch (epilogue.wgsl).
    fn matmul_bias_activation(
        &self,
        a: &GpuBuffer,
        b: &GpuBuffer,
        bias: Option<&GpuBuffer>,
        out: &mut GpuBuffer,
        op: &Matmul,
        activation: Activation,
    ) {
        matmul::matmul(self, a, b, out, op, Epilogue { bias, activation });
    }

    fn conv2d(&self, input: &GpuBuffer, weights: &GpuBuffer, out: &mut GpuBuffer, op: &Conv2d) {
        window::conv2d(self, input, weights, out, op, Epilogue::NONE);
    }

    /// The bias and activation in the convolution's own dispatch (epilogue.wgsl).
    fn conv2d_bias_activation(
        &self,
        input: &GpuBuffer,
        weights: &GpuBuffer,
        bias: Option<&GpuBuffer>,
        out: &mut GpuBuffer,
        op: &Conv2d,
        activation: Activation,
    ) {
        window::conv2d(self, input, weights, out, op, Epilogue { bias, activation });
    }

    fn conv2d_backward_input(&self, dy: &GpuBuffer, weights: &GpuBuffer, dx: &mut GpuBuffer, op: &Conv2d) {
        window::conv2d_backward_input(self, dy, weights, dx, op);
    }

    fn conv2d_backward_filter(&self, input: &GpuBuffer, dy: &GpuBuffer, dw: &mut GpuBuffer, op: &Conv2d) {
        window::conv2d_backward_filter(self, input, dy, dw, op);
    }

    fn pool2d(&self, input: &GpuBuffer, out: &mut GpuBuffer, op: &Pool2d) {
        window::pool2d(self, input, out, op);
    }

    fn pool2d_backward(
        &self,
        input: &GpuBuffer,
        dy: &GpuBuffer,
        dx: &mut GpuBuffer,
        op: &Pool2d,
        activation: Activation,
    ) {
        window::pool2d_backward(self, input, dy, dx, op, activation);
    }

    fn max_pool_gather(&self, input: &GpuBuffer, dy: &GpuBuffer, out: &mut GpuBuffer, op: &Pool2d) {
        window::max_pool_gather(self, input, dy, out, op);
    }

    fn bias_activation(&self, x: &mut GpuBuffer, bias: &GpuBuffer, activation: Activation) {
        elementwise::bias_activation(self, x, bias, activation);
    }

    fn activate(&self, x: &mut GpuBuffer, activation: Activation) {
        elementwise::activate(self, x, activation);
    }

    fn activation_backward(&self, y: &GpuBuffer, dy: &GpuBuffer, dx: &mut GpuBuffer, activation: Activation) {
        elementwise::activation_backward(self, y, dy, dx, activation);
    }

    fn bias_backward(&self, dy: &GpuBuffer, db: &mut GpuBuffer) {
        elementwise::bias_backward(self, dy, db);
    }

    fn add(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
        elementwise::binary(self, "add", a, b, out);
    }

    fn mul(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
        elementwise::binary(self, "mul", a, b, out);
    }

    fn sub(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
        elementwise::binary(self, "sub", a, b, out);
    }

    fn clamp(&self, x: &GpuBuffer, min: f32, max: f32, out: &mut GpuBuffer) {
        elementwise::clamp(self, x, min, max, out);
    }

    fn sign(&self, x: &GpuBuffer, out: &mut GpuBuffer) {
        elementwise::sign(self, x, out);
    }

    fn scale(&self, x: &GpuBuffer, factor: f32, out: &mut GpuBuffer) {
        elementwise::scale(self, x, factor, out);
    }

    fn channel_affine(&self, x: &mut GpuBuffer, scale: &GpuBuffer, shift: &GpuBuffer) {
        elementwise::channel_affine(self, x, scale, shift);
    }

    fn axpby(&self, a: f32, x: &GpuBuffer, b: f32, y: &GpuBuffer, out: &mut GpuBuffer) {
        elementwise::axpby(self, a, x, b, y, out);
    }

    fn recurrent_forward(
        &self,
        pre: &GpuBuffer,
        weight: &GpuBuffer,
        hidden: &mut GpuBuffer,
        memory: &mut GpuBuffer,
        op: &Recurrent,
    ) {
        recurrent::forward(self, (pre, weight), (hidden, memory), op);
    }

    fn recurrent_backward(
        &self,
        memory: &GpuBuffer,
        weight: &GpuBuffer,
        dhidden: &GpuBuffer,
        dpre: &mut GpuBuffer,
        state: &mut GpuBuffer,
        op: &Recurrent,
    ) {
        recurrent::backward(self, (memory, weight, dhidden), (dpre, state), op);
    }

    fn recurrent_weight_gradient(&self, hidden: &GpuBuffer, dpre: &GpuBuffer, dweight: &mut GpuBuffer, op: &Recurrent) {
        recurrent::weight_gradient(self, hidden, dpre, dweight, op);
    }

    fn channel_moments(&self, x: &GpuBuffer, statistics: &mut GpuBuffer) {
        normalisation::channel_moments(self, x, statistics);
    }

    fn batch_norm(
        &self,
        x: &GpuBuffer,
        gamma: &GpuBuffer,
        beta: &GpuBuffer,
        statistics: &GpuBuffer,
        out: &mut GpuBuffer,
        epsilon: f32,
    ) {
        normalisation::batch_norm(self, (x, statistics), (gamma, beta), out, epsilon);
    }

    fn batch_norm_backward(
        &self,
        x: &GpuBuffer,
        dy: &GpuBuffer,
        gamma: &GpuBuffer,
        statistics: &GpuBuffer,
        dx: &mut GpuBuffer,
        dgamma: &mut GpuBuffer,
        dbeta: &mut GpuBuffer,
        epsilon: f32,
    ) {
        normalisation::batch_norm_backward(self, (x, dy, statistics), gamma, (dx, dgamma, dbeta), epsilon);
    }

    fn softmax(&self, x: &GpuBuffer, out: &mut GpuBuffer, classes: usize) {
        elementwise::softmax(self, x, out, classes);
    }

    fn concat_channels(&self, parts: &[(&GpuBuffer, usize)], out: &mut GpuBuffer, pixels: usize) {
        layout::concat_channels(self, parts, out, pixels);
    }

    fn split_channels(&self, x: &GpuBuffer, parts: &mut [(&mut GpuBuffer, usize)], pixels: usize) {
        layout::split_channels(self, x, parts, pixels);
    }

    fn upsample_nearest2x(&self, x: &GpuBuffer, out: &mut GpuBuffer, shape: &Image) {
        layout::upsample_nearest2x(self, x, out, shape);
    }

    fn upsample_nearest2x_backward(&self, dy: &GpuBuffer, dx: &mut GpuBuffer, shape: &Image) {
        layout::upsample_nearest2x_backward(self, dy, dx, shape);
    }

    fn resize_bilinear(&self, x: &GpuBuffer, out: &mut GpuBuffer, op: &Resize) {
        layout::resize_bilinear(self, x, out, op);
    }

    fn softmax_cross_entropy(
        &self,
        logits: &GpuBuffer,
        targets: &GpuBuffer,
        grad: &mut GpuBuffer,
        loss: &mut GpuBuffer,
        classes: usize,
    ) {
        losses::record(self, "softmax_cross_entropy", (logits, targets), (grad, loss), classes);
    }

    fn sigmoid_cross_entropy(
        &self,
        logits: &GpuBuffer,
        targets: &GpuBuffer,
        grad: &mut GpuBuffer,
        loss: &mut GpuBuffer,
    ) {
        losses::record(self, "sigmoid_cross_entropy", (logits, targets), (grad, loss), 1);
    }

    fn mean_squared_error(
        &self,
        prediction: &GpuBuffer,
        target: &GpuBuffer,
        grad: &mut GpuBuffer,
        loss: &mut GpuBuffer,
    ) {
        losses::record(self, "mean_squared_error", (prediction, target), (grad, loss), 1);
    }

    fn sgd_momentum(
        &self,
        param: &mut GpuBuffer,
        grad: &GpuBuffer,
        velocity: &mut GpuBuffer,
        learning_rate: f32,
        momentum: f32,
    ) {
        optimisers::sgd_momentum(self, param, grad, velocity, learning_rate, momentum);
    }

    fn adam(&self, param: &mut GpuBuffer, grad: &GpuBuffer, m: &mut GpuBuffer, v: &mut GpuBuffer, op: &Adam) {
        optimisers::adam(self, param, grad, m, v, op);
    }
}
