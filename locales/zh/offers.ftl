offer-usage =
    请写明你能提供什么。
    用法：/offer [#类别] 内容 —— 例如 /offer #食物 5 公斤大米，或 /offer #就医 我可以开车送人去医院
offer-card-title = 🎁 提供 #{ $id } · #{ $category }
offer-card-by = 提供人：{ $name }（{ $unit }）
offer-card-open = 状态：可领取，有效期至 { $until }
offer-card-given = 状态：已送出 ✅
offer-card-given-need = 状态：已送出 ✅ 给需求 #{ $need }
offer-card-withdrawn = 状态：已撤回
offer-card-expired = 状态：已过期
offer-btn-take = 🙋 我需要
offer-btn-given = ✅ 已送出
offer-btn-withdraw = ✖️ 撤回
offer-btn-ask = 🙋 申请 #{ $id }
offer-btn-give = 🎁 送给 #{ $id }
offer-line = #{ $id } #{ $category } — { $text }（{ $name }，{ $unit }）
offer-until = 有效期至 { $until }
offers-none = 「{ $building }」目前没有可领取的提供。用 /offer #类别 内容 发布你能提供的东西。
offers-header = 🎁 「{ $building }」可领取的提供：{ $count } 条
offers-more = ……还有 { $count } 条
offers-btn-take = 🙋 我需要 #{ $id }
offers-open-count = 🎁 可领取的提供：{ $count } 条 — { $list }（/offers）
offers-for-need = 🎁 邻居提供的 #{ $category } —— 也许能满足你的需求 #{ $need }：
offers-for-need-hint = 按“申请 #…”即可领取：你和提供人会私下收到对方的姓名和门牌号。
needs-for-offer = 🙋 你的提供 #{ $offer } 也许能满足这些 #{ $category } 需求（最紧急的在前）：
needs-for-offer-line = #{ $id } { $marker }{ $text }（{ $unit }）
needs-for-offer-private = #{ $id } { $marker }🔒 私密需求 —— 送出后详情会私下发给你
needs-for-offer-hint = 按“送给 #…”即可送出：你和求助人会私下收到对方的姓名和门牌号。
offer-not-found = 这条提供已不存在。
offer-closed = 这条提供已经{ $status ->
        [given] 送出
        [withdrawn] 撤回
       *[other] 过期
    }了。
offer-taken = 已经有人先申请了这条提供，它已不可领取。
offer-own = 这是你自己的提供：请用“已送出”或“撤回”。
offer-only-author = 只有提供人可以这样做。
offer-own-need = 这是你自己家的需求：提供要给别人。
offer-ask-only-asker = 只有这个需求的求助人（含同户家人）可以为它申请提供。
offer-take-no-home = 请先用 /home <门牌号>（例如 /home 1502）登记住户，这样提供人才知道送到哪里。
offer-author-no-dm = 提供人还没有打开与我的私聊，我无法把私密需求的详情转给对方。请改为联系志愿者。
offer-answer-matched = 提供 #{ $offer } 已给需求 #{ $need }。我已私下把双方的姓名和门牌号发给你们。
offer-answer-given = 提供 #{ $id } 已标记为送出。谢谢！
offer-answer-withdraw = 提供 #{ $id } 已撤回。
offer-matched-author =
    🎁 你的提供 #{ $offer } 给了 { $name }（{ $unit }）的需求 #{ $need }：
    { $text }
    现在由你帮忙：点名字即可私信对方。
offer-matched-asker =
    🎁 { $name }（{ $unit }）把提供 #{ $offer } 给你的需求 #{ $need }：
    { $text }
    点名字即可私信对方。
cmd-offer = 向邻居提供帮助或物资
cmd-offers = 本楼可领取的提供
help-offer = /offer [#类别] 内容 — 提供帮助或物资，例如 /offer #食物 5 公斤大米；需要的邻居按“我需要”
help-offers = /offers — 本楼可领取的提供
