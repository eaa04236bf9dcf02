# Guest signal delivery tests (tests/signals/): each program built for
# arm64 (run under xemu) and amd64 (native oracle), outputs compared.
#   make check-signals     "N passed, N failed"
.PHONY: check-signals
check-signals: $(BUILD)/xemu-aarch64
	@XEMU=$(BUILD)/xemu-aarch64 OUT=$(BUILD)/signals-tests sh tests/signals/run.sh
