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
    pollster::block_on(crate::engine::webgpu::instance().enumerate_adapters(wgpu::Backends::PRIMARY))
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
