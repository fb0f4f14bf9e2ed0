//! Recording dispatches: compiled pipelines, parameter buffers and bind groups from caches, scratch and
//! readback buffers from pools, and one command encoder with one compute pass that collect every dispatch
//! until the next submission.
//!
//! A training step or a webcam frame dispatches the same entry points on the same tensors with the same
//! parameters every time, so once warm it creates no buffers and no bind groups, and writes no uniforms.

use super::codes::{self, ACTIVATION_OVERRIDE};
use super::shader::{Shader, ShaderParams, PARAMS_BINDING, REDUCE_THREADS};
use super::{GpuBuffer, WebGpu};
use crate::activation::Activation;
use std::cell::RefCell;
use std::collections::HashMap;

/// Invocations per workgroup of the one-element-per-invocation entry points (dispatch.wgsl).
const ELEMENTWISE_WORKGROUP: usize = 64;
const MAX_WORKGROUPS_PER_DIMENSION: usize = 65_535;

/// Submissions a cached bind group outlives its last use by. It holds the buffers it binds, so a tensor
/// the program dropped stays in GPU memory until then; a loop that alternates a few kinds of submission
/// (a training step, a trace, a readback) keeps its bind groups.
const BIND_GROUP_SUBMISSIONS: usize = 8;
/// Distinct parameter sets kept: far more than any network has layers; past it, the cache starts over
/// (the bind groups hold the buffers they use).
const MAX_PARAMETER_SETS: usize = 4096;

/// A pipeline's identity.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct PipelineKey {
    shader: &'static str,
    entry: &'static str,
    /// The code of the activation compiled in (activation.wgsl's `ACTIVATION`), where it is not the default.
    activation: Option<u32>,
}

/// A bind group's identity: the pipeline and the buffers at bindings 0, 1, …. A bind group fits only the
/// pipeline whose layout made it.
#[derive(PartialEq, Eq, Hash)]
pub(super) struct BindKey {
    pipeline: PipelineKey,
    buffers: Vec<(u32, wgpu::Buffer)>,
}

/// Bind groups by what they bind, and the submission each was last used in.
#[derive(Default)]
pub(super) struct BindGroups(HashMap<BindKey, (wgpu::BindGroup, usize)>);

impl BindGroups {
    pub(super) fn clear(&mut self) {
        self.0.clear();
    }
}

/// Workgroups for one invocation per element.
pub(super) fn per_element(len: usize) -> [u32; 3] {
    grid(len.div_ceil(ELEMENTWISE_WORKGROUP))
}

/// A sum per channel over the rows of `len` values of `channels` channels (the innermost dimension): the
/// entry point of `entries` (per channel, per workgroup) and its workgroups. An invocation per channel walks
/// the rows where they are fewer than a workgroup's invocations; past that a workgroup per channel shares
/// them out and adds up (`workgroup_sum`): a serial walk of the MNIST CNN's 50 176 pixels per channel of its first
/// layer's bias gradient would be a single chain of dependent additions, with the GPU's other cores idle.
pub(super) fn channel_sums(
    (per_channel, per_workgroup): (&'static str, &'static str),
    len: usize,
    channels: usize,
) -> (&'static str, [u32; 3]) {
    if len / channels.max(1) < REDUCE_THREADS {
        (per_channel, per_element(channels))
    } else {
        (per_workgroup, grid(channels))
    }
}

/// `groups` workgroups (at least one) laid out as wide as allowed, then as many rows as needed.
pub(super) fn grid(groups: usize) -> [u32; 3] {
    let groups = groups.max(1);
    let x = groups.min(MAX_WORKGROUPS_PER_DIMENSION);
    [x as u32, groups.div_ceil(x) as u32, 1]
}

