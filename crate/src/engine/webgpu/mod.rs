//! The WebGPU backend: the ops as WGSL compute pipelines (`shaders/*.wgsl`) through wgpu, which drives
//! Vulkan, Metal or DX12 natively (Mesa's lavapipe on a machine without a GPU).
//!
//! - Pipelines are compiled once per (shader, entry point) and cached.
//! - Ops are recorded into one command encoder and submitted together when a result is read or `finish`
//!   is called, so a whole network is one submission.
//! - Each dispatch's parameters go into a small uniform buffer taken from a pool; buffers come back to the
//!   pool at the next submission, so steady-state loops allocate no GPU memory for parameters.
//! - Results are read back through mappable buffers that are pooled too, so a webcam loop reading the
//!   same outputs every frame creates no buffers once warm.
//! - Reading back is the only synchronisation, and it is asynchronous: in the browser the GPU answers
//!   through the event loop (`signal.rs`); natively `Device::poll` waits for it.

mod codes;
mod signal;

use super::backend::Backend;
use super::ops::{Adam, Conv2d, Image, Matmul, Pool2d, PoolKind, Resize};
use crate::activation::Activation;
use crate::engine::scalar::elementwise::same_lengths;
use signal::Signal;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A tensor in GPU memory.
pub struct GpuBuffer {
    buffer: wgpu::Buffer,
    len: usize,
}

/// One WGSL module per op family; some are compiled with shared preludes in front.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Shader {
    Matmul,
    Window,
    WindowBackward,
    Elementwise,
    Layout,
    Losses,
    Optimisers,
    Normalisation,
}

macro_rules! shader {
    ($($file:literal),+) => {
        concat!($(include_str!(concat!("../../../../shaders/", $file))),+)
    };
}

impl Shader {
    /// The shader's source: the generated constants (`codes.rs`), then its files.
    fn source(self) -> String {
        codes::wgsl_constants() + self.files()
    }

    fn files(self) -> &'static str {
        match self {
            Self::Matmul => shader!("tiled_gemm.wgsl", "matmul.wgsl"),
            Self::Window => shader!("dispatch.wgsl", "window_geometry.wgsl", "tiled_gemm.wgsl", "window.wgsl"),
            Self::WindowBackward => shader!("dispatch.wgsl", "window_geometry.wgsl", "window_backward.wgsl"),
            Self::Elementwise => shader!("dispatch.wgsl", "elementwise.wgsl"),
            Self::Layout => shader!("dispatch.wgsl", "layout.wgsl"),
            Self::Losses => shader!("losses.wgsl"),
            Self::Optimisers => shader!("dispatch.wgsl", "optimisers.wgsl"),
            Self::Normalisation => shader!("dispatch.wgsl", "normalisation.wgsl"),
        }
    }
}

/// Invocations per workgroup of the one-element-per-invocation entry points.
const ELEMENTWISE_WORKGROUP: usize = 64;
/// Side of the output tile one GEMM workgroup computes (matmul.wgsl, window.wgsl's `gemm`).
const GEMM_TILE: usize = 64;
const MAX_WORKGROUPS_PER_DIMENSION: usize = 65_535;
/// Output channels per group up to which a convolution runs window.wgsl's `direct` kernel: a GEMM tile
/// would be at least three quarters padding.
const NARROW_GEMM: usize = GEMM_TILE / 4;

