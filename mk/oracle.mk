# The arm64 runner of the A64 instruction oracle (tests/a64_oracle.c runs it
# under qemu-aarch64).  Built next to the unit-test binary, where
# a64_oracle_build_program("runner") looks for it; order-only so it never
# ends up on the link line.
A64_ORACLE_RUNNER := $(BUILD)/a64-oracle-runner

$(A64_ORACLE_RUNNER): tests/a64_oracle/runner.c tests/a64_oracle/wire.h
	@mkdir -p $(dir $@)
	aarch64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/unit-tests: | $(A64_ORACLE_RUNNER)
