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
cmd-volunteer = Join (or leave: /volunteer off) the volunteers
cmd-volunteers = Admins: the volunteers and their claims
need-card-for-household = For household { $unit } (no phone)
status-open = open
status-claimed = claimed
status-done = done
status-cancelled = cancelled
status-draft = waiting for a building
help-volunteer = /volunteer [skills] — join the volunteers (/volunteer off to leave)
help-volunteers = /volunteers — the volunteers and what each has claimed
volunteers-line-skills = { " " }({ $skills })
