// Compiled in front of every shader that runs one invocation per element: the element an invocation
// owns, from a two-dimensional dispatch of 64-wide workgroups (as wide as the 65 535-workgroup limit
// allows, then as many rows as needed; see `per_element` in crate/src/engine/webgpu/commands.rs).

fn element_index(id: vec3u, groups: vec3u) -> u32 {
    return id.x + id.y * groups.x * 64u;
}

// The workgroup's place in the same layout, for the entry points that run a workgroup per channel.
fn workgroup_index(group: vec3u, groups: vec3u) -> u32 {
    return group.x + group.y * groups.x;
}

