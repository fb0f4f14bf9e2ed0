//! The GPU's own clock: timestamps the GPU writes at the start and end of each compute pass (WebGPU's
//! `timestamp-query`, where the adapter offers it), so a benchmark can tell the time its kernels ran from
//! the time spent recording, submitting and waiting for them.
//!
//! The clock runs only while a benchmark times something (`start` … `stop`): a pass opened meanwhile gets
//! the next two query slots. Each submission resolves its passes' slots, which only a command can read,
//! and copies them after those of the submissions before it, so the read at the end is one copy.

use std::cell::Cell;

/// Timestamp slots in the query set: WebGPU's most, two per pass.
const SLOTS: u32 = wgpu::QUERY_SET_MAX_QUERIES;
const SLOT_BYTES: u64 = wgpu::QUERY_SIZE as u64;

pub(super) struct PassClock {
    queries: wgpu::QuerySet,
    /// Where a submission's timestamps are resolved (at offset 0, as resolving requires 256-byte offsets).
    resolved: wgpu::Buffer,
    /// Every timestamp since `start`, in slot order.
    times: wgpu::Buffer,
    /// Nanoseconds a tick of the timestamps lasts.
    tick_ns: f64,
    running: Cell<bool>,
    /// Slots handed out since `start`; those from `copied` on are in passes not yet submitted.
    used: Cell<u32>,
    copied: Cell<u32>,
    /// More passes ran than there are slots: the time would leave some out.
    overflowed: Cell<bool>,
}

impl PassClock {
    /// The clock of `device`, if its adapter writes timestamps.
    pub(super) fn new(device: &wgpu::Device, queue: &wgpu::Queue) -> Option<Self> {
        if !device.features().contains(wgpu::Features::TIMESTAMP_QUERY) {
            return None;
        }
        let buffer = |label, usage| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size: u64::from(SLOTS) * SLOT_BYTES,
                usage,
                mapped_at_creation: false,
            })
        };
        use wgpu::BufferUsages as Usage;
        Some(Self {
            queries: device.create_query_set(&wgpu::QuerySetDescriptor {
                label: Some("pass timestamps"),
                ty: wgpu::QueryType::Timestamp,
                count: SLOTS,
            }),
            resolved: buffer("resolved timestamps", Usage::QUERY_RESOLVE | Usage::COPY_SRC),
            times: buffer("timestamps", Usage::COPY_DST | Usage::COPY_SRC),
            tick_ns: f64::from(queue.get_timestamp_period()),
            running: Cell::new(false),
            used: Cell::new(0),
            copied: Cell::new(0),
            overflowed: Cell::new(false),
        })
    }

    /// Starts timing the passes opened from now on.
    pub(super) fn start(&self) {
        self.running.set(true);
        self.used.set(0);
        self.copied.set(0);
        self.overflowed.set(false);
    }

    /// Where a pass opened now writes its start and end, while the clock runs and has slots left.
    pub(super) fn pass_writes(&self) -> Option<wgpu::ComputePassTimestampWrites<'_>> {
        if !self.running.get() {
            return None;
        }
        let first = self.used.get();
        if first + 2 > SLOTS {
            self.overflowed.set(true);
            return None;
        }
        self.used.set(first + 2);
        Some(wgpu::ComputePassTimestampWrites {
            query_set: &self.queries,
            beginning_of_pass_write_index: Some(first),
            end_of_pass_write_index: Some(first + 1),
        })
    }

    /// Records, at the end of a submission, the copy of its passes' timestamps after the earlier ones.
    pub(super) fn collect(&self, encoder: &mut wgpu::CommandEncoder) {
        let slots = self.copied.get()..self.used.get();
        if slots.is_empty() {
            return;
        }
        encoder.resolve_query_set(&self.queries, slots.clone(), &self.resolved, 0);
        let bytes = u64::from(slots.len() as u32) * SLOT_BYTES;
        encoder.copy_buffer_to_buffer(&self.resolved, 0, &self.times, u64::from(slots.start) * SLOT_BYTES, bytes);
        self.copied.set(slots.end);
    }

    /// Stops the clock: how many timestamps `times` holds (every pass submitted), or None when some
    /// passes went untimed.
    pub(super) fn stop(&self) -> Option<usize> {
        self.running.set(false);
        debug_assert_eq!(self.copied.get(), self.used.get(), "stopped before the last passes were submitted");
        (!self.overflowed.get()).then_some(self.used.get() as usize)
    }

    /// The timestamps since `start`, in slot order: a pass's start, then its end.
    pub(super) fn times(&self) -> &wgpu::Buffer {
        &self.times
    }

    /// The milliseconds the passes of `times` (start and end of each, in ticks) ran for.
    pub(super) fn pass_ms(&self, times: &[u64]) -> f64 {
        let ticks: u64 = times.chunks_exact(2).map(|pass| pass[1].saturating_sub(pass[0])).sum();
        ticks as f64 * self.tick_ns / 1e6
    }
}
