# ABI tables: abi/aarch64/abi_aarch64.{c,h} and abi/abi_ids.h are generated
# from the kernel UAPI headers by abi/gen/gen_abi.py (needs aarch64-linux-gnu-gcc).
ABI_GEN := abi/gen/gen_abi.py abi/gen/abi_spec.py

regen-abi:
	python3 abi/gen/gen_abi.py abi/aarch64

regen: regen-abi

# CI: the committed tables match a fresh run (skipped without the cross compiler).
check-abi:
	@if ! command -v aarch64-linux-gnu-gcc >/dev/null; then echo "check-abi: no cross compiler, skipped"; exit 0; fi; \
	set -e; tmp=$$(mktemp -d); mkdir -p $$tmp/abi/gen $$tmp/abi/aarch64; \
	cp $(ABI_GEN) $$tmp/abi/gen/; python3 $$tmp/abi/gen/gen_abi.py $$tmp/abi/aarch64; \
	for f in abi/abi_ids.h abi/aarch64/abi_aarch64.c abi/aarch64/abi_aarch64.h; do \
	  cmp -s $$tmp/$$f $$f || { echo "$$f is stale: make regen-abi"; rm -rf $$tmp; exit 1; }; done; \
	rm -rf $$tmp; echo "ABI tables up to date"
.PHONY: regen-abi check-abi

# `make check` verifies the committed ABI tables too.
check: check-abi
