buy-usage =
    Usage: /buy item | price [| min N] [| max N] [| limit N] [| until 18:00 or 6h]
    Example: /buy Vegetable box | 45 | min 20 | max 120 | limit 2 | until 18:00
    Several items: a title and the buy's settings on the first line, then one item per line:
    /buy Wednesday vegetables | until 18:00 | min ¥300
    Cabbage 3 kg | 15 | limit 2
    Eggs, tray of 30 | 30 | max 100
buy-item-empty =
    Say what is bought before the first |.
    Usage: /buy item | price [| min N] [| max N] [| limit N] [| until 18:00]
buy-item-too-long = The item is too long (at most { $max } characters).
buy-price-invalid = "{ $price }" is not a price: write it like 45 or 45.50 (at most two decimals).
buy-setting-unknown =
    I don't understand "{ $setting }". Settings: min N, max N, limit N, until 18:00 (or 6h).
buy-setting-twice = "{ $setting }" is given twice.
buy-count-invalid = { $setting } needs a whole number from 1 to 100000.
buy-min-over-max = The minimum is more than the stock (max).
buy-until-invalid = The deadline must be a time like 18:00 or a duration like 6h (at most 30d).
buy-not-found = There is no group buy with that number in this building.
buy-closed = This group buy is closed.
buy-only-organizer = Only the organizer or an admin can do this.
buy-need-home = Orders are per household: register yours first with /home 1502 in this group.
order-usage = Usage: /order 3 2 (buy number, then quantity; 0 withdraws); with several items: /order 3 1 2 (buy, item number, quantity)
order-quantity-invalid = The quantity must be a whole number from 0.
order-over-limit = At most { $limit } per household.
order-sold-out = Not enough left: { $left } more at most.
order-for-not-allowed = Only volunteers and admins can order for another household.
paid-usage = Usage: /paid 3 1502 [amount] (buy number, unit, and the amount paid when it is not all they owe)
delivered-usage = Usage: /delivered 3 1502 (buy number, then unit)
closebuy-usage = Usage: /closebuy 3
order-none-for-unit = Unit { $unit } has no order in this buy.
order-set = Unit { $unit }: { $quantity } × { $item } ({ $amount }).
order-withdrawn = Unit { $unit } withdrew from { $item }.
order-marked-paid = Unit { $unit }: paid ✓
order-marked-delivered = Unit { $unit }: delivered ✓
order-mine = Your household ({ $unit }) orders { $quantity }.
order-mine-none = Your household has no order in this buy.
buy-card-title = 🛒 Group buy #{ $id }: { $item }
buy-card-price = Price { $price }
buy-card-min = needs { $min } to go ahead
buy-card-limit = at most { $limit } per household
buy-card-totals = Households: { $households } · quantity { $quantity } · amount { $amount }
buy-card-stock = Stock left: { $left } of { $max }
buy-card-closes = Closes { $deadline }
buy-card-confirmed = Confirmed ✅ — the organizer has the delivery list.
buy-card-cancelled = Cancelled: the minimum was not reached.
buy-btn-mine = My order
buy-btn-close = Close
buy-cancelled = 🛒 Group buy #{ $id } ({ $item }) is cancelled: { $quantity } ordered, { $min } needed.
buy-confirmed = 🛒 Group buy #{ $id } ({ $item }) is confirmed: { $households } households, { $quantity } items. The organizer will arrange payment and delivery.
buy-sheet-title = Delivery sheet — group buy #{ $id }: { $item } ({ $price } each)
buy-sheet-floor = Floor { $floor }
buy-sheet-floor-unknown = Floor not known
buy-sheet-line = #{ $order } { $household } × { $quantity } = { $amount } · paid { $paid } · delivered { $delivered }
buy-sheet-total = Total: { $households } households, { $quantity } items, { $amount }
buy-csv-order = order
buy-csv-floor = floor
buy-csv-unit = unit
buy-csv-names = names
buy-csv-quantity = quantity
buy-csv-amount = amount
buy-csv-paid = paid
buy-csv-delivered = delivered
buy-csv-total = total
buy-xlsx-order = Order
buy-xlsx-floor = Floor
buy-xlsx-unit = Unit
buy-xlsx-names = Names
buy-xlsx-quantity = Quantity
buy-xlsx-delivered = Delivered
buy-xlsx-total = Total
buy-xlsx-summary = Summary
buy-xlsx-made = Made at
buy-xlsx-due = Due ({ $currency })
buy-xlsx-paid = Paid ({ $currency })
buy-xlsx-cost = Paid to the supplier ({ $currency })
buy-xlsx-cost-unknown = not recorded yet (/cost)
buy-xlsx-difference = Difference: paid − supplier ({ $currency })
buy-xlsx-households = Households
buy-xlsx-households-count = { $households ->
    [one] 1 household
   *[other] { $households } households
}
buy-xlsx-notes = Notes
cmd-buy = Start a group buy (item | price | settings)
cmd-order = Set your household's quantity in a group buy
cmd-closebuy = Close a group buy now (organizer or admin)
help-buy = /buy item | price | min 20 | max 120 | limit 2 | until 18:00 — start a group buy
help-order = /order 3 2 — your household's quantity in buy 3 (0 withdraws); /order 3 1 2 — of its item 1
help-closebuy = /closebuy 3 — close your group buy 3 now
help-paid = /paid 3 1502 [25.50] — your buy 3: unit 1502 has paid (all it owes, or that amount)
help-delivered = /delivered 3 1502 — your buy 3: unit 1502 got its order
cmd-paid = Mark a household as paid in your group buy
cmd-delivered = Mark a household's order as delivered
buy-btn-close-yes = Yes, close #{ $id }
buy-btn-close-no = No
buy-close-ask = Close group buy #{ $id } ({ $item }) now? No one can order after that.
buy-close-ask-short =
    Close group buy #{ $id } ({ $item }) now? Only { $quantity } of the { $min } needed: it would be cancelled.
