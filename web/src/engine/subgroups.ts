// Subgroups for the engine's WebGPU device. wgpu requests the WebGPU features it knows of, and "subgroups"
// is not yet among them (gfx-rs/wgpu#5555), so the engine worker asks for it on wgpu's behalf wherever the
// adapter offers it; the core then finds it on the device it got and sums over workgroups by subgroups
// (crate/src/engine/webgpu/shader.rs), else by a tree in workgroup memory.

/** Whether the engine sums by subgroups on `adapter`: it offers them, and WGSL has the `subgroup_id` built-in the sums use. */
export function offersSubgroups(adapter: GPUAdapter): boolean {
  return adapter.features.has("subgroups") && navigator.gpu.wgslLanguageFeatures.has("subgroup_id");
}

/**
 * Makes the devices this worker requests ask for subgroups too, where their adapter `offersSubgroups`.
 * Everything else about a request is as its caller made it.
 */
export function askForSubgroups(): void {
  if (typeof GPUAdapter === "undefined") return;
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
    const required = [...(descriptor?.requiredFeatures ?? [])];
    if (offersSubgroups(this) && !required.includes("subgroups")) required.push("subgroups");
    return requestDevice.call(this, { ...descriptor, requiredFeatures: required });
  };
}
