#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (run as root), and
# says exactly what is missing otherwise. Idempotent: a second run takes a second.
#   - Debian's chromium (real-browser tests), libvulkan1 (the Vulkan loader Dawn uses) and
#     mesa-vulkan-drivers (for the libraries lavapipe 25 needs)
#   - Mesa 25 lavapipe from bookworm-backports, unpacked into .cache/mesa (Debian 12's
#     own Mesa 22 is rejected by Dawn), with an ICD json pointing at it
#   - npm packages (npm ci) when node_modules is missing or older than the lock file
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MESA_DIR="$ROOT/.cache/mesa"
ICD="$MESA_DIR/lvp_icd.json"
missing=()
is_root() { [ "$(id -u)" = 0 ]; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_updated=0
apt_update_once() {
  if [ $apt_updated = 0 ]; then apt-get update -qq; apt_updated=1; fi
}

# 1. apt packages
need_apt=()
# mesa-vulkan-drivers (Debian 12's own) brings every shared library lavapipe 25 links against.
for p in chromium libvulkan1 mesa-vulkan-drivers; do have_pkg "$p" || need_apt+=("$p"); done
if [ ${#need_apt[@]} -gt 0 ]; then
  if is_root; then
    echo "setup: installing ${need_apt[*]} (apt)"
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fonts-liberation >/dev/null
  else
    missing+=("apt packages: ${need_apt[*]} (run: sudo apt-get install ${need_apt[*]})")
  fi
fi

# 2. Mesa 25 lavapipe, unpacked locally. The ICD json is written last, only after the
#    library is checked to load, so a half-done install is redone on the next run.
fail_mesa() { missing+=("Mesa 25 lavapipe: $1"); }
if [ ! -f "$ICD" ]; then
  echo "setup: fetching Mesa lavapipe from bookworm-backports into .cache/mesa"
  work="$MESA_DIR/apt"
  mkdir -p "$work/sources" "$work/lists/partial" "$work/cache/archives/partial"
  # The backports line is built from this machine's own Debian source (its URI).
  src=/etc/apt/sources.list.d/debian.sources
  uri=""
  if [ -f "$src" ]; then uri=$(awk '/^URIs:/{print $2; exit}' "$src"); fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1=="deb" && $3 ~ /^bookworm$/ {print $2; exit}' /etc/apt/sources.list)
  fi
  if [ -z "$uri" ]; then
    fail_mesa "no Debian apt source found to derive bookworm-backports from"
  else
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" > "$work/sources/backports.sources"
    opts=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$work/sources"
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o Debug::NoLocking=1
          -o APT::Sandbox::User=root)
    rm -f "$work"/mesa-vulkan-drivers_*.deb
    if ! apt-get "${opts[@]}" update -qq; then
      fail_mesa "apt-get update of bookworm-backports ($uri) failed"
    elif ! (cd "$work" && apt-get "${opts[@]}" download -qq mesa-vulkan-drivers/bookworm-backports); then
      fail_mesa "apt-get download mesa-vulkan-drivers/bookworm-backports ($uri) failed"
    else
      deb=$(ls "$work"/mesa-vulkan-drivers_*.deb | head -n1)
      rm -rf "$MESA_DIR/root"
      dpkg-deb -x "$deb" "$MESA_DIR/root"
      lib=$(find "$MESA_DIR/root" -name libvulkan_lvp.so | head -n1)
      if [ -z "$lib" ]; then
        fail_mesa "$(basename "$deb") holds no libvulkan_lvp.so"
      elif ldd "$lib" | grep -q 'not found'; then
        fail_mesa "$(basename "$deb") needs libraries this machine lacks: $(ldd "$lib" | awk '/not found/{print $1}' | tr '\n' ' ')(apt-get install mesa-vulkan-drivers brings them)"
      else
        printf '{"file_format_version":"1.0.1","ICD":{"library_path":"%s","api_version":"1.4.0"}}\n' "$lib" > "$ICD.tmp"
        mv "$ICD.tmp" "$ICD"
        echo "setup: lavapipe from $(basename "$deb")"
      fi
    fi
  fi
fi

# 3. npm packages
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: missing, tests that need them will fail:" >&2
  for m in "${missing[@]}"; do echo "  - $m" >&2; done
  exit 1
fi
echo "setup: ok (lavapipe ICD: $ICD)"
