# --- help ---
help =
    I am this building's mutual-aid desk. I keep the building's needs, votes, group buys and notices in one place, so nothing gets lost in the chat.

    Commands:
    /home 1502 — register your household (unit) in this building; /home alone shows it
    /chatid — this chat's id, for the bot's configuration
    /help — this message

    More is coming: needs, votes, group buys, notices and digests.
start-private =
    Hello { $name }! { help }

    Most commands work in your building's group. Add me there, or ask your building's admin.

# --- commands menu (setMyCommands) ---
cmd-help = What the bot does and its commands
cmd-start = Start talking to the bot
cmd-home = Register or show your household (unit)
cmd-chatid = This chat's id, for the configuration

# --- chats and buildings ---
chatid-group = This chat's id is { $chatId }.
chatid-private = This is a private chat. Your Telegram user id is { $userId } (use it in "admins" or "volunteers" of the configuration).
undeclared-group =
    This group is not a building in my configuration yet, so I do nothing here.
    Its chat id is { $chatId }. An admin adds it to bot.config.json under "buildings", e.g.:
    {"{"} "id": "b1", "name": "Building 1", "chatId": { $chatId } {"}"}
    and restarts the bot.
greeting-building = Hello, { $building }! I am your building's mutual-aid desk. Everyone: register your household with /home followed by your unit, e.g. /home 1502. /help lists what I can do.
migrated-building = This group became a supergroup; I keep serving { $building } here. Admins: set "chatId" of building "{ $buildingId }" to { $chatId } in bot.config.json.

# --- households ---
home-usage =
    Please add your unit after the command.
    Usage: /home 1502 (or /home 3-1502); /home alone shows your household.
home-too-long =
    That unit is too long (at most { $max } characters).
    Usage: /home 1502 (or /home 3-1502).
home-invalid =
    "{ $unit }" does not look like a unit: use digits and letters, optionally with a dash.
    Usage: /home 1502 (or /home 3-1502).
home-set = { $name }, you are registered in unit { $unit } of { $building }.
home-set-shared = { $name }, you are registered in unit { $unit } of { $building }, with { $others ->
        [one] one other resident
       *[other] { $others } other residents
    }.
home-moved = { $name }, you moved from unit { $previous } to unit { $unit } of { $building }.
home-unchanged = { $name }, you are already registered in unit { $unit }.
home-show = { $name }, your household in { $building } is unit { $unit }.
home-none =
    { $name }, you have not registered a household in { $building } yet.
    Usage: /home 1502 (or /home 3-1502).
home-private-list = Your households: { $list }
home-private-none = You have not registered a household yet. Send /home followed by your unit (e.g. /home 1502) in your building's group.
home-private-set = Please register your household in your building's group: send /home 1502 there.
home-anonymous = You are posting as the group (anonymous admin), so you cannot have a household. Post as yourself to use /home.

# --- errors ---
error-unexpected = Sorry, something went wrong on my side. Nothing was changed; please try again in a moment.

# --- notices ---
notice-scheduled = 📢 Notice: { $text }
