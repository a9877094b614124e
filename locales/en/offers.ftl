offer-usage =
    Please say what you offer.
    Usage: /offer [#category] text — e.g. /offer #food 5 kg rice, or /offer #medical I can drive to the hospital
offer-card-title = 🎁 Offer #{ $id } · #{ $category }
offer-card-by = Offered by { $name } ({ $unit })
offer-card-open = Status: open until { $until }
offer-card-given = Status: given ✅
offer-card-given-need = Status: given ✅ to need #{ $need }
offer-card-withdrawn = Status: withdrawn
offer-card-expired = Status: expired
offer-btn-take = 🙋 I need this
offer-btn-given = ✅ Given
offer-btn-withdraw = ✖️ Withdraw
offer-btn-ask = 🙋 Ask for #{ $id }
offer-btn-give = 🎁 Give to #{ $id }
offer-line = #{ $id } #{ $category } — { $text } ({ $name }, { $unit })
offer-until = until { $until }
offers-none = No open offers in { $building }. Offer something with /offer #category text.
offers-header = 🎁 Open offers in { $building }: { $count }
offers-more = … and { $count } more
offers-btn-take = 🙋 I need #{ $id }
offers-open-count = 🎁 Open offers: { $count } — { $list } (/offers)
offers-for-need = 🎁 Neighbours offer #{ $category } — one of these may serve your need #{ $need }:
offers-for-need-hint = Press "Ask for #…" to take it: its author and you then learn each other's name and unit privately.
needs-for-offer = 🙋 Open needs of #{ $category } your offer #{ $offer } may serve (most urgent first):
needs-for-offer-line = #{ $id } { $marker }{ $text } ({ $unit })
needs-for-offer-private = #{ $id } { $marker }🔒 private — the details come to you privately once you give
needs-for-offer-hint = Press "Give to #…" to give it: you and the asker then learn each other's name and unit privately.
offer-not-found = This offer no longer exists.
offer-closed = This offer is already { $status ->
        [given] given
        [withdrawn] withdrawn
       *[other] expired
    }.
offer-taken = Someone else asked for this offer first: it is no longer available.
offer-own = This is your own offer: use Given or Withdraw.
offer-only-author = Only the person who offered it can do that.
offer-own-need = That need is your own household's: an offer goes to someone else.
offer-ask-only-asker = Only the asker of that need (or their household) can ask for an offer for it.
offer-take-no-home = Register your household first with /home <unit> (e.g. /home 1502), so the giver knows where to bring it.
offer-author-no-dm = The person who offered it has not opened a private chat with me, so I cannot pass them the details of a private need. Ask the volunteers instead.
offer-answer-matched = Offer #{ $offer } goes to need #{ $need }. I've sent you both each other's name and unit privately.
offer-answer-given = Offer #{ $id } is marked given. Thank you!
offer-answer-withdraw = Offer #{ $id } is withdrawn.
offer-matched-author =
    🎁 Your offer #{ $offer } goes to need #{ $need } of { $name } ({ $unit }):
    { $text }
    You are now its helper: tap the name to write to them.
offer-matched-asker =
    🎁 { $name } ({ $unit }) gives you offer #{ $offer } for your need #{ $need }:
    { $text }
    Tap the name to write to them.
cmd-offer = Offer help or goods to your neighbours
cmd-offers = Open offers in this building
help-offer = /offer [#category] text — offer something, e.g. /offer #food 5 kg rice; neighbours who need it press "I need this"
help-offers = /offers — this building's open offers
