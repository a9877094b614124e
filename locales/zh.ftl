# --- help ---
help =
    我是本楼的互助服务台：把本楼的需求、投票、团购和通知集中在一起，不再淹没在聊天记录里。

    命令：
    /home 1502 — 登记你在本楼的住户（门牌号）；只发 /home 查看登记
    /chatid — 本群的 chat id，用于机器人配置
    /help — 本帮助

    更多功能即将推出：需求、投票、团购、通知和每日汇总。
start-private =
    你好，{ $name }！{ help }

    大部分命令在你所在楼栋的群里使用。请把我加入群，或联系本楼管理员。

# --- commands menu (setMyCommands) ---
cmd-help = 机器人的功能和命令
cmd-start = 开始与机器人对话
cmd-home = 登记或查看你的住户（门牌号）
cmd-chatid = 本群的 chat id，用于配置

# --- chats and buildings ---
chatid-group = 本群的 chat id 是 { $chatId }。
chatid-private = 这是私聊。你的 Telegram 用户 id 是 { $userId }（可填入配置的 "admins" 或 "volunteers"）。
undeclared-group =
    本群还不是配置中的楼栋，所以我在这里不做任何事。
    本群的 chat id 是 { $chatId }。请管理员在 bot.config.json 的 "buildings" 中加入，例如：
    {"{"} "id": "b1", "name": "1号楼", "chatId": { $chatId } {"}"}
    然后重启机器人。
greeting-building = 大家好，{ $building }！我是本楼的互助服务台。请每位居民用 /home 加门牌号登记住户，例如 /home 1502。发送 /help 查看全部功能。
migrated-building = 本群已升级为超级群，我会继续在这里服务{ $building }。管理员：请把 bot.config.json 中楼栋 "{ $buildingId }" 的 "chatId" 改为 { $chatId }。

# --- households ---
home-usage =
    请在命令后写上门牌号。
    用法：/home 1502（或 /home 3-1502）；只发 /home 查看登记。
home-too-long =
    门牌号太长了（最多 { $max } 个字符）。
    用法：/home 1502（或 /home 3-1502）。
home-invalid =
    “{ $unit }”不像门牌号：请使用数字和字母，可以用短横线分隔。
    用法：/home 1502（或 /home 3-1502）。
home-set = { $name }，你已登记为{ $building } { $unit } 室。
home-set-shared = { $name }，你已登记为{ $building } { $unit } 室，同户还有 { $others } 位居民。
home-moved = { $name }，你的住户已从 { $previous } 室改为{ $building } { $unit } 室。
home-unchanged = { $name }，你已经登记在 { $unit } 室。
home-show = { $name }，你在{ $building }登记的住户是 { $unit } 室。
home-none =
    { $name }，你还没有在{ $building }登记住户。
    用法：/home 1502（或 /home 3-1502）。
home-private-list = 你登记的住户：{ $list }
home-private-none = 你还没有登记住户。请在你所在楼栋的群里发送 /home 加门牌号（例如 /home 1502）。
home-private-set = 请在你所在楼栋的群里登记住户：在群里发送 /home 1502。
home-anonymous = 你正以群组身份（匿名管理员）发言，无法登记住户。请以个人身份发送 /home。

# --- errors ---
error-unexpected = 抱歉，我这边出了点问题。没有做任何更改，请稍后再试。

# --- notices ---
notice-scheduled = 📢 通知：{ $text }
