# `make bench-simd`: the FP/SIMD benchmark group (bench/simd.py): small C
# kernels as static arm64 binaries under xemu and qemu-aarch64 vs native
# amd64; writes docs/bench-simd-latest.md.  `make bench` runs it first.
#
#   make bench-simd BENCH_SIMD_ARGS='-r 5 --base /path/to/old/xemu-aarch64'
# XEMU (default: the xemu built in $(BUILD)) and QEMU choose the emulators.

BENCH_SIMD_ARGS ?=

.PHONY: bench-simd
bench-simd: all
	@XEMU=$${XEMU:-$(BUILD)/xemu-aarch64} python3 bench/simd.py $(BENCH_SIMD_ARGS)

bench: bench-simd
