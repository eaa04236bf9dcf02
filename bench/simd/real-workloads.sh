#!/bin/bash
# The FP/SIMD/crypto workloads of issue 3 (stress-ng --cpu-method fft,
# matrixprod, double, float; openssl speed -evp sha256, aes-128-gcm), one
# run of one runner; used by hand to compare xemu, qemu-aarch64 and native
# (`make bench` gets them from the "bench" engineer's bench/run.py).
#   bench/simd/real-workloads.sh RUNNER WORKLOAD
# RUNNER: native | qemu | path to an xemu binary.  The arm64 side runs from
# a tree made by
#   tools/fetch-debs.sh $ROOT stress-ng:arm64 libapparmor1:arm64 libbsd0:arm64 \
#     libmd0:arm64 libc6:arm64 libcrypt1:arm64 libegl1:arm64 libglvnd0:arm64 \
#     libgbm1:arm64 libdrm2:arm64 libexpat1:arm64 libwayland-server0:arm64 \
#     libffi8:arm64 libgles2:arm64 libjpeg62-turbo:arm64 libjudydebian1:arm64 \
#     libkmod2:arm64 liblzma5:arm64 libzstd1:arm64 libssl3:arm64 libsctp1:arm64 \
#     libxxhash0:arm64 zlib1g:arm64 openssl:arm64 libgcc-s1:arm64
# (ROOT defaults to /tmp/simd-root); native needs the host's stress-ng and
# openssl.  Prints user+system CPU seconds for stress-ng (fixed --cpu-ops;
# OPS overrides) and kB/s at 8 KiB blocks for openssl (SECS seconds).
set -u
R=${ROOT:-/tmp/simd-root}
runner=$1; w=$2
case $runner in
  native) pre=(); bin=/usr/bin ;;
  qemu) pre=(/usr/bin/qemu-aarch64 -L "$R"); bin=$R/usr/bin ;;
  *) pre=("$runner" -L "$R"); bin=$R/usr/bin ;;
esac
t=$(mktemp); o=$(mktemp)
trap 'rm -f "$t" "$o"' EXIT
case $w in
  fft) ops=${OPS:-200} ;; matrixprod) ops=${OPS:-30} ;; *) ops=${OPS:-300} ;;
esac
case $w in
  fft|matrixprod|double|float)
    /usr/bin/time -f "%U %S" -o "$t" "${pre[@]}" "$bin/stress-ng" --cpu 1 --cpu-method "$w" \
        --cpu-ops "$ops" --metrics-brief >"$o" 2>&1
    echo "$runner $w cpu_s=$(awk '{print $1 + $2}' "$t") ops=$ops" ;;
  sha256|aes-128-gcm)
    "${pre[@]}" "$bin/openssl" speed -seconds "${SECS:-2}" -bytes 8192 -evp "$w" >"$o" 2>&1
    echo "$runner $w kB_per_s=$(grep -iE "^$w " "$o" | awk '{print $NF}')" ;;
  *) echo "unknown workload $w" >&2; exit 2 ;;
esac
