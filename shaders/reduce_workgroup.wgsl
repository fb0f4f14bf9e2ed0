// A workgroup's sum without subgroups: a tree of pairwise sums in workgroup memory. The twin with
// subgroups is reduce_subgroups.wgsl; engine/webgpu/shader.rs puts one of them in front of the families
// that reduce.

struct Invocation {
    @builtin(local_invocation_index) thread: u32,
}

var<workgroup> partial_sums: array<f32, REDUCE_THREADS>;

/// The sum of `value` over the workgroup's invocations, returned to each. Called by every invocation of the
/// workgroup, in uniform control flow.
fn workgroup_sum(value: f32, at: Invocation) -> f32 {
    partial_sums[at.thread] = value;
    workgroupBarrier();
    for (var stride = REDUCE_THREADS / 2u; stride > 0u; stride /= 2u) {
        if (at.thread < stride) {
            partial_sums[at.thread] += partial_sums[at.thread + stride];
        }
        workgroupBarrier();
    }
    let total = partial_sums[0];
    // Every invocation has read the sum before a next call writes the partial sums.
    workgroupBarrier();
    return total;
}
