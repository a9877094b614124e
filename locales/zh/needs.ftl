need-usage =
    请说明需要什么。
    用法：/need [!! 或 !] [#类别] 内容 —— 例如 /need !! #药 父亲需要胰岛素
    !! 表示紧急，! 表示急。在与我的私聊中发布的需求是私密的：只有志愿者能看到详情。
    完成后定期重复：/need 每周（或 每3天、每周一,周四）#药 胰岛素。
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
need-only-involved = 只有求助人（含同户家人）、帮忙的人或管理员可以标记完成。
need-only-asker = 只有求助人（含同户家人）或管理员可以取消。
need-not-found = 这个需求已不存在。
need-claim-start-dm = 这是私密需求：我会私下把详情发给帮忙的人。请先打开与我的私聊（点我的名字，再点“开始”），然后再按一次。
need-for-not-allowed = 只有志愿者和管理员可以替其他住户发布需求。
need-no-home-private = 我需要先知道你的楼栋：请在楼栋群里用 /home 1502 登记住户，然后再把需求发给我。
need-choose-building = 这个需求是哪栋楼的？
need-posted-private = 你的私密需求 #{ $id } 已发布到「{ $building }」：群里只显示需要帮助，详情只有志愿者能看到。
need-private-for-volunteers =
    🔒 私密需求 #{ $id } — { $priority } · #{ $category }
    来自 { $name }（{ $unit }），「{ $building }」：
    { $text }
    请按下方按钮认领（或在群里该需求卡片上认领）。
need-private-for-claimer =
    🔒 你正在帮助 { $name }（{ $unit }）的私密需求 #{ $id }：
    { $text }
need-escalated =
    ⏰ { $priority ->
        [urgent] 紧急需求
       *[other] 急需
    } #{ $id } · #{ $category } 已经 { $minutes } 分钟无人处理：
    { $details }
    谁能帮忙？请按下方按钮认领。
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
needs-none = 「{ $building }」目前没有待处理的需求。🎉
needs-header = 「{ $building }」待处理需求：{ $count } 条
needs-by-category = 按类别：{ $list }
needs-suggest-buy = 🛒 有 { $households } 户需要 #{ $category }：可以考虑发起团购（/buy）。
needs-line = #{ $id } { $marker }#{ $category } — { $text }（{ $unit }）{ $claimed }
needs-line-claimed = ，{ $name } 正在帮忙
needs-line-private = #{ $id } { $marker }#{ $category } — 🔒 私密，详情在志愿者处{ $claimed }
needs-page = 第 { $page } / { $pages } 页
needs-prev = ‹ 上一页
needs-next = 下一页 ›
cmd-need = 发布需求（私聊中发布为私密需求）
cmd-needs = 本楼待处理的需求
help-need = /need [!! 或 !] [#类别] 内容 — 求助（!! 紧急，! 急），例如 /need !! #药 胰岛素；私聊发给我则只有志愿者能看到详情
help-needs = /needs — 本楼待处理的需求，最紧急的在前
need-escalated-details = { $text }（{ $unit }）
need-escalated-private = 🔒 私密，详情在志愿者处
need-update-for-asker = { $event ->
        [claim] 🙋 { $name } 正在帮助你的需求 #{ $id }（#{ $category }）。
        [release] ↩️ { $name } 无法继续帮助你的需求 #{ $id }（#{ $category }），已重新开放给其他人。
        [done] ✅ 你的需求 #{ $id }（#{ $category }）已由 { $name } 标记为完成。
       *[cancel] ✖️ 你的需求 #{ $id }（#{ $category }）已被 { $name } 取消。
    }
need-update-for-household = { $event ->
        [claim] 🙋 { $name } 正在帮助你家的需求 #{ $id }（#{ $category }，{ $asker } 为 { $unit } 发布）。
        [release] ↩️ { $name } 无法继续帮助你家的需求 #{ $id }（#{ $category }，{ $asker } 为 { $unit } 发布），已重新开放给其他人。
        [done] ✅ 你家的需求 #{ $id }（#{ $category }，{ $asker } 为 { $unit } 发布）已由 { $name } 标记为完成。
       *[cancel] ✖️ 你家的需求 #{ $id }（#{ $category }，{ $asker } 为 { $unit } 发布）已被 { $name } 取消。
    }
guided-intro = 我来一步一步帮你向邻居求助。（也可以直接发送 /need 加需求；发送 /cancel 退出。）
guided-q-home = 是哪一户需要帮助？
guided-q-category = 需要哪类帮助？
guided-q-priority = 有多急？
guided-btn-urgent = 🆘 非常紧急（健康相关，今天）
guided-btn-high = ❗ 比较急
guided-btn-normal = ▫️ 有空再帮
guided-q-text = 请用一条消息写下需要什么（例如“胰岛素 2 盒”或“面包和牛奶”）。
guided-q-visibility = 谁可以看到？
guided-btn-public = 👥 全群
guided-btn-private = 🔒 只有志愿者
guided-summary =
    请核对 { $home } 的求助：
    { $category } · { $priority } · { $visibility ->
        [private] 只有志愿者能看到
       *[public] 全群都能看到
    }
    { $text }
guided-btn-post = ✅ 发布
guided-btn-cancel = ✖️ 取消
guided-cancelled = 已取消：没有发布任何内容。
guided-posted-public = ✅ 你的求助 #{ $id } 已发布在 { $building } 的群里。有人帮忙时我会在这里告诉你。
guided-use-buttons = 请用上面的按钮回答，或发送 /cancel 退出。
guided-stale = 这一步已经回答过了。
rhythm-day = 每天
rhythm-week = 每周
rhythm-days = 每{ $days }天
rhythm-weekdays = 每{ $days }
need-card-repeat = 🔁 重复：{ $rhythm } · 本次完成后，下一次最早 { $next }
need-card-repeat-next = 🔁 重复：{ $rhythm } · 下一次将于 { $next } 开启
need-card-repeat-ended = 🔁 曾重复：{ $rhythm }
need-card-offer = 🎁 来自提供 #{ $offer }
need-repeat-invalid =
    我看不懂这个需求多久重复一次。
    用法：/need 每周|每天|每3天|每周一,周四 [#类别] 内容 —— 例如 /need 每周 #药 胰岛素（也可以写 every week、every 3d、every mon,thu）
need-repeat-range = 需求可以每 1 到 { $max } 天重复一次。
stop-usage =
    请说明要停止哪个重复需求。
    用法：/stop <需求编号> —— 例如 /stop 12
stop-not-recurring = 需求 #{ $id } 不是重复需求，无需停止。
stop-only-asker = 只有求助人（含同户家人）或管理员可以停止重复需求。
stop-done = 🔁 需求 #{ $id } 不再重复（{ $rhythm }）：完成后不会再开启新的需求。
cmd-stop = 停止重复需求
help-stop = /stop <编号> — 停止重复需求（/need 每周 … 会在完成后重新开启）
need-reopened-asker = 🔁 你的重复需求（{ $rhythm }）已重新开启为 #{ $id }（上一次是 #{ $previous }）。如果不再需要，请发送 /stop { $id }。
