-- methods: 1,000,000 calls of a metatable method updating a field of the object
local Account = {}
Account.__index = Account
function Account.new() return setmetatable({ total = 0 }, Account) end
function Account:add(n) self.total = self.total + n end
function Account:sum() return self.total end
local o = Account.new()
for i = 1, 1000000 do
  o:add(i)
end
result = o:sum()
