shift-usage =
    Usage: /shift <task> | <days and time> | <people per shift>
    e.g. /shift Parcel disinfection at the gate | daily 09:00-11:00 | 2 (days: daily, or mon,thu)
shift-task-too-long = The task is too long: at most { $max } characters.
shift-people = People per shift: a whole number from 1 to { $max }.
shift-when = Days and time: daily 09:00-11:00, or weekdays like mon,thu 09:00-11:00.
shift-no-days = No shift of that roster falls in the next { $days } days.
shift-admins-only = Only admins can set up a duty roster.
shift-started = That shift has started: its sign-ups are closed.
shift-volunteers-only = Only volunteers can sign up for shifts: send /volunteer first.
shift-full = That shift is full.
shift-signed-up = You're on this shift. I'll remind you by DM before it starts.
shift-withdrawn = You've withdrawn from this shift.
shift-card-title = 🧑‍🤝‍🧑 Duty roster #{ $id }: { $task }
shift-card-rhythm = 🗓 { $rhythm }
shift-card-line = • { $when } — { $filled }/{ $needed } ⚠️
shift-card-line-full = • { $when } — { $filled }/{ $needed } ✅
shift-card-none = No shifts left.
shift-card-hint = Volunteers: press a day to sign up; press it again to withdraw.
shifts-none = No shifts in { $building } in the coming week.
shifts-title = 🧑‍🤝‍🧑 Shifts in { $building }, the coming week
shifts-line = • { $when } { $task } — { $filled }/{ $needed } ⚠️
shifts-line-full = • { $when } { $task } — { $filled }/{ $needed } ✅
shift-reminder = ⏰ Reminder: your shift "{ $task }" in { $building } is { $when }.
shift-short = ⚠️ Shift still short in { $building }: "{ $task }" { $when } has { $filled } of { $needed } volunteers. Sign up on the roster card in the group.
call-usage =
    Usage: /call <task> | floors <from>-<to> | <floors per wave> [| every <minutes>]
    e.g. /call Testing | floors 1-33 | 3 | every 10
call-floors = Floors: floors <from>-<to>, from 1 up to { $max }, e.g. floors 1-33.
call-per-wave = Floors per wave: a whole number, at least 1 and no more than the floors called.
call-every = Every: every <minutes>, from 1 to { $max }.
call-admins-only = Only admins can start a floor call.
call-only-organizer = Only the call's organizer or an admin can do that.
call-ended = This call has ended.
call-need-home = Register your household first with /home <unit>, e.g. /home 1502.
call-answered-down = Thanks: your household is marked as down.
call-answered-visit = Noted: a volunteer will come to your door. Only the organizer and the volunteers see your unit.
call-ended-now = The call is ended; the summary is posted.
call-paused = The call is paused.
call-resumed = The call goes on.
call-no-more-floors = Every floor has been called.
call-next-called = The next floors are called.
call-card-title = 📣 Floor call #{ $id }: { $task }
call-card-floors = Floors { $floors }, { $per } at a time
call-card-every = Next floors every { $minutes } min
call-card-now = Now: floors { $floors } (since { $at }, wave { $wave } of { $waves })
call-card-answers = ✅ { $down } households down · 🚪 { $visits } home visits asked
call-card-status = { $status ->
        [paused] ⏸ Paused
        [ended] 🏁 Ended
       *[open] ▶️ In progress
    }
call-btn-next = ⏭ Next floors
call-btn-pause = ⏸ Pause
call-btn-resume = ▶️ Resume
call-btn-end = 🏁 End
call-btn-down = ✅ We're down
call-btn-visit = 🚪 Can't come — need a home visit
call-wave = 📣 Floors { $floors }: please come down now — { $task } (wave { $wave } of { $waves })
call-summary-title = 🏁 Floor call #{ $id } ended: { $task }
call-summary-wave = • Floors { $floors } at { $at }
call-summary-no-waves = No floors were called.
call-summary-answers = { $answered } households answered; { $visits } asked for a home visit.
call-visits-none = Floor call #{ $id } ({ $task }, { $building }) ended: no household asked for a home visit.
call-visits = 🚪 Floor call #{ $id } ({ $task }, { $building }) ended: { $count } home visits to make — { $units }
cmd-shift = Admins: a duty roster for the coming week
help-shift = /shift <task> | daily 09:00-11:00 | 2 — a duty roster: volunteers sign up per day, reminded by DM
cmd-shifts = The shifts of the coming week
help-shifts = /shifts — the shifts of the coming week, filled and still short
cmd-call = Admins: call the building down floor by floor
help-call = /call <task> | floors 1-33 | 3 [| every 10] — call floors down in waves; residents answer with buttons
