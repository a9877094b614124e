digest-title = 📋 Digest of { $building } — { $date }
digest-needs-none = No open needs. 🎉
digest-needs = Open needs: { $count } (🆘 { $urgent } urgent, ❗ { $high } high, { $normal } normal)
digest-need-line = { $marker } #{ $id } #{ $category } — { $text } ({ $unit })
digest-more-needs = … and { $count } more: /needs
digest-finished = { $needs ->
        [0] Since the last digest: no need finished yet.
        [one] Since the last digest: 1 need done by { $volunteers ->
            [one] 1 helper
           *[other] { $volunteers } helpers
        }.
       *[other] Since the last digest: { $needs } needs done by { $volunteers ->
            [one] 1 helper
           *[other] { $volunteers } helpers
        }.
    }
digest-vote = 🗳 Vote #{ $id } { $question } — closes { $deadline }, turnout { $turnout } of { $electorate }
digest-buy = 🛒 Group buy #{ $id } { $item } — closes { $deadline }, { $quantity } ordered
digest-shift-short = ⚠️ Shift still short: { $when } { $task } — { $filled }/{ $needed } volunteers
digest-notice = 📢 Notice #{ $id } { $text } — { $acknowledged } of { $households } households got it
digest-alert = { $level ->
        [blue] 🔵 Blue alert
        [yellow] 🟡 Yellow alert
        [orange] 🟠 Orange alert
       *[red] 🔴 Red alert
    } #{ $id } { $text } — { $acknowledged } of { $households } households got it
digest-older-notices = … and { $count ->
        [one] 1 older notice
       *[other] { $count } older notices
    } not yet acknowledged by every household
digest-guidance = 💡 { $text }
cmd-digest = This building's digest, now
help-digest = /digest — this building's digest, now
digest-need-line-private = { $marker } #{ $id } #{ $category } — 🔒 private, details with the volunteers
