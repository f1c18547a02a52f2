-- The Mandelbrot set on a small grid: the bits of each row, and a checksum of the escape counts.
local tag = arg[1] or ""
local size = tonumber(arg[2]) or 48
local iter = 50
local sum = 0
for y = 0, size - 1 do
  local ci = 2.0 * y / size - 1.0
  local row = {}
  for x = 0, size - 1 do
    local cr = 2.0 * x / size - 1.5
    local zr, zi, k = 0.0, 0.0, 0
    while k < iter and zr * zr + zi * zi <= 4.0 do
      zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
      k = k + 1
    end
    sum = sum + k
    row[#row + 1] = k == iter and "#" or "."
  end
  print(tag .. table.concat(row))
end
print(tag .. "mandel escape sum " .. sum)
