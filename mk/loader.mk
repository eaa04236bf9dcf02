# Loader: arm64 test programs for tests/test_loader.c, and a test binary
# with only the loader's objects (usable while the rest of the tree is
# still growing).
#
#   make loader-check     build and run the loader and vmmap tests

AARCH64_CC ?= aarch64-linux-gnu-gcc
LOADER_CORPUS := $(BUILD)/elf-corpus
LOADER_PROGS := $(LOADER_CORPUS)/hello-static $(LOADER_CORPUS)/hello-static-pie \
                $(LOADER_CORPUS)/hello-dyn
LOADER_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard loader/*.c))
LOADER_TEST_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard tests/test_loader.c tests/test_vmmap.c))

$(LOADER_CORPUS)/hello-static: tests/elf-corpus/hello.c
	@mkdir -p $(dir $@)
	$(AARCH64_CC) -O1 -static -o $@ $<

$(LOADER_CORPUS)/hello-static-pie: tests/elf-corpus/hello.c
	@mkdir -p $(dir $@)
	$(AARCH64_CC) -O1 -static-pie -fPIE -o $@ $<

$(LOADER_CORPUS)/hello-dyn: tests/elf-corpus/hello.c
	@mkdir -p $(dir $@)
	$(AARCH64_CC) -O1 -o $@ $<

# The test binaries find the corpus next to themselves.
$(BUILD)/unit-tests: | $(LOADER_PROGS)

$(BUILD)/loader-tests: $(LOADER_OBJS) $(LOADER_TEST_OBJS) | $(LOADER_PROGS)
	$(CC) $(LDFLAGS) -o $@ $(LOADER_OBJS) $(LOADER_TEST_OBJS) -lelf -lcriterion

loader-check: $(BUILD)/loader-tests
	$(BUILD)/loader-tests --jobs 2

.PHONY: loader-check

# libFuzzer run over the loader (clang), seeded with the test programs:
#   make loader-fuzz [FUZZ_SECONDS=60]
FUZZ_SECONDS ?= 60
$(BUILD)/fuzz-loader: $(wildcard loader/*.c loader/*.h) tests/elf-corpus/fuzz_loader.c
	clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -D_GNU_SOURCE -o $@ \
	    $(wildcard loader/*.c) tests/elf-corpus/fuzz_loader.c -lelf

loader-fuzz: $(BUILD)/fuzz-loader $(LOADER_PROGS)
	@mkdir -p $(BUILD)/fuzz-corpus
	cp $(LOADER_PROGS) $(BUILD)/fuzz-corpus/
	$(BUILD)/fuzz-loader -max_total_time=$(FUZZ_SECONDS) -max_len=1048576 -rss_limit_mb=4096 \
	    -artifact_prefix=$(BUILD)/fuzz- $(BUILD)/fuzz-corpus

.PHONY: loader-fuzz
