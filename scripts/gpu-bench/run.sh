#!/usr/bin/env bash
# The GPU benchmark, on a machine with a real GPU: the native wgpu backend through Vulkan, then PyTorch on
# the same card as the anchor, then both side by side. Prepared here, run there through the device tool:
#   cargo build --release -p playground        # x86-64, on the development machine
#   (Vulkan loader .debs in .gl/, as the device tool's README says)
#   run: bash scripts/gpu-bench/run.sh   carry: .gl target/release/playground
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-gpu-bench-results}
mkdir -p "$out"

for deb in .gl/*.deb; do dpkg -x "$deb" /; done
ldconfig
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES=$icd

nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv | tee "$out/gpu.txt"
./target/release/playground info 2>&1 | grep -v XDG_RUNTIME_DIR | tee "$out/info.txt"
workloads=w1_matmul_256,w1_matmul_1024,w1_matmul_4096,w2_conv3x3_56x56x64,w2_sepconv_112x112x32,w4_tinyyolo_416
./target/release/playground bench --backends webgpu --workloads "$workloads" --json "$out/wgpu.json" 2>&1 |
  grep -v XDG_RUNTIME_DIR | tee "$out/wgpu.txt"
PYTHONUNBUFFERED=1 python3 scripts/gpu-bench/torch_anchor.py --json "$out/torch.json" --compare "$out/wgpu.json" |
  tee "$out/torch.txt"
