//! Native discovery of the compute the engine can use: the CPU always, and a GPU through wgpu when the
//! machine has a Vulkan, Metal or DX12 driver (on a server without a GPU, Mesa's lavapipe is a CPU one).

use std::fmt;

pub struct GpuAdapter {
    pub name: String,
    pub backend: String,
    pub device_type: String,
    pub driver: String,
}

impl fmt::Display for GpuAdapter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}, {}", self.name, self.backend, self.device_type)?;
        if !self.driver.is_empty() {
            write!(f, ", {}", self.driver)?;
        }
        write!(f, ")")
    }
}

/// Every adapter wgpu can open on this machine, best first as wgpu ranks them.
pub fn gpu_adapters() -> Vec<GpuAdapter> {
    // The primary backends only: Vulkan, Metal, DX12. GL would add a second view of the same device.
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle();
    descriptor.backends = wgpu::Backends::PRIMARY;
    let instance = wgpu::Instance::new(descriptor);
    pollster::block_on(instance.enumerate_adapters(wgpu::Backends::PRIMARY))
        .into_iter()
        .map(|adapter| {
            let info = adapter.get_info();
            GpuAdapter {
                name: info.name,
                backend: format!("{:?}", info.backend),
                device_type: format!("{:?}", info.device_type),
                driver: [info.driver, info.driver_info].join(" ").trim().to_string(),
            }
        })
        .collect()
}
