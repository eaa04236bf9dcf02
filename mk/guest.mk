# Guest-program suite: the same C sources built for arm64 (under xemu) and
# amd64 (native) must behave identically; plus xemu's CLI behaviour.
check-guest: all
	BUILD=$(BUILD) tests/guest/run.sh $(BUILD)/xemu-aarch64
.PHONY: check-guest
