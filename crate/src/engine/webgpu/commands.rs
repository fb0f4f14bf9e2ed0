//! Recording dispatches: compiled pipelines, parameter and readback buffers from pools, one command encoder
//! that collects every dispatch until the next submission.

use super::shader::{Shader, ShaderParams, PARAMS_BINDING};
use super::WebGpu;
use std::cell::RefCell;

/// Invocations per workgroup of the one-element-per-invocation entry points (dispatch.wgsl).
const ELEMENTWISE_WORKGROUP: usize = 64;
const MAX_WORKGROUPS_PER_DIMENSION: usize = 65_535;

/// Workgroups for one invocation per element.
pub(super) fn per_element(len: usize) -> [u32; 3] {
    grid(len.div_ceil(ELEMENTWISE_WORKGROUP))
}

/// `groups` workgroups (at least one) laid out as wide as allowed, then as many rows as needed.
pub(super) fn grid(groups: usize) -> [u32; 3] {
    let groups = groups.max(1);
    let x = groups.min(MAX_WORKGROUPS_PER_DIMENSION);
    [x as u32, groups.div_ceil(x) as u32, 1]
}

impl WebGpu {
    fn pipeline<P: ShaderParams>(&self, shader: &Shader<P>, entry: &'static str) -> wgpu::ComputePipeline {
        let mut pipelines = self.pipelines.borrow_mut();
        pipelines
            .entry((shader.name, entry))
            .or_insert_with(|| {
                let mut modules = self.modules.borrow_mut();
                let module = modules.entry(shader.name).or_insert_with(|| {
                    self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
                        label: Some(shader.name),
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
    fn params_buffer<P: ShaderParams>(&self, params: &P) -> wgpu::Buffer {
        let usage = wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST;
        // Whole 16-byte rows, as uniform buffers are laid out on some platforms; the tail is never read.
        let size = std::mem::size_of::<P>().next_multiple_of(16) as u64;
        let buffer = self.pooled_buffer(&self.free_params, size, "params", usage);
        self.queue.write_buffer(&buffer, 0, bytemuck::bytes_of(params));
        self.used_params.borrow_mut().push(buffer.clone());
        buffer
    }

    /// A mappable buffer of `size` bytes to read a result through, from the pool when one is free: a
    /// webcam loop reads the same outputs every frame. A buffer is out of the pool while its read is
    /// pending, so reads in flight at once never share one.
    pub(super) fn staging_buffer(&self, size: u64) -> wgpu::Buffer {
        let usage = wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST;
        self.pooled_buffer(&self.free_staging, size, "readback", usage)
    }

    /// The command encoder collecting this submission's work.
    pub(super) fn with_encoder(&self, record: impl FnOnce(&mut wgpu::CommandEncoder)) {
        let mut encoder = self.encoder.borrow_mut();
        record(encoder.get_or_insert_with(|| self.device.create_command_encoder(&Default::default())));
    }

    /// Records one dispatch of `entry` with `params` at binding 0 and `buffers` at theirs. Only the
    /// bindings the entry point uses may be given (its layout has no others).
    pub(super) fn dispatch<P: ShaderParams>(
        &self,
        (shader, entry): (&Shader<P>, &'static str),
        buffers: &[(u32, &wgpu::Buffer)],
        params: P,
        workgroups: [u32; 3],
    ) {
        let pipeline = self.pipeline(shader, entry);
        let params = self.params_buffer(&params);
        let entries: Vec<wgpu::BindGroupEntry> = [(PARAMS_BINDING, &params)]
            .into_iter()
            .chain(buffers.iter().copied())
            .map(|(binding, buffer)| wgpu::BindGroupEntry { binding, resource: buffer.as_entire_binding() })
            .collect();
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(entry),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        });
        self.with_encoder(|encoder| {
            let mut pass =
                encoder.begin_compute_pass(&wgpu::ComputePassDescriptor { label: Some(entry), timestamp_writes: None });
            pass.set_pipeline(&pipeline);
            pass.set_bind_group(0, &bind_group, &[]);
            pass.dispatch_workgroups(workgroups[0], workgroups[1], workgroups[2]);
        });
    }

    /// Submits everything recorded so far and returns the parameter buffers to the pool.
    pub(super) fn submit(&self) {
        if let Some(encoder) = self.encoder.borrow_mut().take() {
            self.queue.submit([encoder.finish()]);
            self.submissions.set(self.submissions.get() + 1);
        }
        let mut used = self.used_params.borrow_mut();
        self.free_params.borrow_mut().append(&mut used);
    }
}
