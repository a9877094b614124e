# --- help ---
help =
    I am this building's mutual-aid desk. I keep the building's needs, votes, group buys and notices in one place, so nothing gets lost in the chat.

    Commands:
    /home 1502 — register your household (unit) in this building; /home alone shows it
    /need [!! or !] [#category] text — ask for help (!! urgent, ! high), e.g. /need !! #medicine insulin
    /need in a private chat with me — a private need: only volunteers see the details
    /needs — this building's open needs, most urgent first
    /vote [6h] [household] [anonymous] [hidden] [quorum=N] question | option | option — start a vote; /endvote 3 ends it
    /mine — your needs and the needs you help with
    /volunteer [skills] — join the volunteers (/volunteer off to leave); /volunteers — admins: the list
    /chatid — this chat's id, for the bot's configuration
    /help — this message

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


# --- needs ---
need-usage =
    Please describe what you need.
    Usage: /need [!! or !] [#category] text — e.g. /need !! #medicine insulin for my father
    !! is urgent, ! is high. In a private chat with me the need is private: only volunteers see the details.
need-for-usage =
    Say which household the need is for.
    Usage: /need for 1502 [!! or !] [#category] text
need-unknown-category =
    I don't know the category "#{ $category }".
    Categories: { $known }
need-text-empty =
    The need has no text: say what is needed.
    Usage: /need [!! or !] [#category] text
need-text-too-long = The text is too long ({ $length } characters; at most { $max }). Please shorten it.
need-closed = This need is already { $status ->
        [done] done
       *[other] cancelled
    }.
need-already-claimed = Someone is already helping with this need.
need-not-claimed = Nobody has claimed this need yet.
need-volunteers-only = Only this building's volunteers can claim needs. Join with /volunteer.
need-only-claimer = Only the person who claimed it can give it back.
need-only-involved = Only the asker, the helper or an admin can mark it done.
need-only-asker = Only the asker or an admin can cancel it.
need-not-found = This need no longer exists.
button-invalid = This button is not valid any more.
need-other-building = This need belongs to another building.
need-claim-start-dm = This need is private: I send its details to the helper privately. Open a private chat with me (press my name, then Start) and press again.
need-for-not-allowed = Only volunteers and admins can post a need for another household.
need-no-home-private = I need to know your building first: register your household in your building's group with /home 1502, then send the need here again.
need-choose-building = Which building is this need for?
need-posted-private = Your private need #{ $id } is posted in { $building }: the group sees only that help is needed; volunteers see the details.
need-private-for-volunteers =
    🔒 Private need #{ $id } — { $priority } · #{ $category }
    From { $name } ({ $unit }), { $building }:
    { $text }
    Claim it with the button on its card in the group.
need-private-for-claimer =
    🔒 You are helping with private need #{ $id } of { $name } ({ $unit }):
    { $text }
need-escalated = ⏰ Urgent need #{ $id } is still open after { $minutes } minutes. Can anyone help?
need-claim-expired-claimer = Your claim of need #{ $id } lapsed after { $hours } hours without progress, so it is open again for others. Claim it again if you are still on it.
need-reposted = ↩️ Need #{ $id } is open again (the claim lapsed).

need-card-title = { $priority ->
        [urgent] 🆘 URGENT need #{ $id } · #{ $category }
        [high] ❗ High-priority need #{ $id } · #{ $category }
       *[other] Need #{ $id } · #{ $category }
    }
need-card-private = 🔒 Private: details are with the volunteers.
need-card-asked = Asked by { $name } ({ $unit })
need-card-asked-no-unit = Asked by { $name }
need-card-entered = Entered for them by { $name }
need-card-open = Status: open
need-card-claimed = Status: { $name } is helping
need-card-done = Status: done ✅
need-card-cancelled = Status: cancelled
need-card-claim-expired = (the previous claim lapsed)
need-btn-claim = 🙋 I'll help
need-btn-release = ↩️ Release
need-btn-done = ✅ Done
need-btn-cancel = ✖️ Cancel
need-answer-claim = Thank you! You are helping with need #{ $id }.
need-answer-release = You gave need #{ $id } back.
need-answer-done = Need #{ $id } is done. Thank you!
need-answer-cancel = Need #{ $id } is cancelled.
unit-unknown = unit not registered

priority-urgent = urgent
priority-high = high
priority-normal = normal

needs-none = No open needs in { $building }. 🎉
needs-header = Open needs in { $building }: { $count }
needs-by-category = By category: { $list }
needs-suggest-buy = 🛒 { $households } households need #{ $category }: consider a group buy (/buy).
needs-line = #{ $id } { $marker }#{ $category } — { $text } ({ $unit }){ $claimed }
needs-line-claimed = , { $name } helping
needs-private-text = 🔒 private
needs-page = Page { $page } of { $pages }
needs-prev = ‹ Previous
needs-next = Next ›

mine-title = Your needs and claims:
mine-asked = Your needs: { $list }
mine-claimed = You are helping with: { $list }
mine-none = Nothing open for you: no needs, no claims, no votes to cast.

# --- volunteers ---
volunteer-joined = { $name }, you are a volunteer of { $building } now. Thank you! { $skills }
volunteer-skills = Skills: { $skills }.
volunteer-left = { $name }, you are no longer a volunteer of { $building }.
volunteer-not = { $name }, you were not a volunteer of { $building }.
volunteer-anonymous = Post as yourself to join the volunteers.
volunteers-admin-only = Only admins can see the volunteer list.
volunteers-none = { $building } has no volunteers yet. Residents join with /volunteer.
volunteers-title = Volunteers of { $building }:
volunteers-line = • { $name }{ $skills } — { $claims ->
        [0] no claims
        [one] helping with { $list }
       *[other] helping with { $list }
    }
group-only = Please use this command in your building's group.

cmd-need = Post a need (in a private chat: a private need)
cmd-needs = This building's open needs
cmd-mine = Your needs and claims
cmd-volunteer = Join (or leave: /volunteer off) the volunteers
cmd-volunteers = Admins: the volunteers and their claims
need-card-for-household = For household { $unit } (no phone)
anonymous-no-person = You are posting as the group (anonymous admin). Post as yourself for this command.
status-open = open
status-claimed = claimed
status-done = done
status-cancelled = cancelled
status-draft = waiting for a building

# --- votes ---
vote-usage =
    Usage: /vote [settings] question | option | option [| ...]
    Settings (before the question, any order): a duration like 30m, 6h or 2d; household (one ballot per household); anonymous; hidden (counts hidden until the close); quorum=N or quorum=N%.
    Example: /vote 6h household Open the back gate for deliveries? | Yes | No
vote-question-empty =
    The vote has no question.
    Usage: /vote [settings] question | option | option [| ...]
vote-question-too-long = The question is too long (at most { $max } characters).
vote-options-count =
    A vote needs { $min } to { $max } options separated by | (this one has { $count }).
    Usage: /vote [settings] question | option | option [| ...]
vote-option-empty = One of the options is empty: check the | separators.
vote-option-too-long = The option "{ $option }" is too long (at most { $max } characters).
vote-option-twice = The option "{ $option }" is listed twice.
vote-quorum-invalid = The quorum must be quorum=N (N ballots) or quorum=N% (1 to 100 percent).
vote-duration-invalid = The duration must be between 1 minute and { $max }, like 30m, 6h or 2d.
vote-not-found = There is no vote with that number in this building.
vote-endvote-usage = Usage: /endvote 3 (the vote's number, shown on its card)
vote-closed = This vote is closed.
vote-need-home = This vote counts one ballot per household: register yours first with /home 1502 in this group.
vote-only-organizer = Only the organizer or an admin can end this vote.
vote-anonymous-admin = Post as yourself to vote.
vote-cast = Your vote: { $option }
vote-cast-household = Your household's vote: { $option }

vote-card-title = 🗳 Vote #{ $id }: { $question }
vote-kind-household = one ballot per household
vote-kind-anonymous = anonymous
vote-kind-hidden = results hidden until the close
vote-card-option = { $n }. { $option } — { $count }
vote-card-option-hidden = { $n }. { $option }
vote-card-turnout = Ballots: { $turnout }
vote-card-turnout-of = Turnout: { $turnout } of { $electorate }
vote-card-closes = Closes { $deadline }
vote-card-closed = Closed.
vote-result-title = 🗳 Result of vote #{ $id }: { $question }
vote-quorum-met = Quorum met.
vote-quorum-not-met = Quorum NOT met: the vote does not decide.
vote-result-winner = Decision: { $option }
vote-result-leading = Most votes: { $option }
vote-result-tie = Tie between { $options }.
vote-result-none = Nobody voted.
cmd-vote = Start a vote (question | option | option)
cmd-endvote = End a vote now (organizer or admin)
mine-votes = Votes you can still cast: { $list }

# --- group buys ---
buy-usage =
    Usage: /buy item | price [| min N] [| max N] [| limit N] [| until 18:00 or 6h]
    Example: /buy Vegetable box | 45 | min 20 | max 120 | limit 2 | until 18:00
buy-item-empty =
    Say what is bought before the first |.
    Usage: /buy item | price [| min N] [| max N] [| limit N] [| until 18:00]
buy-item-too-long = The item is too long (at most { $max } characters).
buy-price-invalid = "{ $price }" is not a price: write it like 45 or 45.50 (at most two decimals).
buy-setting-unknown =
    I don't understand "{ $setting }". Settings: min N, max N, limit N, until 18:00 (or 6h).
buy-setting-twice = "{ $setting }" is given twice.
buy-count-invalid = { $setting } needs a whole number from 1 to 100000.
buy-min-over-max = The minimum is more than the stock (max).
buy-until-invalid = The deadline must be a time like 18:00 or a duration like 6h (at most 30d).
buy-not-found = There is no group buy with that number in this building.
buy-closed = This group buy is closed.
buy-only-organizer = Only the organizer or an admin can do this.
buy-need-home = Orders are per household: register yours first with /home 1502 in this group.
order-usage = Usage: /order 3 2 (buy number, then quantity; 0 withdraws)
order-quantity-invalid = The quantity must be a whole number from 0.
order-over-limit = At most { $limit } per household.
order-sold-out = Not enough left: { $left } more at most.
order-for-not-allowed = Only volunteers and admins can order for another household.
paid-usage = Usage: /paid 3 1502 (buy number, then unit)
delivered-usage = Usage: /delivered 3 1502 (buy number, then unit)
closebuy-usage = Usage: /closebuy 3
order-none-for-unit = Unit { $unit } has no order in this buy.
order-set = Unit { $unit }: { $quantity } × { $item } ({ $amount }).
order-withdrawn = Unit { $unit } withdrew from { $item }.
order-marked-paid = Unit { $unit }: paid ✓
order-marked-delivered = Unit { $unit }: delivered ✓
order-mine = Your household ({ $unit }) orders { $quantity }.
order-mine-none = Your household has no order in this buy.

buy-card-title = 🛒 Group buy #{ $id }: { $item }
buy-card-price = Price { $price }
buy-card-min = needs { $min } to go ahead
buy-card-limit = at most { $limit } per household
buy-card-totals = Households: { $households } · quantity { $quantity } · amount { $amount }
buy-card-stock = Stock left: { $left } of { $max }
buy-card-closes = Closes { $deadline }
buy-card-confirmed = Confirmed ✅ — the organizer has the delivery list.
buy-card-cancelled = Cancelled: the minimum was not reached.
buy-btn-mine = My order
buy-btn-close = Close
buy-cancelled = 🛒 Group buy #{ $id } ({ $item }) is cancelled: { $quantity } ordered, { $min } needed.
buy-confirmed = 🛒 Group buy #{ $id } ({ $item }) is confirmed: { $households } households, { $quantity } items. The organizer will arrange payment and delivery.
buy-sheet-title = Delivery sheet — group buy #{ $id }: { $item } ({ $price } each)
buy-sheet-floor = Floor { $floor }
buy-sheet-floor-unknown = Floor not known
buy-sheet-line = #{ $order } { $unit } { $names } × { $quantity } = { $amount } · paid { $paid } · delivered { $delivered }
buy-sheet-total = Total: { $households } households, { $quantity } items, { $amount }
buy-csv-order = order
buy-csv-floor = floor
buy-csv-unit = unit
buy-csv-names = names
buy-csv-quantity = quantity
buy-csv-amount = amount
buy-csv-paid = paid
buy-csv-delivered = delivered
buy-csv-total = total
mine-orders = Your orders: { $list }
cmd-buy = Start a group buy (item | price | settings)
cmd-order = Set your household's quantity in a group buy
cmd-closebuy = Close a group buy now (organizer or admin)

# --- notices and alerts ---
notice-usage =
    Usage: /notice [pin] [all | b1,b2] text — to this building by default; in a private chat name the buildings.
notice-target-needed = Say which buildings: /notice all text, or /notice { $buildings } text.
notice-too-long = The notice is too long (at most { $max } characters).
notice-admins-only = Only admins can send notices and alerts.
notice-not-found = There is no notice with that number here.
notice-sent = Notice #{ $id } is on its way to { $count ->
        [one] one building
       *[other] { $count } buildings
    }.
notice-title = 📢 Notice #{ $id }
alert-title = { $level ->
        [blue] 🔵 BLUE ALERT #{ $id }
        [yellow] 🟡 YELLOW ALERT #{ $id }
        [orange] 🟠 ORANGE ALERT #{ $id }
       *[red] 🔴 RED ALERT #{ $id }
    }
notice-acks = ✅ { $count ->
        [one] one household got it
       *[other] { $count } households got it
    }
notice-btn-ack = ✅ Got it
notice-acked = Thank you, noted.
notice-acked-already = Your household already said it got this.
alert-usage =
    Usage: /alert blue|yellow|orange|red text (or 蓝|黄|橙|红) — to every building, pinned.
unread-usage = Usage: /unread 3 (the notice's number)
unread-title = Notice #{ $id }: households that have not said "Got it"
unread-none = { $building }: every registered household got it.
unread-units = { $building } ({ $count }): { $units }
cmd-notice = Admins: send a notice with a "Got it" button
cmd-alert = Admins: a graded alert to every building, pinned
cmd-unread = Admins: the units that have not acknowledged a notice

# --- education and support ---
learn-title = Guidance for now ({ $stage }):
learn-none = No guidance has been written for this stage yet. Ask your building's admins.
stage-none = no alert in force
stage-blue = blue alert
stage-yellow = yellow alert
stage-orange = orange alert
stage-red = red alert
support-title = Help lines — you are not alone. Call if you feel overwhelmed, anxious or unsafe:
support-none = No help lines are configured yet. Ask your building's admins.
cmd-learn = Guidance for the current stage of risk
cmd-support = Mental-health and help lines

# --- digest ---
digest-title = 📋 Digest of { $building } — { $date }
digest-needs-none = No open needs. 🎉
digest-needs = Open needs: { $count } (🆘 { $urgent } urgent, ❗ { $high } high, { $normal } normal)
digest-need-line = { $marker } #{ $id } #{ $category } — { $text } ({ $unit })
digest-more-needs = … and { $count } more: /needs
digest-finished = Since the last digest: { $needs } needs done by { $volunteers } helpers.
digest-vote = 🗳 Vote #{ $id } { $question } — closes { $deadline }, turnout { $turnout } of { $electorate }
digest-buy = 🛒 Group buy #{ $id } { $item } — closes { $deadline }, { $quantity } ordered
digest-notice = 📢 Notice #{ $id } { $text } — { $acknowledged } of { $households } households got it
digest-guidance = 💡 { $text }
cmd-digest = This building's digest, now

# --- daily check-in ---
checkin-usage = Usage: /checkin on (a daily "I'm OK" button for your household) or /checkin off
checkin-on = Unit { $unit } will get a daily "I'm OK" button. If nobody presses it in time, the volunteers will check on you.
checkin-off = Unit { $unit } no longer gets the daily check-in.
checkin-btn-ok = 👍 I'm OK
checkin-ask-dm = Good morning, { $name }! Please press the button to tell your neighbours you are OK (unit { $unit }).
checkin-ask-group = Daily check-in for unit { $unit } ({ $names }): please press "I'm OK".
checkin-thanks = Thank you! Have a good day.
checkin-already = Already noted for today. Thank you!
checkin-not-yours = This check-in is for another household.
checkin-missing = ⚠️ Daily check-in: { $count } units did not answer by { $deadline }: { $units }. Please knock on their doors.
cmd-checkin = A daily "I'm OK" check for people living alone (on/off)
