# `make bench`: xemu vs qemu-aarch64 (default CPU and cortex-a72) vs native
# amd64 on real Debian programs (bench/run.py; docs/BENCHMARKS.md explains
# the workloads); writes docs/bench-latest.md.  Not part of `make check`.
# mk/bench-simd.mk makes `bench` run `bench-simd` first; `bench-programs`
# runs only this part.
#
#   make bench                                  everything, 3 repetitions
#   make bench BENCH_ARGS='--quick'             development: 1 rep, small inputs
#   make bench BENCH_ARGS='fft gcc'             a subset (keys: bench/run.py --list)
#   make bench BENCH_ARGS='startup -r 5'        a group: integer fp startup threads
# XEMU (default: the xemu built in $(BUILD)) and QEMU (default
# /usr/bin/qemu-aarch64) choose the two emulators.  Needs root for the
# packages (tools/install-deps.sh --bench) and for the temporary
# binfmt_misc entry that lets qemu follow execve (see docs/BENCHMARKS.md).

BENCH_ARGS ?=

.PHONY: bench bench-programs bench-deps
bench-deps:
	@./tools/install-deps.sh --bench

bench: bench-programs

bench-programs: bench-deps all
	@XEMU=$${XEMU:-$(BUILD)/xemu-aarch64} python3 bench/run.py $(BENCH_ARGS)
