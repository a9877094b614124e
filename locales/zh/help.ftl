cmd-help = 机器人的功能和命令
cmd-start = 开始与机器人对话
help-intro = 我是本楼的互助服务台：把本楼的需求、投票、团购和通知集中在一起，不再淹没在聊天记录里。
help-commands = 命令：
help-section-volunteer = 志愿者：
help-section-admin = 管理员：
help-in-group = 在你所在楼栋的群里还可以用：{ $commands }
help-volunteer-assist = /need for 1502 内容、/order 3 2 for 1502 — 替没有手机的住户登记
start-private =
    你好，{ $name }！
    { $help }

    大部分命令在你所在楼栋的群里使用。请把我加入群，或联系本楼管理员。
help-start = /start — 开始与我对话（之后我可以私信你）
help-help = /help — 本帮助
