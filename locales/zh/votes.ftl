vote-usage =
    用法：/vote [设置] 问题 | 选项 | 选项 [| ...]
    设置（写在问题前，顺序不限）：时长如 30m、6h、2d；按户（每户一票）；匿名；保密结果（截止前不显示票数）；quorum=N 或 quorum=N%（也可写 法定人数=N、至少N）。
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
vote-quorum-invalid = 法定票数应写成 quorum=N、法定人数=N 或 至少N（N 票），或 quorum=N%（1 到 100）。
vote-duration-invalid = 时长应在 1 分钟到 { $max } 之间，例如 30m、6h、2d。
vote-not-found = 本楼没有这个编号的投票。
vote-endvote-usage = 用法：/endvote 3（投票卡片上的编号）
vote-closed = 这个投票已经结束。
vote-need-home = 这个投票每户一票：请先在本群用 /home 1502 登记住户。
vote-only-organizer = 只有发起人或管理员可以结束这个投票。
vote-anonymous-admin = 请以个人身份投票。
vote-cast = 你的选择：{ $option }
vote-cast-household = 你家的选择：{ $option }
vote-cast-same = 你投的是：{ $option }。按其他选项可以改票。
vote-cast-same-household = 你家投的是：{ $option }。按其他选项可以改票。
vote-cast-changed = 你已改投：{ $option }（原来是 { $before }）。
vote-cast-changed-household = 你家已改投：{ $option }（原来是 { $before }）。
vote-card-title = 🗳 投票 #{ $id }：{ $question }
vote-kind-household = 每户一票
vote-kind-anonymous = 匿名
vote-kind-hidden = 截止前不公布票数
vote-card-option = { $n }. { $option } — { $count }
vote-card-option-hidden = { $n }. { $option }
vote-card-turnout = 已投票：{ $turnout }
vote-card-turnout-of = 参与：{ $turnout } / { $electorate }
vote-card-quorum = 法定票数：{ $who ->
        [household] { $needed } 户
       *[person] { $needed } 票
    }（已有 { $turnout }）
vote-card-quorum-percent = 法定票数：{ $electorate } 的 { $percent }%，即 { $who ->
        [household] { $needed } 户
       *[person] { $needed } 票
    }（已有 { $turnout }）
vote-card-quorum-percent-unknown = 法定票数：成员的 { $percent }%（已有 { $turnout }）
vote-card-waiting = 尚未投票：{ $units }
vote-card-waiting-more = 尚未投票：{ $units } 等，另有 { $more } 户
vote-card-waiting-count = 尚未投票：{ $count } 户
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
help-vote = /vote [6h] [按户] [匿名] [保密结果] [quorum=N] 问题 | 选项 | 选项 — 发起投票
help-endvote = /endvote 3 — 立即结束你发起的 3 号投票
