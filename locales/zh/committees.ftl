cmd-overview = 居委：所辖各楼一览
help-overview = /overview [楼号] — 居委所辖各楼一览，或某一栋楼的详情（在居委群里；居委管理员也可私聊使用）
committee-help =
    这是{ $committee }的群，管理 { $count } 栋楼。
    /overview — 各楼一览；/overview b3 — 某一栋楼
    /notice [pin] [all | b3,b7] 内容 — 向所辖各楼发通知（管理员）
    /alert blue|yellow|orange|red [b3,b7] 内容 — 向所辖各楼发分级预警并置顶（管理员）
    楼里无人认领的紧急需求会发到这里，附有认领按钮；每天截止时间未回应的打卡会按楼汇总成一条消息。
committee-unknown-command = 这是居委的群：这里可以用 /overview、/notice、/alert、/chatid 和 /help。
committee-membership-unknown = 暂时无法确认你是本群成员，请稍后再按一次。
committee-members-only = 只有{ $committee }的工作人员（本群成员）可以在这里认领需求。
committee-admins-only = 只有{ $committee }的管理员可以在这里发通知和预警。
committee-notice-outside = { $buildings }：不是本居委管理的楼。本居委的楼：{ $own }
overview-building-unknown = { $id }：不是本居委管理的楼。本居委的楼：{ $own }
overview-not-committee = /overview 供居委使用：请在居委群里发送；居委管理员也可以在这里私聊使用。
overview-choose = 查看哪个居委？
overview-title = 📊 { $committee } — { $time } · 共 { $count } 栋楼
overview-totals = 合计：🏠 { $households } · 🆘 { $urgent } ❗ { $high } ▫️ { $normal } · ✅ { $done } · ⏰ { $missed } · 🗳 { $votes } · 🛒 { $buys }
overview-waiting-buildings = 🆘 有 { $count } 栋楼的紧急需求还无人认领（排在最前）。
overview-spread-title = 需求集中在：
overview-spread = #{ $category }：{ $buildings } 栋楼的 { $households } 户
overview-legend = 🏠 已登记户数 · 📋 已填调查（⚠️ 其中需重点关注）· 未完成需求：🆘 紧急 ❗ 急 ▫️ 其他 · ✅ 今日完成 · ⏰ 今日未打卡 · 📢 最新通知已读 · 🗳 进行中的投票 · 🛒 进行中的团购
overview-line = { $building }（{ $id }）：🏠 { $households } · 📋 { $surveyed } · 🆘 { $urgent } ❗ { $high } ▫️ { $normal }{ $waiting } · ✅ { $done } · ⏰ { $missed } · 📢 { $notice } · 🗳 { $votes } · 🛒 { $buys }
overview-waiting = （🆘 已等 { $age }）
overview-age = { $days ->
        [0] { $hours ->
            [0] { $minutes }分钟
           *[other] { $hours }小时{ $minutes }分
        }
       *[other] { $days }天{ $hours }小时
    }
overview-page = 第 { $page } 页，共 { $pages } 页
overview-prev = ◀️ 上一页
overview-next = 下一页 ▶️
overview-building-title = 🏢 { $building }（{ $id }）— { $time }
overview-building-needs = 未完成的紧急和急需求：{ $count } 个
overview-building-needs-none = 没有未完成的紧急或急需求。
overview-need-line = #{ $id } { $marker }#{ $category } · { $age } · { $status } — { $text }（{ $unit }）
overview-need-line-private = #{ $id } { $marker }#{ $category } · { $age } · { $status } — 🔒 私密
overview-need-open = 尚无人认领
overview-need-claimed = { $name } 正在帮忙
overview-checkins-before = ⏰ 今天的打卡在 { $at } 发出。
overview-checkins-none = ⏰ 今天的打卡各户都已回应（截止 { $deadline }）。
overview-checkins-count = ⏰ 今天未回应的打卡（截止 { $deadline }）：{ $count } 户。本楼志愿者有具体房号；居委管理员可以私聊我查询。
overview-checkins-units = ⏰ 今天未回应的打卡（截止 { $deadline }），{ $count } 户：
overview-notice-none = 📢 还没有向本楼发过通知。
overview-notice-all = 📢 通知 #{ $id }：各户都已确认（{ $households } 户）。
overview-notice-unread = 📢 通知 #{ $id }：{ $households } 户中 { $acknowledged } 户已确认。尚未确认的（按楼层）：
committee-escalation = { $priority ->
        [urgent] 🚨 紧急需求
       *[other] ❗ 急需求
    } #{ $id }（{ $building } · #{ $category }），自 { $since } 起无人认领：
committee-escalation-details = { $text }（{ $unit }）
committee-escalation-private = 🔒 私密：认领人会私下收到详情。
committee-escalation-ask = 楼里还没有人认领。居委能否处理？
committee-escalation-taken = ✅ { $name } 代表{ $committee }处理。
committee-escalation-gone = 楼里已经处理（{ $status ->
        [claimed] 已有人帮忙
        [done] 已完成
       *[other] 已取消
    }）。
committee-btn-claim = 🤝 居委来处理
committee-answer-claim = 谢谢！需求 #{ $id } 由你处理；{ $building } 的需求卡片已更新。
committee-claimer-name = { $name }（{ $committee }）
committee-rollup-title = ⏰ 截至 { $deadline } 未回应的打卡：{ $buildings } 栋楼共 { $count } 户
committee-rollup-line = { $building }（{ $id }）：{ $count } 户
committee-rollup-footer = 各楼志愿者有具体房号，会上门敲门确认。
need-card-claimed-committee = 状态：{ $name }（{ $committee }）正在帮忙
committee-private-for-claimer =
    🔒 你正在处理 { $building } 的私密需求 #{ $id }，来自 { $name }（{ $unit }）：
    { $text }
overview-in-committee-chat = /overview 供居委使用：请在居委群里发送；居委管理员也可以私聊我使用。
