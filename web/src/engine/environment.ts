// What this browser offers the engine: WebGPU, wasm SIMD, cross-origin isolation. Runs in the worker,
// because that is where the engine computes.

import type { Environment, WebGpuInfo } from "./protocol";
import { offersSubgroups } from "./subgroups";

// Smallest modules that use one feature each; `WebAssembly.validate` says whether the engine understands
// them. Both are `(func (result v128) ...)`: one type, one function, one body.
const SIMD_PROBE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version
  0x01,
  0x05,
  0x01,
  0x60,
  0x00,
  0x01,
  0x7b, // type section: () -> v128
  0x03,
  0x02,
  0x01,
  0x00, // function section
  0x0a,
  0x0a,
  0x01,
  0x08,
  0x00, // code section, one body of 8 bytes, no locals
  0x41,
  0x00,
  0xfd,
  0x0f,
  0xfd,
  0x62,
  0x0b, // i32.const 0; i8x16.splat; i8x16.popcnt; end
]);
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01,
  0x00, 0x0a, 0x0f, 0x01, 0x0d, 0x00,
  // i32.const 1; i8x16.splat; i32.const 2; i8x16.splat; i8x16.relaxed_swizzle; end
  0x41, 0x01, 0xfd, 0x0f, 0x41, 0x02, 0xfd, 0x0f, 0xfd, 0x80, 0x02, 0x0b,
]);

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|warp|software/i;

/**
 * The adapter the engine's WebGPU backend asks for (high performance, as wgpu does), described; asked of the
 * browser once per engine worker, for the environment panel and the store of tuned kernels alike.
 */
let webGpu: Promise<WebGpuInfo> | undefined;
const detectWebGpu = () => (webGpu ??= describeWebGpu());

async function describeWebGpu(): Promise<WebGpuInfo> {
  if (!("gpu" in navigator)) {
    return { available: false, reason: { code: "missing" } };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) {
      return { available: false, reason: { code: "no-adapter" } };
    }
    const { vendor, architecture, device, description } = adapter.info;
    const fallback = (adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const software = Boolean(fallback) || SOFTWARE_ADAPTER.test(`${vendor} ${architecture} ${description}`);
    const subgroups = offersSubgroups(adapter)
      ? { min: adapter.info.subgroupMinSize, max: adapter.info.subgroupMaxSize }
      : undefined;
    return { available: true, vendor, architecture, device, description, software, subgroups };
  } catch (error) {
    return { available: false, reason: { code: "failed", detail: String(error) } };
  }
}

/** The browser's name for the engine's GPU adapter (wgpu itself learns none in a browser), or "" without one. */
export async function gpuAdapterName(): Promise<string> {
  const { vendor, architecture, device, description } = await detectWebGpu();
  return [vendor, architecture, device, description].filter(Boolean).join(" ");
}

export const supportsSimd = () => WebAssembly.validate(SIMD_PROBE);
export const supportsRelaxedSimd = () => WebAssembly.validate(RELAXED_SIMD_PROBE);

export async function detectEnvironment(
  coreVersion: string,
  build: string,
  threads: number,
): Promise<Environment> {
  const webgpu = await detectWebGpu();
  return {
    coreVersion,
    build,
    threads,
    webgpu,
    wasmSimd: supportsSimd(),
    wasmRelaxedSimd: supportsRelaxedSimd(),
    crossOriginIsolated: self.crossOriginIsolated,
    sharedMemory: typeof SharedArrayBuffer === "function",
    logicalCores: navigator.hardwareConcurrency,
    backends: webgpu.available ? ["scalar", "simd", "webgpu"] : ["scalar", "simd"],
  };
}
