mine-title = 你的需求和认领：
mine-asked = 你的需求：{ $list }
mine-claimed = 你正在帮忙：{ $list }
mine-none = 你没有待处理的需求、认领或待投的票。
cmd-mine = 你的需求和认领
mine-votes = 你还可以参与的投票：{ $list }
mine-orders = 你的团购订单：{ $list }
help-mine = /mine — 你的需求、认领、可投的票和团购订单
