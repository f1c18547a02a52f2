-- Tables, strings and sorting: a deterministic generator feeds them all.
local tag = arg[1] or ""
local seed = 12345
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end

local t = {}
for i = 1, 20000 do t[i] = rand(1000000) end
table.sort(t)
local ok = true
for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
print(tag .. string.format("sort %d sorted=%s first=%d last=%d median=%d", #t, tostring(ok), t[1], t[#t], t[10000]))

local words = {}
for i = 1, 5000 do words[#words + 1] = string.format("w%05d", rand(3000)) end
local count = {}
for _, w in ipairs(words) do count[w] = (count[w] or 0) + 1 end
local distinct, most, mostw = 0, 0, ""
for w, c in pairs(count) do
  distinct = distinct + 1
  if c > most or (c == most and w < mostw) then most, mostw = c, w end
end
print(tag .. string.format("words %d distinct %d most %s x%d", #words, distinct, mostw, most))

local s = table.concat(words, " ", 1, 200)
local n = select(2, s:gsub("w0(%d)", "%1"))
print(tag .. string.format("gsub %d len %d upper %s", n, #s, s:sub(1, 20):upper()))
print(tag .. string.format("find %s match %s rep %s", tostring(s:find("w02")), s:match("(w%d+) (w%d+)"), ("ab"):rep(3, "-")))
print(tag .. string.format("pack %s", ("%q"):format(string.pack("<i4d", 7, 0.5))))

local co = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i * i) end
end)
print(tag .. string.format("coroutine %d %d %d", co(), co(), co()))
print(tag .. string.format("utf8 %d %s", utf8.len("h\u{e9}llo"), utf8.char(72, 228, 8364)))
print(tag .. string.format("pcall %s", select(2, pcall(error, {code = 42})).code))
