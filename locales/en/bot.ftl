error-unexpected = Sorry, something went wrong on my side. Nothing was changed; please try again in a moment.
button-invalid = This button is not valid any more.
card-other-building = This card belongs to another building's group.
group-only = Please use this command in your building's group.
anonymous-no-person = You are posting as the group (anonymous admin). Post as yourself for this command.
