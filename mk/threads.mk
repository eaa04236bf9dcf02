# Guest threads and atomics (tests/threads/, see run.sh there): atomic
# counters, litmus tests, churn, exit_group, robust futexes, cross-modifying
# code, C++ std::thread, python3 threading and xz -T2 against native.
#   make check-threads     "N passed, N failed"
.PHONY: check-threads
check-threads: $(BUILD)/xemu-aarch64
	@sh tests/programs/sysroot.sh >/dev/null
	@XEMU=$(BUILD)/xemu-aarch64 OUT=$(BUILD)/threads-tests sh tests/threads/run.sh