pub struct WebGpu {
    device: wgpu::Device,
    queue: wgpu::Queue,
    adapter: String,
    modules: RefCell<HashMap<Shader, wgpu::ShaderModule>>,
    pipelines: RefCell<HashMap<(Shader, &'static str), wgpu::ComputePipeline>>,
    encoder: RefCell<Option<wgpu::CommandEncoder>>,
    /// Parameter buffers ready for use, and those used by the commands not yet submitted.
    free_params: RefCell<Vec<wgpu::Buffer>>,
    used_params: RefCell<Vec<wgpu::Buffer>>,
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
}

/// A wgpu instance on the primary backends: WebGPU in the browser; Vulkan, Metal or DX12 natively (GL
/// would only add a second view of the same device).
pub fn instance() -> wgpu::Instance {
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle();
    descriptor.backends = wgpu::Backends::PRIMARY;
    wgpu::Instance::new(descriptor)
}

impl WebGpu {
    /// Opens the best adapter wgpu finds (WebGPU in the browser; Vulkan, Metal or DX12 natively), or says
    /// why there is none.
    pub async fn connect() -> Result<Self, String> {
        let instance = instance();
        let options = wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            ..Default::default()
        };
        let adapter = instance.request_adapter(&options).await.map_err(|e| format!("no GPU adapter ({e})"))?;
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("playground"),
                required_limits: adapter.limits(),
                ..Default::default()
            })
            .await
            .map_err(|e| format!("the GPU adapter refused a device: {e}"))?;
        let info = adapter.get_info();
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
        Ok(Self {
            device,
            queue,
            adapter: format!("{} ({:?})", info.name, info.backend),
            tensors_made: std::cell::Cell::new(0),
            submissions: std::cell::Cell::new(0),
            modules: RefCell::default(),
            pipelines: RefCell::default(),
            encoder: RefCell::default(),
            free_params: RefCell::default(),
            used_params: RefCell::default(),
            free_staging: RefCell::default(),
            device_error,
            lost,
        })
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

    fn pipeline(&self, shader: Shader, entry: &'static str) -> wgpu::ComputePipeline {
        let mut pipelines = self.pipelines.borrow_mut();
        pipelines
            .entry((shader, entry))
            .or_insert_with(|| {
                let mut modules = self.modules.borrow_mut();
                let module = modules.entry(shader).or_insert_with(|| {
                    self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
                        label: Some(entry),
                        source: wgpu::ShaderSource::Wgsl(shader.source().into()),
                    })
                });
                self.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                    label: Some(entry),
                    layout: None,
                    module,
                    entry_point: Some(entry),
                    compilation_options: Default::default(),
                    cache: None,
                })
            })
            .clone()
    }

    /// A buffer of `size` bytes from `pool` when one of that size is free, else a new one for `usage`.
    fn pooled_buffer(
        &self,
        pool: &RefCell<Vec<wgpu::Buffer>>,
        size: u64,
        label: &str,
        usage: wgpu::BufferUsages,
    ) -> wgpu::Buffer {
        let mut free = pool.borrow_mut();
        match free.iter().position(|b| b.size() == size) {
            Some(i) => free.swap_remove(i),
            None => self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size,
                usage,
                mapped_at_creation: false,
            }),
        }
    }

    /// A uniform buffer holding `params`, from the pool when one is free.
    fn params_buffer(&self, params: &[u32]) -> wgpu::Buffer {
        let usage = wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST;
        let buffer = self.pooled_buffer(&self.free_params, (params.len() * 4) as u64, "params", usage);
        self.queue.write_buffer(&buffer, 0, bytemuck::cast_slice(params));
        self.used_params.borrow_mut().push(buffer.clone());
        buffer
    }

    /// A mappable buffer of `size` bytes to read a result through, from the pool when one is free: a
    /// webcam loop reads the same outputs every frame. A buffer is out of the pool while its read is
    /// pending, so reads in flight at once never share one.
    /// How many tensors (`Backend::upload`, `Backend::zeros`) this backend has made.
    pub fn tensors_made(&self) -> usize {
        self.tensors_made.get()
    }

    /// How many command buffers this backend has submitted.
    pub fn submissions(&self) -> usize {
        self.submissions.get()
    }

    fn staging_buffer(&self, size: u64) -> wgpu::Buffer {
        let usage = wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST;
        self.pooled_buffer(&self.free_staging, size, "readback", usage)
    }

    /// Records one dispatch of `entry` with `buffers` at their bindings and the parameters at
    /// `params_binding`. Only the bindings the entry point uses may be given (its layout has no others).
    fn dispatch(
        &self,
        (shader, entry): (Shader, &'static str),
        buffers: &[(u32, &wgpu::Buffer)],
        (params_binding, params): (u32, &[u32]),
        workgroups: [u32; 3],
    ) {
        let pipeline = self.pipeline(shader, entry);
        let params = self.params_buffer(params);
        let entries: Vec<wgpu::BindGroupEntry> = buffers
            .iter()
            .copied()
            .chain([(params_binding, &params)])
            .map(|(binding, buffer)| wgpu::BindGroupEntry { binding, resource: buffer.as_entire_binding() })
            .collect();
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(entry),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        });
        let mut encoder = self.encoder.borrow_mut();
        let encoder = encoder.get_or_insert_with(|| self.device.create_command_encoder(&Default::default()));
        let mut pass =
            encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some(entry), timestamp_writes: None });
        pass.set_pipeline(&pipeline);
        pass.set_bind_group(0, &bind_group, &[]);
        pass.dispatch_workgroups(workgroups[0], workgroups[1], workgroups[2]);
    }

    /// Workgroups for one invocation per element.
    fn per_element(len: usize) -> [u32; 3] {
        Self::grid(len.div_ceil(ELEMENTWISE_WORKGROUP))
    }

    /// `groups` workgroups (at least one) laid out as wide as allowed, then as many rows as needed.
    fn grid(groups: usize) -> [u32; 3] {
        let groups = groups.max(1);
        let x = groups.min(MAX_WORKGROUPS_PER_DIMENSION);
        [x as u32, groups.div_ceil(x) as u32, 1]
    }

    /// Submits everything recorded so far and returns the parameter buffers to the pool.
    fn submit(&self) {
        if let Some(encoder) = self.encoder.borrow_mut().take() {
            self.queue.submit([encoder.finish()]);
            self.submissions.set(self.submissions.get() + 1);
        }
        let mut used = self.used_params.borrow_mut();
        self.free_params.borrow_mut().append(&mut used);
    }

    /// A pool's geometry in window_geometry.wgsl's terms: every channel its own group.
    fn pool_as_window(op: &Pool2d) -> Conv2d {
        Conv2d { window: op.window, in_channels: op.channels, out_channels: op.channels, groups: op.channels }
    }

    /// Records an elementwise.wgsl entry point: `buffers` at their bindings, one invocation per `invocations`.
    fn elementwise(
        &self,
        entry: &'static str,
        buffers: &[(u32, &wgpu::Buffer)],
        (len, channels): (usize, usize),
        activation: Activation,
        invocations: usize,
    ) {
        let (code, alpha) = codes::activation_code(activation);
        let params = [len as u32, channels as u32, code, alpha.to_bits(), 0, 0, 0, 0];
        self.dispatch((Shader::Elementwise, entry), buffers, (3, &params), Self::per_element(invocations));
    }

    /// Records an elementwise.wgsl entry point that reads two numbers, `alpha` and `beta`, instead of an
    /// activation: one invocation per element of a `len`-long tensor.
    fn elementwise_with(
        &self,
        entry: &'static str,
        buffers: &[(u32, &wgpu::Buffer)],
        len: usize,
        (alpha, beta): (f32, f32),
    ) {
        let params = [len as u32, 1, 0, alpha.to_bits(), beta.to_bits(), 0, 0, 0];
        self.dispatch((Shader::Elementwise, entry), buffers, (3, &params), Self::per_element(len));
    }

    /// Records a layout.wgsl entry point writing `target` from `source`.
    fn layout(&self, entry: &'static str, source: &GpuBuffer, target: &GpuBuffer, params: LayoutParams) {
        let p = params;
        let values = [
            p.len,
            p.pixels,
            p.part_offset,
            p.part_channels,
            p.total_channels,
            p.height,
            p.width,
            p.channels,
            p.out_height,
            p.out_width,
            p.mode,
            0,
        ]
        .map(|v| v as u32);
        let buffers = [(0, &source.buffer), (1, &target.buffer)];
        self.dispatch((Shader::Layout, entry), &buffers, (2, &values), Self::per_element(p.len));
    }

    fn window_params(op: &Conv2d) -> Vec<u32> {
        let w = &op.window;
        let o = w.output();
        [
            w.batch,
            w.height,
            w.width,
            op.in_channels,
            op.out_channels,
            w.kernel_h,
            w.kernel_w,
            w.stride_h,
            w.stride_w,
            o.pad_top,
            o.pad_left,
            o.height,
            o.width,
            op.in_per_group(),
            op.out_per_group(),
            0,
        ]
        .map(|v| v as u32)
        .to_vec()
    }
}

