-- Floating point through the C library: the elementary functions over a grid, printed as
-- %.17g and as %a, so a line that differs only in its decimal digits can be compared bit
-- for bit, and a line that differs in its bits names the function.
local tag = arg[1] or ""
local function say(...) print(tag .. string.format(...)) end

say("pi %.17g %a", math.pi, math.pi)
say("sqrt2 %.17g %a", 2 ^ 0.5, 2 ^ 0.5)
say("third %.17g %a", 1 / 3, 1 / 3)
say("huge %.17g tiny %.17g %a", math.huge, 2.0 ^ -1074, 2.0 ^ -1074)
say("maxint %d minint %d", math.maxinteger, math.mininteger)

local fns = {
  {"sin", math.sin}, {"cos", math.cos}, {"tan", math.tan},
  {"exp", math.exp}, {"log", math.log}, {"sqrt", math.sqrt},
  {"atan", math.atan}, {"asin", function(x) return math.asin(x / 8) end},
  {"fmod", function(x) return math.fmod(x * 7.25, 1.375) end},
  {"pow", function(x) return x ^ 1.75 end},
}
for _, f in ipairs(fns) do
  for i = 1, 8 do
    local x = i * 0.8125 + 0.0625
    local y = f[2](x)
    say("%s(%a) %.17g %a", f[1], x, y, y)
  end
end

-- Sums that amplify any difference in rounding.
local s, c = 0.0, 0.0
for i = 1, 20000 do
  local t = 1.0 / (i * i)
  local y = t - c
  local u = s + y
  c = (u - s) - y
  s = u
end
say("basel %.17g %a", s, s)
say("floor %d ceil %d tointeger %s", math.floor(-2.5), math.ceil(-2.5), tostring(math.tointeger(3.0)))
say("fmt %5.2f|%-8.3e|%g|%g|%g", 3.14159, 12345.678, 1e20, 1e-5, 100000.0)
say("tostring %s %s %s %s", tostring(0.1), tostring(1e100), tostring(-0.0), tostring(2^63))
say("string to number %s %s %s", tostring(tonumber("0x1p-3")), tostring(tonumber(" 1e3 ")), tostring(tonumber("1e500")))
