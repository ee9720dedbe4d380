-- POST a check-in as htmx would, each with a fresh client_id, under a logged-in session.
package.path = package.path .. ";" .. os.getenv("WRK_DIR") .. "/?.lua"
local report = require("report")
local cookie = os.getenv("COOKIE") or ""
local token = os.getenv("CSRF") or ""
local counter = 0

local function uuid()
  counter = counter + 1
  local t = string.format("%08x", math.random(0, 0x7fffffff))
  return string.format("%s-%04x-4%03x-a%03x-%012x", t, math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0, 0xfff), counter * 65536 + math.random(0, 0xffff))
end

setup = function(thread)
  thread:set("seed", math.random(1, 1e9))
end

init = function(args)
  math.randomseed(seed or os.time())
end

request = function()
  local body = "mood=" .. math.random(1, 10) .. "&client_id=" .. uuid()
  return wrk.format("POST", "/checkins", {
    ["Cookie"] = cookie,
    ["X-CSRFToken"] = token,
    ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

done = report.done
