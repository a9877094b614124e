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
notice-acks = ✅ 已有 { $count } 户确认收到（共 { $households } 户已登记）
notice-btn-ack = ✅ 收到
notice-acked = 谢谢，已记录。
notice-acked-already = 你家已经确认过了。
notice-acked-no-home = 谢谢，已记录。请在本群用 /home 1502 登记住户，你家才会计入确认户数。
notice-acked-already-no-home = 你已经确认过了。请用 /home 1502 登记住户，你家才会计入确认户数。
alert-usage =
    用法：/alert 蓝|黄|橙|红 内容（或 blue|yellow|orange|red）—— 发到所有楼栋并置顶。
unread-admins-only = 只有管理员可以查看哪些住户还没有读通知。
unread-usage = 用法：/unread 3（通知编号）
unread-title = 通知 #{ $id }：尚未确认收到的住户
unread-none = 「{ $building }」：所有已登记住户都已确认。
unread-units = 「{ $building }」（{ $count } 户）：{ $units }
cmd-notice = 管理员：发送带“收到”按钮的通知
cmd-alert = 管理员：向所有楼栋发布分级预警并置顶
cmd-unread = 管理员：查看未确认通知的住户
help-notice = /notice [pin] [all | b3,b7] 内容 — 带“收到”按钮的通知，并统计收到的住户
help-alert = /alert 红 内容 — 向所有楼栋发布分级预警（蓝、黄、橙、红）并置顶
help-unread = /unread 3 — 尚未确认 3 号通知的住户
notice-not-delivered = ⚠️ { $level ->
        [info] 通知
       *[other] 预警
    } #{ $id } 未能送达「{ $building }」：{ $reason }。请用其他方式告知。
