// A workgroup's sum, where the adapter offers subgroups: each subgroup adds its invocations' values in
// registers (`subgroupAdd`), and every invocation adds the subgroups' sums, in subgroup order. The twin
// without subgroups is reduce_workgroup.wgsl; engine/webgpu/shader.rs puts one of them in front of the
// families that reduce.

struct Invocation {
    @builtin(local_invocation_index) thread: u32,
    @builtin(subgroup_invocation_id) lane: u32,
    @builtin(subgroup_id) subgroup: u32,
    @builtin(num_subgroups) subgroups: u32,
}

// One slot per subgroup: at most one per invocation.
var<workgroup> subgroup_sums: array<f32, REDUCE_THREADS>;

/// The sum of `value` over the workgroup's invocations, returned to each. Called by every invocation of the
/// workgroup, in uniform control flow.
fn workgroup_sum(value: f32, at: Invocation) -> f32 {
    let sum = subgroupAdd(value);
    if (at.lane == 0u) {
        subgroup_sums[at.subgroup] = sum;
    }
    workgroupBarrier();
    var total = 0.0;
    for (var s = 0u; s < at.subgroups; s++) {
        total += subgroup_sums[s];
    }
    // Every invocation has read the sums before a next call writes them.
    workgroupBarrier();
    return total;
}
