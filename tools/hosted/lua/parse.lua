-- Decimal literals as the C library's strtod reads them (Lua's lexer and tonumber call it),
-- each printed as %a: a difference here is a difference in reading numbers, not arithmetic.
local tag = arg[1] or ""
local literals = {
  "0.01", "0.1", "0.3", "1e-5", "365.24", "3.141592653589793",
  "4.84143144246472090e+00", "-1.16032004402742839e+00", "1.66007664274403694e-03",
  "9.54791938424326609e-04", "2.85885980666130812e-04", "4.36624404335156298e-05",
  "5.15138902046611451e-05", "1.28943695621391310e+01", "-2.59193146099879641e+01",
  "2.2250738585072014e-308", "4.9406564584124654e-324", "1.7976931348623157e308",
  "0.1e-320", "123456789012345678901234567890",
}
for _, s in ipairs(literals) do
  local x = tonumber(s)
  print(tag .. string.format("%s %a", s, x))
end
