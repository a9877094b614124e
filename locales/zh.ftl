# --- help ---
help =
    我是本楼的互助服务台：把本楼的需求、投票、团购和通知集中在一起，不再淹没在聊天记录里。

    命令：
    /home 1502 — 登记你在本楼的住户（门牌号）；只发 /home 查看登记
    /need [!! 或 !] [#类别] 内容 — 求助（!! 紧急，! 急），例如 /need !! #药 胰岛素
    在与我的私聊中发 /need — 私密需求：只有志愿者能看到详情
    /needs — 本楼待处理的需求，最紧急的在前
    /vote [6h] [按户] [匿名] [保密结果] [quorum=N] 问题 | 选项 | 选项 — 发起投票；/endvote 3 结束投票
    /mine — 你的需求和你正在帮忙的需求
    /volunteer [技能] — 加入志愿者（/volunteer off 退出）；/volunteers — 管理员查看名单
    /chatid — 本群的 chat id，用于机器人配置
    /help — 本帮助

start-private =
    你好，{ $name }！{ help }

    大部分命令在你所在楼栋的群里使用。请把我加入群，或联系本楼管理员。

# --- commands menu (setMyCommands) ---
cmd-help = 机器人的功能和命令
cmd-start = 开始与机器人对话
cmd-home = 登记或查看你的住户（门牌号）
cmd-chatid = 本群的 chat id，用于配置

# --- chats and buildings ---
chatid-group = 本群的 chat id 是 { $chatId }。
chatid-private = 这是私聊。你的 Telegram 用户 id 是 { $userId }（可填入配置的 "admins" 或 "volunteers"）。
undeclared-group =
    本群还不是配置中的楼栋，所以我在这里不做任何事。
    本群的 chat id 是 { $chatId }。请管理员在 bot.config.json 的 "buildings" 中加入，例如：
    {"{"} "id": "b1", "name": "1号楼", "chatId": { $chatId } {"}"}
    然后重启机器人。
greeting-building = 大家好，{ $building }！我是本楼的互助服务台。请每位居民用 /home 加门牌号登记住户，例如 /home 1502。发送 /help 查看全部功能。
migrated-building = 本群已升级为超级群，我会继续在这里服务{ $building }。管理员：请把 bot.config.json 中楼栋 "{ $buildingId }" 的 "chatId" 改为 { $chatId }。

# --- households ---
home-usage =
    请在命令后写上门牌号。
    用法：/home 1502（或 /home 3-1502）；只发 /home 查看登记。
home-too-long =
    门牌号太长了（最多 { $max } 个字符）。
    用法：/home 1502（或 /home 3-1502）。
home-invalid =
    “{ $unit }”不像门牌号：请使用数字和字母，可以用短横线分隔。
    用法：/home 1502（或 /home 3-1502）。
home-set = { $name }，你已登记为{ $building } { $unit } 室。
home-set-shared = { $name }，你已登记为{ $building } { $unit } 室，同户还有 { $others } 位居民。
home-moved = { $name }，你的住户已从 { $previous } 室改为{ $building } { $unit } 室。
home-unchanged = { $name }，你已经登记在 { $unit } 室。
home-show = { $name }，你在{ $building }登记的住户是 { $unit } 室。
home-none =
    { $name }，你还没有在{ $building }登记住户。
    用法：/home 1502（或 /home 3-1502）。
home-private-list = 你登记的住户：{ $list }
home-private-none = 你还没有登记住户。请在你所在楼栋的群里发送 /home 加门牌号（例如 /home 1502）。
home-private-set = 请在你所在楼栋的群里登记住户：在群里发送 /home 1502。
home-anonymous = 你正以群组身份（匿名管理员）发言，无法登记住户。请以个人身份发送 /home。

# --- errors ---
error-unexpected = 抱歉，我这边出了点问题。没有做任何更改，请稍后再试。


# --- needs ---
need-usage =
    请说明需要什么。
    用法：/need [!! 或 !] [#类别] 内容 —— 例如 /need !! #药 父亲需要胰岛素
    !! 表示紧急，! 表示急。在与我的私聊中发布的需求是私密的：只有志愿者能看到详情。
need-for-usage =
    请说明为哪一户发布。
    用法：/need for 1502 [!! 或 !] [#类别] 内容
need-unknown-category =
    没有“#{ $category }”这个类别。
    可用类别：{ $known }
need-text-empty =
    需求没有内容：请写明需要什么。
    用法：/need [!! 或 !] [#类别] 内容
need-text-too-long = 内容太长（{ $length } 个字符，最多 { $max } 个），请精简。
need-closed = 这个需求已经{ $status ->
        [done] 完成
       *[other] 取消
    }了。
need-already-claimed = 已经有人在帮忙处理这个需求。
need-not-claimed = 这个需求还没有人认领。
need-volunteers-only = 只有本楼志愿者可以认领需求。发送 /volunteer 加入志愿者。
need-only-claimer = 只有认领人可以放弃认领。
need-only-involved = 只有求助人、帮忙的人或管理员可以标记完成。
need-only-asker = 只有求助人或管理员可以取消。
need-not-found = 这个需求已不存在。
button-invalid = 这个按钮已失效。
need-other-building = 这个需求属于其他楼栋。
need-claim-start-dm = 这是私密需求：我会私下把详情发给帮忙的人。请先打开与我的私聊（点我的名字，再点“开始”），然后再按一次。
need-for-not-allowed = 只有志愿者和管理员可以替其他住户发布需求。
need-no-home-private = 我需要先知道你的楼栋：请在楼栋群里用 /home 1502 登记住户，然后再把需求发给我。
need-choose-building = 这个需求是哪栋楼的？
need-posted-private = 你的私密需求 #{ $id } 已发布到{ $building }：群里只显示需要帮助，详情只有志愿者能看到。
need-private-for-volunteers =
    🔒 私密需求 #{ $id } — { $priority } · #{ $category }
    来自 { $name }（{ $unit }），{ $building }：
    { $text }
    请在群里该需求卡片上点按钮认领。
need-private-for-claimer =
    🔒 你正在帮助 { $name }（{ $unit }）的私密需求 #{ $id }：
    { $text }
need-escalated = ⏰ 紧急需求 #{ $id } 已经 { $minutes } 分钟无人处理。谁能帮忙？
need-claim-expired-claimer = 你认领的需求 #{ $id } 已超过 { $hours } 小时没有进展，已重新开放给其他人。如果你仍在处理，请重新认领。
need-reposted = ↩️ 需求 #{ $id } 重新开放（之前的认领已失效）。

need-card-title = { $priority ->
        [urgent] 🆘 紧急需求 #{ $id } · #{ $category }
        [high] ❗ 急需 #{ $id } · #{ $category }
       *[other] 需求 #{ $id } · #{ $category }
    }
need-card-private = 🔒 私密：详情仅志愿者可见。
need-card-asked = 求助人：{ $name }（{ $unit }）
need-card-asked-no-unit = 求助人：{ $name }
need-card-entered = 由 { $name } 代为登记
need-card-open = 状态：待认领
need-card-claimed = 状态：{ $name } 正在帮忙
need-card-done = 状态：已完成 ✅
need-card-cancelled = 状态：已取消
need-card-claim-expired = （之前的认领已失效）
need-btn-claim = 🙋 我来帮忙
need-btn-release = ↩️ 放弃认领
need-btn-done = ✅ 完成
need-btn-cancel = ✖️ 取消
need-answer-claim = 谢谢！你正在帮忙处理需求 #{ $id }。
need-answer-release = 你已放弃认领需求 #{ $id }。
need-answer-done = 需求 #{ $id } 已完成，谢谢！
need-answer-cancel = 需求 #{ $id } 已取消。
unit-unknown = 未登记门牌

priority-urgent = 紧急
priority-high = 急
priority-normal = 普通

needs-none = { $building }目前没有待处理的需求。🎉
needs-header = { $building }待处理需求：{ $count } 条
needs-by-category = 按类别：{ $list }
needs-suggest-buy = 🛒 有 { $households } 户需要 #{ $category }：可以考虑发起团购（/buy）。
needs-line = #{ $id } { $marker }#{ $category } — { $text }（{ $unit }）{ $claimed }
needs-line-claimed = ，{ $name } 正在帮忙
needs-private-text = 🔒 私密
needs-page = 第 { $page } / { $pages } 页
needs-prev = ‹ 上一页
needs-next = 下一页 ›

mine-title = 你的需求和认领：
mine-asked = 你的需求：{ $list }
mine-claimed = 你正在帮忙：{ $list }
mine-none = 你没有待处理的需求、认领或待投的票。

# --- volunteers ---
volunteer-joined = { $name }，你现在是{ $building }的志愿者了，谢谢！{ $skills }
volunteer-skills = 技能：{ $skills }。
volunteer-left = { $name }，你已退出{ $building }的志愿者。
volunteer-not = { $name }，你本来就不是{ $building }的志愿者。
volunteer-anonymous = 请以个人身份发送，才能加入志愿者。
volunteers-admin-only = 只有管理员可以查看志愿者名单。
volunteers-none = { $building }还没有志愿者。居民可以发送 /volunteer 加入。
volunteers-title = { $building }的志愿者：
volunteers-line = • { $name }{ $skills } — { $claims ->
        [0] 暂无认领
       *[other] 正在帮忙 { $list }
    }
group-only = 请在你所在楼栋的群里使用这个命令。

cmd-need = 发布需求（私聊中发布为私密需求）
cmd-needs = 本楼待处理的需求
cmd-mine = 你的需求和认领
cmd-volunteer = 加入志愿者（退出：/volunteer off）
cmd-volunteers = 管理员：志愿者及其认领
need-card-for-household = 为 { $unit } 户登记（无手机）
anonymous-no-person = 你正以群组身份（匿名管理员）发言。请以个人身份使用这个命令。
status-open = 待认领
status-claimed = 已认领
status-done = 已完成
status-cancelled = 已取消
status-draft = 待选择楼栋

# --- votes ---
vote-usage =
    用法：/vote [设置] 问题 | 选项 | 选项 [| ...]
    设置（写在问题前，顺序不限）：时长如 30m、6h、2d；按户（每户一票）；匿名；保密结果（截止前不显示票数）；quorum=N 或 quorum=N%。
    例如：/vote 6h 按户 是否开放后门收快递？ | 同意 | 不同意
vote-question-empty =
    投票没有问题。
    用法：/vote [设置] 问题 | 选项 | 选项 [| ...]
vote-question-too-long = 问题太长（最多 { $max } 个字符）。
vote-options-count =
    投票需要 { $min } 到 { $max } 个选项，用 | 分隔（现在有 { $count } 个）。
    用法：/vote [设置] 问题 | 选项 | 选项 [| ...]
vote-option-empty = 有一个选项是空的：请检查 | 分隔符。
vote-option-too-long = 选项“{ $option }”太长（最多 { $max } 个字符）。
vote-option-twice = 选项“{ $option }”重复了。
vote-quorum-invalid = 法定票数应写成 quorum=N（N 票）或 quorum=N%（1 到 100）。
vote-duration-invalid = 时长应在 1 分钟到 { $max } 之间，例如 30m、6h、2d。
vote-not-found = 本楼没有这个编号的投票。
vote-endvote-usage = 用法：/endvote 3（投票卡片上的编号）
vote-closed = 这个投票已经结束。
vote-need-home = 这个投票每户一票：请先在本群用 /home 1502 登记住户。
vote-only-organizer = 只有发起人或管理员可以结束这个投票。
vote-anonymous-admin = 请以个人身份投票。
vote-cast = 你的选择：{ $option }
vote-cast-household = 你家的选择：{ $option }

vote-card-title = 🗳 投票 #{ $id }：{ $question }
vote-kind-household = 每户一票
vote-kind-anonymous = 匿名
vote-kind-hidden = 截止前不公布票数
vote-card-option = { $n }. { $option } — { $count }
vote-card-option-hidden = { $n }. { $option }
vote-card-turnout = 已投票：{ $turnout }
vote-card-turnout-of = 参与：{ $turnout } / { $electorate }
vote-card-closes = 截止：{ $deadline }
vote-card-closed = 已结束。
vote-result-title = 🗳 投票 #{ $id } 结果：{ $question }
vote-quorum-met = 达到法定票数。
vote-quorum-not-met = 未达到法定票数：本次投票不作决定。
vote-result-winner = 决定：{ $option }
vote-result-leading = 得票最多：{ $option }
vote-result-tie = 平票：{ $options }。
vote-result-none = 无人投票。
cmd-vote = 发起投票（问题 | 选项 | 选项）
cmd-endvote = 立即结束投票（发起人或管理员）
mine-votes = 你还可以参与的投票：{ $list }

# --- group buys ---
buy-usage =
    用法：/buy 商品 | 单价 [| 最少 N] [| 最多 N] [| 限购 N] [| 截止 18:00 或 6h]
    例如：/buy 蔬菜箱 | 45 | 最少 20 | 最多 120 | 限购 2 | 截止 18:00
buy-item-empty =
    请在第一个 | 前写明商品。
    用法：/buy 商品 | 单价 [| 最少 N] [| 最多 N] [| 限购 N] [| 截止 18:00]
buy-item-too-long = 商品名太长（最多 { $max } 个字符）。
buy-price-invalid = “{ $price }”不是有效价格：请写成 45 或 45.50（最多两位小数）。
buy-setting-unknown =
    看不懂“{ $setting }”。可用设置：最少 N、最多 N、限购 N、截止 18:00（或 6h）。
buy-setting-twice = “{ $setting }”写了两次。
buy-count-invalid = { $setting } 需要 1 到 100000 之间的整数。
buy-min-over-max = 最少数量超过了库存（最多）。
buy-until-invalid = 截止时间应写成 18:00 这样的时间，或 6h 这样的时长（最多 30d）。
buy-not-found = 本楼没有这个编号的团购。
buy-closed = 这个团购已经结束。
buy-only-organizer = 只有发起人或管理员可以这样做。
buy-need-home = 团购按户下单：请先在本群用 /home 1502 登记住户。
order-usage = 用法：/order 3 2（团购编号，然后数量；0 表示退出）
order-quantity-invalid = 数量应为 0 或正整数。
order-over-limit = 每户最多 { $limit } 份。
order-sold-out = 余量不足：最多还能再订 { $left } 份。
order-for-not-allowed = 只有志愿者和管理员可以替其他住户下单。
paid-usage = 用法：/paid 3 1502（团购编号，然后门牌号）
delivered-usage = 用法：/delivered 3 1502（团购编号，然后门牌号）
closebuy-usage = 用法：/closebuy 3
order-none-for-unit = { $unit } 在这个团购中没有订单。
order-set = { $unit }：{ $quantity } × { $item }（{ $amount }）。
order-withdrawn = { $unit } 已退出 { $item } 团购。
order-marked-paid = { $unit }：已付款 ✓
order-marked-delivered = { $unit }：已送达 ✓
order-mine = 你家（{ $unit }）订了 { $quantity } 份。
order-mine-none = 你家在这个团购中还没有订单。

buy-card-title = 🛒 团购 #{ $id }：{ $item }
buy-card-price = 单价 { $price }
buy-card-min = 满 { $min } 份成团
buy-card-limit = 每户限购 { $limit } 份
buy-card-totals = 参与 { $households } 户 · 共 { $quantity } 份 · 金额 { $amount }
buy-card-stock = 剩余 { $left } / { $max }
buy-card-closes = 截止：{ $deadline }
buy-card-confirmed = 已成团 ✅ — 发起人已收到送货清单。
buy-card-cancelled = 已取消：未达到成团数量。
buy-btn-mine = 我的订单
buy-btn-close = 结束
buy-cancelled = 🛒 团购 #{ $id }（{ $item }）已取消：共订 { $quantity } 份，需要 { $min } 份。
buy-confirmed = 🛒 团购 #{ $id }（{ $item }）已成团：{ $households } 户，共 { $quantity } 份。发起人会安排付款和送货。
buy-sheet-title = 送货清单 — 团购 #{ $id }：{ $item }（单价 { $price }）
buy-sheet-floor = { $floor } 楼
buy-sheet-floor-unknown = 楼层未知
buy-sheet-line = #{ $order } { $unit } { $names } × { $quantity } = { $amount } · 已付 { $paid } · 已送 { $delivered }
buy-sheet-total = 合计：{ $households } 户，{ $quantity } 份，{ $amount }
buy-csv-order = 订单号
buy-csv-floor = 楼层
buy-csv-unit = 门牌
buy-csv-names = 姓名
buy-csv-quantity = 数量
buy-csv-amount = 金额
buy-csv-paid = 已付款
buy-csv-delivered = 已送达
buy-csv-total = 合计
mine-orders = 你的团购订单：{ $list }
cmd-buy = 发起团购（商品 | 单价 | 设置）
cmd-order = 设置你家在团购中的数量
cmd-closebuy = 立即结束团购（发起人或管理员）

# --- notices and alerts ---
notice-usage =
    用法：/notice [置顶] [all | b1,b2] 内容 —— 默认发到本楼；私聊时请写明楼栋。
notice-target-needed = 请写明发到哪些楼栋：/notice all 内容，或 /notice { $buildings } 内容。
notice-too-long = 通知太长（最多 { $max } 个字符）。
notice-admins-only = 只有管理员可以发送通知和预警。
notice-not-found = 这里没有这个编号的通知。
notice-sent = 通知 #{ $id } 正在发往 { $count } 个楼栋。
notice-title = 📢 通知 #{ $id }
alert-title = { $level ->
        [blue] 🔵 蓝色预警 #{ $id }
        [yellow] 🟡 黄色预警 #{ $id }
        [orange] 🟠 橙色预警 #{ $id }
       *[red] 🔴 红色预警 #{ $id }
    }
notice-acks = ✅ 已有 { $count } 户确认收到
notice-btn-ack = ✅ 收到
notice-acked = 谢谢，已记录。
notice-acked-already = 你家已经确认过了。
alert-usage =
    用法：/alert 蓝|黄|橙|红 内容（或 blue|yellow|orange|red）—— 发到所有楼栋并置顶。
unread-usage = 用法：/unread 3（通知编号）
unread-title = 通知 #{ $id }：尚未确认收到的住户
unread-none = { $building }：所有已登记住户都已确认。
unread-units = { $building }（{ $count } 户）：{ $units }
cmd-notice = 管理员：发送带“收到”按钮的通知
cmd-alert = 管理员：向所有楼栋发布分级预警并置顶
cmd-unread = 管理员：查看未确认通知的住户

# --- education and support ---
learn-title = 当前指引（{ $stage }）：
learn-none = 这个阶段还没有指引。请联系本楼管理员。
stage-none = 无预警
stage-blue = 蓝色预警
stage-yellow = 黄色预警
stage-orange = 橙色预警
stage-red = 红色预警
support-title = 求助热线 —— 你并不孤单。感到焦虑、压力大或不安全时，请拨打：
support-none = 还没有配置求助热线。请联系本楼管理员。
cmd-learn = 当前风险阶段的指引
cmd-support = 心理援助与求助热线

# --- digest ---
digest-title = 📋 { $building } 每日汇总 — { $date }
digest-needs-none = 没有待处理的需求。🎉
digest-needs = 待处理需求：{ $count } 条（🆘 紧急 { $urgent }，❗ 急 { $high }，普通 { $normal }）
digest-need-line = { $marker } #{ $id } #{ $category } — { $text }（{ $unit }）
digest-more-needs = ……还有 { $count } 条：/needs
digest-finished = 自上次汇总以来：{ $volunteers } 位帮手完成了 { $needs } 条需求。
digest-vote = 🗳 投票 #{ $id } { $question } — 截止 { $deadline }，已参与 { $turnout } / { $electorate }
digest-buy = 🛒 团购 #{ $id } { $item } — 截止 { $deadline }，已订 { $quantity } 份
digest-notice = 📢 通知 #{ $id } { $text } — { $households } 户中已有 { $acknowledged } 户确认
digest-guidance = 💡 { $text }
cmd-digest = 立即查看本楼汇总

# --- daily check-in ---
checkin-usage = 用法：/checkin on（每天为你家发一个“我很好”按钮）或 /checkin off
checkin-on = { $unit } 每天会收到“我很好”按钮。如果按时没人按，志愿者会上门看看。
checkin-off = { $unit } 不再参加每日报平安。
checkin-btn-ok = 👍 我很好
checkin-ask-dm = 早上好，{ $name }！请按下按钮，告诉邻居你一切安好（{ $unit }）。
checkin-ask-group = { $unit }（{ $names }）每日报平安：请按“我很好”。
checkin-thanks = 谢谢！祝你今天顺利。
checkin-already = 今天已经记录了，谢谢！
checkin-not-yours = 这是其他住户的报平安。
checkin-missing = ⚠️ 每日报平安：有 { $count } 户在 { $deadline } 前没有回应：{ $units }。请上门看看。
cmd-checkin = 独居居民每日报平安（on/off）
