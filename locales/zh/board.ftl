board-title = 📋「{ $building }」公告板
board-alert = { $level ->
        [blue] 🔵 蓝色预警生效中
        [yellow] 🟡 黄色预警生效中
        [orange] 🟠 橙色预警生效中
        [red] 🔴 红色预警生效中
       *[none] ✅ 当前没有预警
    }
board-scheduled-title = 🗓 即将发布
board-scheduled-none = 🗓 未来 { $days } 天没有定时通知
board-scheduled-notice = • { $at } — { $text }
board-needs-none = 🙋 没有待处理的需求 🎉
board-needs = 🙋 待处理需求：{ $count } 条（🆘 紧急 { $urgent } · ❗ 急 { $high } · 普通 { $normal }）
board-buys-title = 🛒 正在进行的团购
board-buys-none = 🛒 目前没有进行中的团购
board-buy = • #{ $id } { $item } — 截止 { $deadline } · 已有 { $households } 户下单
board-buys-more = ……还有 { $count } 个
board-decisions-title = 🗳 投票决定
board-decisions-none = 🗳 还没有经投票决定的事项
board-decision = • #{ $id } { $question } → { $option }
board-notices-title = 📢 最新通知
board-notices-none = 📢 还没有通知
board-notice = • { $level ->
        [blue] 🔵 蓝色预警
        [yellow] 🟡 黄色预警
        [orange] 🟠 橙色预警
        [red] 🔴 红色预警
       *[info] 📢 通知
    } #{ $id } { $text } — { $households ->
        [0] 还没有登记的住户
       *[other] { $households } 户中已有 { $acknowledged } 户确认（{ $percent }%）
    }
board-updated = 🕒 更新于 { $at }
board-admins-only = 只有管理员可以发布公告板。
board-pin-refused =
    ⚠️ 我没有在本群置顶消息的权限。管理员可以授予我“置顶消息”权限，然后再发送 /board。上面的公告板仍会照常更新。
cmd-board = 管理员：重新发布并置顶本楼公告板
help-board = /board — 重新发布并置顶本楼公告板：本楼情况一览，自动更新
board-scheduled-shift = • { $at } — { $text }（{ $filled }/{ $needed } 名志愿者）
board-scheduled-call = • 📣 现在 — { $text }：{ $floors } 层