/// layout.wgsl's parameters; unused ones stay 0.
#[derive(Clone, Copy, Default)]
struct LayoutParams {
    /// Elements of the target.
    len: usize,
    pixels: usize,
    part_offset: usize,
    part_channels: usize,
    total_channels: usize,
    height: usize,
    width: usize,
    channels: usize,
    out_height: usize,
    out_width: usize,
    mode: usize,
}

impl LayoutParams {
    /// For concat and split: one set per part of `widths` channels, each at its offset in the whole.
    fn parts(widths: &[usize], pixels: usize) -> impl Iterator<Item = Self> + '_ {
        let total_channels = widths.iter().sum();
        widths.iter().scan(0, move |offset, &part_channels| {
            let params = Self {
                len: pixels * part_channels,
                pixels,
                part_offset: *offset,
                part_channels,
                total_channels,
                ..Self::default()
            };
            *offset += part_channels;
            Some(params)
        })
    }

    /// For the spatial ops: source `from`, target `to`.
    fn spatial(from: &Image, to: &Image) -> Self {
        Self {
            len: to.len(),
            height: from.height,
            width: from.width,
            channels: from.channels,
            out_height: to.height,
            out_width: to.width,
            ..Self::default()
        }
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
        let size = (buffer.len.max(1) * 4) as u64;
        let staging = self.staging_buffer(size);
        self.encoder
            .borrow_mut()
            .get_or_insert_with(|| self.device.create_command_encoder(&Default::default()))
            .copy_buffer_to_buffer(&buffer.buffer, 0, &staging, 0, size);
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
            return vec![f32::NAN; buffer.len];
        }
        self.check_device();
        let view = staging.slice(..).get_mapped_range().expect("the readback buffer is mapped");
        let values = bytemuck::cast_slice::<u8, f32>(&view)[..buffer.len].to_vec();
        drop(view);
        staging.unmap();
        self.free_staging.borrow_mut().push(staging);
        values
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

    fn forget_compiled(&self) {
        self.pipelines.borrow_mut().clear();
        self.modules.borrow_mut().clear();
    }

    fn matmul(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer, op: &Matmul) {
        let (a_row, a_col) = op.a_strides();
        let (b_row, b_col) = op.b_strides();
        let params = [op.m, op.n, op.k, a_row, a_col, b_row, b_col, 0].map(|v| v as u32);
        let workgroups = [op.n.div_ceil(GEMM_TILE) as u32, op.m.div_ceil(GEMM_TILE) as u32, 1];
        let buffers = [(0, &a.buffer), (1, &b.buffer), (2, &out.buffer)];
        self.dispatch((Shader::Matmul, "main"), &buffers, (3, &params), workgroups);
    }

    fn conv2d(&self, input: &GpuBuffer, weights: &GpuBuffer, out: &mut GpuBuffer, op: &Conv2d) {
        op.validate();
        let params = Self::window_params(op);
        let buffers = [(0, &input.buffer), (1, &weights.buffer), (2, &out.buffer)];
        if op.in_per_group() == 1 || op.out_per_group() <= NARROW_GEMM {
            let workgroups = Self::per_element(op.output_len());
            self.dispatch((Shader::Window, "direct"), &buffers, (3, &params), workgroups);
        } else {
            let o = op.window.output();
            let pixels = op.window.batch * o.height * o.width;
            let workgroups =
                [op.out_per_group().div_ceil(GEMM_TILE) as u32, pixels.div_ceil(GEMM_TILE) as u32, op.groups as u32];
            self.dispatch((Shader::Window, "gemm"), &buffers, (3, &params), workgroups);
        }
    }

    fn pool2d(&self, input: &GpuBuffer, out: &mut GpuBuffer, op: &Pool2d) {
        let as_window =
            Conv2d { window: op.window, in_channels: op.channels, out_channels: op.channels, groups: op.channels };
        let entry = match op.kind {
            PoolKind::Max => "max_pool",
            PoolKind::Average => "average_pool",
        };
        let params = Self::window_params(&as_window);
        let buffers = [(0, &input.buffer), (2, &out.buffer)];
        self.dispatch((Shader::Window, entry), &buffers, (3, &params), Self::per_element(op.output_len()));
    }

    fn max_pool_gather(&self, input: &GpuBuffer, dy: &GpuBuffer, out: &mut GpuBuffer, op: &Pool2d) {
        let params = Self::window_params(&Self::pool_as_window(op));
        let buffers = [(0, &input.buffer), (1, &dy.buffer), (2, &out.buffer)];
        let elements = Self::per_element(op.output_len());
        self.dispatch((Shader::Window, "max_pool_gather"), &buffers, (3, &params), elements);
    }

    fn bias_activation(&self, x: &mut GpuBuffer, bias: &GpuBuffer, activation: Activation) {
        let buffers = [(0, &x.buffer), (1, &bias.buffer)];
        self.elementwise("bias_activation", &buffers, (x.len, bias.len), activation, x.len);
    }

    fn conv2d_backward_input(&self, dy: &GpuBuffer, weights: &GpuBuffer, dx: &mut GpuBuffer, op: &Conv2d) {
        op.validate();
        let buffers = [(0, &dy.buffer), (1, &weights.buffer), (2, &dx.buffer)];
        let params = Self::window_params(op);
        self.dispatch(
            (Shader::WindowBackward, "conv_backward_input"),
            &buffers,
            (3, &params),
            Self::per_element(op.input_len()),
        );
    }

    fn conv2d_backward_filter(&self, input: &GpuBuffer, dy: &GpuBuffer, dw: &mut GpuBuffer, op: &Conv2d) {
        op.validate();
        let buffers = [(0, &dy.buffer), (1, &input.buffer), (2, &dw.buffer)];
        let params = Self::window_params(op);
        let workgroups = Self::grid(op.weights_len());
        self.dispatch((Shader::WindowBackward, "conv_backward_filter"), &buffers, (3, &params), workgroups);
    }

    fn pool2d_backward(&self, input: &GpuBuffer, dy: &GpuBuffer, dx: &mut GpuBuffer, op: &Pool2d) {
        let entry = match op.kind {
            PoolKind::Max => "max_pool_backward",
            PoolKind::Average => "average_pool_backward",
        };
        let buffers = [(0, &dy.buffer), (1, &input.buffer), (2, &dx.buffer)];
        let params = Self::window_params(&Self::pool_as_window(op));
        self.dispatch((Shader::WindowBackward, entry), &buffers, (3, &params), Self::per_element(op.input_len()));
    }

    fn activate(&self, x: &mut GpuBuffer, activation: Activation) {
        let buffers = [(0, &x.buffer)];
        self.elementwise("activation_in_place", &buffers, (x.len, 1), activation, x.len);
    }

    fn activation_backward(&self, y: &GpuBuffer, dy: &GpuBuffer, dx: &mut GpuBuffer, activation: Activation) {
        same_lengths("activation_backward", &[y.len, dy.len, dx.len]);
        let buffers = [(5, &y.buffer), (1, &dy.buffer), (2, &dx.buffer)];
        self.elementwise("activation_backward", &buffers, (y.len, 1), activation, y.len);
    }

    fn bias_backward(&self, dy: &GpuBuffer, db: &mut GpuBuffer) {
        let buffers = [(5, &dy.buffer), (2, &db.buffer)];
        self.elementwise("bias_backward", &buffers, (dy.len, db.len), Activation::Linear, db.len);
    }

    fn add(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
        same_lengths("add", &[a.len, b.len, out.len]);
        let buffers = [(5, &a.buffer), (1, &b.buffer), (2, &out.buffer)];
        self.elementwise("add", &buffers, (a.len, 1), Activation::Linear, a.len);
    }

    fn mul(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
        same_lengths("mul", &[a.len, b.len, out.len]);
        let buffers = [(5, &a.buffer), (1, &b.buffer), (2, &out.buffer)];
        self.elementwise("mul", &buffers, (a.len, 1), Activation::Linear, a.len);
    }

    fn scale(&self, x: &GpuBuffer, factor: f32, out: &mut GpuBuffer) {
        same_lengths("scale", &[x.len, out.len]);
        let buffers = [(5, &x.buffer), (2, &out.buffer)];
        self.elementwise_with("scale", &buffers, x.len, (factor, 0.0));
    }

    fn axpby(&self, a: f32, x: &GpuBuffer, b: f32, y: &GpuBuffer, out: &mut GpuBuffer) {
        same_lengths("axpby", &[x.len, y.len, out.len]);
        let buffers = [(5, &x.buffer), (1, &y.buffer), (2, &out.buffer)];
        self.elementwise_with("axpby", &buffers, x.len, (a, b));
    }

    fn channel_moments(&self, x: &GpuBuffer, statistics: &mut GpuBuffer) {
        let channels = statistics.len / 2;
        let buffers = [(0, &x.buffer), (4, &statistics.buffer)];
        let params = [x.len as u32, channels as u32, 0, 0];
        self.dispatch((Shader::Normalisation, "channel_moments"), &buffers, (8, &params), Self::per_element(channels));
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
        same_lengths("batch_norm", &[x.len, out.len]);
        let buffers =
            [(0, &x.buffer), (2, &gamma.buffer), (3, &beta.buffer), (4, &statistics.buffer), (5, &out.buffer)];
        let params = [x.len as u32, gamma.len as u32, epsilon.to_bits(), 0];
        self.dispatch((Shader::Normalisation, "batch_norm"), &buffers, (8, &params), Self::per_element(x.len));
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
        same_lengths("batch_norm_backward", &[x.len, dy.len, dx.len]);
        let params = [x.len as u32, gamma.len as u32, epsilon.to_bits(), 0];
        let reduce =
            [(0, &x.buffer), (1, &dy.buffer), (4, &statistics.buffer), (6, &dgamma.buffer), (7, &dbeta.buffer)];
        let channels = Self::per_element(gamma.len);
        self.dispatch((Shader::Normalisation, "batch_norm_backward_reduce"), &reduce, (8, &params), channels);
        let input = [
            (0, &x.buffer),
            (1, &dy.buffer),
            (2, &gamma.buffer),
            (4, &statistics.buffer),
            (5, &dx.buffer),
            (6, &dgamma.buffer),
            (7, &dbeta.buffer),
        ];
        let elements = Self::per_element(x.len);
        self.dispatch((Shader::Normalisation, "batch_norm_backward_input"), &input, (8, &params), elements);
    }

    fn sub(&self, a: &GpuBuffer, b: &GpuBuffer, out: &mut GpuBuffer) {
        same_lengths("sub", &[a.len, b.len, out.len]);
        let buffers = [(5, &a.buffer), (1, &b.buffer), (2, &out.buffer)];
        self.elementwise("sub", &buffers, (a.len, 1), Activation::Linear, a.len);
    }

    fn clamp(&self, x: &GpuBuffer, min: f32, max: f32, out: &mut GpuBuffer) {
        same_lengths("clamp", &[x.len, out.len]);
        let buffers = [(5, &x.buffer), (2, &out.buffer)];
        self.elementwise_with("clamp_values", &buffers, x.len, (min, max));
    }

    fn sign(&self, x: &GpuBuffer, out: &mut GpuBuffer) {
        same_lengths("sign", &[x.len, out.len]);
        let buffers = [(5, &x.buffer), (2, &out.buffer)];
        self.elementwise("sign_values", &buffers, (x.len, 1), Activation::Linear, x.len);
    }

    fn channel_affine(&self, x: &mut GpuBuffer, scale: &GpuBuffer, shift: &GpuBuffer) {
        let buffers = [(0, &x.buffer), (1, &scale.buffer), (4, &shift.buffer)];
        self.elementwise("channel_affine", &buffers, (x.len, scale.len), Activation::Linear, x.len);
    }

    fn softmax(&self, x: &GpuBuffer, out: &mut GpuBuffer, classes: usize) {
        let buffers = [(5, &x.buffer), (2, &out.buffer)];
        self.elementwise("softmax", &buffers, (x.len, classes), Activation::Linear, x.len / classes);
    }

    fn concat_channels(&self, parts: &[(&GpuBuffer, usize)], out: &mut GpuBuffer, pixels: usize) {
        let widths: Vec<usize> = parts.iter().map(|(_, c)| *c).collect();
        for ((part, _), params) in parts.iter().zip(LayoutParams::parts(&widths, pixels)) {
            self.layout("concat_part", part, out, params);
        }
    }

    fn split_channels(&self, x: &GpuBuffer, parts: &mut [(&mut GpuBuffer, usize)], pixels: usize) {
        let widths: Vec<usize> = parts.iter().map(|(_, c)| *c).collect();
        for ((part, _), params) in parts.iter().zip(LayoutParams::parts(&widths, pixels)) {
            self.layout("split_part", x, part, params);
        }
    }

    fn upsample_nearest2x(&self, x: &GpuBuffer, out: &mut GpuBuffer, shape: &Image) {
        self.layout("upsample_nearest2x", x, out, LayoutParams::spatial(shape, &shape.doubled()));
    }

    fn upsample_nearest2x_backward(&self, dy: &GpuBuffer, dx: &mut GpuBuffer, shape: &Image) {
        self.layout("upsample_nearest2x_backward", dy, dx, LayoutParams::spatial(&shape.doubled(), shape));
    }

    fn resize_bilinear(&self, x: &GpuBuffer, out: &mut GpuBuffer, op: &Resize) {
        let mode = codes::resize_code(op.mode) as usize;
        self.layout("resize_bilinear", x, out, LayoutParams { mode, ..LayoutParams::spatial(&op.input, &op.output()) });
    }

    fn softmax_cross_entropy(
        &self,
        logits: &GpuBuffer,
        targets: &GpuBuffer,
        grad: &mut GpuBuffer,
        loss: &mut GpuBuffer,
        classes: usize,
    ) {
        let buffers = [(0, &logits.buffer), (1, &targets.buffer), (2, &grad.buffer), (3, &loss.buffer)];
        let params = [logits.len as u32, classes as u32, 0, 0];
        self.dispatch((Shader::Losses, "softmax_cross_entropy"), &buffers, (4, &params), [1, 1, 1]);
    }

    fn sigmoid_cross_entropy(
        &self,
        logits: &GpuBuffer,
        targets: &GpuBuffer,
        grad: &mut GpuBuffer,
        loss: &mut GpuBuffer,
    ) {
        let buffers = [(0, &logits.buffer), (1, &targets.buffer), (2, &grad.buffer), (3, &loss.buffer)];
        let params = [logits.len as u32, 1, 0, 0];
        self.dispatch((Shader::Losses, "sigmoid_cross_entropy"), &buffers, (4, &params), [1, 1, 1]);
    }

    fn mean_squared_error(
        &self,
        prediction: &GpuBuffer,
        target: &GpuBuffer,
        grad: &mut GpuBuffer,
        loss: &mut GpuBuffer,
    ) {
        let buffers = [(0, &prediction.buffer), (1, &target.buffer), (2, &grad.buffer), (3, &loss.buffer)];
        let params = [prediction.len as u32, 1, 0, 0];
        self.dispatch((Shader::Losses, "mean_squared_error"), &buffers, (4, &params), [1, 1, 1]);
    }

    fn sgd_momentum(
        &self,
        param: &mut GpuBuffer,
        grad: &GpuBuffer,
        velocity: &mut GpuBuffer,
        learning_rate: f32,
        momentum: f32,
    ) {
        let buffers = [(0, &param.buffer), (1, &grad.buffer), (2, &velocity.buffer)];
        let params = [param.len as u32, learning_rate.to_bits(), momentum.to_bits(), 0, 0, 0, 0, 0];
        self.dispatch((Shader::Optimisers, "sgd_momentum"), &buffers, (4, &params), Self::per_element(param.len));
    }

    fn adam(&self, param: &mut GpuBuffer, grad: &GpuBuffer, m: &mut GpuBuffer, v: &mut GpuBuffer, op: &Adam) {
        let buffers = [(0, &param.buffer), (1, &grad.buffer), (2, &m.buffer), (3, &v.buffer)];
        let corrections = (1.0 - op.beta1.powi(op.step as i32), 1.0 - op.beta2.powi(op.step as i32));
        let params = [
            param.len as u32,
            op.learning_rate.to_bits(),
            0,
            op.beta1.to_bits(),
            op.beta2.to_bits(),
            op.epsilon.to_bits(),
            corrections.0.to_bits(),
            corrections.1.to_bits(),
        ];
        self.dispatch((Shader::Optimisers, "adam"), &buffers, (4, &params), Self::per_element(param.len));
    }
}
