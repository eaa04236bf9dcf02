# xemu — top-level build.
#
#   make            build build/xemu and build/xemu-aarch64
#   make check      install what is missing, build, run every test
#   make demo       install what is missing, build, run arm64 busybox under xemu
#   make bench      xemu vs qemu-aarch64 vs native on real programs
#   make DEBUG=1    ASan/UBSan build in build-debug/
#   make regen      regenerate generated sources (decoders, ABI tables)
#
# Every .c file under the source folders below is part of xemu; new files
# need no Makefile edit.  Extra targets live in mk/*.mk, one file per area.

CC      ?= gcc
PKGS    := capstone libelf
ifeq ($(DEBUG),1)
BUILD   ?= build-debug
OPTFLAGS := -O0 -g -fsanitize=address,undefined -fno-omit-frame-pointer
else
BUILD   ?= build
OPTFLAGS := -O2 -g
endif

CFLAGS  := -std=gnu11 $(OPTFLAGS) -Wall -Wextra -Werror -fPIE -I. \
           -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(EXTRA_CFLAGS)
LDFLAGS := -pie $(OPTFLAGS)
LIBS    := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lcapstone -lelf) -lm

SRC_DIRS := xlat abi syscalls loader signals procfs cli
ALL_SRCS := $(sort $(shell find $(SRC_DIRS) -name '*.c' 2>/dev/null))
MAIN_SRC := cli/main.c
LIB_SRCS := $(filter-out $(MAIN_SRC),$(ALL_SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)

TEST_SRCS := $(wildcard tests/*.c)
TEST_OBJS := $(TEST_SRCS:%.c=$(BUILD)/obj/%.o)

.PHONY: all check unit demo bench regen clean deps
all: $(BUILD)/xemu $(BUILD)/xemu-aarch64

$(BUILD)/xemu: $(LIB_OBJS) $(MAIN_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/xemu-aarch64: $(BUILD)/xemu
	ln -sf xemu $@

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/unit-tests: $(LIB_OBJS) $(TEST_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS) -lcriterion

# Unit tests only (criterion); `make check` runs these and the real-program suites.
unit: $(BUILD)/unit-tests all
	$(BUILD)/unit-tests --jobs 2

clean:
	rm -rf build build-debug

-include $(ALL_SRCS:%.c=$(BUILD)/obj/%.d) $(TEST_SRCS:%.c=$(BUILD)/obj/%.d)
include $(wildcard mk/*.mk)
