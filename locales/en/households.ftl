cmd-home = Register or show your household (unit)
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
help-home = /home 1502 — register your household (unit) in this building; /home alone shows it
