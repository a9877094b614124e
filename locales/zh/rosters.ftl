shift-usage =
    用法：/shift <任务> | <日期和时间> | <每班人数>
    例如 /shift 门口消杀 | 每天 09:00-11:00 | 2（日期：每天，或 周一,周四）
shift-task-too-long = 任务太长：最多 { $max } 个字。
shift-people = 每班人数：1 到 { $max } 的整数。
shift-when = 日期和时间：每天 09:00-11:00，或 周一,周四 09:00-11:00。
shift-no-days = 未来 { $days } 天内没有这个排班的班次。
shift-admins-only = 只有管理员可以排班。
shift-started = 这个班次已经开始，不能再报名。
shift-volunteers-only = 只有志愿者可以报名值班：请先发送 /volunteer。
shift-full = 这个班次已满。
shift-signed-up = 已报名这个班次。开始前我会私信提醒你。
shift-withdrawn = 已退出这个班次。
shift-card-title = 🧑‍🤝‍🧑 值班表 #{ $id }：{ $task }
shift-card-rhythm = 🗓 { $rhythm }
shift-card-line = • { $when } — { $filled }/{ $needed } ⚠️
shift-card-line-full = • { $when } — { $filled }/{ $needed } ✅
shift-card-none = 没有剩余的班次。
shift-card-hint = 志愿者：点日期报名，再点一次退出。
shifts-none = { $building } 未来一周没有班次。
shifts-title = 🧑‍🤝‍🧑 { $building } 未来一周的班次
shifts-line = • { $when } { $task } — { $filled }/{ $needed } ⚠️
shifts-line-full = • { $when } { $task } — { $filled }/{ $needed } ✅
shift-reminder = ⏰ 提醒：你在 { $building } 的班次「{ $task }」时间是 { $when }。
shift-short = ⚠️ { $building } 班次缺人：「{ $task }」{ $when } 只有 { $filled }/{ $needed } 名志愿者。请在群里的值班表上报名。
call-usage =
    用法：/call <任务> | 楼层 <起>-<止> | <每批层数> [| 每 <分钟>]
    例如 /call 核酸检测 | 楼层 1-33 | 3 | 每 10
call-floors = 楼层：楼层 <起>-<止>，1 到 { $max }，例如 楼层 1-33。
call-per-wave = 每批层数：至少 1，且不超过叫的楼层数。
call-every = 间隔：每 <分钟>，1 到 { $max }。
call-admins-only = 只有管理员可以按楼层叫人。
call-only-organizer = 只有发起人或管理员可以这样做。
call-ended = 这次叫号已经结束。
call-need-home = 请先用 /home <房号> 登记住户，例如 /home 1502。
call-answered-down = 谢谢：已记录你家已下楼。
call-answered-visit = 已记录：志愿者会上门。只有发起人和志愿者能看到你的房号。
call-ended-now = 叫号已结束，小结已发布。
call-paused = 叫号已暂停。
call-resumed = 叫号继续。
call-no-more-floors = 所有楼层都已叫过。
call-next-called = 已叫下一批楼层。
call-card-title = 📣 按楼层叫号 #{ $id }：{ $task }
call-card-floors = 楼层 { $floors }，每批 { $per } 层
call-card-every = 每 { $minutes } 分钟叫下一批
call-card-now = 现在：{ $floors } 层（{ $at } 起，第 { $wave }/{ $waves } 批）
call-card-answers = ✅ { $down } 户已下楼 · 🚪 { $visits } 户需要上门
call-card-status = { $status ->
        [paused] ⏸ 已暂停
        [ended] 🏁 已结束
       *[open] ▶️ 进行中
    }
call-btn-next = ⏭ 下一批楼层
call-btn-pause = ⏸ 暂停
call-btn-resume = ▶️ 继续
call-btn-end = 🏁 结束
call-btn-down = ✅ 我们已下楼
call-btn-visit = 🚪 无法下楼，需要上门
call-wave = 📣 { $floors } 层：请现在下楼 — { $task }（第 { $wave }/{ $waves } 批）
call-summary-title = 🏁 按楼层叫号 #{ $id } 已结束：{ $task }
call-summary-wave = • { $floors } 层 { $at }
call-summary-no-waves = 没有叫任何楼层。
call-summary-answers = { $answered } 户已回应；{ $visits } 户需要上门。
call-visits-none = 叫号 #{ $id }（{ $task }，{ $building }）已结束：没有住户需要上门。
call-visits = 🚪 叫号 #{ $id }（{ $task }，{ $building }）已结束：{ $count } 户需要上门 — { $units }
cmd-shift = 管理员：未来一周的值班表
help-shift = /shift <任务> | 每天 09:00-11:00 | 2 — 值班表：志愿者按天报名，开始前私信提醒
cmd-shifts = 未来一周的班次
help-shifts = /shifts — 未来一周的班次，已满和缺人的
cmd-call = 管理员：按楼层叫居民下楼
help-call = /call <任务> | 楼层 1-33 | 3 [| 每 10] — 分批按楼层叫下楼；居民用按钮回应
