// Debian's Chromium, headless, as the benchmark scripts drive it: never a downloaded browser, no background
// traffic, and WebGPU on its SwiftShader adapter where the machine has no GPU.
import { chromium } from "@playwright/test";

export const launchChromium = () =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--enable-unsafe-webgpu",
      "--enable-unsafe-swiftshader",
    ],
  });
