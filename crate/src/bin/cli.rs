//! `playground`: the native command-line face of the core, for instructors preparing a session and for CI.

use playground::{backends, VERSION};
use std::process::ExitCode;

const USAGE: &str = "usage: playground <command>

commands:
  info    print the version and the compute backends found on this machine";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("info") => {
            info();
            ExitCode::SUCCESS
        }
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            if let Some(command) = other {
                eprintln!("unknown command: {command}");
            }
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn info() {
    println!("playground {VERSION}");
    println!("backends:");
    println!("  scalar  available (plain Rust on the CPU)");
    let adapters = backends::gpu_adapters();
    if adapters.is_empty() {
        println!(
            "  wgpu    no adapter found (no Vulkan/Metal/DX12 driver; on Debian: apt-get install mesa-vulkan-drivers)"
        );
    }
    for adapter in adapters {
        println!("  wgpu    {adapter}");
    }
}
