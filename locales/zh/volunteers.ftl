volunteer-joined = { $name }，你现在是「{ $building }」的志愿者了，谢谢！{ $skills }
volunteer-skills = 技能：{ $skills }。
volunteer-left = { $name }，你已退出「{ $building }」的志愿者。
volunteer-not = { $name }，你本来就不是「{ $building }」的志愿者。
volunteer-anonymous = 请以个人身份发送，才能加入志愿者。
volunteers-admin-only = 只有管理员可以查看志愿者名单。
volunteers-none = 「{ $building }」还没有志愿者。居民可以发送 /volunteer 加入。
volunteers-title = 「{ $building }」的志愿者：
volunteers-line = • { $name }{ $skills } — { $claims ->
        [0] 暂无认领
       *[other] 正在帮忙 { $list }
    }
cmd-volunteer = 加入志愿者（退出：/volunteer off）
cmd-volunteers = 管理员：志愿者及其认领
need-card-for-household = 为 { $unit } 户登记（无手机）
status-open = 待认领
status-claimed = 已认领
status-done = 已完成
status-cancelled = 已取消
status-draft = 待选择楼栋
help-volunteer = /volunteer [技能] — 加入志愿者（/volunteer off 退出）
help-volunteers = /volunteers — 志愿者名单及各自认领的需求
volunteers-line-skills = （{ $skills }）
