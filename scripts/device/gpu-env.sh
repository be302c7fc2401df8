# Sourced first by the device scripts: their clock and log helpers and $OUT, then unpack the
# carried Node and node_modules (.dev, from pack.sh), the Vulkan loader and GL vendor libraries
# (.gl) and point Vulkan at the NVIDIA driver's ICD, then check that Dawn's adapter is the GPU
# (returns 3 if not). SIM=1 keeps this machine's Node and lavapipe.
START=$(date +%s)
el() { echo $(( $(date +%s) - START )); }
say() { echo "[$(el) s] $*"; }
run_ts() { node --import tsx --import ./scripts/raw-loader.mjs "$@"; }
# workdir DIR: the script's work folder $W, emptied. left: seconds of the script's $BUDGET left.
workdir() { W=$1; rm -rf "$W"; mkdir -p "$W"; }
left() { echo $(( BUDGET - $(el) )); }
# train_toy NAME SECONDS FLAGS…: train:toy into $W/NAME (the caller's work folder), stopped by the
# clock, its output in $W/NAME.log. Flags first given win: train-toy reads a flag's first occurrence.
train_toy() { local name=$1 secs=$2; shift 2; timeout "$secs" node --import tsx --import ./scripts/raw-loader.mjs scripts/train-toy.ts "$@" --out "$W/$name" > "$W/$name.log" 2>&1; }
# start_trainings SECONDS FLAGS_ARRAY "NAME…" COMMON_FLAGS…: train_toy for each name in the
# background, its entry of the associative array FLAGS_ARRAY before COMMON_FLAGS (so it wins);
# their pids in PIDS.
start_trainings() {
  local secs=$1 names=$3 n
  local -n flags=$2
  shift 3
  PIDS=()
  for n in $names; do
    train_toy "$n" "$secs" ${flags[$n]} "$@" &
    PIDS+=($!)
  done
  say "training: $names ($secs s at most)"
}
OUT=${OUT:-/tmp/device-out}
mkdir -p "$OUT"
if [ -f .dev/node.tar.xz ] && [ -z "${SIM:-}" ]; then
  mkdir -p /tmp/dn && tar -C /tmp/dn -xJf .dev/node.tar.xz && export PATH="/tmp/dn/usr/bin:$PATH"
fi
[ -d node_modules/webgpu ] || tar -xJf .dev/nm.tar.xz
[ -d node_modules/@tensorflow/tfjs-core ] || { [ -f .dev/tf.tar.xz ] && tar -xJf .dev/tf.tar.xz; }
if [ -z "${SIM:-}" ]; then
  # libGLX_nvidia (the ICD's library) needs libglvnd's dispatch libraries beside libvulkan
  for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_ICD_FILENAMES="$icd"; break; fi
  done
  export DUST_GPU=system
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm --format=csv,noheader
fi
echo "node $(node -v), VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-unset}, $(nproc) cpus"
if ! run_ts scripts/device/adapter.ts; then
  ldconfig -p | grep -iE 'vulkan|nvidia' | head -20
  find / -name '*icd*.json' -path '*vulkan*' 2>/dev/null | head
  return 3 2>/dev/null || exit 3
fi
