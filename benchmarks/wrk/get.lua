-- GET one path with a logged-in session cookie (COOKIE in the environment).
package.path = package.path .. ";" .. os.getenv("WRK_DIR") .. "/?.lua"
local report = require("report")
local cookie = os.getenv("COOKIE") or ""

request = function()
  return wrk.format("GET", nil, { ["Cookie"] = cookie })
end

done = report.done
