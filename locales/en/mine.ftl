mine-title = Your needs and claims:
mine-asked = Your needs: { $list }
mine-claimed = You are helping with: { $list }
mine-none = Nothing open for you: no needs, no claims, no votes to cast.
cmd-mine = Your needs and claims
mine-votes = Votes you can still cast: { $list }
mine-orders = Your orders: { $list }
help-mine = /mine — your needs, your claims, the votes you can cast and your orders
