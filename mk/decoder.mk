# A64 decoders: xlat/aarch64/a64_NAME.decode -> decode_NAME.{c,h} (committed).
A64_DECODERS := $(patsubst xlat/aarch64/a64_%.decode,%,$(wildcard xlat/aarch64/a64_*.decode))

xlat/aarch64/decode_%.c xlat/aarch64/decode_%.h: xlat/aarch64/a64_%.decode tools/gen_decoder.py
	python3 tools/gen_decoder.py $< xlat/aarch64/decode_$* decode_$*

regen: $(foreach d,$(A64_DECODERS),xlat/aarch64/decode_$(d).c)

# CI: the committed generated files match their specs.
check-generated:
	@set -e; tmp=$$(mktemp -d); for d in $(A64_DECODERS); do \
	  python3 tools/gen_decoder.py xlat/aarch64/a64_$$d.decode $$tmp/decode_$$d decode_$$d; \
	  sed 's|#include "'$$tmp'/|#include "xlat/aarch64/|' $$tmp/decode_$$d.c | cmp -s - xlat/aarch64/decode_$$d.c || { echo "decode_$$d.c is stale: make regen"; exit 1; }; \
	done; rm -rf $$tmp; echo "generated decoders up to date"
.PHONY: check-generated