buy-close-kept = Group buy #{ $id } stays open.
buy-close-done = Group buy #{ $id } is closed.
buy-duplicate = Group buy #{ $id } "{ $item }" is already open. Start another one anyway?
buy-btn-start-anyway = Start anyway
buy-btn-cancel = Cancel
buy-draft-only-sender = Only the person who sent this /buy can answer.
buy-draft-started = Started as group buy #{ $id }.
buy-draft-dropped = Not started.
buy-draft-expired = The deadline of this /buy has passed: send it again with a new one.
buy-sheet-household = { $unit } { $names }
buy-sheet-entered-by = { $unit } (entered by { $name })
buy-csv-entered-by = entered by { $name }
buy-price-on-title = In a buy with several items, the first line holds its title and settings; put each item with its price on a line of its own.
buy-item-setting = "{ $setting }" does not go on an item line: an item takes max N and limit N; min and until go on the first line.
buy-item-line = "{ $line }" is not an item line. Write: item | price [| max N] [| limit N]
buy-too-many-items = At most { $max } items in one group buy.
buy-amount-invalid = "{ $amount }" is not an amount: write it like 25 or 25.50 (at most two decimals).
buy-card-min-amount = needs { $amount } to go ahead
buy-card-item = { $n }. { $name } — { $price } · { $terms }
buy-card-item-ordered = { $ordered } ordered
buy-card-item-left = { $left } of { $max } left
buy-card-payinfo = How to pay: { $text }
buy-card-collected = Collected { $collected } of { $due }
buy-card-line = { $n }. { $unit } { $items } { $amount }
buy-card-list-earlier = … { $count } households before (My order shows yours)
buy-close-ask-short-amount =
    Close group buy #{ $id } ({ $item }) now? Only { $amount } of the { $min } needed: it would be cancelled.
