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
    } (of { $households } registered)
notice-btn-ack = ✅ Got it
notice-acked = Thank you, noted.
notice-acked-already = Your household already said it got this.
notice-acked-no-home = Thank you, noted. Register your home with /home 1502 in this group so your household counts.
notice-acked-already-no-home = You already said you got this. Register with /home 1502 so your household counts.
alert-usage =
    Usage: /alert blue|yellow|orange|red text (or 蓝|黄|橙|红) — to every building, pinned.
unread-admins-only = Only admins can ask which units have not read a notice.
unread-usage = Usage: /unread 3 (the notice's number)
unread-title = Notice #{ $id }: households that have not said "Got it"
unread-none = { $building }: every registered household got it.
unread-units = { $building } ({ $count }): { $units }
cmd-notice = Admins: send a notice with a "Got it" button
cmd-alert = Admins: a graded alert to every building, pinned
cmd-unread = Admins: the units that have not acknowledged a notice
help-notice = /notice [pin] [all | b3,b7] text — a notice with a "Got it" button and a count of who got it
help-alert = /alert red text — a graded alert (blue, yellow, orange, red) to every building, pinned
help-unread = /unread 3 — the units that have not acknowledged notice 3
notice-not-delivered = ⚠️ { $level ->
        [info] Notice
       *[other] Alert
    } #{ $id } could not reach { $building }: { $reason }. Please tell them another way.
