"""Guest snippets (make check-snippets): each tests/snippets/*.S (except
harness.S) is linked with harness.S into a static arm64 program and run
under qemu-aarch64 AND under xemu; the registers it ends with (x0-x30,
NZCV, FPSR, written by the harness) must equal the `// expect:` values in
the snippet's comments on both.  Expected values come from the Arm ARM
rules written out next to them; qemu running them is the cross-check.
Prints one line per failure and `N passed, N failed`."""

import glob
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["x%d" % i for i in range(31)] + ["nzcv", "fpsr"]


def expectations(path):
    want = {}
    for line in open(path):
        line = line.strip()
        if line.startswith("// expect:"):
            for item in line[len("// expect:"):].split():
                k, v = item.split("=")
                want[k] = int(v, 0)
    return want


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    xemu = os.environ.get("XEMU_BIN") or os.path.join(build, "xemu-aarch64")
    qemu = "/usr/bin/qemu-aarch64"
    passed = failed = 0
    for src in sorted(glob.glob(os.path.join(HERE, "*.S"))):
        if os.path.basename(src) == "harness.S":
            continue
        name = os.path.basename(src)[:-2]
        exe = os.path.join(build, "snippet-" + name)
        os.makedirs(build, exist_ok=True)
        subprocess.run(["aarch64-linux-gnu-gcc", "-static", "-nostdlib", "-o", exe,
                        os.path.join(HERE, "harness.S"), src], check=True)
        want = expectations(src)
        ok = bool(want)
        if not want:
            print("%s: no // expect: line" % name)
        for runner in (qemu, xemu):
            r = subprocess.run([runner, exe], capture_output=True, timeout=30)
            if r.returncode != 0 or len(r.stdout) != 8 * len(NAMES):
                print("%s under %s: exit %d, %d bytes" % (name, runner, r.returncode, len(r.stdout)))
                ok = False
                continue
            got = dict(zip(NAMES, struct.unpack("<%dQ" % len(NAMES), r.stdout)))
            for k, v in want.items():
                if got[k] != v:
                    print("%s under %s: %s = %#x, expected %#x" % (name, runner, k, got[k], v))
                    ok = False
        passed += ok
        failed += not ok
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
