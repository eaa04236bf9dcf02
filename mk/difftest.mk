# ISA verification against qemu-aarch64 (docs/ISA-TESTING.md):
#
#   make difftest [SEED=1] [CLASS=all] [N=1000] [JOBS=2]
#                         random instruction sequences, xemu vs qemu
#   make check-difftest   the fixed-seed set (100,000+ sequences, every class)
#   make check-decode     xemu's decoders vs capstone on real binaries + random words
#   make check-snippets   hand-written asm corner cases with expected values
#
# Each check target ends with "N passed, N failed".

DIFFTEST      := $(BUILD)/difftest
DIFFTEST_SRCS := $(wildcard tests/difftest/*.c)
DIFFTEST_OBJS := $(DIFFTEST_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/tests/a64_oracle.o

$(DIFFTEST): $(LIB_OBJS) $(DIFFTEST_OBJS) | $(A64_ORACLE_RUNNER)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

SEED  ?= 1
CLASS ?= all
N     ?= 1000
JOBS  ?= 2

difftest: $(DIFFTEST)
	$(DIFFTEST) --seed $(SEED) --class $(CLASS) --n $(N) --jobs $(JOBS)

# Fixed seed, every class round robin: the regression set.
DIFFTEST_CHECK_N ?= 104000
check-difftest: $(DIFFTEST)
	@$(DIFFTEST) --seed 20261122 --class all --n $(DIFFTEST_CHECK_N) --jobs $(JOBS)

.PHONY: difftest check-difftest

-include $(DIFFTEST_SRCS:%.c=$(BUILD)/obj/%.d)
