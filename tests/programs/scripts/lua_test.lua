-- lua 5.4: integers vs floats, string.format, patterns, tables, closures, coroutines
print(7 // 2, 7.0 // 2, 7 / 2, -7 // 2, -7 % 3, 2^53, math.maxinteger, math.mininteger, 1 << 62, 5 & 3, ~0)
print(string.format("%5.2f|%-6d|%x|%g|%e|%q|%s", math.pi, 42, 255, 1e20, 12345.678, "a\nb", nil))
print(math.sqrt(2), math.sin(1), math.exp(1), math.log(10), math.floor(-2.5), math.ceil(-2.5), math.tointeger(3.0), 1e300 * 1e10, 0/0 ~= 0/0)
local words = {}
for w in io.open("big.txt"):read("a"):gmatch("%a+") do words[#words + 1] = w:lower() end
local count = {}
for _, w in ipairs(words) do count[w] = (count[w] or 0) + 1 end
local keys = {}
for k in pairs(count) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) if count[a] ~= count[b] then return count[a] > count[b] end return a < b end)
for i = 1, 8 do io.write(keys[i], "=", count[keys[i]], " ") end print(#words)
print(("hello world from lua"):gsub("(%w+)", "<%1>"), ("x=1, y=22, z=333"):match("y=(%d+)"), ("abc"):rep(3, "-"), ("Lua"):byte(1, -1))
local function counter() local n = 0 return function() n = n + 1 return n end end
local c = counter(); c(); c(); print(c())
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * i) end end)
print(co(), co(), co())
local t = {} for i = 1, 10 do t[i] = (i * 7919) % 101 end table.sort(t) print(table.concat(t, ","))
print(string.pack(">i4d", -2, 0.5):byte(1, -1))
local acc = 0 for i = 1, 2000000 do acc = (acc * 31 + i) % 1000000007 end print(acc)
