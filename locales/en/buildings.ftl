cmd-chatid = This chat's id, for the configuration
chatid-group = This chat's id is { $chatId }.
chatid-private = This is a private chat. Your Telegram user id is { $userId } (use it in "admins" or "volunteers" of the configuration).
undeclared-group =
    This group is not a building in my configuration yet, so I do nothing here.
    Its chat id is { $chatId }. An admin adds it to bot.config.json under "buildings", e.g.:
    {"{"} "id": "b1", "name": "Building 1", "chatId": { $chatId } {"}"}
    and restarts the bot.
greeting-building = Hello, { $building }! I am your building's mutual-aid desk. Everyone: register your household with /home followed by your unit, e.g. /home 1502. /help lists what I can do.
migrated-building = This group became a supergroup; I keep serving { $building } here. Admins: set "chatId" of building "{ $buildingId }" to { $chatId } in bot.config.json.
migrated-committee = This group became a supergroup; I keep serving the committee { $committee } here. Admins: set "chatId" of committee "{ $committeeId }" to { $chatId } in bot.config.json.
help-chatid = /chatid — this chat's id (in a private chat: your user id), for the bot's configuration
