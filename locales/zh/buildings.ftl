cmd-chatid = 本群的 chat id，用于配置
chatid-group = 本群的 chat id 是 { $chatId }。
chatid-private = 这是私聊。你的 Telegram 用户 id 是 { $userId }（可填入配置的 "admins" 或 "volunteers"）。
undeclared-group =
    本群还不是配置中的楼栋，所以我在这里不做任何事。
    本群的 chat id 是 { $chatId }。请管理员在 bot.config.json 的 "buildings" 中加入，例如：
    {"{"} "id": "b1", "name": "1号楼", "chatId": { $chatId } {"}"}
    然后重启机器人。
greeting-building = 大家好，「{ $building }」！我是本楼的互助服务台。请每位居民用 /home 加门牌号登记住户，例如 /home 1502。发送 /help 查看全部功能。
migrated-building = 本群已升级为超级群，我会继续在这里服务「{ $building }」。管理员：请把 bot.config.json 中楼栋 "{ $buildingId }" 的 "chatId" 改为 { $chatId }。
migrated-committee = 本群已升级为超级群，我会继续在这里服务「{ $committee }」。管理员：请把 bot.config.json 中居委会 "{ $committeeId }" 的 "chatId" 改为 { $chatId }。
help-chatid = /chatid — 本群的 chat id（私聊中：你的用户 id），用于机器人配置
