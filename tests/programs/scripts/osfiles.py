# os and time: directory listing, stat fields, file I/O, environment, fixed dates
import os, time, stat
print(sorted(os.listdir("tree")), sorted(os.listdir("tree/a")))
for root, dirs, files in sorted(os.walk("tree")):
    for f in sorted(files):
        st = os.lstat(os.path.join(root, f))
        print(root, f, st.st_size, oct(stat.S_IMODE(st.st_mode)), int(st.st_mtime), stat.S_ISLNK(st.st_mode))
print(os.readlink("tree/link"), os.path.realpath("tree/link") == os.path.abspath("tree/a/small.txt"))
with open("out.bin", "wb") as f:
    f.write(bytes(range(256)) * 100)
    f.seek(1000); f.write(b"XYZ")
with open("out.bin", "rb") as f:
    f.seek(998); print(f.read(8), os.path.getsize("out.bin"))
os.rename("out.bin", "moved.bin"); os.mkdir("newdir"); os.rmdir("newdir")
print(os.path.exists("out.bin"), os.path.exists("moved.bin"), os.environ.get("TZ"), os.environ.get("LC_ALL"))
print(time.strftime("%Y-%m-%d %H:%M:%S %A %j", time.gmtime(1234567890)), time.mktime(time.gmtime(0)))
r, w = os.pipe(); os.write(w, b"through a pipe"); os.close(w); print(os.read(r, 100)); os.close(r)
try:
    os.open("nope/nothing", os.O_RDONLY)
except OSError as e:
    print("errno", e.errno, e.strerror)
