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

# Fixed seed, every class round robin: the regression set, on the default
# CPU (max), then smaller sets with both sides as an Armv8.0 and an
# Armv8.2 model (QEMU_CPU: qemu's model of the same name), which checks
# the decoder's feature gates against qemu's.  One summed last line.
DIFFTEST_CHECK_N ?= 104000
DIFFTEST_MODEL_N ?= 15000
DIFFTEST_MODELS  ?= cortex-a72 neoverse-n1
check-difftest: $(DIFFTEST)
	@p=0; f=0; \
	for m in max $(DIFFTEST_MODELS); do \
	  if [ $$m = max ]; then \
	    line=$$($(DIFFTEST) --seed 20261122 --class all --n $(DIFFTEST_CHECK_N) --jobs $(JOBS)); \
	  else \
	    line=$$(QEMU_CPU=$$m $(DIFFTEST) --seed 20261122 --class all --n $(DIFFTEST_MODEL_N) --jobs $(JOBS)); \
	  fi; \
	  echo "cpu $$m: $${line:-the difftest did not finish}"; \
	  set -- $$line; \
	  case "$$1$$3" in *[!0-9]*|"") f=$$((f + 1));; *) p=$$((p + $$1)); f=$$((f + $$3));; esac; \
	done; \
	echo "$$p passed, $$f failed"; [ $$f -eq 0 ]

.PHONY: difftest check-difftest

-include $(DIFFTEST_SRCS:%.c=$(BUILD)/obj/%.d)

# ---- decoder agreement ------------------------------------------------------
DECODE_AGREE := $(BUILD)/decode-agree
$(DECODE_AGREE): $(LIB_OBJS) $(BUILD)/obj/tests/decode-agreement/agree.o
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

SYSROOT_ARM64 := cache/sysroot-arm64
DECODE_ELVES := $(SYSROOT_ARM64)/usr/lib/aarch64-linux-gnu/libc.so.6 \
                cache/decode-agreement/usr/lib/aarch64-linux-gnu/libstdc++.so.6 \
                $(SYSROOT_ARM64)/usr/lib/aarch64-linux-gnu/libcrypto.so.3 \
                $(SYSROOT_ARM64)/usr/bin/python3.11 \
                cache/busybox/arm64/bin/busybox
DECODE_RANDOM ?= 3000000

check-decode: $(DECODE_AGREE)
	@[ -e $(SYSROOT_ARM64)/usr/bin/python3.11 ] || tests/programs/sysroot.sh
	@[ -e cache/decode-agreement/usr/lib/aarch64-linux-gnu/libstdc++.so.6 ] || \
	  tools/fetch-debs.sh cache/decode-agreement libstdc++6:arm64
	@[ -e cache/busybox/arm64/bin/busybox ] || \
	  python3 -c 'import sys; sys.path.insert(0, "busybox-smoke"); import run; run.fetch_busybox()'
	@$(DECODE_AGREE) --random $(DECODE_RANDOM) --rules tests/decode-agreement/rules.txt $(DECODE_ELVES)

.PHONY: check-decode
-include $(BUILD)/obj/tests/decode-agreement/agree.d

# ---- guest snippets -----------------------------------------------------------
check-snippets: all
	@XEMU_BIN=$(BUILD)/xemu-aarch64 python3 tests/snippets/run.py $(BUILD)
.PHONY: check-snippets
