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
vote-cast-same = You voted for { $option }. Press another option to change your vote.
vote-cast-same-household = Your household voted for { $option }. Press another option to change its vote.
vote-cast-changed = Your vote is now { $option } (it was { $before }).
vote-cast-changed-household = Your household's vote is now { $option } (it was { $before }).
vote-card-title = 🗳 Vote #{ $id }: { $question }
vote-kind-household = one ballot per household
vote-kind-anonymous = anonymous
vote-kind-hidden = results hidden until the close
vote-card-option = { $n }. { $option } — { $count }
vote-card-option-hidden = { $n }. { $option }
vote-card-turnout = Ballots: { $turnout }
vote-card-turnout-of = Turnout: { $turnout } of { $electorate }
vote-card-quorum = Quorum: { $who ->
        [household] { $needed ->
            [one] 1 household
           *[other] { $needed } households
        }
       *[person] { $needed ->
            [one] 1 ballot
           *[other] { $needed } ballots
        }
    } ({ $turnout } so far)
vote-card-quorum-percent = Quorum: { $percent }% of { $electorate }, that is { $who ->
        [household] { $needed ->
            [one] 1 household
           *[other] { $needed } households
        }
       *[person] { $needed ->
            [one] 1 ballot
           *[other] { $needed } ballots
        }
    } ({ $turnout } so far)
vote-card-quorum-percent-unknown = Quorum: { $percent }% of the members ({ $turnout } so far)
vote-card-waiting = Still to vote: { $units }
vote-card-waiting-more = Still to vote: { $units } +{ $more }
vote-card-waiting-count = Still to vote: { $count ->
        [one] 1 household
       *[other] { $count } households
    }
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
help-vote = /vote [6h] [household] [anonymous] [hidden] [quorum=N] question | option | option — start a vote
help-endvote = /endvote 3 — end your vote 3 now
