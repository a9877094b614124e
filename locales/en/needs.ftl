need-usage =
    Please describe what you need.
    Usage: /need [!! or !] [#category] text — e.g. /need !! #medicine insulin for my father
    !! is urgent, ! is high. In a private chat with me the need is private: only volunteers see the details.
    To repeat it after it is done: /need every week (or every 3d, every mon,thu) #medicine insulin.
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
need-only-involved = Only the asker, the helper or an admin can mark it done (the asker's household counts as the asker).
need-only-asker = Only the asker or an admin can cancel it (the asker's household counts as the asker).
need-not-found = This need no longer exists.
need-claim-start-dm = This need is private: I send its details to the helper privately. Open a private chat with me (press my name, then Start) and press again.
need-for-not-allowed = Only volunteers and admins can post a need for another household.
need-no-home-private = I need to know your building first: register your household in your building's group with /home 1502, then send the need here again.
need-choose-building = Which building is this need for?
need-posted-private = Your private need #{ $id } is posted in { $building }: the group sees only that help is needed; volunteers see the details.
need-private-for-volunteers =
    🔒 Private need #{ $id } — { $priority } · #{ $category }
    From { $name } ({ $unit }), { $building }:
    { $text }
    Claim it with the button below (or on its card in the group).
need-private-for-claimer =
    🔒 You are helping with private need #{ $id } of { $name } ({ $unit }):
    { $text }
need-escalated =
    ⏰ { $priority ->
        [urgent] Urgent need
       *[other] High-priority need
    } #{ $id } · #{ $category } is still open after { $minutes } minutes:
    { $details }
    Can anyone help? Press the button to claim it.
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
needs-line-private = #{ $id } { $marker }#{ $category } — 🔒 private, details with the volunteers{ $claimed }
needs-page = Page { $page } of { $pages }
needs-prev = ‹ Previous
needs-next = Next ›
cmd-need = Post a need (in a private chat: a private need)
cmd-needs = This building's open needs
help-need = /need [!! or !] [#category] text — ask for help (!! urgent, ! high), e.g. /need !! #medicine insulin; sent to me privately, only volunteers see the details
help-needs = /needs — this building's open needs, most urgent first
need-escalated-details = { $text } ({ $unit })
need-escalated-private = 🔒 private, details with the volunteers
need-update-for-asker = { $event ->
        [claim] 🙋 { $name } is helping with your need #{ $id } (#{ $category }).
        [release] ↩️ { $name } can no longer help with your need #{ $id } (#{ $category }); it is open again for others.
        [done] ✅ Your need #{ $id } (#{ $category }) was marked done by { $name }.
       *[cancel] ✖️ Your need #{ $id } (#{ $category }) was cancelled by { $name }.
    }
need-update-for-household = { $event ->
        [claim] 🙋 { $name } is helping with your household's need #{ $id } (#{ $category }, posted by { $asker } for { $unit }).
        [release] ↩️ { $name } can no longer help with your household's need #{ $id } (#{ $category }, posted by { $asker } for { $unit }); it is open again for others.
        [done] ✅ Your household's need #{ $id } (#{ $category }, posted by { $asker } for { $unit }) was marked done by { $name }.
       *[cancel] ✖️ Your household's need #{ $id } (#{ $category }, posted by { $asker } for { $unit }) was cancelled by { $name }.
    }
guided-intro = I'll help you ask your neighbours, step by step. (You can also write /need and the need in one message; /cancel leaves.)
guided-q-home = Which home is it for?
guided-q-category = What kind of help do you need?
guided-q-priority = How urgent is it?
guided-btn-urgent = 🆘 Very urgent (health, today)
guided-btn-high = ❗ Soon
guided-btn-normal = ▫️ When someone can
guided-q-text = Please write in one message what you need (for example "insulin, 2 boxes" or "bread and milk").
guided-q-visibility = Who may see it?
guided-btn-public = 👥 The whole group
guided-btn-private = 🔒 Only the volunteers
guided-summary =
    Please check your need for { $home }:
    { $category } · { $priority } · { $visibility ->
        [private] only the volunteers see it
       *[public] the whole group sees it
    }
    { $text }
guided-btn-post = ✅ Post it
guided-btn-cancel = ✖️ Cancel
guided-cancelled = Cancelled: nothing was posted.
guided-posted-public = ✅ Your need #{ $id } is posted in the group of { $building }. I'll tell you here when someone helps.
guided-use-buttons = Please answer with the buttons above, or send /cancel to leave.
guided-stale = This step was already answered.
rhythm-day = every day
rhythm-week = every week
rhythm-days = every { $days } days
rhythm-weekdays = every { $days }
need-card-repeat = 🔁 Repeats { $rhythm } · next from { $next }, once this one is done
need-card-repeat-next = 🔁 Repeats { $rhythm } · the next one opens { $next }
need-card-repeat-ended = 🔁 Repeated { $rhythm }
need-card-offer = 🎁 Served by offer #{ $offer }
need-repeat-invalid =
    I can't read how often the need repeats.
    Usage: /need every week|day|3d|mon,thu [#category] text — e.g. /need every week #medicine insulin (also 每周, 每天, 每3天, 每周一,周四)
need-repeat-range = A need can repeat every 1 to { $max } days.
stop-usage =
    Say which recurring need to stop.
    Usage: /stop <need id> — e.g. /stop 12
stop-not-recurring = Need #{ $id } does not repeat: there is nothing to stop.
stop-only-asker = Only the asker (their household counts) or an admin can stop a recurring need.
stop-done = 🔁 Need #{ $id } no longer repeats ({ $rhythm }): no new one will open after it.
cmd-stop = Stop a recurring need
help-stop = /stop <id> — stop a recurring need (/need every week … re-opens it after it is done)
need-reopened-asker = 🔁 Your recurring need ({ $rhythm }) is open again as #{ $id } (after #{ $previous }). Send /stop { $id } if it is no longer needed.
