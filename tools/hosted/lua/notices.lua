-- The image's notices (TASK-0084), read from the path given: the guest's /boot/notices, or
-- the host's build of the same file. Prints its size and an FNV-1a digest of its bytes, then
-- each section's heading, size and first line with a year (its copyright): equal lines,
-- equal files.
local tag, path = arg[1] or "", arg[2]
local f = assert(io.open(path, "rb"))
local text = f:read("a")
f:close()
local h = 0x811c9dc5
for i = 1, #text do h = ((h ~ text:byte(i)) * 0x01000193) & 0xffffffff end
print(tag .. string.format("notices %d bytes fnv1a %08x", #text, h))
local at = 1
while true do
  local s, e, name = text:find("==== ([^\n]*)\n", at)
  if not s then break end
  local next_s = text:find("\n==== ", e) or #text + 1
  local body = text:sub(e + 1, next_s)
  print(tag .. string.format("%s: %d bytes, %s", name, #body, body:match("[^\n]*%d%d%d%d[^\n]*") or "no year"))
  at = e + 1
end
