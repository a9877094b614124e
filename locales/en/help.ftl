cmd-help = What the bot does and its commands
cmd-start = Start talking to the bot
help-intro = I am this building's mutual-aid desk. I keep the building's needs, votes, group buys and notices in one place, so nothing gets lost in the chat.
help-commands = Commands:
help-section-volunteer = For volunteers:
help-section-admin = For admins:
help-in-group = In your building's group also: { $commands }
help-volunteer-assist = /need for 1502 text, /order 3 2 for 1502 — for a household without a phone
start-private =
    Hello { $name }!
    { $help }

    Most commands work in your building's group. Add me there, or ask your building's admin.
help-start = /start — start talking to me (then I can send you private messages)
help-help = /help — this message
private-unknown-command = I do not know /{ $command }. Send /help to see what I can do.
private-free-text =
    I read commands only. To ask for help, send /need followed by what you need, e.g. /need bread and milk: only the volunteers of your building will see it.
    /help shows everything I can do.
start-resident =
    Hello { $name }! You are registered in { $homes }.
    Here you can ask for help privately (/need: only the volunteers see it), see what is open for you (/mine), get guidance (/learn) and help lines (/support).
    { $help }
