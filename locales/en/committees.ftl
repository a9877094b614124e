cmd-overview = Committee: its buildings at a glance
help-overview = /overview [building] — the committee's buildings at a glance, or one building (in the committee's chat; its admins privately too)
committee-help =
    This is the chat of { $committee }, for { $count ->
        [one] one building
       *[other] { $count } buildings
    }.
    /overview — every building at a glance; /overview b3 — one building
    /notice [pin] [all | b3,b7] text — a notice to the committee's buildings (its admins)
    /alert blue|yellow|orange|red [b3,b7] text — a graded alert to them, pinned (its admins)
    Urgent needs nobody in the building took arrive here with a button to take them; missed check-ins arrive as one count per building at the deadline.
committee-unknown-command = This is the committee's chat: here I answer /overview, /notice, /alert, /chatid and /help.
committee-membership-unknown = I could not check that you are a member of this chat. Please press again in a moment.
committee-members-only = Only the staff of { $committee } (the members of its chat) can take a need from here.
committee-admins-only = Only the admins of { $committee } can send notices and alerts from here.
committee-notice-outside = { $buildings }: not a building of this committee. Its buildings: { $own }
overview-building-unknown = { $id }: not a building of this committee. Its buildings: { $own }
overview-not-committee = /overview is for neighbourhood committees: send it in the committee's chat, or here if you are one of its admins.
overview-choose = Which committee?
overview-title = 📊 { $committee } — { $time } · { $count ->
        [one] one building
       *[other] { $count } buildings
    }
overview-totals = Total: 🏠 { $households } · 🆘 { $urgent } ❗ { $high } ▫️ { $normal } · ✅ { $done } · ⏰ { $missed } · 🗳 { $votes } · 🛒 { $buys }
overview-waiting-buildings = 🆘 Urgent needs nobody has taken yet, in { $count ->
        [one] one building
       *[other] { $count } buildings
    } (listed first).
overview-spread-title = Where needs concentrate:
overview-spread = #{ $category }: { $households ->
        [one] one household
       *[other] { $households } households
    } in { $buildings ->
        [one] one building
       *[other] { $buildings } buildings
    }
overview-legend = 🏠 households registered · 📋 surveyed (⚠️ of them vulnerable) · open needs: 🆘 urgent ❗ high ▫️ other · ✅ done today · ⏰ check-ins missed today · 📢 latest notice acknowledged · 🗳 open votes · 🛒 open group buys
overview-line = { $building } ({ $id }): 🏠 { $households } · 📋 { $surveyed } · 🆘 { $urgent } ❗ { $high } ▫️ { $normal }{ $waiting } · ✅ { $done } · ⏰ { $missed } · 📢 { $notice } · 🗳 { $votes } · 🛒 { $buys }
overview-waiting = {" "}(🆘 waiting { $age })
overview-age = { $days ->
        [0] { $hours ->
            [0] { $minutes }m
           *[other] { $hours }h { $minutes }m
        }
       *[other] { $days }d { $hours }h
    }
overview-page = Page { $page } of { $pages }
overview-prev = ◀️ Previous
overview-next = Next ▶️
overview-building-title = 🏢 { $building } ({ $id }) — { $time }
overview-building-needs = Urgent and high needs not finished: { $count }
overview-building-needs-none = No urgent or high needs open.
overview-need-line = #{ $id } { $marker }#{ $category } · { $age } · { $status } — { $text } ({ $unit })
overview-need-line-private = #{ $id } { $marker }#{ $category } · { $age } · { $status } — 🔒 private
overview-need-open = nobody yet
overview-need-claimed = { $name } helping
overview-checkins-before = ⏰ Today's check-in is asked at { $at }.
overview-checkins-none = ⏰ Every household answered today's check-in (deadline { $deadline }).
overview-checkins-count = ⏰ Check-ins without an answer today (deadline { $deadline }): { $count }. The building's volunteers have the units; the committee's admins can ask me privately.
overview-checkins-units = ⏰ Check-ins without an answer today (deadline { $deadline }), { $count }:
overview-notice-none = 📢 No notice sent to this building yet.
overview-notice-all = 📢 Notice #{ $id }: every household acknowledged it ({ $households }).
overview-notice-unread = 📢 Notice #{ $id }, acknowledged by { $acknowledged } of { $households } households. Not yet, by floor:
committee-escalation = { $priority ->
        [urgent] 🚨 Urgent need
       *[other] ❗ High-priority need
    } #{ $id } in { $building } · #{ $category }, open since { $since }:
committee-escalation-details = { $text } ({ $unit })
committee-escalation-private = 🔒 Private: whoever takes it gets the details privately.
committee-escalation-ask = Nobody in the building has taken it. Can the committee handle it?
committee-escalation-taken = ✅ { $name } is handling it for { $committee }.
committee-escalation-gone = Taken care of in the building meanwhile ({ $status ->
        [claimed] someone is helping
        [done] done
       *[other] cancelled
    }).
committee-btn-claim = 🤝 We'll handle it
committee-answer-claim = Thank you! Need #{ $id } is yours; its card in { $building } says so.
committee-claimer-name = { $name } ({ $committee })
committee-rollup-title = ⏰ Check-ins without an answer at { $deadline }: { $count ->
        [one] one household
       *[other] { $count } households
    } in { $buildings ->
        [one] one building
       *[other] { $buildings } buildings
    }
committee-rollup-line = { $building } ({ $id }): { $count }
committee-rollup-footer = Each building's volunteers have the units and knock on those doors.
need-card-claimed-committee = Status: { $name } is helping, for { $committee }
committee-private-for-claimer =
    🔒 You are handling private need #{ $id } in { $building }, of { $name } ({ $unit }):
    { $text }
overview-in-committee-chat = /overview is the committee's: send it in the committee's chat, or privately if you are one of its admins.
