checkin-usage = Usage: /checkin on (a daily "I'm OK" button for your household) or /checkin off
checkin-on = ✅ The daily check is on: every day at { $at } I will send you an "I'm OK" button privately. If nobody presses it by { $deadline }, a volunteer will knock on your door.
checkin-off = The daily check is off.
checkin-btn-ok = 👍 I'm OK
checkin-ask-dm = Good morning, { $name }! Please press the button to tell your neighbours you are OK (unit { $unit }).
checkin-thanks = Thank you! Have a good day.
checkin-already = Already noted for today. Thank you!
checkin-not-yours = This check-in is for another household.
checkin-missing = ⚠️ Daily check-in: { $count ->
        [one] 1 unit did not answer
       *[other] { $count } units did not answer
    } by { $deadline }: { $units }. Please knock on their doors.
cmd-checkin = A daily "I'm OK" check for people living alone (on/off)
help-checkin = /checkin on — a daily "I'm OK" check for someone living alone (/checkin off stops it)
checkin-on-start-dm = ✅ The daily check is on. Please open a private chat with me (press Start there) so I can send you the "I'm OK" button: { $link } — until then a volunteer will knock on your door each day instead.
checkin-dm-homes = For { $homes }.
checkin-no-home = Please register your household first: send /home followed by your unit (e.g. /home 1502) in your building's group.
checkin-received = ✅ Received at { $time }. Thank you, have a good day!
checkin-knock = 🚪 To knock on today (no private chat with the bot, so they cannot get the button): { $units }.
