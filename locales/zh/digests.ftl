digest-title = 📋「{ $building }」每日汇总 — { $date }
digest-needs-none = 没有待处理的需求。🎉
digest-needs = 待处理需求：{ $count } 条（🆘 紧急 { $urgent }，❗ 急 { $high }，普通 { $normal }）
digest-need-line = { $marker } #{ $id } #{ $category } — { $text }（{ $unit }）
digest-more-needs = ……还有 { $count } 条：/needs
digest-finished = { $needs ->
        [0] 自上次汇总以来：还没有完成的需求。
       *[other] 自上次汇总以来：{ $volunteers } 位帮手完成了 { $needs } 条需求。
    }
digest-vote = 🗳 投票 #{ $id } { $question } — 截止 { $deadline }，已参与 { $turnout } / { $electorate }
digest-buy = 🛒 团购 #{ $id } { $item } — 截止 { $deadline }，已订 { $quantity } 份
digest-shift-short = ⚠️ 班次缺人：{ $when } { $task } — { $filled }/{ $needed } 名志愿者
digest-notice = 📢 通知 #{ $id } { $text } — { $households } 户中已有 { $acknowledged } 户确认
digest-alert = { $level ->
        [blue] 🔵 蓝色预警
        [yellow] 🟡 黄色预警
        [orange] 🟠 橙色预警
       *[red] 🔴 红色预警
    } #{ $id } { $text } — { $households } 户中已有 { $acknowledged } 户确认
digest-older-notices = ……还有 { $count } 条较早的通知尚未全部确认
digest-guidance = 💡 { $text }
cmd-digest = 立即查看本楼汇总
help-digest = /digest — 立即查看本楼汇总
digest-need-line-private = { $marker } #{ $id } #{ $category } — 🔒 私密，详情在志愿者处
