# `make bench`: xemu vs qemu-aarch64 vs native amd64 on real Debian programs
# (bench/run.py); writes docs/bench-latest.md.  Not part of `make check`.
#
#   make bench                              all workloads, 3 repetitions
#   make bench BENCH_ARGS='-r 5 --scale 2'  more repetitions, bigger inputs
#   make bench BENCH_ARGS='python3 lua5.4'  a subset
# XEMU (default: the xemu built in $(BUILD)) and QEMU (default
# /usr/bin/qemu-aarch64) choose the two emulators.

BENCH_ARGS ?=

.PHONY: bench
bench: deps all
	@python3 bench/run.py $(BENCH_ARGS)
