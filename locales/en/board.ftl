board-title = 📋 Status board — { $building }
board-alert = { $level ->
        [blue] 🔵 Blue alert in force
        [yellow] 🟡 Yellow alert in force
        [orange] 🟠 Orange alert in force
        [red] 🔴 Red alert in force
       *[none] ✅ No alert in force
    }
board-scheduled-title = 🗓 Coming up
board-scheduled-none = 🗓 Nothing scheduled in the next { $days } days
board-scheduled-notice = • { $at } — { $text }
board-needs-none = 🙋 No open needs 🎉
board-needs = 🙋 Open needs: { $count } — 🆘 { $urgent } urgent · ❗ { $high } high · { $normal } normal
board-buys-title = 🛒 Group buys open now
board-buys-none = 🛒 No group buy open now
board-buy = • #{ $id } { $item } — until { $deadline } · { $households ->
        [one] 1 household
       *[other] { $households } households
    }
board-buys-more = … and { $count } more
board-decisions-title = 🗳 Decided by vote
board-decisions-none = 🗳 No decision taken by vote yet
board-decision = • #{ $id } { $question } → { $option }
board-notices-title = 📢 Latest notices
board-notices-none = 📢 No notice yet
board-notice = • { $level ->
        [blue] 🔵 Blue alert
        [yellow] 🟡 Yellow alert
        [orange] 🟠 Orange alert
        [red] 🔴 Red alert
       *[info] 📢 Notice
    } #{ $id } { $text } — { $households ->
        [0] no household registered yet
       *[other] { $acknowledged } of { $households } households got it ({ $percent }%)
    }
board-updated = 🕒 Updated { $at }
board-admins-only = Only admins can post the status board.
board-pin-refused =
    ⚠️ I may not pin the status board here. An admin can give me the right to pin messages, then send /board again. The board above is kept up to date anyway.
cmd-board = Admins: re-post and pin the building's status board
help-board = /board — re-post and pin the status board: the building at a glance, kept up to date
board-scheduled-shift = • { $at } — { $text } ({ $filled }/{ $needed } volunteers)
board-scheduled-call = • 📣 Now — { $text }: floors { $floors }
