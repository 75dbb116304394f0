-- members: 1,000,000 turns reading and writing the fields of a table
local p = { x = 0, y = 0 }
for i = 1, 1000000 do
  p.x = p.x + i
  p.y = p.x
end
result = p.y
