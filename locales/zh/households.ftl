cmd-home = 登记或查看你的住户（门牌号）
home-usage =
    请在命令后写上门牌号。
    用法：/home 1502（或 /home 3-1502）；只发 /home 查看登记。
home-too-long =
    门牌号太长了（最多 { $max } 个字符）。
    用法：/home 1502（或 /home 3-1502）。
home-invalid =
    “{ $unit }”不像门牌号：请使用数字和字母，可以用短横线分隔。
    用法：/home 1502（或 /home 3-1502）。
home-set = { $name }，你已登记为「{ $building }」{ $unit } 室。
home-set-shared = { $name }，你已登记为「{ $building }」{ $unit } 室，同户还有 { $others } 位居民。
home-moved = { $name }，你的住户已从 { $previous } 室改为「{ $building }」{ $unit } 室。
home-unchanged = { $name }，你已经登记在 { $unit } 室。
home-show = { $name }，你在「{ $building }」登记的住户是 { $unit } 室。
home-none =
    { $name }，你还没有在「{ $building }」登记住户。
    用法：/home 1502（或 /home 3-1502）。
home-private-list = 你登记的住户：{ $list }
home-private-none = 你还没有登记住户。请在你所在楼栋的群里发送 /home 加门牌号（例如 /home 1502）。
home-private-set = 请在你所在楼栋的群里登记住户：在群里发送 /home 1502。
home-anonymous = 你正以群组身份（匿名管理员）发言，无法登记住户。请以个人身份发送 /home。
help-home = /home 1502 — 登记你在本楼的住户（门牌号）；只发 /home 查看登记