buy-cancelled-amount = 🛒 Group buy #{ $id } ({ $item }) is cancelled: { $amount } ordered, { $min } needed.
buy-sheet-title-items = Delivery sheet — group buy #{ $id }: { $item }
buy-sheet-floor-only = Floor { $floor } only
buy-sheet-paid-part = { $paid } (part)
buy-sheet-line-items = #{ $order } { $household }: { $items } = { $amount } · paid { $paid } · delivered { $delivered }
order-item-needed = Group buy #{ $id } has { $count } items: say which, e.g. /order { $id } 1 2 (item 1, quantity 2).
order-item-unknown = Group buy #{ $id } has { $count } items: use an item number from 1 to { $count }.
order-mine-items = Your household ({ $unit }): { $items } — { $amount }.
order-mine-paid = Paid { $paid } of { $due }.
order-payment = Unit { $unit }: { $amount } received — paid { $paid } of { $due }.
order-payment-full = Unit { $unit }: { $amount } received — paid { $paid } of { $due } ✓
paid-below-zero = That would take what this household paid below zero (it paid { $paid }).
payinfo-usage = Usage: /payinfo 3 how to pay (e.g. WeChat Pay to Li, 138 0000 0000)
payinfo-too-long = How to pay may be at most { $max } characters.
payinfo-set = Group buy #{ $id }: how to pay is on its card.
cost-usage = Usage: /cost 3 280.50 [note] — what was paid to the supplier in all
cost-note-too-long = The note may be at most { $max } characters.
cost-set = Group buy #{ $id }: paid to the supplier { $cost }. /settle { $id } posts the account.
settle-usage = Usage: /settle 3 — posts the account of group buy 3 in its group
settle-open = Group buy #{ $id } is still open: close it first (/closebuy { $id }).
settle-needs-cost = Record what was paid to the supplier first: /cost { $id } 280.50
settle-posted = The account of group buy #{ $id } is posted in { $building }.
sheet-usage = Usage: /sheet 3, or /sheet 3 floor 15
sheet-not-allowed = The sheet is for the organizer and admins, and each floor's volunteer for their own floor (/sheet 3 floor 15).
sheet-open-dm = The sheet names residents, so it goes by private message: open a chat with me, press Start, and ask again.
sheet-sent-dm = The sheet of group buy #{ $id } is in your private chat with me.
buy-account-title = 💰 Account of group buy #{ $id }: { $item }
buy-account-collected = Collected { $collected } of { $due } owed
buy-account-cost = Paid to the supplier: { $cost }
buy-account-cost-note = Paid to the supplier: { $cost } ({ $note })
buy-account-surplus = Difference: { $difference } left over, refunded to the households below.
buy-account-shortfall = Difference: { $difference } short: paid to the supplier beyond what was collected.
buy-account-even = Difference: none.
buy-account-refunds = Per household (its share of the supplier's cost by what it ordered): { $count } refunds, { $total } in all; still owed { $owed }.
buy-account-line = { $unit }: paid { $paid }, share { $share } → { $balance }
buy-account-refund = refund { $amount }
buy-account-owes = owes { $amount }
buy-account-settled = settled
buy-btn-start-buy = 🛒 Start a group buy: { $category }
buy-template =
    /buy Group buy: { $category } | until 18:00 | min 10
    First item | 15 | limit 2
    Second item | 30 | max 100
buy-template-staff-only = Volunteers and admins can start a group buy from here.
buy-template-sent = The /buy template is in your private chat with me: complete it and send it here.
cmd-payinfo = Say how to pay for your group buy
cmd-cost = Record what your group buy cost the supplier
cmd-settle = Post your group buy's account
cmd-sheet = Get a group buy's delivery sheet (all, or one floor)
help-payinfo = /payinfo 3 WeChat Pay to Li — how to pay for your buy 3 (on its card)
help-cost = /cost 3 280.50 — your buy 3: what was paid to the supplier
help-settle = /settle 3 — post the account of your buy 3: collected, paid, refunds per household
help-sheet = /sheet 3, /sheet 3 floor 15 — the delivery sheet (organizer, admins; a floor's volunteer)
