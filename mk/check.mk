# Set-up, demo and the test entry points (included by the Makefile).
#
#   make deps            install missing packages (tools/install-deps.sh)
#   make demo            deps, build, run Debian's arm64 busybox under xemu
#   make check           deps, build, every suite (tools/run-checks.sh)
#   make check-busybox   busybox-smoke/ only     (XEMU=... to choose the emulator)
#   make check-programs  tests/programs/ only    (XEMU=... likewise)
#
# XEMU defaults to the xemu built in $(BUILD); XEMU=/usr/bin/qemu-aarch64
# runs the same suites against qemu-user, which validates the cases.

XEMU ?= $(CURDIR)/$(BUILD)/xemu-aarch64
export XEMU

.PHONY: deps demo check check-busybox check-programs

deps:
	@./tools/install-deps.sh

check: deps
	@./tools/run-checks.sh $(BUILD)

check-busybox:
	@python3 busybox-smoke/run.py -j2

check-programs:
	@python3 tests/programs/run.py -j2

# A few applets of Debian's arm64 busybox-static under xemu: what a new
# user sees working first.
DEMO_BB := cache/busybox/arm64/bin/busybox
demo: deps all
	@PYTHONDONTWRITEBYTECODE=1 python3 -c 'import sys; sys.path.insert(0, "busybox-smoke"); import run; run.fetch_busybox()'
	@echo "== $(XEMU) $(DEMO_BB) uname -m"
	@$(XEMU) $(DEMO_BB) uname -m
	@echo "== echo 'hello from arm64 busybox' | busybox sha256sum"
	@echo 'hello from arm64 busybox' | $(XEMU) $(DEMO_BB) sha256sum
	@echo "== busybox seq 1 10 | busybox awk '{ s += \$$1 } END { print \"sum\", s }'"
	@$(XEMU) $(DEMO_BB) seq 1 10 | $(XEMU) $(DEMO_BB) awk '{ s += $$1 } END { print "sum", s }'
	@echo "== busybox sh -c 'for i in 1 2 3; do echo loop \$$i; done'"
	@$(XEMU) $(DEMO_BB) sh -c 'for i in 1 2 3; do echo loop $$i; done'
	@echo "== busybox ls -l busybox-smoke"
	@$(XEMU) $(DEMO_BB) ls -l busybox-smoke
	@echo "== demo done: Debian's arm64 busybox ran under $(XEMU)"
