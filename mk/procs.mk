# Process and /proc tests (tests/procs/): each program built for arm64
# (run under xemu) and amd64 (native oracle), outputs compared.
#   make check-procs     "N passed, N failed"
.PHONY: check-procs
check-procs: $(BUILD)/xemu-aarch64
	@XEMU=$(BUILD)/xemu-aarch64 OUT=$(BUILD)/procs-tests sh tests/procs/run.sh
