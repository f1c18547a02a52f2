-- A recursion that overflows Lua's stack and is caught, then a hash table of 100,000 keys.
local tag = arg[1] or ""
local function deep(k) return deep(k + 1) + 1 end
local ok, err = pcall(deep, 1)
print(tag .. string.format("deep recursion caught: %s %s", tostring(ok), tostring(err):match("stack overflow") or err))

local h = {}
for i = 1, 100000 do h["k" .. i] = i end
local c, s = 0, 0
for _, v in pairs(h) do c, s = c + 1, s + v end
print(tag .. string.format("hash %d entries, sum %d", c, s))
