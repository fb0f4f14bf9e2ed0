//! `playground`: the native command-line face of the core, for instructors preparing a session, for CI and
//! for benchmarks on machines with a real GPU.

use playground::engine::bench::{self, Budget, Measurement};
use playground::engine::scalar::Scalar;
use playground::engine::simd::Simd;
use playground::engine::webgpu::WebGpu;
use playground::engine::Backend;
use playground::{backends, VERSION};
use std::process::ExitCode;

const USAGE: &str = "usage: playground <command> [options]

commands:
  info    print the version and the compute backends found on this machine
  bench   time the benchmark workloads and print a table
            --workloads W1,W2,...   (default: all of them)
            --backends B1,B2,...    scalar, simd, webgpu (default: simd,webgpu)
            --json FILE             also write the measurements as JSON";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("info") => {
            info();
            Ok(())
        }
        Some("bench") => run_bench(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command: {other}")),
        None => Err("no command given".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn info() {
    println!("playground {VERSION}");
    println!("backends:");
    println!("  scalar  available (plain Rust on the CPU)");
    println!("  simd    available (4-lane f32 kernels)");
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

/// The value after `--name`, if the option was given.
fn option<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args.get(i + 1).map(|v| Some(v.as_str())).ok_or(format!("{name} needs a value")),
        None => Ok(None),
    }
}

fn run_bench(args: &[String]) -> Result<(), String> {
    let workloads: Vec<&str> = match option(args, "--workloads")? {
        Some(list) => list.split(',').collect(),
        None => bench::WORKLOADS.to_vec(),
    };
    let backends: Vec<&str> = option(args, "--backends")?.unwrap_or("simd,webgpu").split(',').collect();
    let budget = Budget::default();
    let mut results: Vec<Measurement> = Vec::new();
    println!(
        "{:<24} {:<40} {:>10} {:>10} {:>9} {:>10}",
        "workload", "backend", "first ms", "median ms", "GFLOP/s", "samples/s"
    );
    for backend in &backends {
        let measured = match *backend {
            "scalar" => measure_all(&Scalar, &workloads, budget),
            "simd" => measure_all(&Simd, &workloads, budget),
            "webgpu" => measure_all(&WebGpu::new()?, &workloads, budget),
            other => return Err(format!("unknown backend {other}: scalar, simd or webgpu")),
        }?;
        results.extend(measured);
    }
    if let Some(path) = option(args, "--json")? {
        let json = serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?;
        std::fs::write(path, json).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    Ok(())
}

fn measure_all<B: Backend>(backend: &B, workloads: &[&str], budget: Budget) -> Result<Vec<Measurement>, String> {
    workloads
        .iter()
        .map(|id| {
            let m = pollster::block_on(bench::measure(backend, id, budget))?;
            let gflops = if m.gflops > 0.0 { format!("{:.1}", m.gflops) } else { String::new() };
            let samples = m.samples_per_s.map_or(String::new(), |s| format!("{s:.0}"));
            println!(
                "{:<24} {:<40} {:>10.2} {:>10.2} {:>9} {:>10}",
                m.workload, m.backend, m.first_ms, m.median_ms, gflops, samples
            );
            Ok(m)
        })
        .collect()
}
