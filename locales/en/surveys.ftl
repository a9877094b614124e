cmd-survey = The household survey (admins: the card; staff: list, missing)
help-survey = /survey — answer the household survey privately (admins in the group: post the survey card; volunteers and admins: /survey list, /survey missing)
cmd-cancel = Leave the survey or the guided need
help-cancel = /cancel — leave the survey or the guided need under way (nothing is saved)
survey-card =
    📋 Household survey — { $building }
    Please answer a few short questions privately (buttons only, about two minutes): who in your household is 70 or older or alone, needs regular medicine or treatment, or needs help. Only this building's volunteers and admins see your answers; everyone else sees counts.
    Answered: { $answered } of { $households } households ({ $percent }%).
survey-card-button = 📝 Answer privately
survey-card-admins-only = Only an admin can post the survey card. You can answer it privately: { $link }
survey-intro =
    📋 Household survey for { $building } { $unit }.
    One question at a time. "Prefer not to say" is fine on every question; ⬅️ Back changes the previous answer; nothing is saved until you press Save at the end; /cancel leaves at any time.
    Only your building's volunteers and admins will see your answers.
survey-replaces = (Your household answered before, on { $date }: saving replaces those answers.)
survey-question = Question { $number } of { $of }
survey-q-people = How many people live in your household?
survey-q-elderly = Is anyone in your household 70 or older, or does someone live alone?
survey-q-medicine = Does anyone need regular medicine for a chronic illness?
survey-q-medicine-which = Which medicine? Please type it in one message (e.g. insulin, blood-pressure tablets).
survey-q-hospital = Does anyone need regular hospital treatment (dialysis, chemotherapy, …)?
survey-q-mobility = Does anyone have limited mobility, or is bedridden?
survey-q-pregnant = Is anyone pregnant?
survey-q-infants = Are there children under 3?
survey-q-pets = Do you have pets?
survey-q-phone-help = Is there a member without a phone, or who needs help using one?
survey-choice = { $choice ->
        [yes] Yes
        [no] No
        [elderly-alone] 70+ and living alone
        [elderly] 70+, living with others
        [alone] Living alone, under 70
        [limited] Limited mobility
        [bedridden] Bedridden
        [skip] Prefer not to say
       *[other] { $choice }
    }
survey-label = { $question ->
        [people] People
        [elderly] 70+ or alone
        [medicine] Regular medicine
        [medicineWhich] Which medicine
        [hospital] Hospital treatment
        [mobility] Mobility
        [pregnant] Pregnant
        [infants] Children under 3
        [pets] Pets
       *[phoneHelp] Help with a phone
    }
survey-btn-back = ⬅️ Back
survey-btn-save = ✅ Save
survey-btn-cancel = ✖️ Cancel
survey-summary-title = Please check your answers for { $building } { $unit }:
survey-summary-hint = Press Save to send them to your building's volunteers and admins, or Back to change the last one.
survey-saved = ✅ Saved. Thank you! Only the volunteers and admins of { $building } can see your answers.
survey-offer-checkin = Someone 70 or older lives alone: would you like a daily "I'm OK" button? A volunteer knocks on the door if nobody presses it.
survey-offer-checkin-button = 👍 Yes, a daily check
survey-checkin-on = ✅ The daily check is on for { $unit }: every day at { $at } I will send you an "I'm OK" button.
survey-offer-medicine = For regular medicine, the volunteers can help every time it runs out: send /need every week #medicine { $medicine } (or every 3d, every mon,thu) and it opens again on that rhythm after each delivery, privately (only the volunteers see it); /stop ends it.
survey-offer-medicine-example = insulin, 2 boxes
survey-cancelled = You left the survey. Nothing was saved.
cancel-nothing = There is nothing to cancel.
survey-stale = This question was already answered.
survey-use-buttons = Please answer with the buttons below, or send /cancel to leave.
survey-medicine-empty = Please type which medicine (or press "Prefer not to say").
survey-medicine-too-long = That is too long: at most { $max } characters, please.
survey-no-back = This is the first question.
survey-no-home = Please register your household first: send /home followed by your unit (e.g. /home 1502) in your building's group, then /survey here.
survey-no-home-building = Please register your household in { $building } first: send /home followed by your unit (e.g. /home 1502) in its group, then press the survey button again.
survey-choose-building = Which household is the survey for?
survey-staff-only = Only this building's volunteers and admins can see the survey answers.
survey-list-private = The answers are private: ask for /survey list in a private chat with me (or in the volunteers' chat).
survey-usage = Usage: /survey (answer it), /survey list or /survey missing (volunteers and admins)
survey-list-title = 📋 Survey of { $building }: { $answered } of { $households } households answered.
survey-list-none = Nobody has answered yet.
survey-list-line = { $unit }: { $answers }
survey-missing-title = Not answered yet in { $building } ({ $count }), by floor:
survey-missing-none = Every registered household of { $building } has answered.
survey-not-yours = This button is for another household.
board-survey = 📋 Survey: { $answered } of { $households } households answered ({ $percent }%)
