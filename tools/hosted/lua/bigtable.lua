-- A table of a million entries: the heap grows to tens of MiB, which is what this measures.
local tag = arg[1] or ""
local n = tonumber(arg[2]) or 1000000
local t = {}
for i = 1, n do t[i] = i end
local s = 0
for i = 1, n, 1000 do s = s + t[i] end
print(tag .. string.format("bigtable %d entries, sample sum %d", #t, s))
