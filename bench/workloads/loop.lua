-- CPU-bound Lua: table inserts, string building, float and integer math.
local t = {}
for i = 1, 500000 do t[i] = (i * 7919) % 100003 end
table.sort(t)
local acc, f = 0, 0.0
for i = 1, 2500000 do
  acc = (acc * 31 + t[(i % #t) + 1]) % 1000000007
  f = f + math.sin(i) / i
end
local parts = {}
for i = 1, 100000 do parts[#parts + 1] = tostring(i % 97) end
print(acc, string.format("%.9f", f), #table.concat(parts, ","))
