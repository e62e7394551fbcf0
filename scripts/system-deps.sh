#!/usr/bin/env bash
# Installs the system libraries for headless MuJoCo rendering if they are missing.
# EGL (libegl1 libegl-mesa0 libgl1-mesa-dri libopengl0) is the default; OSMesa (libosmesa6) the fallback.
set -u
have() { ldconfig -p 2>/dev/null | grep -q "$1"; }
if have libEGL.so.1 && have libOpenGL.so.0 && have libOSMesa.so; then exit 0; fi
PKGS="libegl1 libegl-mesa0 libgl1-mesa-dri libopengl0 libosmesa6"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  if have libEGL.so.1 || have libOSMesa.so; then exit 0; fi
  echo "embodia needs headless GL libraries; as root run: apt-get install -y $PKGS (or your distribution's EGL/OSMesa packages)" >&2
  exit 1
fi
echo "installing headless GL libraries: $PKGS"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $PKGS >/dev/null || {
  echo "apt-get could not install $PKGS; install them by hand and retry" >&2; exit 1; }
