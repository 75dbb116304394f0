-- json: 10,000 records built then written as JSON by an encoder in Lua code (gopher-lua has
-- no JSON library); objects list their keys in order, as wl writes members in order
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
local function quote(s)
  return '"' .. (s:gsub('[%c"\\]', function(c) return escapes[c] or string.format("\\u%04x", c:byte()) end)) .. '"'
end
local function encode(v, out)
  local t = type(v)
  if t == "string" then
    out[#out + 1] = quote(v)
  elseif t == "number" or t == "boolean" then
    out[#out + 1] = tostring(v)
  elseif v.keys then
    out[#out + 1] = "{"
    for k, key in ipairs(v.keys) do
      if k > 1 then out[#out + 1] = "," end
      out[#out + 1] = quote(key)
      out[#out + 1] = ":"
      encode(v[key], out)
    end
    out[#out + 1] = "}"
  else
    out[#out + 1] = "["
    for k, e in ipairs(v) do
      if k > 1 then out[#out + 1] = "," end
      encode(e, out)
    end
    out[#out + 1] = "]"
  end
end
local keys = { "id", "nom", "email", "actif", "tags" }
local t = {}
for i = 1, 10000 do
  t[i] = { keys = keys, id = i, nom = "Client " .. i, email = "client" .. i .. "@exemple.fr",
    actif = (i % 2 == 0), tags = { "a", 'b"' .. i } }
end
-- one buffer per record, then the records 1,000 at a time: table.concat of more than about
-- 5,000 pieces overflows gopher-lua's registry
local chunks, parts = {}, {}
for i, r in ipairs(t) do
  local out = {}
  encode(r, out)
  parts[#parts + 1] = table.concat(out)
  if #parts == 1000 or i == #t then
    chunks[#chunks + 1] = table.concat(parts, ",")
    parts = {}
  end
end
local s = "[" .. table.concat(chunks, ",") .. "]"
result = #s