impl WebGpu {
    /// The pipeline `key` names, made when first asked for.
    fn pipeline<P: ShaderParams>(&self, shader: &Shader<P>, key: PipelineKey) -> wgpu::ComputePipeline {
        let mut pipelines = self.pipelines.borrow_mut();
        pipelines
            .entry(key)
            .or_insert_with(|| {
                let mut modules = self.modules.borrow_mut();
                let module = modules.entry(shader.name).or_insert_with(|| {
                    self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
                        label: Some(shader.name),
                        source: wgpu::ShaderSource::Wgsl(shader.source(self.subgroups.get()).into()),
                    })
                });
                let constants: Vec<_> =
                    key.activation.map(|code| (ACTIVATION_OVERRIDE, f64::from(code))).into_iter().collect();
                self.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                    label: Some(key.entry),
                    layout: None,
                    module,
                    entry_point: Some(key.entry),
                    // Every kernel writes the workgroup memory it reads first (the GEMM tiles, the
                    // reductions' partial sums), so zeroing it at each workgroup's start is work for
                    // nothing: 1.5 ms a workgroup of the tiled GEMM on SwiftShader natively, which made a
                    // 12 544 × 64 × 32 product 4.8× slower. (Browsers zero it whatever this says.)
                    compilation_options: wgpu::PipelineCompilationOptions {
                        constants: &constants,
                        zero_initialize_workgroup_memory: false,
                    },
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

    /// The uniform buffer holding `params`: written when these values are first seen, shared after.
    fn params_buffer<P: ShaderParams>(&self, params: &P) -> wgpu::Buffer {
        let bytes = bytemuck::bytes_of(params);
        let mut cache = self.params.borrow_mut();
        if let Some(buffer) = cache.get(bytes) {
            return buffer.clone();
        }
        if cache.len() >= MAX_PARAMETER_SETS {
            cache.clear();
        }
        let buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("params"),
            // Whole 16-byte rows, as uniform buffers are laid out on some platforms; the tail is never read.
            size: bytes.len().next_multiple_of(16) as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        self.queue.write_buffer(&buffer, 0, bytes);
        cache.insert(bytes.to_vec(), buffer.clone());
        buffer
    }

    /// The bind group of `buffers` for `pipeline`, made when first asked for.
    fn bind_group(&self, key: BindKey, pipeline: &wgpu::ComputePipeline) -> wgpu::BindGroup {
        let now = self.submissions.get();
        let mut cache = self.bind_groups.borrow_mut();
        if let Some((group, last_used)) = cache.0.get_mut(&key) {
            *last_used = now;
            return group.clone();
        }
        let entries: Vec<wgpu::BindGroupEntry> = key
            .buffers
            .iter()
            .map(|(binding, buffer)| wgpu::BindGroupEntry { binding: *binding, resource: buffer.as_entire_binding() })
            .collect();
        let group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(key.pipeline.entry),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        });
        cache.0.insert(key, (group.clone(), now));
        self.bind_groups_made.set(self.bind_groups_made.get() + 1);
        group
    }

    /// A storage buffer of `len` values for intermediate results within this submission (from the pool
    /// when one of that size is free; it returns there at the next submission). Its contents are
    /// undefined: the dispatch that takes it writes all of it.
    pub(super) fn scratch(&self, len: usize) -> GpuBuffer {
        let usage = wgpu::BufferUsages::STORAGE;
        let buffer = self.pooled_buffer(&self.free_scratch, (len.max(1) * 4) as u64, "scratch", usage);
        self.used_scratch.borrow_mut().push(buffer.clone());
        GpuBuffer { buffer, len }
    }

    /// A mappable buffer of `size` bytes to read a result through, from the pool when one is free: a
    /// webcam loop reads the same outputs every frame. A buffer is out of the pool while its read is
    /// pending, so reads in flight at once never share one.
    pub(super) fn staging_buffer(&self, size: u64) -> wgpu::Buffer {
        let usage = wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST;
        self.pooled_buffer(&self.free_staging, size, "readback", usage)
    }

    /// The command encoder collecting this submission's work, for commands outside a compute pass
    /// (copies): the open pass, if any, ends first.
    pub(super) fn with_encoder(&self, record: impl FnOnce(&mut wgpu::CommandEncoder)) {
        self.pass.borrow_mut().take();
        let mut encoder = self.encoder.borrow_mut();
        record(encoder.get_or_insert_with(|| self.device.create_command_encoder(&Default::default())));
    }

    /// The compute pass collecting this submission's dispatches, begun when the first one comes. WebGPU
    /// orders the dispatches of one pass as if each ran alone, as it does separate passes; one pass saves a
    /// begin and an end per dispatch.
    fn with_pass(&self, record: impl FnOnce(&mut wgpu::ComputePass<'static>)) {
        let mut pass = self.pass.borrow_mut();
        let pass = pass.get_or_insert_with(|| {
            let mut encoder = self.encoder.borrow_mut();
            let encoder = encoder.get_or_insert_with(|| self.device.create_command_encoder(&Default::default()));
            let timestamp_writes = self.clock.as_ref().and_then(|clock| clock.pass_writes());
            let descriptor = wgpu::ComputePassDescriptor { label: Some("dispatches"), timestamp_writes };
            // The pass locks the encoder until it ends (`with_encoder`, `submit`).
            encoder.begin_compute_pass(&descriptor).forget_lifetime()
        });
        record(pass);
    }

    /// Records one dispatch of `entry` with `params` at binding 0 and `buffers` at theirs. Only the
    /// bindings the entry point uses may be given (its layout has no others).
    pub(super) fn dispatch<P: ShaderParams>(
        &self,
        kernel: (&Shader<P>, &'static str),
        buffers: &[(u32, &wgpu::Buffer)],
        params: P,
        workgroups: [u32; 3],
    ) {
        self.record(kernel, None, buffers, params, workgroups);
    }

    /// `dispatch` of an entry point that applies `activation` (activation.wgsl), compiled into its pipeline.
    pub(super) fn dispatch_activated<P: ShaderParams>(
        &self,
        kernel: (&Shader<P>, &'static str),
        activation: Activation,
        buffers: &[(u32, &wgpu::Buffer)],
        params: P,
        workgroups: [u32; 3],
    ) {
        // Linear is the constant's default: those dispatches share the plain pipeline.
        let code = (activation != Activation::Linear).then(|| codes::activation_code(activation).0);
        self.record(kernel, code, buffers, params, workgroups);
    }

    fn record<P: ShaderParams>(
        &self,
        (shader, entry): (&Shader<P>, &'static str),
        activation: Option<u32>,
        buffers: &[(u32, &wgpu::Buffer)],
        params: P,
        workgroups: [u32; 3],
    ) {
        let key = PipelineKey { shader: shader.name, entry, activation };
        let pipeline = self.pipeline(shader, key);
        let buffers = [(PARAMS_BINDING, self.params_buffer(&params))]
            .into_iter()
            .chain(buffers.iter().map(|&(binding, buffer)| (binding, buffer.clone())))
            .collect();
        let bind_group = self.bind_group(BindKey { pipeline: key, buffers }, &pipeline);
        self.with_pass(|pass| {
            pass.set_pipeline(&pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.dispatch_workgroups(workgroups[0], workgroups[1], workgroups[2]);
        });
    }

    /// Submits everything recorded so far, returns the scratch buffers to the pool and forgets the bind
    /// groups unused for a while.
    pub(super) fn submit(&self) {
        self.pass.borrow_mut().take();
        if let Some(mut encoder) = self.encoder.borrow_mut().take() {
            if let Some(clock) = &self.clock {
                clock.collect(&mut encoder);
            }
            self.queue.submit([encoder.finish()]);
            self.submissions.set(self.submissions.get() + 1);
        }
        self.free_scratch.borrow_mut().append(&mut self.used_scratch.borrow_mut());
        let now = self.submissions.get();
        self.bind_groups.borrow_mut().0.retain(|_, (_, last_used)| now - *last_used <= BIND_GROUP_SUBMISSIONS);
    }
}
